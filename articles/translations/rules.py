"""The optional rule "publishing needs a complete Chinese translation", stated once.

With ``GUOZHEN_REQUIRE_COMPLETE_TRANSLATION`` on, a story may move to Published only when no
Chinese field of the story or of its images is missing or outdated. The publishing service, the
admin's publishing actions (through the service) and the story form all call
:func:`check_publishable`, so the rule and its message exist in one place. Stories that are already
published can still be corrected.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.translations.status import DONE, TranslationStatus, image_status


def rule_applies() -> bool:
    """Return True when the site requires a complete translation before publishing."""
    return bool(settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION)


def unfinished_fields(status: TranslationStatus) -> list[str]:
    """Return the labels of the fields that are not done, in the order the status lists them."""
    return [entry.label for entry in status.entries if entry.state != DONE]


def check_publishable(*, title: str, status: TranslationStatus) -> None:
    """Raise ValidationError naming the unfinished fields, when the rule is on and some are."""
    problems = unfinished_fields(status)
    if rule_applies() and problems:
        raise ValidationError(
            _(
                "“%(title)s” cannot be published until its Chinese translation is complete. "
                "Not done: %(fields)s."
            )
            % {"title": title, "fields": ", ".join(problems)},
            code="translation_incomplete",
        )


def images_status(images) -> TranslationStatus:
    """The status the rule checks for the images a form is about to save (numbered from 1)."""
    status = TranslationStatus()
    for number, image in enumerate(images, start=1):
        for entry in image_status(image, number).entries:
            status.add(entry.key, entry.label, entry.state, entry.obj, entry.name)
    return status
