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

import functools
import hashlib
import re

from django.db import models
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


@functools.cache
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
        with connection.wrap_database_errors:
            cursor.cursor.execute(prepare)
        # Kept through a rollback: a prepared statement belongs to the session, not the transaction.
        prepared.add(prepare)
    cursor.execute(run, parameters)


@receiver(connection_created)
def forget_prepared_statements(sender, connection, **kwargs) -> None:
    """A new session has prepared nothing yet."""
    connection.prepared_statements = set()
