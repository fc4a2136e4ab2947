"""Named database constraints, explained to editors: each violation becomes an error on its field.

Django reports a violated constraint as "Constraint “articles_…” is violated.", attached to no
field, for every constraint except a plain one-field unique one. Models list here, per constraint
name, the form field the rule is about and the sentence an editor reads (in their language); the
admin forms, the importer and anything else that calls ``full_clean()`` then get that sentence on
that field. A constraint without an entry still never shows its name (see ``_FALLBACK``).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.utils.translation import gettext_lazy as _

_FALLBACK = _("This conflicts with another entry. Change it and save again.")


class ConstraintMessagesMixin:
    """Model mixin: ``constraint_messages = {constraint name: (field name, message)}``."""

    constraint_messages: dict = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError:
                    field, message = self._constraint_message(constraint)
                    errors.setdefault(field, []).append(ValidationError(message, code=constraint.name))
        if errors:
            raise ValidationError(errors)

    def _constraint_message(self, constraint) -> tuple[str, object]:
        entry = type(self).constraint_messages.get(constraint.name)
        if entry is not None:
            return entry
        fields = getattr(constraint, "fields", ())
        return (fields[0] if len(fields) == 1 else NON_FIELD_ERRORS), _FALLBACK
