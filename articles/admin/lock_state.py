"""What the version check knows about one save: the versions, who saved since, and which fields moved.

Used by ``locking.py`` (its docstring explains the check); kept apart so each module holds one role.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.history import snapshots
from articles.history.diff import Names, display_value, field_label
from articles.models import Article

LOADED_VERSION = "loaded_version"
IMAGE_PREFIX = "images"  # the image inline's formset prefix (the ``related_name``)
_LOCK = "_guozhen_lock"


def _form_name(attname: str) -> str:
    return attname.removesuffix("_id") if attname == "section_id" else attname


def _label(name: str) -> str:
    if name == "images":
        return pgettext("story history", "Images")
    return field_label(Article, "section_id" if name == "section" else name)


def _is_text(form_field) -> bool:
    return isinstance(form_field, forms.CharField) and not isinstance(form_field, forms.URLField)


def _text(value) -> str:
    return ("" if value is None else str(value)).replace("\r\n", "\n").strip()


def _display(article: Article, name: str) -> str:
    """The stored value of form field ``name``, as an editor reads it."""
    if name == "tags":
        return ", ".join(str(tag) for tag in article.tags.all())
    attname = "section_id" if name == "section" else name
    return display_value(attname, getattr(article, attname, None), Names([]))


def changed_since(base: snapshots.StorySnapshot, now: snapshots.StorySnapshot) -> set[str]:
    """Form field names whose value differs between two states (``tags``, ``images`` as units)."""
    names = {
        _form_name(a)
        for a in snapshots.ARTICLE_FIELDS
        if not snapshots.same_value(base.fields.get(a), now.fields.get(a))
    }
    if base.tag_ids != now.tag_ids:
        names.add("tags")
    if not snapshots.same_images(base.images, now.images):
        names.add("images")
    return names


def posted_images_differ(post, files, images: dict) -> bool:
    """True if the posted image inline differs from ``images`` (image id -> metadata)."""
    prefix = f"{IMAGE_PREFIX}-"
    total = int(post.get(f"{prefix}TOTAL_FORMS") or 0)
    initial = int(post.get(f"{prefix}INITIAL_FORMS") or 0)
    if initial != len(images) or any(files.get(f"{prefix}{i}-image") for i in range(total)):
        return True
    for i in range(initial):
        key = f"{prefix}{i}-"
        pk = post.get(f"{key}id", "")
        if not pk.isdigit() or int(pk) not in images or post.get(f"{key}DELETE"):
            return True
        for name, value in images[int(pk)].items():
            if name != "image" and f"{key}{name}" in post and _text(post[f"{key}{name}"]) != _text(value):
                return True
    return False


def current_images_post(post, article: Article):
    """A copy of ``post`` whose image inline holds the stored images, unchanged."""
    data = post.copy()
    for key in [k for k in data if k.startswith(f"{IMAGE_PREFIX}-")]:
        del data[key]
    images = list(article.images.order_by("position", "pk"))
    data.update(
        {f"{IMAGE_PREFIX}-{k}": v for k, v in (("TOTAL_FORMS", len(images)), ("INITIAL_FORMS", len(images)))}
    )
    data.update({f"{IMAGE_PREFIX}-MIN_NUM_FORMS": "0", f"{IMAGE_PREFIX}-MAX_NUM_FORMS": "1000"})
    for i, image in enumerate(images):
        data[f"{IMAGE_PREFIX}-{i}-id"] = str(image.pk)
        data[f"{IMAGE_PREFIX}-{i}-article"] = str(article.pk)
        for name in snapshots.IMAGE_FIELDS[1:]:
            value = getattr(image, name)
            data[f"{IMAGE_PREFIX}-{i}-{name}"] = "" if value is None else str(value)
    return data


@dataclass
class LockState:
    """What the server knows about one save attempt of one story."""

    current: Article
    loaded: int | None
    base: snapshots.StorySnapshot | None = None
    theirs: set[str] | None = None
    editors: list[str] = field(default_factory=list)
    images_yours: bool = False
    merged: set[str] = field(default_factory=set)

    @property
    def stale(self) -> bool:
        return self.loaded != self.current.version


def clock_time(moment) -> str:
    """A time as people say it: "10:32" today, with the date on another day."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "SHORT_DATETIME_FORMAT")


def _editors_since(pk: int, loaded: int | None) -> list[str]:
    """Who saved the story after version ``loaded``, each with their last save's time: "Li Na (10:32)"."""
    names: list[str] = []
    for version in snapshots.story_versions(pk)[:50]:
        if (version.field_dict.get("version") or 0) <= (loaded or 0):
            break
        user = version.revision.user
        name = (user.get_full_name() or user.get_username()) if user else _("someone outside the admin")
        if not any(label.startswith(f"{name} (") for label in names):
            # Newest first, so the first time seen for a person is their last save.
            names.append(f"{name} ({clock_time(version.revision.date_created)})")
    return names or [_("someone outside the admin")]
