"""Every multi-step write, as functions with keyword-only arguments. The admin and the commands call these.

- ``publishing``: publish (or schedule), send back to draft, archive;
- ``editing``: the version-checked save of the story form, and the translators' Chinese-only saves;
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
from articles.services.publishing import archive_article, publish_article, unpublish_article
from articles.services.termbase import import_terms

__all__ = [
    "archive_article",
    "claim_next_version",
    "import_archive",
    "import_translations",
    "import_terms",
    "publish_article",
    "restore_version",
    "save_image_translation",
    "save_name_translation",
    "save_story_translation",
    "unpublish_article",
]
