"""XLIFF 1.2 exchange files for outside translators (memoQ, Trados, Phrase, OmegaT), via translate-toolkit.

One unit per translatable field of each story, its images and its tags. A unit's id names the row
and the field (``story:12:title``, ``image:40:caption``, ``tag:3:name``); its source is the English
at export time, its target the current Chinese, and a note says which story and field it is.

Reading a file checks everything before anything is applied: a file over 10 MB, one that is not
UTF-8, one with a DOCTYPE or an ENTITY (entity bombs are refused before the XML parser sees them),
malformed XML, another target language, or a unit that names no translatable Chinese field of an
existing row is refused as a whole. Writing is ``articles.services.exchange``.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree
from translate.storage import xliff

from articles.languages import IMAGE_TEXT_FIELDS, STORY_TEXT_FIELDS, TAG_TEXT_FIELDS
from articles.models import Article, ArticleImage, Tag

MAX_BYTES = 10 * 1024 * 1024
TARGET_LANGUAGES = {"zh-hans", "zh-cn", "zh", "zh-hans-cn", "zh_hans", "zh_cn"}
KINDS = {
    "story": (Article, STORY_TEXT_FIELDS),
    "image": (ArticleImage, IMAGE_TEXT_FIELDS),
    "tag": (Tag, TAG_TEXT_FIELDS),
}
_ID = re.compile(r"^(story|image|tag):(\d+):([a-z_]+)$")
_DANGEROUS = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class Xliff12(xliff.xlifffile):
    """translate-toolkit's XLIFF store, writing version 1.2 (it defaults to 1.1)."""

    namespace = "urn:oasis:names:tc:xliff:document:1.2"
    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='guozhen' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


@dataclass(frozen=True)
class Unit:
    kind: str
    pk: int
    field: str
    source: str
    target: str | None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}:{self.field}"


def _unit(store, key: str, english: str, chinese: str | None, note: str) -> None:
    unit = xliff.xliffunit(english)
    unit.setid(key)
    if chinese:
        unit.target = chinese
    unit.addnote(note, origin="developer")
    store.addunit(unit)


def export_xliff(articles) -> bytes:
    """Return an XLIFF 1.2 file with a unit per translatable field of these stories, images and tags."""
    store = Xliff12(sourcelanguage="en", targetlanguage="zh-Hans")
    tags_done = set()
    for article in articles:
        where = f"Story {article.pk} “{article.title_en}” ({article.slug})"
        for name in STORY_TEXT_FIELDS:
            english = getattr(article, f"{name}_en")
            if english and english.strip():
                _unit(
                    store,
                    f"story:{article.pk}:{name}",
                    english,
                    getattr(article, f"{name}_zh_hans"),
                    f"{where}: {name}",
                )
        for image in article.images.all():
            for name in IMAGE_TEXT_FIELDS:
                english = getattr(image, f"{name}_en")
                if english and english.strip():
                    note = f"{where}, image {image.position}: {name}"
                    _unit(store, f"image:{image.pk}:{name}", english, getattr(image, f"{name}_zh_hans"), note)
        for tag in article.tags.all():
            if tag.pk not in tags_done and tag.name_en:
                tags_done.add(tag.pk)
                _unit(store, f"tag:{tag.pk}:name", tag.name_en, tag.name_zh_hans, f"Tag “{tag.slug}”: name")
    return bytes(store)


def _local_id(unit) -> str:
    return unit.xmlelement.get("id") or ""


def read_xliff(data: bytes) -> list[Unit]:
    """Return the units of an exchange file, or raise ValidationError naming the problem."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text.")) from exc
    if _DANGEROUS.search(text):
        raise ValidationError(_("The file declares a DOCTYPE or an ENTITY; exchange files may not."))
    try:
        store = xliff.xlifffile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, TypeError, AttributeError, StopIteration) as exc:
        raise ValidationError(_("The file is not valid XLIFF: %(problem)s") % {"problem": exc}) from exc
    language = (store.gettargetlanguage() or "").lower()
    if language not in TARGET_LANGUAGES:
        raise ValidationError(
            _("The file's target language is “%(language)s”, not Simplified Chinese.")
            % {"language": language}
        )
    units, unknown = [], []
    for unit in store.getunits():
        key = _local_id(unit)
        match = _ID.match(key)
        if not match or match[3] not in KINDS[match[1]][1]:
            unknown.append(key)
            continue
        target = unit.target if unit.target is not None else None
        units.append(Unit(match[1], int(match[2]), match[3], unit.source or "", target))
    for kind, (model, _fields) in KINDS.items():
        wanted = {u.pk for u in units if u.kind == kind}
        found = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        unknown += [u.key for u in units if u.kind == kind and u.pk not in found]
    if unknown:
        raise ValidationError(
            _("The file has units this site does not know (only Chinese fields can be imported): %(units)s.")
            % {"units": ", ".join(sorted(set(unknown))[:20])}
        )
    return units
