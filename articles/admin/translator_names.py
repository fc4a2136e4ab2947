"""Tag and section admins for translators: the Chinese name is the only thing they may change."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.admin.translators import TranslatorNoAddDeleteMixin, check_fields
from articles.roles import is_translator


class TranslatorNameMixin(TranslatorNoAddDeleteMixin):
    """Tag and section admins: translators fill in the Chinese name and nothing else."""

    def _translator_readonly(self):
        return [f for f in ("name_en", "slug", "position") if f in {x.name for x in self.model._meta.fields}]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if is_translator(request.user) else super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        if not is_translator(request.user):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": [*self._translator_readonly(), "name_zh_hans"]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + self._translator_readonly() if is_translator(request.user) else readonly

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if is_translator(request.user):
            check_fields(form_class, ["name_zh_hans"])
            form_class.base_fields["name_zh_hans"].label = _("Chinese name")
            form_class.base_fields["name_zh_hans"].widget.attrs["lang"] = "zh-Hans"
        return form_class

    def save_model(self, request, obj, form, change):
        if not is_translator(request.user):
            return super().save_model(request, obj, form, change)
        if not change or set(form.changed_data) - {"name_zh_hans"}:
            raise PermissionDenied
        services.save_name_translation(obj=obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if is_translator(request.user):
            changelist.list_editable = ()
        return changelist
