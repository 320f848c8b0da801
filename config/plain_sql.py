"""Model instances from plain SQL rows, for the statements of the hottest requests.

The token login's and the study endpoints' statements are written once as SQL beside the
models they read (docs/performance.md, "The study endpoints' Python"): building and
compiling the same ORM query on every request cost more Python than PostgreSQL spent
answering it. These helpers keep such SQL in step with the models: the column list comes
from the model's fields, and a row becomes an instance as the ORM would make it (its
fields' conversions, such as JSON, applied). And `execute_prepared` sends each of them as a
prepared statement where the database session is ours: PostgreSQL then plans it once per
connection instead of on every request, which was most of its time for the study counts.
"""

import datetime as dt
import functools
import hashlib
import itertools
import re

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.backends.signals import connection_created
from django.dispatch import receiver


def column_list(model: type[models.Model], alias: str) -> str:
    """`alias.column, …` of the model's concrete fields, in the order `from_row` reads them."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


@functools.cache
def _conversions(model: type[models.Model]) -> tuple[tuple[int, models.Field], ...]:
    return tuple(
        (position, field)
        for position, field in enumerate(model._meta.concrete_fields)
        if hasattr(field, "from_db_value")
    )


def from_row(model: type[models.Model], row, *, connection):
    """The instance of `model` whose concrete fields are `row`'s values (`column_list`'s order),
    as loaded by the ORM from `connection`'s database; None for the NULLs of an outer join."""
    values = list(row)
    if values[0] is None:
        return None
    for position, field in _conversions(model):
        values[position] = field.from_db_value(values[position], field, connection)
    return model.from_db(connection.alias, None, values)


def field_count(model: type[models.Model]) -> int:
    return len(model._meta.concrete_fields)


# Prepared statements (PREPARE / EXECUTE): each hot statement is parsed and planned once per
# database session, not on every request. Planning was most of PostgreSQL's time for the
# study counts: 1.25 ms a time against 0.34 ms prepared (pgbench, docs/performance.md).


def session_is_ours(connection) -> bool:
    """Whether the connection's server session stays ours from one transaction to the next,
    so that what it prepares is there next time: on PostgreSQL, except behind PgBouncer in
    transaction mode (DATABASE_POOLED, which also turns off server-side cursors)."""
    return connection.vendor == "postgresql" and not connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"]


_PLACEHOLDER = re.compile(r"%[s%]")
# Each prepared statement holds its plan in the server session's memory. The hot path has
# about a dozen; the compiled querysets (below) one per shape, and a shape can follow a
# request (`?page=`): past this many, a session sends the others as they are, so no client
# can grow a server process's memory by asking for page after page.
MAX_PREPARED_PER_SESSION = 100


@functools.lru_cache(maxsize=512)  # bounded: a compiled shape can follow a request (`?page=`)
def _prepared(sql: str) -> tuple[str, str]:
    """The PREPARE of a statement written with Django's placeholders, and the EXECUTE that
    runs it with them; its name comes from its text, the same in every process."""
    count = 0

    def numbered(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    body = _PLACEHOLDER.sub(numbered, sql)
    name = "hot_" + hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()
    arguments = f" ({', '.join(['%s'] * count)})" if count else ""
    return f"PREPARE {name} AS {body}", f"EXECUTE {name}{arguments}"


def execute_prepared(cursor, sql: str, parameters) -> None:
    """cursor.execute(sql, parameters), as a statement prepared once per session where
    session_is_ours. The PREPARE goes to the driver's own cursor: it is the session's
    set-up, like a SET, and not one of the request's queries that the tests count."""
    connection = cursor.db
    if not session_is_ours(connection):
        cursor.execute(sql, parameters)
        return
    prepare, run = _prepared(sql)
    prepared = connection.__dict__.setdefault("prepared_statements", set())
    if prepare not in prepared:
        if len(prepared) >= MAX_PREPARED_PER_SESSION:
            cursor.execute(sql, parameters)
            return
        with connection.wrap_database_errors:
            cursor.cursor.execute(prepare)
        # Kept through a rollback: a prepared statement belongs to the session, not the transaction.
        prepared.add(prepare)
    cursor.execute(run, parameters)


@receiver(connection_created)
def forget_prepared_statements(sender, connection, **kwargs) -> None:
    """A new session has prepared nothing yet."""
    connection.prepared_statements = set()


# Querysets compiled once. The ORM builds and compiles a queryset anew on every request;
# for a page of a dozen queries (the dashboard) that was most of its CPU. compiled_rows
# compiles the queryset once per shape, with stand-ins where each request's ids go, and
# keeps the ORM the one place where each query's rules are written.
_STAND_IN = -1_000_000_000  # stand-in ids count down from here: no real id is negative
_STAND_IN_MOMENT = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)  # and moments count up from here


