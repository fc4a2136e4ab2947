"""Preview links: make one (the token is returned once and stored only as a hash), revoke one."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import Article, PreviewLink
from articles.models.previews import DEFAULT_LIFETIME, MAX_LIFETIME, MIN_LIFETIME, new_token, token_hash

DEFAULT_HOURS = int(DEFAULT_LIFETIME.total_seconds() // 3600)
MIN_HOURS = int(MIN_LIFETIME.total_seconds() // 3600)
MAX_HOURS = int(MAX_LIFETIME.total_seconds() // 3600)


def preview_path(token: str, language: str | None = None) -> str:
    """The preview's path in ``language`` (the active one by default)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return reverse("articles:preview", kwargs={"token": token})


def preview_url(token: str, language: str | None = None) -> str:
    """The preview's absolute URL on the site (``GUOZHEN_SITE_URL``)."""
    return settings.GUOZHEN_SITE_URL.rstrip("/") + preview_path(token, language)


@transaction.atomic
def create_preview_link(
    *, article: Article, by=None, hours: int = DEFAULT_HOURS, version: Version | None = None
) -> tuple[PreviewLink, str]:
    """Make a preview link for a story that is not public; return it with its token (shown once).

    ``version`` pins the link to one of the story's recorded revisions.
    """
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise ValidationError(
            _("A preview link lasts from %(min)s hour to %(max)s days.")
            % {"min": MIN_HOURS, "max": MAX_HOURS // 24}
        )
    if article.is_published():
        raise ValidationError(_("This story is public: share its address instead of a preview link."))
    if version is not None and (
        version.object_id != str(article.pk) or version.content_type.model_class() is not Article
    ):
        raise ValidationError(_("That revision belongs to another story."))
    token = new_token()
    now = timezone.now()
    link = PreviewLink.objects.create(
        article=article,
        token_hash=token_hash(token),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        created_at=now,
        expires_at=now + timedelta(hours=hours),
        version=version,
    )
    return link, token


def revoke_preview_link(*, link: PreviewLink) -> PreviewLink:
    """Stop the link at once (it then answers like a wrong token)."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link
