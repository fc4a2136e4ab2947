"""The story admin: a tab per language, bylines, notes and images inline, tag autocomplete, actions."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from articles import services
from articles.admin import translation_display
from articles.admin.autosave import AutosaveAdminMixin
from articles.admin.credits import (
    BylineInline,
    StoryAdminForm,
    StoryCreditsAdminMixin,
    StoryNoteInline,
    TranslatorCreditInline,
)
from articles.admin.editor import EditorAdminMixin
from articles.admin.exchange import ExchangeAdminMixin
from articles.admin.history import StoryHistoryAdminMixin
from articles.admin.history_compare import HistoryCompareAdminMixin
from articles.admin.images import IMAGE_ORDER, ArticleImageInline, image_thumbnail
from articles.admin.locking import OptimisticLockAdminMixin
from articles.admin.notifying import NotifyingAdminMixin
from articles.admin.planning import PlanningAdminMixin
from articles.admin.previews import PreviewLinksAdminMixin
from articles.admin.shared_reads import (
    KnownAutocompleteSelectMultiple,
    KnownObjectsMultipleChoiceField,
    request_reads,
    share_choices,
)
from articles.admin.slugs import SlugRedirectAdminMixin
from articles.admin.story_events import StoryEventsAdminMixin
from articles.admin.term_check import TermCheckAdminMixin
from articles.admin.translators import TranslationFilter, TranslatorArticleMixin
from articles.models import Article, ArticleImage, Tag
from articles.translations.status import article_status

SAFE_METHODS = ("GET", "HEAD")


class StatusFilter(admin.SimpleListFilter):
    """Status with "scheduled" split out from published."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*Article.Status.choices, ("scheduled", _("Scheduled"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class OneStoryPerRequestMixin:
    """Read the story once per GET of its form, however many parts of the page ask for it.

    Autosave and presence, the preview-link panel and the form itself each called ``get_object``,
    which read the story with its images and notes three times. A save (POST) reads it afresh under
    the version check's row lock, so only GETs share the one copy.
    """

    def get_object(self, request, object_id, from_field=None):
        if request.method != "GET":
            return super().get_object(request, object_id, from_field)
        cache = request.__dict__.setdefault("_gz_story_objects", {})
        key = (str(object_id), from_field)
        if key not in cache:
            cache[key] = super().get_object(request, object_id, from_field)
        return cache[key]


