"""Reads of a fixed shape whose SQL is compiled once per process, then re-run with new values.

Django compiles every queryset anew on every request: building the filters, the joins, the
ordering and the column list costs far more than SQLite takes to answer (a story page spent 3.4 ms
in the ORM and 0.3 ms in the database). SQLAlchemy caches compiled statements; Django does not, so
the reader's hot reads do it here:

    by_slug = PreparedRead(lambda slug, now: Article.objects.filter(slug=slug, published_at__lte=now),
                           TEXT, MOMENT)
    found = by_slug("some-slug", timezone.now())  # a list of Articles

``build`` receives one stand-in value per parameter; the stand-ins are found in the compiled SQL's
parameters, and each call swaps in its own values, adapted as Django adapts them. Rows become model
instances through Django's own iterable, with ``select_related``, ``only`` and the rest intact.
The compiled form is kept per database, per language (modeltranslation rewrites translated fields
by the active language) and per length of any list parameter (``INTS``), so the SQL always matches.
A read whose stand-ins are not all found in the SQL refuses to compile: a value Django folds into the
SQL text would otherwise be frozen at its first value.

On SQLite the statement is also turned into the driver's ``?`` placeholders once (Django's cursor
does it with a regular expression on every execution: about 40 µs of a story page's reads), with
the values that never change (a status, an empty string, a JSON path) written into it as SQLite's
``QUOTE()`` writes them, so each call adapts and binds only its own values.
The rows are then fetched through the driver's own cursor, inside Django's error wrapping, unless
something watches the queries (``assertNumQueries``, debug logging, execute wrappers), which then
sees them through Django's cursor as usual.
"""

import copy
import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.utils import translation

TEXT, INT, INTS, MOMENT = "text", "int", "ints", "moment"
_SENTINEL_TEXT = "\x1egz-prepared-{}\x1e"
_SENTINEL_INT = -7_000_000_000
_SENTINEL_MOMENT = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)
_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")  # django/db/backends/sqlite3/base.py's FORMAT_QMARK_REGEX
MAX_PLANS = 64  # per read: languages x list lengths x windows


class PreparedRead:
    """A read compiled once per (database, language, list lengths); call it with fresh values."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: str):
        self.build, self.kinds = build, kinds
        self._plans: dict[tuple, tuple] = {}

    def __call__(self, *values, window: tuple[int, int] | None = None, prefetch: Sequence = ()) -> list:
        """Run the read with ``values`` (one per kind given).

        ``window`` is a slice (start, stop) of the rows, compiled into the SQL as Django does (so
        each window has its own plan); ``prefetch`` is passed to ``prefetch_related``.
        """
        lengths = tuple(len(value) for value, kind in zip(values, self.kinds, strict=True) if kind == INTS)
        key = (translation.get_language(), lengths, window)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= MAX_PLANS:  # deep pages of a list each have a window of their own
                self._plans.clear()
            plan = self._plans[key] = self._compile(lengths, window)
        template, compiler, sql, (qmark_sql, qmark_slots), slots, rows_to_objects = plan
        connection = connections[compiler.using]  # this thread's connection, not the compiling one's
        flat = _flatten(values, self.kinds)
        plain = rows_to_objects is not None and not prefetch
        if plain and qmark_sql is not None and _unwatched(connection):
            params = tuple(_adapt(flat[slot], kind, connection) for slot, kind in qmark_slots)
            return rows_to_objects(_fetch_unwatched(connection, qmark_sql, params), connection)
        params = tuple(
            fixed if slot is None else _adapt(flat[slot], kind, connection) for slot, kind, fixed in slots
        )
        if plain:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return rows_to_objects(cursor.fetchall(), connection)
        run = copy.copy(compiler)
        run.connection = connection
        run.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = template.prefetch_related(*prefetch) if prefetch else template._chain()
        # The queryset is iterated here and never handed out: a filter on it would keep this SQL.
        queryset.query.get_compiler = lambda *args, **kwargs: run
        return list(queryset)

    def _compile(self, lengths: tuple[int, ...], window: tuple[int, int] | None) -> tuple:
        stand_ins, flat_kinds = [], []
        counter = iter(range(1_000_000))
        list_lengths = iter(lengths)
        for kind in self.kinds:
            if kind == INTS:
                items = [_sentinel(INT, next(counter)) for _ in range(next(list_lengths))]
                stand_ins.append(items)
                flat_kinds += [INT] * len(items)
            else:
                stand_ins.append(_sentinel(kind, next(counter)))
                flat_kinds.append(kind)
        template = self.build(*stand_ins)
        if window is not None:
            template = template[window[0] : window[1]]
        alias = template.db or router.db_for_read(template.model)
        compiler = template.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        connection = connections[alias]
        flat = zip(_flatten(stand_ins, self.kinds), flat_kinds, strict=True)
        adapted = {_key(_adapt(value, kind, connection)): index for index, (value, kind) in enumerate(flat)}
        slots, found = [], set()
        for param in params:
            index = adapted.get(_key(param))
            found.add(index)
            slots.append((index, flat_kinds[index] if index is not None else None, param))
        missing = set(adapted.values()) - found
        if missing:
            raise ValueError(f"PreparedRead: parameters {sorted(missing)} were not found in the SQL: {sql}")
        rows = _rows_to_objects(template, compiler) or _rows_to_tuples(template, compiler)
        return template, compiler, sql, _qmark(connection, sql, slots), slots, rows


def _qmark(connection, sql: str, slots: list) -> tuple[str | None, list]:
    """The statement in the SQLite driver's ``?`` placeholders, with the values that never change
    (``slots`` without a stand-in) written into it as SQLite quotes them; the slots left to fill."""
    if connection.vendor != "sqlite":
        return None, []
    parts = _FORMAT_PLACEHOLDER.split(sql)  # how Django's SQLite cursor finds them
    with connection.cursor() as cursor:
        quote = cursor.cursor.connection.execute
        out, left = [parts[0]], []
        for (index, kind, fixed), part in zip(slots, parts[1:], strict=True):
            if index is None:
                out.append(quote("SELECT QUOTE(?)", (fixed,)).fetchone()[0])
            else:
                out.append("?")
                left.append((index, kind))
            out.append(part)
    return "".join(piece if n % 2 else piece.replace("%%", "%") for n, piece in enumerate(out)), left


def _unwatched(connection) -> bool:
    """True if nothing watches this connection's queries (see the module's docstring)."""
    return not (connection.queries_logged or connection.execute_wrappers)


def _fetch_unwatched(connection, qmark_sql: str, params: tuple) -> list:
    """Run the driver's form of the statement on the driver's cursor, as Django's cursor would."""
    with connection.cursor() as cursor:
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            driver_cursor = cursor.cursor
            sqlite3.Cursor.execute(driver_cursor, qmark_sql, params)
            return driver_cursor.fetchall()


