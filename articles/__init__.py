"""Guozhen's one Django app: bilingual stories (model ``Article``, "story" in the UI) and their tools.

Sub-packages by concern (README, "Architecture"): ``models`` and ``languages`` at the bottom,
``images``, ``translations``, ``history``, ``search``, ``archive`` and ``services`` above them, and
``reader``, ``caching`` and ``admin`` on top. ``pyproject.toml``'s import-linter contracts keep it so.
"""
