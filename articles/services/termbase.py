"""Writing the termbase: a CSV import, all rows or none."""

from dataclasses import dataclass

from django.db import transaction

from articles.models import TermPair
from articles.translations.termbase_csv import parse_csv


@dataclass
class TermImport:
    created: int = 0
    updated: int = 0


def import_terms(*, data: bytes) -> TermImport:
    """Add or update the termbase from CSV bytes; a bad row (ValidationError) imports nothing.

    A term already in the termbase (same English, in any case) is updated in place.
    """
    rows = parse_csv(data)
    result = TermImport()
    with transaction.atomic():
        for row in rows:
            existing = TermPair.objects.filter(english__iexact=row["english"]).first()
            term = existing or TermPair()
            for name, value in row.items():
                setattr(term, name, value)
            term.full_clean()
            term.save()
            if existing:
                result.updated += 1
            else:
                result.created += 1
    return result
