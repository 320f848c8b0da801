"""Decide whether a learner's answer to a quiz question is right.

Pure Python (the standard library and quizzes.dates, no Django) so it is fast and can be tested on its
own. The quiz is about dates, people and places written in Latin, Cyrillic and
Persian/Arabic script, so names are compared after a normalization that forgives
case, accents, harakat, letter variants, punctuation and spacing, and dates are
compared as dates at the precision the question asks for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from quizzes.dates import MONTH_NAMES, PartialDate

QUESTION_TYPES = ("choice", "text", "true_false", "order", "match")
LIST_ANSWER_TYPES = ("order", "match")  # the answer lists choices: in order, or one per item
MAX_ANSWER_LENGTH = 1000
MAX_ORDER_ITEMS = 50


_TATWEEL = "\u0640"
# Apostrophe-like modifier letters used in transliterations ("ʿAyn al-Dawla", "Izvolʹskii").
_APOSTROPHE_LETTERS = frozenset("\u02b9\u02ba\u02bb\u02bc\u02bd\u02be\u02bf")
# Arabic letters that Persian writes differently; learners type either depending on keyboard.
_LETTER_VARIANTS = {
    "\u064a": "\u06cc",  # ي Arabic yeh -> ی Persian yeh
    "\u0649": "\u06cc",  # ى alef maksura -> ی
    "\u0643": "\u06a9",  # ك Arabic kaf -> ک Persian keheh
    "\u0629": "\u0647",  # ة teh marbuta -> ه heh
    "\u06be": "\u0647",  # ھ heh doachashmee -> ه
}

_BOOL_WORDS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


def normalize_text(text: str) -> str:
    """Reduce text to the form learners' answers are compared in.

    NFKC and casefold, then drop what a learner cannot be expected to type the same way:
    combining marks (accents, harakat), format characters (ZWNJ, ZWJ, ZWSP, marks),
    tatweel; unify Arabic/Persian letter variants, turn every script's digits into ASCII
    and punctuation, symbols and control characters into spaces; collapse whitespace.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    chars = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category in ("Mn", "Cf") or char == _TATWEEL:
            continue
        if category == "Nd":
            chars.append(str(unicodedata.decimal(char)))
        elif category[0] in "PSZ" or category == "Cc" or char in _APOSTROPHE_LETTERS:
            chars.append(" ")
        else:
            chars.append(_LETTER_VARIANTS.get(char, char))
    return unicodedata.normalize("NFC", " ".join("".join(chars).split()))


def _text_key(text: object) -> str:
    """The comparison key: normalized text without spaces, as spacing is forgiven
    ("Sattar Khan" == "sattarkhan", "محمدعلی" == "محمد علی"). Empty for non-strings."""
    if not isinstance(text, str):
        return ""
    return normalize_text(text).replace(" ", "")


_RUSSIAN_MONTHS = (
    ("январь", "января"), ("февраль", "февраля"), ("март", "марта"), ("апрель", "апреля"),
    ("май", "мая"), ("июнь", "июня"), ("июль", "июля"), ("август", "августа"),
    ("сентябрь", "сентября"), ("октябрь", "октября"), ("ноябрь", "ноября"),
    ("декабрь", "декабря"),
)  # fmt: skip


# The Gregorian months as Persian writes them ("۲۰ آوریل ۱۹۰۹"), with common variants.
_PERSIAN_MONTHS = (
    ("ژانویه",), ("فوریه",), ("مارس",), ("آوریل",), ("مه", "می"), ("ژوئن",),
    ("ژوئیه", "جولای"), ("اوت", "آگوست"), ("سپتامبر",), ("اکتبر",), ("نوامبر",), ("دسامبر",),
)  # fmt: skip


def _month_words() -> dict[str, int]:
    """Month names learners write, keyed in normalized form ("май" normalizes to "маи")."""
    words: dict[str, int] = {"sept": 9}
    months = zip(MONTH_NAMES[1:], _RUSSIAN_MONTHS, _PERSIAN_MONTHS, strict=True)
    for number, (english, russian, persian) in enumerate(months, start=1):
        for word in (english, english[:3], *russian, *persian):
            words[normalize_text(word)] = number
    return words


_MONTH_WORDS = _month_words()
# Words that may surround a date without changing it: "the 20th of April", "1909 AD",
# Russian "20-го апреля 1909 г." / "1909 года".
_FILLER_WORDS = frozenset({"the", "of", "ad", "ce", "го", "г", "год", "года"})
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")
# Token kinds: Y year (3-4 digits), N number (1-2 digits), O ordinal ("20th"), M month name.
# Each accepted sequence of kinds maps to what each token means: d day, m month, y year.
# Numbers are day first ("20/04/1909"); a 4-digit first number means ISO ("1909-04-20").
_DATE_FORMS = {
    "Y": "y",
    "MY": "my", "NY": "my", "YN": "ym",
    "NMY": "dmy", "OMY": "dmy", "MNY": "mdy", "MOY": "mdy", "NNY": "dmy", "YNN": "ymd",
}  # fmt: skip


def _date_token(token: str) -> tuple[str, int] | None:
    """Classify one normalized token as (kind, value); None if it cannot be part of a date."""
    if token.isascii() and token.isdigit():
        if len(token) <= 2:
            return "N", int(token)
        return ("Y", int(token)) if len(token) <= 4 else None
    if ordinal := _ORDINAL.fullmatch(token):
        return "O", int(ordinal.group(1))
    if token in _MONTH_WORDS:
        return "M", _MONTH_WORDS[token]
    return None


