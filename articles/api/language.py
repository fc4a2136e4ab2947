"""The API's language: ``?lang=en|zh-hans``, and every translated field as text plus its language.

A field says which language its text is in and whether that is a fallback, so a client can tell a
translation from the English original shown in its place (headless CMSs commonly cannot).
"""

from typing import Literal

from articles.languages import ORIGINAL, SUFFIX_OF, column

Lang = Literal["en", "zh-hans"]


def translated(obj, field: str, lang: str) -> dict:
    """Return ``{"text", "lang", "fallback"}`` for ``field`` of ``obj`` in ``lang``.

    The Chinese text when there is some; else the English original, marked as a fallback. A field
    empty in both languages is empty in the language asked for, and not a fallback.
    """
    original = getattr(obj, column(field, SUFFIX_OF[ORIGINAL])) or ""
    if lang == ORIGINAL:
        return {"text": original, "lang": ORIGINAL, "fallback": False}
    text = getattr(obj, column(field, SUFFIX_OF[lang])) or ""
    if text.strip():
        return {"text": text, "lang": lang, "fallback": False}
    if not original:
        return {"text": "", "lang": lang, "fallback": False}
    return {"text": original, "lang": ORIGINAL, "fallback": True}
