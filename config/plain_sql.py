"""Model instances from plain SQL rows, for the statements of the hottest requests.

The token login's and the study endpoints' statements are written once as SQL beside the
models they read (docs/performance.md, "The study endpoints' Python"): building and
compiling the same ORM query on every request cost more Python than PostgreSQL spent
answering it. These helpers keep such SQL in step with the models: the column list comes
from the model's fields, and a row becomes an instance as the ORM would make it (its
fields' conversions, such as JSON, applied).
"""

import functools

from django.db import models


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