def parse_date(text: str) -> PartialDate | None:
    """Read a date written in a common English, Russian or numeric form; None if it is
    not a date or not a real one.

    Case, surrounding punctuation and Persian/Arabic-Indic digits are forgiven, since
    they do not change which date the learner meant.
    """
    if not isinstance(text, str) or len(text) > MAX_ANSWER_LENGTH:
        return None
    kinds, values = "", []
    for token in normalize_text(text).split():
        if token in _FILLER_WORDS:
            continue
        classified = _date_token(token)
        if classified is None:
            return None
        kinds += classified[0]
        values.append(classified[1])
    roles = _DATE_FORMS.get(kinds)
    if roles is None:
        return None
    parts = dict(zip(roles, values, strict=True))
    try:
        return PartialDate(parts["y"], parts.get("m"), parts.get("d"))
    except ValueError:
        return None


def _as_bool(value: object) -> bool | None:
    """A true/false answer as a bool, from a bool or a word like "yes" or "F"; else None.
    Ints are refused on purpose: 1 is not a way to say true in the API."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _BOOL_WORDS.get(value.strip().casefold())
    return None


def _check_question_type(question_type: object) -> None:
    """An unknown question type is a programming error, not a wrong answer: fail loudly."""
    if question_type not in QUESTION_TYPES:
        raise ValueError(f"unknown question type: {question_type!r}")


def _not_text_error(given: str) -> str | None:
    """A NUL or a lone surrogate is no character anyone types, and PostgreSQL cannot store it."""
    if "\x00" in given:
        return "answer holds a NUL character"
    if any("\ud800" <= char <= "\udfff" for char in given):
        return "answer holds a lone surrogate, which is not a character"
    return None


def _text_shape_error(given: object) -> str | None:
    if not isinstance(given, str):
        return "expected a string"
    if len(given) > MAX_ANSWER_LENGTH:
        return f"answer is too long (at most {MAX_ANSWER_LENGTH} characters)"
    if not given.strip():
        return "answer is empty"
    return _not_text_error(given)


def answer_shape_error(given: object, *, question_type: str) -> str | None:
    """Why the answer has the wrong shape for the question type, or None if it is fine.

    The API returns 400 with this reason: a wrongly shaped answer is a client error, not
    a wrong answer. Raises ValueError for an unknown question type.
    """
    _check_question_type(question_type)
    if question_type == "true_false":
        return None if _as_bool(given) is not None else "expected true or false"
    if question_type in LIST_ANSWER_TYPES:
        if not isinstance(given, list) or not all(isinstance(item, str) for item in given):
            article = "an" if question_type == "order" else "a"
            return f"expected a list of strings for {article} {question_type} question"
        if len(given) > MAX_ORDER_ITEMS:
            return f"too many items (at most {MAX_ORDER_ITEMS})"
        if any(len(item) > MAX_ANSWER_LENGTH for item in given):
            return f"an item is too long (at most {MAX_ANSWER_LENGTH} characters)"
        return next(filter(None, map(_not_text_error, given)), None)
    return _text_shape_error(given)


def _right_answers(answer: object, accepted_answers: object) -> list[object]:
    """The canonical answer and its accepted alternatives. A lone string is one
    alternative, not a sequence of one-letter answers; None means there are none."""
    if isinstance(accepted_answers, str):
        return [answer, accepted_answers]
    if isinstance(accepted_answers, Iterable):
        return [answer, *accepted_answers]
    return [answer]


def _matches_text(given: str, right_answers: list[object]) -> bool:
    key = _text_key(given)
    return bool(key) and any(key == _text_key(right) for right in right_answers)


def _matches_date(given: str, right_answers: list[object]) -> bool:
    given_date = parse_date(given)
    if given_date is None:
        return False
    right_dates = (parse_date(right) for right in right_answers)
    return any(right is not None and given_date.falls_within(right) for right in right_dates)


def _matches_order(given: list[str], answer: object) -> bool:
    if not isinstance(answer, (list, tuple)) or len(given) != len(answer) or not answer:
        return False
    keys = [_text_key(item) for item in given]
    return all(key and key == _text_key(right) for key, right in zip(keys, answer, strict=True))


def is_correct(
    given: object,
    *,
    question_type: str,
    kind: str,
    answer: object,
    accepted_answers: Iterable[object] | None = (),
) -> bool:
    """Whether the learner's answer is right. Never raises for an odd answer (None, an
    int, a dict, a wrongly shaped value): that is simply not right.

    kind is what the answer is ("date", "person", "place", ...); only "date" changes the
    rule: dates are compared as dates at the precision asked for, or finer.
    """
    if answer_shape_error(given, question_type=question_type) is not None:
        return False
    if question_type == "true_false":
        right = _as_bool(answer)  # a text column may store the answer as "true"
        return right is not None and _as_bool(given) == right
    if question_type in LIST_ANSWER_TYPES:
        return _matches_order(given, answer)
    right_answers = _right_answers(answer, accepted_answers)
    if kind == "date":
        if question_type == "choice" and _matches_text(given, right_answers):
            return True
        return _matches_date(given, right_answers)
    return _matches_text(given, right_answers)


def readable_answer(value: object, items: list[str] | None = None) -> str:
    """An answer as a person reads it: true/false in words, an order as a numbered list,
    a match (given its items) as each item with its choice."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list) and items and len(items) == len(value):
        return "; ".join(f"{item} → {choice}" for item, choice in zip(items, value, strict=True))
    if isinstance(value, list):
        return "; ".join(f"{number}. {item}" for number, item in enumerate(value, start=1))
    return "" if value is None else str(value)
