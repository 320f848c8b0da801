"""Small display filters for answers and intervals."""

import datetime as dt

from django import template

from quizzes.answers import readable_answer

register = template.Library()


@register.filter
def as_answer(value) -> str:
    return readable_answer(value)


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