def _kind(value) -> str | int:
    """ "id", "moment", or the length of a list of ids."""
    if isinstance(value, dt.datetime):
        return "moment"
    if isinstance(value, int):
        return "id"
    if isinstance(value, list | tuple):
        return len(value)
    raise TypeError(f"Not an id, a list of ids or a moment: {value!r}")


def _flat(values, kinds: tuple) -> list:
    flat = []
    for value, (_, kind) in zip(values, kinds, strict=True):
        flat += list(value) if isinstance(kind, int) else [value]
    return flat


def _as_parameter(value, connection):
    """A value as the compiled parameters hold it (a moment adapted for the database)."""
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, dt.datetime) else value


@functools.lru_cache(maxsize=512)
def _compiled(build, database: str, shape: tuple, kinds: tuple) -> tuple[str, tuple, tuple]:
    numbers = itertools.count()
    made = {}
    for name, kind in kinds:
        if kind == "moment":
            made[name] = _STAND_IN_MOMENT + dt.timedelta(microseconds=next(numbers))
        elif kind == "id":
            made[name] = _STAND_IN - next(numbers)
        else:
            made[name] = [_STAND_IN - next(numbers) for _ in range(kind)]
    queryset = build(**dict(shape), **made)
    sql, parameters = queryset.query.get_compiler(database).as_sql()
    connection = connections[database]
    stand_ins = [_as_parameter(value, connection) for value in _flat(made.values(), kinds)]
    return sql, tuple(parameters), tuple(stand_ins)


def compiled_statement(build, *, database: str, shape: dict | None = None, **values) -> tuple[str, list]:
    """The SQL and parameters of `build(**shape, **values)`, a queryset compiled once per
    process for each `shape` (the arguments that change the SQL: a flag, a page) and each
    length of the lists among `values`. `values` are ids, lists of ids or moments, used by
    `build` only as filter values, so that stand-ins can take their place while it is
    compiled; here they take the stand-ins' place."""
    kinds = tuple((name, _kind(value)) for name, value in values.items())
    sql, parameters, stand_ins = _compiled(build, database, tuple(sorted((shape or {}).items())), kinds)
    connection = connections[database]
    actual = [_as_parameter(value, connection) for value in _flat(values.values(), kinds)]
    by_stand_in = dict(zip(stand_ins, actual, strict=True))
    return sql, [
        by_stand_in.get(value, value) if type(value) in (int, str, dt.datetime) else value
        for value in parameters
    ]


def compiled_rows(build, *, database: str, shape: dict | None = None, **values) -> list[tuple]:
    """The rows of a values_list queryset compiled once (compiled_statement), sent as a
    prepared statement. (A filter on an empty list of ids selects nothing, without a query.)"""
    try:
        sql, parameters = compiled_statement(build, database=database, shape=shape, **values)
    except EmptyResultSet:
        return []
    with connections[database].cursor() as cursor:
        execute_prepared(cursor, sql, parameters)
        return cursor.fetchall()
