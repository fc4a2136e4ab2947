"""The editors' and translators' admin: stories with their images, sections, tags, history and queue.

Each module holds one role: ``articles`` (the story admin), ``taxonomy`` (sections and tags),
``images`` (the inline), ``locking`` and ``lock_state`` (the version check), ``translators`` and
``translator_names`` (the Chinese-only forms), ``publishing`` (the translation rule in the form),
``history`` (history, restore, recover), ``queue`` (the translation queue page). Writes go
through ``articles.services``.
"""

from articles.admin import articles, site, taxonomy  # noqa: F401  (registers the ModelAdmins)
