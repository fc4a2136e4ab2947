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

A stored value of any other shape (a number, a list, a record without its text: a bad import, a
hand-edited row) must not take pages down: ``stored_sources()`` logs it once per row and reads the
bad part as absent, its fields count as *missing* (so a translator looks at them), and the next
save records fresh fingerprints over it.
"""

import hashlib
import logging

from articles.languages import CHINESE, ENGLISH

logger = logging.getLogger(__name__)


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


def is_source_record(record) -> bool:
    """Return True if record has the shape ``source_record()`` stores: text and hash, both strings."""
    # Two entries, both of them a string under these two names: exactly {"hash", "text"}.
    return (
        isinstance(record, dict)
        and len(record) == 2
        and isinstance(record.get("hash"), str)
        and isinstance(record.get("text"), str)
    )


def split_sources(value, names) -> tuple[dict, set[str]]:
    """Return (the well-formed records of ``value``, the names among ``names`` whose record is bad).

    A value that is not a JSON object makes every name bad; records for names outside ``names``
    are dropped.
    """
    if not isinstance(value, dict):
        return {}, set(names) if value not in (None, {}) else set()
    good = {name: record for name, record in value.items() if name in names and is_source_record(record)}
    bad = {name for name in names if name in value and name not in good}
    return good, bad


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

    def stored_sources(self) -> dict:
        """Return the well-formed part of ``translation_sources``; log a malformed value (once)."""
        good, bad = split_sources(self.translation_sources, self.translation_source_fields)
        if bad or (good != self.translation_sources and self.translation_sources not in (None, {})):
            self.__dict__["_malformed_sources"] = bad
            if not self.__dict__.get("_malformed_logged"):
                self.__dict__["_malformed_logged"] = True
                logger.warning(
                    "Malformed translation_sources on %s %s (fields %s): read as missing until saved.",
                    type(self).__name__,
                    self.pk,
                    ", ".join(sorted(bad)) or "none",
                )
        else:
            self.__dict__["_malformed_sources"] = set()
        return good

    def malformed_sources(self) -> set[str]:
        """Return the fields whose stored fingerprint is malformed (their state reads as missing)."""
        self.stored_sources()
        return self.__dict__["_malformed_sources"]

    def translation_records(self, names) -> tuple[dict, set[str]]:
        """Return (``pending_translation_sources(names)``, ``malformed_sources()``), reading the stored
        value once."""
        stored = self.stored_sources()
        return self.pending_translation_sources(names, stored=stored), self.__dict__["_malformed_sources"]

    def pending_translation_sources(self, names=None, *, stored: dict | None = None) -> dict:
        """Return ``translation_sources`` as ``save()`` would store it now, for the given fields
        (``stored``: what ``stored_sources()`` just returned, to not read it again)."""
        sources = self.stored_sources() if stored is None else stored
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
        sources = self.stored_sources()
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
        if sources != self.translation_sources:
            self.translation_sources = sources
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "translation_sources"}
        super().save(*args, **kwargs)
        self.__dict__.pop("_translated_from", None)
        loaded = self.__dict__.setdefault("_chinese_as_loaded", {})
        for name in names:
            loaded[name] = getattr(self, f"{name}_{CHINESE}") or ""
