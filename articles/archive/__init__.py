"""Archives: export stories to a versioned zip (JSON plus image files), validate one, import it.

- ``export``: the archive's format and the writer (``manage.py export_stories``);
- ``reading``: the zip and the JSON document read without trusting them (bounded, one-line errors);
- ``validation``: opening and checking an archive before anything is written (``errors``: its error);
- ``importing``: the one-transaction import (``manage.py import_stories``, via ``services``).

The word for this feature is *archive* (the commands say export/import). May import models,
images, history, translations and languages; never the reader, the admin or caching.
"""