def _rows_to_tuples(template: QuerySet, compiler):
    """For a ``values_list`` read: its rows as tuples, with Django's converters found once, or None.

    Build such a read with modeltranslation's ``rewrite(False)`` and the columns named in full:
    its values iterables would turn every row into a dict and back.
    """
    if template._iterable_class is not ValuesListIterable or compiler.has_extra_select:
        return None
    columns = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = list(compiler.get_converters(columns).items())

    def rows_to_tuples(rows, connection) -> list[tuple]:
        if not converters:
            return [tuple(row) for row in rows]
        return [tuple(_converted(row, converters, connection)) for row in rows]

    return rows_to_tuples


def _rows_to_objects(template: QuerySet, compiler):
    """Django's ModelIterable, with what it works out per query worked out once, or None.

    Iterating a queryset clones it, sets up the compiler, finds the converters and builds the
    select_related populators on every call: about 60 µs of a 75 µs read of one row. For a plain
    read (model instances, no prefetch, no known related objects) all of that depends only on the
    compiled query, so it is done here once; each call runs the SQL and turns rows into objects the
    way ModelIterable does, through ``from_db`` (and so every model's own ``from_db``).
    """
    if template._iterable_class is not ModelIterable or template._known_related_objects:
        return None
    if template._prefetch_related_lookups or compiler.has_composite_fields([s[0] for s in compiler.select]):
        return None
    select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model, alias = klass_info["model"], compiler.using
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    converters = list(compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items())
    width = compiler.col_count if compiler.has_extra_select else None

    def rows_to_objects(rows, connection) -> list:
        objects = []
        for row in rows:
            row = _converted(row[:width] if width else row, converters, connection)
            obj = model.from_db(alias, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in (annotations or {}).items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    return rows_to_objects


def _converted(row, converters, connection) -> list:
    """The row as a list, each column passed through its converters (what ``apply_converters`` does)."""
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row


def _sentinel(kind: str, number: int):
    if kind == TEXT:
        return _SENTINEL_TEXT.format(number)
    if kind == INT:
        return _SENTINEL_INT - number
    if kind == MOMENT:
        return _SENTINEL_MOMENT.replace(microsecond=number + 1)
    raise ValueError(f"unknown parameter kind {kind!r}")


def _flatten(values: Sequence, kinds: Sequence[str]) -> list:
    flat = []
    for value, kind in zip(values, kinds, strict=True):
        flat.extend(value) if kind == INTS else flat.append(value)
    return flat


def _adapt(value, kind: str, connection):
    if kind == MOMENT:
        return connection.ops.adapt_datetimefield_value(value)
    return int(value) if kind == INT else str(value)


def _key(param) -> tuple:
    return (type(param).__name__, str(param))
