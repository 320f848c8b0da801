"""Small display filters for answers and intervals."""

import datetime as dt

from django import template
from django.utils.timesince import timeuntil

from quizzes.answers import readable_answer

register = template.Library()


@register.filter
def as_answer(value, items=None) -> str:
    """`answer|as_answer:question.items`: a match answer reads as its pairs."""
    return readable_answer(value, items)


@register.filter
def nth(values, index: int):
    """`saved|nth:0`: the first of a list (a match answer's pick for the first item), or None."""
    if isinstance(values, list) and 0 <= index < len(values):
        return values[index]
    return None


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
def time_until(value: dt.datetime, now: dt.datetime) -> str:
    """`next_due|time_until:now` in words, as Django's timeuntil ("34 minutes", "1 day, 3
    hours"), but "less than a minute" rather than "0 minutes" for the last minute."""
    if value - now < dt.timedelta(minutes=1):
        return "less than a minute"
    return timeuntil(value, now)


@register.filter
def position_of(saved, item) -> int | str:
    """The 1-based place of `item` in a saved order answer (a list in order), or in the
    places chosen on a form refused for its error (item -> place); "" when there is none."""
    if isinstance(saved, list) and item in saved:
        return saved.index(item) + 1
    if isinstance(saved, dict) and str(saved.get(item, "")).isdigit():
        return int(saved[item])
    return ""
