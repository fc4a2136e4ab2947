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
``my_settings`` (preview links, the calendar, mail, a user's own settings). Writes go through
``articles.services``.
"""

from articles.admin import articles, authors, taxonomy, webhooks  # noqa: F401  (registers the ModelAdmins)
