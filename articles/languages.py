"""The one place for language facts: codes, column suffixes, native names and translated fields.

English is the original language of every story; Simplified Chinese is its translation.
modeltranslation names a field's columns ``<field>_<suffix>`` (``title_en``, ``title_zh_hans``).

Imports nothing from the project: every layer may use it.
"""

ORIGINAL = "en"  # language code of the original text (and modeltranslation's fallback)
TRANSLATION = "zh-hans"  # language code of the translation

CODES = (ORIGINAL, TRANSLATION)
ENGLISH = "en"  # column suffix of the original
CHINESE = "zh_hans"  # column suffix of the translation
SUFFIXES = (ENGLISH, CHINESE)
SUFFIX_OF = {"en": ENGLISH, "zh-hans": CHINESE}  # language code -> column suffix

# Each language's name in itself, for the language switcher.
NATIVE_NAMES = {"en": "English", "zh-hans": "中文"}

# The translated text fields of a story and of an image (registered in articles/translation.py).
STORY_TEXT_FIELDS = ("title", "dek", "body", "why_it_matters")
IMAGE_TEXT_FIELDS = ("caption", "alt_text")
TAG_TEXT_FIELDS = ("name",)
SECTION_TEXT_FIELDS = ("name",)
AUTHOR_TEXT_FIELDS = ("name", "job_title", "bio")
NOTE_TEXT_FIELDS = ("text",)


def column(name: str, suffix: str) -> str:
    """Return the column of field ``name`` in the language with column suffix ``suffix``."""
    return f"{name}_{suffix}"


def columns(names, suffixes=SUFFIXES) -> tuple[str, ...]:
    """Return the columns of ``names`` in every language, field by field (title_en, title_zh_hans, ...)."""
    return tuple(column(name, suffix) for name in names for suffix in suffixes)
