"""The editors' and translators' admin: stories with their images, credits and notes, authors,
sections, tags, history and queue.

Each module holds one role: ``articles`` (the story admin), ``taxonomy`` (sections and tags),
``images`` (the inline), ``credits`` (the bylines, translators and notes inlines), ``authors``
(people), ``locking`` and ``lock_state`` (the version check), ``translators`` and
``translator_names`` (the Chinese-only forms), ``publishing`` (the translation rule in the form),
``history`` (history, restore, recover), ``history_compare`` (any two versions), ``queue`` (the
translation queue page), ``editor`` (publish now, no empty saves, body warnings, the files a delete
destroys), ``slugs`` (confirming a public slug change; old slugs redirect), ``autosave`` (autosave
drafts, presence, live counts), ``webhooks`` (endpoints and the delivery log), ``story_events``
(the form's saves record outbox events), ``previews``, ``planning``, ``notifying`` and
``my_settings`` (preview links, the calendar, mail, a user's own settings), ``termbase`` (term
pairs and their CSV), ``exchange`` (XLIFF), ``term_check`` and ``memory_display`` (the translator's
form), ``preferences`` (each person's admin language), ``errors`` (403 and 404), ``site`` (the
site's own words), ``shared_reads`` (what the story form reads once and shows in several places).
Writes go through ``articles.services``.
"""

from articles.admin import articles, authors, site, taxonomy, termbase, webhooks  # noqa: F401  (registers the ModelAdmins)
