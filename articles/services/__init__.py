"""Every multi-step write, as functions with keyword-only arguments. The admin and the commands call these.

- ``publishing``: publish (or schedule), send back to draft, archive;
- ``slugs``: old slugs kept as redirects when a story, section or tag changes its slug;
- ``editing``: the version-checked save of the story form, and the translators' Chinese-only saves;
- ``notes``: the substantive update time, and the notes' Chinese-only saves;
- ``previews``: make and revoke preview links;
- ``preferences``: a user's own settings and their calendar feed token;
- ``webhooks``: endpoints, sending a delivery again, and the events of a story form's save;
- ``termbase``: the termbase's CSV import; ``exchange``: applying an XLIFF file's Chinese;
- restoring a recorded version (``articles/history/restore.py``) and importing an archive
  (``articles/archive/importing.py``) are written beside the data they read, and exported here as
  the entry points callers use.

May import models, history, translations, archive and images; never the reader or the admin.
"""

from articles.archive.importing import import_archive
from articles.history.restore import restore_version
from articles.services.editing import (
    claim_next_version,
    save_image_translation,
    save_name_translation,
    save_story_translation,
)
from articles.services.exchange import import_translations
from articles.services.notes import record_substantive_update, save_author_translation, save_note_translation
from articles.services.preferences import new_calendar_token, revoke_calendar_token
from articles.services.previews import create_preview_link, revoke_preview_link
from articles.services.publishing import archive_article, publish_article, unpublish_article
from articles.services.slugs import record_slug
from articles.services.termbase import import_terms
from articles.services.webhooks import (
    create_endpoint,
    record_story_changes,
    record_story_removal,
    record_update_event,
    remove_endpoint,
    resume_outbox,
    rotate_secret,
    save_endpoint,
    send_again,
    story_state,
)

__all__ = [
    "archive_article",
    "claim_next_version",
    "create_endpoint",
    "create_preview_link",
    "import_archive",
    "new_calendar_token",
    "import_translations",
    "import_terms",
    "publish_article",
    "record_slug",
    "record_story_changes",
    "record_story_removal",
    "record_substantive_update",
    "record_update_event",
    "remove_endpoint",
    "restore_version",
    "resume_outbox",
    "revoke_calendar_token",
    "revoke_preview_link",
    "rotate_secret",
    "save_author_translation",
    "save_endpoint",
    "save_image_translation",
    "save_name_translation",
    "save_note_translation",
    "save_story_translation",
    "send_again",
    "story_state",
    "unpublish_article",
]
