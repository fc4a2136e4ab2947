"""The API's language: ``?lang=en|zh-hans``, and every translated field as text plus its language.

A field says which language its text is in and whether that is a fallback, so a client can tell a
translation from the English original shown in its place (headless CMSs commonly cannot).
"""

from typing import Literal

from articles.languages import ORIGINAL, SUFFIX_OF, column

Lang = Literal["en", "zh-hans"]


def translated(obj, field: str, lang: str) -> dict:
    """Return ``{"text", "lang", "fallback"}`` for ``field`` of ``obj`` in ``lang`` (see ``text_in``)."""
    original = getattr(obj, column(field, SUFFIX_OF[ORIGINAL]))
    if lang == ORIGINAL:
        return {"text": original or "", "lang": ORIGINAL, "fallback": False}
    return text_in(lang, original, getattr(obj, column(field, SUFFIX_OF[lang])))


def text_in(lang: str, original: str | None, text: str | None) -> dict:
    """Return ``{"text", "lang", "fallback"}`` in ``lang`` from a field's English and ``lang`` columns.

    The Chinese text when there is some; else the English original, marked as a fallback. A field
    empty in both languages is empty in the language asked for, and not a fallback.
    """
    original = original or ""
    if lang == ORIGINAL:
        return {"text": original, "lang": ORIGINAL, "fallback": False}
    text = text or ""
    if text.strip():
        return {"text": text, "lang": lang, "fallback": False}
    if not original:
        return {"text": "", "lang": lang, "fallback": False}
    return {"text": original, "lang": ORIGINAL, "fallback": True}
