"""Times as the Match clock reads them, and the small lookups of the practice pages."""

from django import template

register = template.Library()


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
