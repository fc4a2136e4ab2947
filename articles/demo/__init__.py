"""Demo content for ``make run`` and the tests: invented stories, tags, sections and pictures.

``content`` is pure data; ``pictures`` draws the demo images with Pillow. Imports nothing else.
"""
