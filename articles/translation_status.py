"""How much of a story's Chinese side is done.

Every translatable field of a story and of its images counts: the Chinese text is *missing* when
empty and *done* otherwise.
"""

from dataclasses import dataclass, field

ARTICLE_FIELDS = ("title", "dek", "body", "why_it_matters")
IMAGE_FIELDS = ("caption", "alt_text")

MISSING = "missing"
DONE = "done"


def _field_state(obj, name: str) -> str | None:
    """Return the state of one field, or None when there is no English text to translate."""
    english = getattr(obj, f"{name}_en") or ""
    chinese = getattr(obj, f"{name}_zh_hans") or ""
    if not english.strip():
        return None
    return DONE if chinese.strip() else MISSING


@dataclass
class TranslationStatus:
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.fields)

    @property
    def done(self) -> int:
        return sum(1 for state in self.fields.values() if state == DONE)

    @property
    def missing(self) -> int:
        return sum(1 for state in self.fields.values() if state == MISSING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def complete(self) -> bool:
        return self.done == self.total


def article_status(article) -> TranslationStatus:
    """Return the per-field status of a story and its images (uses prefetched images if present)."""
    status = TranslationStatus()
    for name in ARTICLE_FIELDS:
        state = _field_state(article, name)
        if state:
            status.fields[name] = state
    for number, image in enumerate(article.images.all(), start=1):
        for name in IMAGE_FIELDS:
            state = _field_state(image, name)
            if state:
                status.fields[f"image {number} {name}"] = state
    return status
