"""The API's JSON parser: DRF's, with a bound on nesting.

Nothing the API takes nests deeper than a few levels; a body of ten thousand `[` would
otherwise overflow Python's recursion limit in the parser or the serializers (a 500).
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - nested more than {MAX_DEPTH} levels deep."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if nesting_depth(parsed) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return parsed


def nesting_depth(value) -> int:
    """How deep lists and objects nest (a scalar is 0), counted without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest
