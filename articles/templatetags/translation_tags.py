"""Template helpers for the translation status on reader pages."""

from django import template

from articles.translations.status import OUTDATED, article_status

register = template.Library()


@register.filter
def translation_outdated(article) -> bool:
    """Return True if any Chinese field of the story (images included) is older than its English."""
    return article_status(article).state == OUTDATED
