"""JSON from clients: DRF's parser for the API, and the same checks for JSON a page's form
carries (the study page's hidden answer), so neither can end in a 500.

- Nesting is bounded: nothing the service takes nests deeper than a few levels, and a
  body of ten thousand `[` would overflow Python's recursion limit in the parser or the
  serializers.
- A lone surrogate (`"\\ud800"`) is refused: JSON lets a string spell one, but it is not a
  character, and encoding it for PostgreSQL fails.
NUL characters are refused by the fields that store text (DRF's CharField, the answer
checker), so the 400 can name the field.
"""

import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - nested more than {MAX_DEPTH} levels deep."
LONE_SURROGATE = (
    "JSON parse error - a string holds a lone surrogate (such as \\ud800), which is not a character."
)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if problem := unusable_json(parsed):
            reason, field = problem
            # Named like a field error where it is in one, so the client sees where.
            raise ParseError({field: [reason]} if field is not None else reason)
        return parsed


def parse_client_json(text: str):
    """JSON text a page's form sent back, checked as the API's bodies are; ValueError if unusable."""
    try:
        parsed = json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None
    if problem := unusable_json(parsed):
        raise ValueError(problem[0])
    return parsed


def unusable_json(value) -> tuple[str, str | None] | None:
    """Why a parsed JSON value cannot be taken (too deep, a lone surrogate) and the top-level
    field it is in (None if not in one), or None. Walked without recursion, keys included."""
    pending = [(value, 0, None)]
    while pending:
        item, depth, field = pending.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return LONE_SURROGATE, field
            continue
        if isinstance(item, dict):
            children = [(child, key if depth == 0 else field) for key, child in item.items()]
            children += [(key, None if depth == 0 else field) for key in item]
        elif isinstance(item, list):
            children = [(child, field) for child in item]
        else:
            continue
        if depth + 1 > MAX_DEPTH:
            return TOO_DEEP, None
        pending.extend((child, depth + 1, child_field) for child, child_field in children)
    return None


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
