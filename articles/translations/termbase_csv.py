"""The termbase as CSV (UTF-8, a header row): writing it, and reading it back with every bad row named.

Columns: ``english``, ``chinese``, ``note``, ``keep_as_is`` (``yes``/``no``, also ``1``/``0`` or
``true``/``false``; empty means no). ``note`` and ``keep_as_is`` may be left out.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COLUMNS = ("english", "chinese", "note", "keep_as_is")
REQUIRED = ("english", "chinese")
YES, NO = {"yes", "y", "1", "true", "是"}, {"", "no", "n", "0", "false", "否"}
MAX_LENGTHS = {"english": 200, "chinese": 200, "note": 500}


def export_csv(terms) -> str:
    """Return the CSV text of ``terms`` (TermPair rows), header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in terms:
        writer.writerow([term.english, term.chinese, term.note, "yes" if term.keep_as_is else "no"])
    return out.getvalue()


def _row_problems(row: dict) -> list[str]:
    problems = []
    if not row["english"]:
        problems.append(_("the English term is empty"))
    keep = row["keep_as_is"].lower()
    if keep not in YES | NO:
        problems.append(_("keep_as_is must be yes or no, not “%(value)s”") % {"value": row["keep_as_is"]})
    if not row["chinese"] and keep not in YES:
        problems.append(_("the Chinese term is empty (and the term is not kept as is)"))
    for name, limit in MAX_LENGTHS.items():
        if len(row[name]) > limit:
            problems.append(
                _("%(column)s is longer than %(limit)d characters") % {"column": name, "limit": limit}
            )
    return problems


def parse_csv(data: bytes) -> list[dict]:
    """Return the rows of a termbase CSV, or raise ValidationError naming every bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not UTF-8 text.")) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown:
        raise ValidationError(
            _(
                "Line 1 must be the header row: english, chinese, note, keep_as_is "
                "(missing: %(missing)s; unknown: %(unknown)s)."
            )
            % {"missing": ", ".join(missing) or "—", "unknown": ", ".join(unknown) or "—"}
        )
    rows, errors, seen = [], [], {}
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header):
            errors.append(_("Line %(line)d: more values than columns.") % {"line": line})
            continue
        row = {name: "" for name in COLUMNS} | {n: v.strip() for n, v in zip(header, values, strict=False)}
        problems = _row_problems(row)
        key = row["english"].lower()
        if key and key in seen:
            problems.append(_("the English term is already on line %(line)d") % {"line": seen[key]})
        seen.setdefault(key, line)
        if problems:
            errors.append(_("Line %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(problems)})
            continue
        row["keep_as_is"] = row["keep_as_is"].lower() in YES
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows
