"""Remember which English text each Chinese translation was made from.

Whenever a Chinese field is saved with new text (by anyone, through any path that calls ``save()``:
the admin, the translator's form, ``load_demo``, services), the row records a fingerprint of the
English text beside it, and the text itself so that the translator can later see a diff:

    translation_sources = {"title": {"hash": "<sha256>", "text": "<English headline>"}, ...}

Later, when the English differs from the recorded text, the Chinese is *outdated*.

How "the Chinese changed" is known without querying the database inside ``save()``: the instance
remembers the Chinese text it was loaded with (``from_db`` / ``refresh_from_db``), so ``save()``
still computes everything from the row's own data. A new row records every filled-in Chinese field.
A row loaded before this existed gets a baseline on its next save (its Chinese is assumed to match).
``QuerySet.update()`` and ``bulk_create()`` skip ``save()`` and therefore record nothing.
"""

import hashlib

from articles.languages import CHINESE, ENGLISH


def normalize(text: str | None) -> str:
    """Return text with browser line endings (CRLF) made plain, so a re-save is not a change."""
    return (text or "").replace("\r\n", "\n")


def fingerprint(text: str | None) -> str:
    """Return the fingerprint of an English source text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def source_record(english: str | None) -> dict[str, str]:
    """Return what is stored for one translated field: the English text and its fingerprint."""
    text = normalize(english)
    return {"hash": fingerprint(text), "text": text}


def same_text(a: str | None, b: str | None) -> bool:
    """Return True if two texts differ at most in line endings and surrounding whitespace."""
    return normalize(a).strip() == normalize(b).strip()


class TranslationSourceMixin:
    """Model mixin: keep ``translation_sources`` up to date on every ``save()``.

    The model lists its translated field names in ``translation_source_fields`` and has a JSONField
    ``translation_sources``.
    """

    translation_source_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_chinese()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self._remember_chinese(only=fields)

    def _remember_chinese(self, only=None) -> None:
        loaded = self.__dict__.setdefault("_chinese_as_loaded", {})
        for name in self.translation_source_fields:
            attname = f"{name}_{CHINESE}"
            if only is not None and attname not in only:
                continue
            if attname in self.__dict__:  # deferred fields are remembered when they are loaded
                loaded[name] = self.__dict__[attname] or ""

    def pending_translation_sources(self, names=None) -> dict:
        """Return ``translation_sources`` as ``save()`` would store it now, for the given fields."""
        sources = dict(self.translation_sources or {})
        for name in self.translation_source_fields if names is None else names:
            chinese = getattr(self, f"{name}_{CHINESE}") or ""
            loaded = self.__dict__.get("_chinese_as_loaded", {})
            if not chinese.strip():
                sources.pop(name, None)
            elif name not in sources or name not in loaded or not same_text(loaded[name], chinese):
                sources[name] = source_record(self._english_source(name))
        return sources

    def translated_from(self, english: dict[str, str]) -> None:
        """Say that the Chinese about to be saved was made from these English texts, not the current ones.

        A form opened before someone else changed the English is merged on save (see
        ``articles/admin/locking.py``); its translation must then show as outdated, not as done.
        Applies to the next ``save()`` or ``confirm_translations()`` only.
        """
        self.__dict__["_translated_from"] = dict(english)

    def _english_source(self, name: str) -> str | None:
        seen = self.__dict__.get("_translated_from", {})
        return seen[name] if name in seen else getattr(self, f"{name}_{ENGLISH}")

    def confirm_translations(self, names) -> None:
        """Mark the Chinese of these fields as matching the current English (saved by the caller)."""
        sources = dict(self.translation_sources or {})
        for name in names:
            if name in self.translation_source_fields and (getattr(self, f"{name}_{CHINESE}") or "").strip():
                sources[name] = source_record(self._english_source(name))
        self.translation_sources = sources

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        names = self.translation_source_fields
        if update_fields is not None:
            names = tuple(n for n in names if f"{n}_{CHINESE}" in update_fields)
        sources = self.pending_translation_sources(names)
        if sources != (self.translation_sources or {}):
            self.translation_sources = sources
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "translation_sources"}
        super().save(*args, **kwargs)
        self.__dict__.pop("_translated_from", None)
        loaded = self.__dict__.setdefault("_chinese_as_loaded", {})
        for name in names:
            loaded[name] = getattr(self, f"{name}_{CHINESE}") or ""
