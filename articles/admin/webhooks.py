"""The editors' webhook admin: endpoints (secret shown once), and the delivery log with "send again"."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from articles import services
from articles.models import Delivery, DeliveryAttempt, EventType, WebhookEndpoint

SECRET_TEMPLATE = "admin/articles/webhookendpoint/secret.html"
ERROR_LABELS = {"timeout": _("Timed out"), "connection": _("Could not connect")}


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=pgettext_lazy("webhooks", "events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events this endpoint receives."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("url", "description", "events", "active")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ("url", "description", "event_list", "status", "created_at")
    list_filter = ("active",)
    search_fields = ("url", "description")
    actions = ["rotate_secrets"]
    readonly_fields = ("failing_since", "disabled_at", "created_at")

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "events", "active"]
        return fields + list(self.readonly_fields) if obj else fields

    @admin.display(description=pgettext_lazy("webhooks", "events"))
    def event_list(self, obj):
        labels = dict(EventType.choices)
        return ", ".join(str(labels.get(name, name)) for name in obj.events)

    @admin.display(description=pgettext_lazy("webhooks", "status"), ordering="active")
    def status(self, obj):
        if obj.disabled_at and not obj.active:
            return format_html(
                '<strong class="errornote">{}</strong>',
                _("Switched off after failing for a day (%(time)s)")
                % {"time": obj.disabled_at.strftime("%Y-%m-%d %H:%M")},
            )
        if not obj.active:
            return pgettext_lazy("webhooks", "Inactive")
        if obj.failing_since:
            return _("Failing since %(time)s") % {"time": obj.failing_since.strftime("%Y-%m-%d %H:%M")}
        return pgettext_lazy("webhooks", "Active")

    def save_model(self, request, obj, form, change):
        if change:
            services.save_endpoint(endpoint=obj)
        else:
            services.create_endpoint(endpoint=obj)

    def response_add(self, request, obj, post_url_continue=None):
        # The secret is shown on this page only: it is never put in a message or a URL.
        return self._show_secrets(request, [obj], _("Endpoint added"))

    def _show_secrets(self, request, endpoints, title):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "endpoints": endpoints,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, SECRET_TEMPLATE, context)

    @admin.action(description=_("Rotate the signing secret"), permissions=["change"])
    def rotate_secrets(self, request, queryset):
        rotated = [services.rotate_secret(endpoint=endpoint) for endpoint in queryset]
        return self._show_secrets(request, rotated, _("New signing secrets"))


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ("at", "status_code", "duration_ms", "error_text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = pgettext_lazy("webhooks", "attempts")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=pgettext_lazy("webhooks", "error"))
    def error_text(self, obj):
        return error_label(obj.error)


def error_label(error: str) -> str:
    """The log's technical error, with its kind in the reader's language."""
    kind, _sep, detail = error.partition(": ")
    label = ERROR_LABELS.get(kind)
    return f"{label}: {detail}" if label else error


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("event_type", "story", "endpoint", "state", "attempts", "last_status", "next_attempt_at")
    list_filter = ("state", "event__type", "endpoint")
    list_select_related = ("event", "event__story", "endpoint")
    search_fields = ("endpoint__url", "event__story__slug")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    inlines = [AttemptInline]
    fields = (
        "event_type",
        "story",
        "webhook_id",
        "endpoint",
        "state",
        "attempts",
        "last_status",
        "last_error",
        "next_attempt_at",
        "retry_until",
        "delivered_at",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description=pgettext_lazy("webhooks", "event"), ordering="event__type")
    def event_type(self, obj):
        return obj.event.get_type_display()

    @admin.display(description=pgettext_lazy("webhooks", "story"))
    def story(self, obj):
        return obj.event.story or obj.event.payload.get("story", {}).get("slug", "—")

    @admin.display(description="webhook-id")
    def webhook_id(self, obj):
        return obj.event.webhook_id

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                services.send_again(delivery=delivery)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%d delivery will be sent again.", "%d deliveries will be sent again.", done) % done,
                messages.SUCCESS,
            )
