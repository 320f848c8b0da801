"""Small display filters for answers and intervals."""

import datetime as dt

from django import template

from quizzes.forms import QUESTION_TYPE_NAMES

register = template.Library()


@register.filter
def as_answer(value) -> str:
    """An answer as a person reads it: true/false in words, an order as a numbered list."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list):
        return "; ".join(f"{number}. {item}" for number, item in enumerate(value, start=1))
    return "" if value is None else str(value)


@register.filter
def interval(value: dt.timedelta) -> str:
    """An interval as Anki labels its buttons: <1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = value.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


@register.filter
def position_of(saved, item) -> int | str:
    """The 1-based place of `item` in a saved order answer (a list in order), or in the
    places chosen on a form refused for its error (item -> place); "" when there is none."""
    if isinstance(saved, list) and item in saved:
        return saved.index(item) + 1
    if isinstance(saved, dict) and str(saved.get(item, "")).isdigit():
        return int(saved[item])
    return ""


@register.filter
def type_name(question_type: str) -> str:
    """A question type as the teacher pages name it ("Multiple choice", "Put in order")."""
    return QUESTION_TYPE_NAMES.get(question_type, question_type)
