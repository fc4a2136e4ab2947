"""Preview links: a secret URL that shows a story that is not public to someone without an account.

Only the SHA-256 of a token is stored, so the database (or a backup of it) cannot be used to open
a preview. A link expires, can be revoked, and either follows the story's latest saved state or
is pinned to one recorded revision.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.constraint_messages import ConstraintMessagesMixin
from articles.models.stories import Article

MIN_LIFETIME = timedelta(hours=1)
MAX_LIFETIME = timedelta(days=30)
DEFAULT_LIFETIME = timedelta(days=7)


def new_token() -> str:
    """Return a fresh token: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self):
        """Return the links that open a preview now: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token: str):
        """Return the usable link for ``token``, or None (wrong, expired and revoked look the same)."""
        if not token or len(token) > 100:
            return None
        return (
            self.usable()
            .select_related("article", "version__revision")
            .filter(token_hash=token_hash(token))
            .first()
        )


class PreviewLink(ConstraintMessagesMixin, models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="preview_links"
    )
    token_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # A pinned link shows this recorded revision of the story; without one it follows the latest save.
    version = models.ForeignKey(
        "reversion.Version",
        verbose_name=_("pinned revision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    last_viewed_at = models.DateTimeField(_("last viewed"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)

    objects = PreviewLinkQuerySet.as_manager()

    constraint_messages = {
        "articles_previewlink_unique_token": (
            "token_hash",
            _("A preview link like this exists already. Make a new one."),
        ),
        "articles_previewlink_expires_later": (
            "expires_at",
            _("A preview link must expire after it is made."),
        ),
    }

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="articles_previewlink_unique_token"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="articles_previewlink_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} ({self.expires_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        """The story's admin page, which lists its links (the link's own URL needs the token)."""
        from django.urls import reverse

        return reverse("admin:articles_article_change", args=[self.article_id])

    def is_usable(self) -> bool:
        """Return True if the link opens a preview now (agrees with ``objects.usable()``)."""
        return self.revoked_at is None and self.expires_at > timezone.now()