class NoRevisionOnReadMixin:
    """A GET of the story form or list opens no revision (reversion's transaction, two savepoints).

    Only saves make versions: a read has nothing to record, so it skips ``VersionAdmin``'s
    ``create_revision`` and goes straight to the admin view. POSTs (saves, actions) keep it.
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method not in SAFE_METHODS:
            return super().change_view(request, object_id, form_url, extra_context)
        return super(VersionAdmin, self).change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method not in SAFE_METHODS:
            return super().changelist_view(request, extra_context)
        # reversion's change list template reads this to offer "Recover deleted stories".
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        return super(VersionAdmin, self).changelist_view(request, context)


@admin.register(Article)
class ArticleAdmin(
    StoryEventsAdminMixin,
    AutosaveAdminMixin,
    EditorAdminMixin,
    SlugRedirectAdminMixin,
    NotifyingAdminMixin,
    PlanningAdminMixin,
    PreviewLinksAdminMixin,
    OptimisticLockAdminMixin,
    StoryCreditsAdminMixin,
    TermCheckAdminMixin,
    ExchangeAdminMixin,
    TranslatorArticleMixin,
    StoryHistoryAdminMixin,
    HistoryCompareAdminMixin,
    OneStoryPerRequestMixin,
    NoRevisionOnReadMixin,
    VersionAdmin,
    TabbedTranslationAdmin,
):
    # Outermost first: autosave, presence and word counts (autosave.py); the editor's form
    # (editor.py: publish now, no empty saves, body warnings), so a save that changes nothing stops
    # before the version check; the slug confirmation and redirects (slugs.py); then the version
    # check with its hidden ``loaded_version`` field (locking.py), which wraps whichever form the
    # role gets: the translator's Chinese-only form (translators.py) is version-checked and its
    # save moves the counter forward like an editor's. History, restore, recovery and the
    # comparison of any two versions come from history.py and history_compare.py.
    list_display = ("title", "section", "status_label", "published_at", "translation", "lead_thumbnail")
    list_filter = (StatusFilter, TranslationFilter, "section", "story_type", "tags")
    list_select_related = ("section",)
    # One COUNT for the paginator is enough: "show all N" would run a second over the whole table.
    show_full_result_count = False
    search_fields = ("title_en", "title_zh_hans", "dek_en", "dek_zh_hans", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_en",)}
    form = StoryAdminForm
    inlines = [ArticleImageInline, BylineInline, TranslatorCreditInline, StoryNoteInline]
    change_list_template = "admin/articles/article/change_list.html"  # adds the translation queue link
    actions = ["publish_now", "send_back_to_draft", "archive", "download_xliff"]
    fieldsets = [
        (None, {"fields": ("title", "dek", "body", "why_it_matters")}),
        (
            _("Publishing"),
            {"fields": ("section", "tags", "story_type", "status", "published_at", "substantive_update")},
        ),
        (_("Planning"), {"fields": ("planned_for", "writer", "translator")}),
        (_("Source"), {"fields": ("source_name", "source_url")}),
        (_("Advanced"), {"classes": ("collapse",), "fields": ("slug",)}),
    ]

    def get_queryset(self, request):
        # Images in the image inline's order: the list's thumbnail, the translation summary and the
        # inline itself all use these rows (see shared_reads.py).
        images = Prefetch("images", queryset=ArticleImage.objects.order_by(*IMAGE_ORDER))
        return super().get_queryset(request).select_related("section").prefetch_related(images, "notes")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # taggit's manager is not a ManyToManyField, so the admin will not build the
            # autocomplete widget for it by itself. The widget shows the story's tags from the
            # form's initial value, read once.
            widget = KnownAutocompleteSelectMultiple(db_field, self.admin_site)
            widget = RelatedFieldWidgetWrapper(
                widget, db_field.remote_field, self.admin_site, can_add_related=True
            )
            return KnownObjectsMultipleChoiceField(
                queryset=Tag.objects.all(),
                required=False,
                widget=widget,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("writer", "translator"):
            # The same staff list twice: one read per request.
            share_choices(formfield, request_reads(request))
        return formfield

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled():
            return _("Scheduled")
        return obj.get_status_display()

    @admin.display(description=_("Chinese"))
    def translation(self, obj):
        return translation_display.badge(article_status(obj))

    @admin.display(description=_("image"))
    def lead_thumbnail(self, obj):
        images = list(obj.images.all())
        return image_thumbnail(images[0], width=60) if images else "—"

    def _run_action(self, request, queryset, service, done_message):
        done = 0
        for article in queryset:
            try:
                service(article=article, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Publish now (or on the scheduled time)"), permissions=["change"])
    def publish_now(self, request, queryset):
        self._run_action(
            request,
            queryset,
            services.publish_article,
            lambda n: ngettext("%d story published.", "%d stories published.", n) % n,
        )

    @admin.action(description=_("Send back to draft"), permissions=["change"])
    def send_back_to_draft(self, request, queryset):
        self._run_action(
            request,
            queryset,
            services.unpublish_article,
            lambda n: ngettext("%d story sent back to draft.", "%d stories sent back to draft.", n) % n,
        )

    @admin.action(description=_("Archive"), permissions=["change"])
    def archive(self, request, queryset):
        self._run_action(
            request,
            queryset,
            services.archive_article,
            lambda n: ngettext("%d story archived.", "%d stories archived.", n) % n,
        )
