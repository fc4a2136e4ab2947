"""Translation bookkeeping: what each Chinese field translated, its status, the queue and the rules.

- ``sources``: the fingerprint recorded when a Chinese field is saved (a model mixin);
- ``status``: missing / done / outdated per field, rolled up per story;
- ``queue``: the translation queue's reads; ``rules``: "publishing needs a complete translation";
- ``termbase`` / ``termbase_csv``: agreed terms, their matching and their CSV form;
- ``memory``: aligned segments of done translations and suggestions (rapidfuzz);
- ``exchange``: XLIFF 1.2 files for outside translators (translate-toolkit); applied by services.

May import models and languages; never the reader, the admin or caching.
"""
