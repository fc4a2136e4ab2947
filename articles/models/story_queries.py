"""Every read of stories: ``Article.objects.published()`` (the one definition of public) and the rest."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import translation_state


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the stories visible to readers: published, with a publish time that has come."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Return published stories whose publish time is still in the future."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def needs_translation(self):
        """Return the stories with a missing or outdated Chinese field (their images' included)."""
        return self.filter(self._translation_filter(translation_state.missing) | self._outdated_filter())

    def missing_translation(self):
        """Return the stories with at least one missing Chinese field (images included)."""
        return self.filter(self._translation_filter(translation_state.missing))

    def outdated_translation(self):
        """Return the stories with at least one outdated Chinese field (images included)."""
        return self.filter(self._outdated_filter())

    def translation_complete(self):
        """Return the stories whose Chinese side is complete: nothing missing or outdated."""
        return self.exclude(self._translation_filter(translation_state.missing) | self._outdated_filter())

    def _outdated_filter(self):
        return self._translation_filter(translation_state.outdated)

    def _translation_filter(self, builder):
        related = self.model._meta
        return translation_state.story_filter(
            builder, related.get_field("images").related_model, related.get_field("notes").related_model
        )

    def translation_queue(self):
        """The stories that need Chinese work, with what the queue shows (section, images)."""
        return self.needs_translation().select_related("section").prefetch_related("images", "notes")

    def credited_to(self, author):
        """Return the stories that credit ``author``, as a writer or a translator."""
        credit_model = self.model._meta.get_field("credits").related_model
        return self.filter(pk__in=credit_model.objects.filter(author=author).values("article_id"))

    def planned_or_scheduled(self):
        """Return the stories not yet public that have a planned date or a scheduled publish time."""
        return self.filter(
            Q(planned_for__isnull=False, status__in=[self.model.Status.DRAFT, self.model.Status.REVIEW])
            | Q(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())
        )

    def on_calendar(self, *, first_day, last_day, start, end):
        """Return the stories the planning calendar shows from ``first_day`` to ``last_day``.

        Drafts and stories in review by their planned date; published and scheduled stories by
        their publish time, between ``start`` and ``end`` (the days' bounds in the user's zone).
        """
        planned = Q(
            status__in=[self.model.Status.DRAFT, self.model.Status.REVIEW],
            planned_for__gte=first_day,
            planned_for__lte=last_day,
        )
        timed = Q(status=self.model.Status.PUBLISHED, published_at__gte=start, published_at__lt=end)
        return (
            self.filter(planned | timed)
            .select_related("section", "writer", "translator")
            .prefetch_related("images", "notes")
            .order_by("published_at", "planned_for", "pk")
        )

    def assigned_to(self, user):
        """Return the stories ``user`` writes or translates."""
        return self.filter(Q(writer=user) | Q(translator=user))

    def with_listing_data(self):
        """Fetch what a story card needs (section, tags, images) in a fixed number of queries."""
        # Images in their order within the story: ArticleImage's default ordering starts with
        # "article", which would join the story table just to sort by the story's own ordering.
        image_model = self.model._meta.get_field("images").related_model
        images = models.Prefetch("images", queryset=image_model.objects.order_by("position", "pk"))
        return self.select_related("section").prefetch_related("tags", images)

    def with_story_page_data(self):
        """What a story page needs beyond a card: its credits with their authors, and its notes."""
        credit_model = self.model._meta.get_field("credits").related_model
        credits = models.Prefetch("credits", queryset=credit_model.objects.select_related("author"))
        return self.with_listing_data().prefetch_related(credits, "notes")
