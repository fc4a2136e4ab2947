"""The editors' and translators' admin: stories with their images, sections, tags, history and queue.

Each module holds one role: ``articles`` (the story admin), ``taxonomy`` (sections and tags),
``images`` (the inline), ``locking`` and ``lock_state`` (the version check), ``translators`` and
``translator_names`` (the Chinese-only forms), ``publishing`` (the translation rule in the form),
``history`` (history, restore, recover), ``queue`` (the translation queue page), ``termbase`` (term
pairs and their CSV), ``preferences`` (each person's admin language), ``errors`` (403 and 404),
``site`` (the site's own words). Writes go
through ``articles.services``.
"""

from articles.admin import articles, site, taxonomy, termbase  # noqa: F401  (registers the ModelAdmins)
