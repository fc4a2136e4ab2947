"""How much of a story's Chinese side is done, and what went stale.

Every translatable field of a story and of its images counts (fields with no English are skipped):

- *missing*: the Chinese text is empty;
- *outdated*: the English changed after the Chinese was last saved (see ``translation_sources.py``);
- *done*: otherwise.

A story rolls up to *complete* (everything done), *outdated* (something is outdated), *partial*
(something is missing) or *not started* (no Chinese at all), with the percentage of fields done.
``Article.objects.needs_translation()``
and ``.outdated_translation()`` ask the same questions in SQL (``articles/models/translation_state.py``),
for list filters and the translation queue.
"""

from dataclasses import dataclass, field
from functools import partial

from django.utils.translation import gettext, pgettext_lazy

from articles.models import Article, ArticleImage, StoryNote
from articles.models.loading import related
from articles.models.translation_state import COUNT_NAMES
from articles.translations.sources import fingerprint, normalize

ARTICLE_FIELDS = Article.translation_source_fields
IMAGE_FIELDS = ArticleImage.translation_source_fields
NOTE_FIELDS = StoryNote.translation_source_fields

MISSING = "missing"
DONE = "done"
OUTDATED = "outdated"

COMPLETE = "complete"
PARTIAL = "partial"
NOT_STARTED = "not-started"
ROLL_UP_LABELS = {
    COMPLETE: pgettext_lazy("translation state", "complete"),
    PARTIAL: pgettext_lazy("translation state", "partial"),
    NOT_STARTED: pgettext_lazy("translation state", "not started"),
    OUTDATED: pgettext_lazy("translation state", "outdated"),
}
STATE_LABELS = {
    MISSING: pgettext_lazy("translation state", "missing"),
    DONE: pgettext_lazy("translation state", "done"),
    OUTDATED: pgettext_lazy("translation state", "outdated"),
}


def field_state(obj, name: str) -> str | None:
    """Return the state of one field, or None when there is no English text to translate."""
    return dict(field_states(obj, (name,)))[name]


def field_states(obj, names) -> list[tuple[str, str | None]]:
    """Return (name, state) for each of ``names``, reading the object's stored sources once."""
    read = getattr(obj, "translation_records", None)
    records, malformed = read(names) if read else ({}, ())
    return [(name, _state(obj, name, malformed, records)) for name in names]


def _state(obj, name: str, malformed, records: dict) -> str | None:
    english = normalize(getattr(obj, f"{name}_en"))
    if not english.strip():
        return None
    if not (getattr(obj, f"{name}_zh_hans") or "").strip():
        return MISSING
    if name in malformed:
        return MISSING  # its fingerprint is unreadable: a translator should look (sources.py)
    record = records.get(name)
    if record and record.get("hash") != fingerprint(english):
        return OUTDATED
    return DONE


def old_source(obj, name: str) -> str | None:
    """Return the English text the current Chinese was translated from, if it was recorded."""
    stored = getattr(obj, "stored_sources", None)
    return (stored() if stored else {}).get(name, {}).get("text")


@dataclass(frozen=True)
class FieldEntry:
    key: str
    label_source: object  # a (lazy) string, or a callable giving one: only the pages that show it pay
    state: str
    obj: object
    name: str

    @property
    def label(self) -> str:
        source = self.label_source
        return str(source() if callable(source) else source)


@dataclass
class TranslationStatus:
    fields: dict[str, str] = field(default_factory=dict)
    entries: list[FieldEntry] = field(default_factory=list)

    def add(self, key: str, label, state: str, obj, name: str) -> None:
        self.fields[key] = state
        self.entries.append(FieldEntry(key, label, state, obj, name))

    def _count(self, state: str) -> int:
        return sum(1 for value in self.fields.values() if value == state)

    @property
    def total(self) -> int:
        return len(self.fields)

    @property
    def done(self) -> int:
        return self._count(DONE)

    @property
    def missing(self) -> int:
        return self._count(MISSING)

    @property
    def outdated(self) -> int:
        return self._count(OUTDATED)

    @property
    def percent(self) -> int:
        """Return the share of fields done; outdated fields do not count as done."""
        return 100 if not self.total else int(100 * self.done / self.total)

    @property
    def complete(self) -> bool:
        """Return True if every field is translated and up to date."""
        return self.done == self.total

    @property
    def state(self) -> str:
        if self.outdated:
            return OUTDATED
        if self.complete:
            return COMPLETE
        return NOT_STARTED if self.missing == self.total else PARTIAL

    @property
    def state_label(self) -> str:
        return str(ROLL_UP_LABELS[self.state])

    def labels(self, state: str) -> list[str]:
        return [entry.label for entry in self.entries if entry.state == state]


def field_label(name: str):
    return Article._meta.get_field(name).verbose_name


def image_field_label(number: int, name: str) -> str:
    return gettext("image %(number)d %(field)s") % {
        "number": number,
        "field": ArticleImage._meta.get_field(name).verbose_name,
    }


def note_field_label(number: int) -> str:
    return gettext("note %(number)d") % {"number": number}


def story_fields_status(article) -> TranslationStatus:
    """Return the per-field status of the story's own fields (not its images)."""
    status = TranslationStatus()
    for name, state in field_states(article, ARTICLE_FIELDS):
        if state:
            status.add(name, field_label(name), state, article, name)
    return status


def article_status(article) -> TranslationStatus:
    """Return the per-field status of a story, its images and its notes (prefetched ones if present).

    Notes are numbered oldest first, so adding a note never renumbers the others.
    """
    status = story_fields_status(article)
    for number, image in enumerate(article.images.all(), start=1):
        for name, state in field_states(image, IMAGE_FIELDS):
            if state:
                status.add(
                    f"image {number} {name}", partial(image_field_label, number, name), state, image, name
                )
    notes = sorted(article.notes.all(), key=lambda note: (note.noted_at, note.pk))
    for number, note in enumerate(notes, start=1):
        for name, state in field_states(note, NOTE_FIELDS):
            if state:
                status.add(f"note {number} {name}", partial(note_field_label, number), state, note, name)
    return status


@dataclass(frozen=True)
class ChineseCounts:
    """How many fields of a story, its images and its notes have English, lack Chinese, are outdated."""

    total: int
    missing: int
    outdated: int


def chinese_counts(article) -> ChineseCounts:
    """The counts a Chinese page's notices need, from what its reads selected in SQL when they did
    (``models/page_reads.py``: the same definitions as the translation queue's), else from
    ``article_status()``."""
    objects = [article, *related(article, "images"), *related(article, "notes")]
    if all(COUNT_NAMES[0] in item.__dict__ for item in objects):
        total, missing, outdated = (sum(item.__dict__[name] for item in objects) for name in COUNT_NAMES)
        return ChineseCounts(total, missing, outdated)
    status = article_status(article)
    return ChineseCounts(status.total, status.missing, status.outdated)


def image_status(image, number: int) -> TranslationStatus:
    """Return the per-field status of one image (its place in the story is ``number``)."""
    status = TranslationStatus()
    for name, state in field_states(image, IMAGE_FIELDS):
        if state:
            status.add(f"image {number} {name}", partial(image_field_label, number, name), state, image, name)
    return status
