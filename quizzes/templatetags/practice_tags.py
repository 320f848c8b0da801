"""The practice records a set page shows, and times as the Match clock reads them."""

from django import template

from quizzes.selectors import practice

register = template.Library()


@register.simple_tag
def practice_records(question_set, user) -> dict:
    """`{% practice_records question_set user as records %}`: the user's records by mode, in
    one query (the set page's view is shared; this keeps its additions in the template)."""
    if question_set.source_id is None or not user.is_authenticated:
        return {}
    return practice.best_times(user=user, question_set=question_set)


@register.filter
def seconds(milliseconds) -> str:
    """12345 → "12.3 s", as the Match clock shows a time."""
    if milliseconds is None:
        return ""
    return f"{milliseconds / 1000:.1f} s"


@register.filter
def get_record(mapping, key):
    """`records|get_record:mode`: a dict's value for a key, or None."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def right_count(verdicts) -> int:
    return sum(bool(verdict) for verdict in verdicts)
