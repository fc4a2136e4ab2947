"""Applying an XLIFF exchange file: only Chinese fields change, all units or none (one transaction)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from articles.history import comments
from articles.history.recording import tracked_change
from articles.languages import CHINESE, IMAGE_TEXT_FIELDS, STORY_TEXT_FIELDS, column
from articles.models import Article, ArticleImage, Tag
from articles.translations import memory
from articles.translations.exchange import Unit, read_xliff
from articles.translations.sources import same_text


@dataclass
class ExchangeReport:
    applied: int = 0
    unchanged: int = 0
    outdated: list[str] = field(default_factory=list)  # applied, but the English changed since export
    refused: int = 0


def _new_target(obj, unit: Unit) -> bool:
    current = getattr(obj, column(unit.field, CHINESE)) or ""
    return bool(unit.target and unit.target.strip()) and not same_text(unit.target, current)


def _apply(obj, units: list[Unit], report: ExchangeReport) -> bool:
    """Set the Chinese of ``obj`` from its units; return True if anything changed."""
    changed, sources = False, {}
    for unit in units:
        if not _new_target(obj, unit):
            report.unchanged += 1
            continue
        setattr(obj, column(unit.field, CHINESE), unit.target)
        if not same_text(unit.source, getattr(obj, f"{unit.field}_en")):
            sources[unit.field] = unit.source  # translated from older English: saved as outdated
            report.outdated.append(unit.key)
        report.applied += 1
        changed = True
    if sources and hasattr(obj, "translated_from"):  # tags keep no English fingerprints
        obj.translated_from(sources)
    return changed


def import_translations(*, data: bytes, by=None, name: str = "") -> ExchangeReport:
    """Apply an exchange file's targets to the Chinese fields; ValidationError means nothing changed."""
    units = read_xliff(data)
    report = ExchangeReport()
    by_story: dict[int, list[Unit]] = defaultdict(list)
    by_image: dict[int, list[Unit]] = defaultdict(list)
    by_tag: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        {"story": by_story, "image": by_image, "tag": by_tag}[unit.kind][unit.pk].append(unit)
    image_story = dict(ArticleImage.objects.filter(pk__in=by_image).values_list("pk", "article_id"))
    story_ids = sorted({*by_story, *image_story.values()})
    with transaction.atomic():
        for article in Article.objects.filter(pk__in=story_ids).prefetch_related("images").order_by("pk"):
            images = [image for image in article.images.all() if image.pk in by_image]
            story_units = by_story.get(article.pk, [])
            if not any(_new_target(article, u) for u in story_units) and not any(
                _new_target(image, u) for image in images for u in by_image[image.pk]
            ):
                report.unchanged += len(story_units) + sum(len(by_image[image.pk]) for image in images)
                continue  # nothing new for this story: no revision, no version bump
            comment = comments.encode(comments.TRANSLATIONS_IMPORTED, name=name)
            with tracked_change(article, by=by, comment=comment):
                _apply(article, story_units, report)
                chinese = [column(n, CHINESE) for n in STORY_TEXT_FIELDS]
                article.save(update_fields=[*chinese, "translation_sources", "updated_at", "version"])
                memory.refresh_story(article)
                for image in ArticleImage.objects.filter(pk__in=[i.pk for i in images]).order_by("pk"):
                    if _apply(image, by_image[image.pk], report):
                        chinese = [column(n, CHINESE) for n in IMAGE_TEXT_FIELDS]
                        image.save(update_fields=[*chinese, "translation_sources"])
        for tag in Tag.objects.filter(pk__in=by_tag).order_by("pk"):
            if _apply(tag, by_tag[tag.pk], report):
                tag.save(update_fields=[column("name", CHINESE)])
    return report
