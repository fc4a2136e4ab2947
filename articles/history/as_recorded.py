"""A story as one revision recorded it, rebuilt in memory for display (a pinned preview link).

Nothing is saved: the story, its images and its tags are unsaved objects carrying the recorded
values, with the images and tags attached as if prefetched, so the reader's story template shows
them without a query and without touching the stored story.
"""

from reversion.models import Version

from articles.history.snapshots import _plain, _related_versions
from articles.models import Article, ArticleImage, Section, Tag, TaggedArticle


def _known(model, data: dict) -> dict:
    """Keep the recorded values of columns the model still has (a later migration may drop one)."""
    names = {f.attname for f in model._meta.concrete_fields}
    return {name: _plain(value) for name, value in data.items() if name in names}


def story_as_recorded(version: Version) -> Article | None:
    """Return the story with the text, section, images and tags ``version`` recorded, or None.

    None when the recorded section no longer exists (the story cannot be shown as it was).
    """
    pk = int(version.object_id)
    article = Article(**_known(Article, version.field_dict))
    article.pk = pk
    section = Section.objects.filter(pk=article.section_id).first()
    if section is None:
        return None
    article.section = section
    image_versions = _related_versions([version.revision_id], ArticleImage, "article", pk)
    images = []
    for found in image_versions:
        image = ArticleImage(**_known(ArticleImage, found.field_dict))
        image.pk = int(found.object_id)
        images.append(image)
    images.sort(key=lambda image: (image.position or 0, image.pk))
    tag_versions = _related_versions([version.revision_id], TaggedArticle, "content_object", pk)
    tags = list(Tag.objects.filter(pk__in=[v.field_dict["tag_id"] for v in tag_versions]))
    article._prefetched_objects_cache = {"images": images, "tags": tags}
    return article
