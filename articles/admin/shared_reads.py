"""Read once what the story form shows in several places: inline rows, selected options, user lists.

- ``HeldRowsFormSetMixin``: on a GET the image and note inlines show the rows the story was read
  with (``ArticleAdmin.get_queryset`` prefetches them for the translation summary) instead of
  reading them again; ``held_credits`` reads the credits of both roles in one query for the
  byline and translator inlines. A bound formset (a POST) reads the database as before.
- ``KnownChoicesMixin``: an autocomplete widget renders its selected options from objects the form
  already holds (the story's tags, a credit's author) rather than asking for them by id.
- ``share_choices``: select fields over the same rows (the writer and translator lists, the
  calendar's filters) read them once per request or form.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import Model
from django.forms.models import ModelChoiceIterator


def _with_rows(queryset, rows):
    """A copy of ``queryset`` whose results are ``rows`` (as a prefetch leaves a related manager)."""
    held = queryset.all()
    held._result_cache = list(rows)
    held._prefetch_done = True
    return held


class HeldRowsFormSetMixin:
    """An unbound inline formset shows the rows already read with its story, in the same order."""

    def held_rows(self):
        """Return the rows the story holds for this inline, or None to read them from the database."""
        cache = getattr(self.instance, "_prefetched_objects_cache", {})
        return cache.get(self.fk.remote_field.get_accessor_name())

    def get_queryset(self):
        if not hasattr(self, "_queryset") and not self.is_bound and self.instance.pk is not None:
            # An inline the user may not view has an empty queryset: keep it empty.
            if not self.queryset.query.is_empty():
                rows = self.held_rows()
                if rows is not None:
                    self._queryset = _with_rows(self.queryset, rows)
        return super().get_queryset()


def held_credits(article) -> list:
    """Return the story's credits of every role, with their authors, read once per story object."""
    if not hasattr(article, "_gz_credits"):
        article._gz_credits = list(
            article.credits.select_related("author").order_by("role", "position", "pk")
        )
    return article._gz_credits


def _in_order(objects: list, ordering) -> list | None:
    """Sort ``objects`` as the queryset would (plain field names only; None if it cannot say)."""
    for name in reversed(ordering):
        if not isinstance(name, str) or "__" in name or name.lstrip("-") == "?":
            return None
        field = name.lstrip("-")
        if any(getattr(obj, field, None) is None for obj in objects):
            return None
        objects.sort(key=lambda obj: getattr(obj, field), reverse=name.startswith("-"))
    return objects


class KnownChoicesMixin:
    """An autocomplete widget that takes its selected options from ``field.known_choices``.

    ``known_choices`` maps a value (as a string) to its object; when every selected value is in
    it, no query is made. Otherwise the widget asks the database, as Django's does.
    """

    def optgroups(self, name, value, attr=None):
        field = self.choices.field
        known = getattr(field, "known_choices", None) or {}
        selected = {str(v) for v in value if str(v) not in field.empty_values}
        queryset = self.choices.queryset
        objects = None
        by_pk = getattr(self.field.remote_field, "field_name", None) in (None, queryset.model._meta.pk.name)
        if by_pk and selected and selected <= known.keys():
            objects = _in_order(
                [known[v] for v in selected], queryset.query.order_by or queryset.model._meta.ordering
            )
        if objects is None:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for obj in objects:
            index = len(default[1])
            default[1].append(
                self.create_option(name, obj.pk, field.label_from_instance(obj), selected, index)
            )
        return [default]


class KnownAutocompleteSelect(KnownChoicesMixin, AutocompleteSelect):
    pass


class KnownAutocompleteSelectMultiple(KnownChoicesMixin, AutocompleteSelectMultiple):
    pass


class KnownObjectsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Remembers the objects of its initial value (the story's tags) for its widget."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple) and value and all(isinstance(v, Model) for v in value):
            self.known_choices = {str(obj.pk): obj for obj in value}
        return super().prepare_value(value)


class SharedChoiceIterator(ModelChoiceIterator):
    """Choices from ``field.shared_reads``: fields with the same query share one read of its rows."""

    def rows(self) -> list:
        reads = self.field.shared_reads
        key = (self.queryset.db, str(self.queryset.query))
        if key not in reads:
            reads[key] = list(self.queryset)
        return reads[key]

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows():
            yield self.choice(obj)

    def __len__(self):
        return len(self.rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows())


def share_choices(formfield: forms.ModelChoiceField, reads: dict) -> forms.ModelChoiceField:
    """Make ``formfield`` list its choices from ``reads`` (a dict kept per request or per form)."""
    formfield.shared_reads = reads
    formfield.iterator = SharedChoiceIterator
    formfield.widget.choices = formfield.choices
    return formfield


def request_reads(request) -> dict:
    """The rows read for select fields during this request."""
    return request.__dict__.setdefault("_gz_choice_rows", {})
