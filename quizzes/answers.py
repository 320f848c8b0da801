"""Decide whether a learner's answer to a quiz question is right.

Pure Python (the standard library, quizzes.dates and rapidfuzz's C edit distances, no
Django) so it is fast and can be tested on its own. The quiz is about dates, people and
places written in Latin, Cyrillic and Persian/Arabic script, so names are compared after a
normalization that forgives case, accents, harakat, letter variants, punctuation and
spacing, and dates are compared as dates at the precision the question asks for.

Given the other names the source knows (`rivals`), a typed name is also forgiven a slip,
a common transliteration, a title, or being a part that names only this person or place,
as long as what was typed is not as near to another name: see "Forgiving typed names".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from rapidfuzz import process
from rapidfuzz.distance import OSA

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


# --- Forgiving typed names ------------------------------------------------------------
#
# A typed person or place (question_type "text", kind "person" or "place") that is not
# right exactly is still right ("close") when, after the folds below, it is within the
# slips allowed of a right form, and no rival name, nor a word or run of words of one, is
# as near. The right forms are the answer and each accepted answer, and, when the rivals
# are known (non-empty), their parts that name only this person or place. Dates, other
# kinds, choices, true/false and lists are never forgiven anything but normalization.


class Verdict(StrEnum):
    """How an answer was judged: right as written (up to normalization), right with a
    slip, a transliteration, a title or a distinctive part ("close"), or wrong."""

    EXACT = "exact"
    CLOSE = "close"
    WRONG = "wrong"


FORGIVING_KINDS = ("person", "place")
# Slips allowed: none under MIN_SLIP_LETTERS letters, one from there, one more every
# LETTERS_PER_SLIP letters after (5-10 letters: 1, 11-16: 2, 17-22: 3), counted on the
# folded form being matched. A slip is one edit of optimal string alignment
# (Damerau-Levenshtein without repeated edits): a letter missing, extra, wrong, or two
# neighbours swapped ("Terhan" for "Tehran").
MIN_SLIP_LETTERS = 5
LETTERS_PER_SLIP = 6
# A part of a name shorter than this is never enough on its own ("Ali", "Arg").
MIN_PART_LETTERS = 4

# Titles and honorifics: optional when typed in front of a right answer ("General
# Yudenich"), and never enough on their own. A title that is part of a name ("Sattar
# Khan", "Ahmad Shah") may only be left out when what remains still names only this
# person, by the part rule (so "Sattar" is right, "Ahmad" is not: "Ahmad Moshir
# al-Saltaneh" is someone else).
TITLES = (
    "general", "colonel", "major", "adjutant", "admiral", "captain",
    "sardar", "mirza", "khan", "sir", "prince", "shah",
)  # fmt: skip
# Words that say what kind of place a name is: never enough on their own ("Bandar" is
# not Bandar Anzali, "Mosque" not Goharshad Mosque).
GENERIC_PLACE_WORDS = (
    "bandar", "port", "city", "province", "sea", "mosque", "shrine", "embassy",
    "legation", "consulate", "neighborhood", "neighbourhood",
)  # fmt: skip

# The phonetic key: rewrites of normalize_text output, on Latin letters only (Cyrillic and
# Persian are left as they are). Applied in this order, each to the whole text:
# 1. The Arabic article in its transliterations, as a word before another word of three
#    letters or more, becomes "al": ol, ul, el, the sun-letter forms ad/ed/od/ud, as/es/
#    os/us, ash/esh/osh/ush, at/et/ot/ut, az/ez/oz/uz, and a lone "o" ("Naser ol-Molk" =
#    "Naser al-Molk", "Mozaffar ad-Din", "Shoa O-Saltaneh" = "Shoa al-Saltaneh").
_ARTICLE = re.compile(r"(?<![^ \n])(?:[aeou][ldstz]|[aeou]sh|o)(?= [^ \n]{3})")
# 2. Letter groups written several ways: dzh/dj -> j (Dzhulfa, Djulfa), tch -> ch
#    (Yudenitch), x -> ks (Alexander, Aleksandr), kh -> h (Liakhov, Lyahov), gh and q -> g
#    (Qajar, Ghajar, Gajar; Eshghi, Eshqi), ck -> k, oo and ou -> u (Tous, Tus), ee -> i,
#    ehe -> eh (Teheran, Tehran).
_REWRITES = (
    ("dzh", "j"), ("dj", "j"), ("tch", "ch"), ("x", "ks"), ("kh", "h"), ("gh", "g"),
    ("q", "g"), ("ck", "k"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("ehe", "eh"),
)  # fmt: skip
# 3. c -> k but in ch (Nicolai, Nikolai).
_HARD_C = re.compile(r"c(?!h)")
# 4. aw, ow, au before a consonant or the end -> o (Dawlah, Dowleh, Daulah; Gowharshad).
_DIPHTHONG = re.compile(r"(?:aw|ow|au)(?![aeiouy])")
# 5. w -> v (Wladimir). 6. y inside a word -> i (Lyakhov, Heydar, Izvolsky, Nikolay).
_INNER_Y = re.compile(r"\By")
# 7. A word's final eh, ah or e -> a, the Persian silent he (Saltaneh, Saltana; Dowleh).
_FINAL_VOWEL = re.compile(r"(?:[ae]h|e)\b")
# 8. Doubled letters once (Sattar, Satar; Mashhad, Mashad; Izvolskii, Izvolski).
_DOUBLED = re.compile(r"([a-z])\1+")


def _fold(normalized: str) -> str:
    """The phonetic key of normalize_text output, one name a line."""
    text = _ARTICLE.sub("al", normalized)
    for old, new in _REWRITES:
        text = text.replace(old, new)
    text = _HARD_C.sub("k", text)
    text = _DIPHTHONG.sub("o", text).replace("w", "v")
    text = _INNER_Y.sub("i", text)
    text = _FINAL_VOWEL.sub("a", text)
    return _DOUBLED.sub(r"\1", text)


_FOLDED_TITLES = frozenset(_fold("\n".join(TITLES)).split("\n"))
_FOLDED_ARTICLE = "al"
_NOT_NAME_WORDS = _FOLDED_TITLES | frozenset(_fold("\n".join(GENERIC_PLACE_WORDS)).split("\n"))
# Words that cannot begin or end a part of a name ("al-Saltaneh", "consulate in").
_LINKING_WORDS = frozenset({_FOLDED_ARTICLE, "of", "in", "tha", "and"})
_TITLE_WORD = re.compile(rf"(?<![^ \n])(?:{'|'.join(sorted(_FOLDED_TITLES))})(?![^ \n])")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")
# ASCII punctuation, symbols and controls but the line break, as normalize_text treats them.
_ASCII_TO_SPACE = {code: " " for code in range(128) if not chr(code).isalnum() and code != 10}
_SPACES = re.compile(r"  +")
_EDGE_SPACES = re.compile(r"^ | $", re.MULTILINE)
_NAME_BREAK = "\ue000"  # a private-use character: normalize_text keeps it as it is
_NAME_BREAKS = re.compile(rf" ?{_NAME_BREAK} ?")
_MAX_RUN_WORDS = 4  # rivals' runs of words compared with what was typed, besides whole names


def _normalized_lines(texts: list[str]) -> str:
    """normalize_text of each text, one a line; all-ASCII texts on a fast path that gives
    the same result (lowercase, every other character a space, spaces collapsed)."""
    ascii_texts = [text for text in texts if text.isascii()]
    other_texts = [text for text in texts if not text.isascii()]
    lines = []
    if ascii_texts:
        text = "\n".join(ascii_texts).lower().translate(_ASCII_TO_SPACE)
        lines.append(_EDGE_SPACES.sub("", _SPACES.sub(" ", text)))
    if other_texts:
        lines.append(_NAME_BREAKS.sub("\n", normalize_text(_NAME_BREAK.join(other_texts))))
    return "\n".join(lines)


def _slips_allowed(letters: int) -> int:
    return 0 if letters < MIN_SLIP_LETTERS else 1 + (letters - MIN_SLIP_LETTERS) // LETTERS_PER_SLIP


@dataclass(frozen=True)
class _Form:
    """A right way to write the answer: its key (folded, no spaces) and words."""

    key: str
    words: tuple[str, ...]
    is_part: bool  # a part or a title-less form: right only if no rival has its words


def _is_part_of_a_name(words: tuple[str, ...]) -> bool:
    return (
        words[0] not in _LINKING_WORDS
        and words[-1] not in _LINKING_WORDS
        and any(word not in _NOT_NAME_WORDS and word not in _LINKING_WORDS for word in words)
        and sum(map(len, words)) >= MIN_PART_LETTERS
    )


def _right_forms(folded_rights: list[str], *, with_parts: bool) -> list[_Form]:
    """The answer and accepted answers, and with_parts their title-less forms and runs of
    words that could name the person or place on their own (checked against rivals later)."""
    forms: dict[str, _Form] = {}
    for line in folded_rights:
        words = tuple(line.split())
        if not words:
            continue
        forms["".join(words)] = _Form("".join(words), words, is_part=False)
        if not with_parts:
            continue
        untitled = tuple(word for word in words if word not in _FOLDED_TITLES)
        for name in {words, untitled}:
            for start in range(len(name)):
                for end in range(start + 1, len(name) + 1):
                    run = name[start:end]
                    key = "".join(run)
                    if key not in forms and _is_part_of_a_name(run):
                        forms[key] = _Form(key, run, is_part=True)
    return list(forms.values())


def _given_variants(words: list[str], *, drop_titles: bool) -> list[str]:
    """Keys for what was typed: as typed, then without each leading title in turn."""
    variants = ["".join(words)]
    while drop_titles and len(words) > 1 and words[0] in _FOLDED_TITLES:
        words = words[1:]
        variants.append("".join(words))
    return variants


class _Rivals:
    """The rival names that could be confused with what was typed (those in its script),
    folded together as one text, one name a line, so the work is in C, not per name."""

    def __init__(self, rivals: list[str], given_normalized: str) -> None:
        latin = _ASCII_LETTER.search(given_normalized) is not None
        other = not given_normalized.isascii()
        texts = [
            text
            for text in rivals
            if (other and not text.isascii()) or (latin and _ASCII_LETTER.search(text))
        ]
        normalized = _normalized_lines(texts)
        self.exact_keys = set(normalized.replace(" ", "").split("\n"))
        folded = _fold(normalized)
        untitled = _EDGE_SPACES.sub("", _SPACES.sub(" ", _TITLE_WORD.sub("", folded)))
        # Each name padded with spaces, so " word run " is found only inside one name.
        self._haystack = " " + folded.replace("\n", " \n ") + " \n " + untitled.replace("\n", " \n ") + " "
        runs = [folded.replace(" ", ""), untitled.replace(" ", ""), folded.replace(" ", "\n")]
        for count in range(2, _MAX_RUN_WORDS + 1):
            found = re.findall(rf"(?<![^ \n])(?=((?:[^ \n]+ ){{{count - 1}}}[^ \n]+))", folded)
            runs.append("\n".join(found).replace(" ", ""))
        self._run_keys = "\n".join(runs)

    def share(self, words: tuple[str, ...]) -> bool:
        """Whether some rival name has these words, in this order, side by side."""
        return f" {' '.join(words)} " in self._haystack

    def as_near(self, key: str, distance: int, right_keys: set[str]) -> bool:
        """Whether a rival name, or a word or run of words of one, is within `distance` of
        key. Runs that are themselves a right form ("Tabriz" in "Ottoman consulate in
        Tabriz") do not count."""
        shortest, longest = max(1, len(key) - distance), len(key) + distance
        near_in_length = re.findall(rf"^.{{{shortest},{longest}}}$", self._run_keys, re.MULTILINE)
        candidates = [run for run in near_in_length if run not in right_keys]
        return process.extractOne(key, candidates, scorer=OSA.distance, score_cutoff=distance) is not None


def _forgiven(given: str, right_answers: list[object], rivals: list[str]) -> bool:
    """Whether a typed name that is not right exactly is right with a slip, a
    transliteration, a title or a distinctive part, and nearer to the answer than to any
    rival. The cheap checks against the answer come first: the rivals are folded only for
    an answer that is near a right form."""
    given_normalized = normalize_text(given)
    right_texts = [right for right in right_answers if isinstance(right, str)]
    folded = _fold("\n".join([given_normalized, *map(normalize_text, right_texts)])).split("\n")
    given_words = folded[0].split()
    if not given_words:
        return False
    forms = _right_forms(folded[1:], with_parts=bool(rivals))
    variants = _given_variants(given_words, drop_titles=True)
    near = []  # (variant, form, distance)
    for variant in variants:
        for form in forms:
            allowed = _slips_allowed(len(form.key))
            distance = OSA.distance(variant, form.key, score_cutoff=allowed)
            if distance <= allowed:
                near.append((variant, form, distance))
    if not near:
        return False
    others = _Rivals(rivals, given_normalized)
    if given_normalized.replace(" ", "") in others.exact_keys:
        return False  # another person's or place's name, whatever it is near
    near = [match for match in near if not (match[1].is_part and others.share(match[1].words))]
    right_keys = {form.key for form in forms}
    for variant in variants:
        distances = [distance for typed, _, distance in near if typed == variant]
        if not distances:
            continue
        best = min(distances)
        if not others.as_near(variant, best, right_keys) and not (
            variant != variants[0] and others.as_near(variants[0], best, right_keys)
        ):
            return True
    return False


def judge(
    given: object,
    *,
    question_type: str,
    kind: str,
    answer: object,
    accepted_answers: Iterable[object] | None = (),
    rivals: Iterable[str] | None = None,
) -> Verdict:
    """Whether the learner's answer is right exactly, close enough ("close"), or wrong.
    Never raises for an odd answer (None, an int, a dict, a wrongly shaped value): that is
    simply wrong. Raises ValueError for an unknown question type.

    kind is what the answer is ("date", "person", "place", ...). Dates are compared as
    dates at the precision asked for, or finer, and are exact or wrong.

    rivals are the other names the source knows (people, places and their aliases) that
    are not this question's answer. None, the default, checks as before rivals existed:
    exact up to normalization. An iterable, even an empty one, turns on forgiveness for a
    typed person or place (see "Forgiving typed names"); parts of a name are only accepted
    when the rivals are not empty, as only they tell which parts are distinctive.
    """
    if answer_shape_error(given, question_type=question_type) is not None:
        return Verdict.WRONG
    if question_type == "true_false":
        right = _as_bool(answer)  # a text column may store the answer as "true"
        return _verdict(right is not None and _as_bool(given) == right)
    if question_type in LIST_ANSWER_TYPES:
        return _verdict(_matches_order(given, answer))
    right_answers = _right_answers(answer, accepted_answers)
    if kind == "date":
        if question_type == "choice" and _matches_text(given, right_answers):
            return Verdict.EXACT
        return _verdict(_matches_date(given, right_answers))
    if _matches_text(given, right_answers):
        return Verdict.EXACT
    if rivals is None or question_type != "text" or kind not in FORGIVING_KINDS:
        return Verdict.WRONG
    rival_names = [name for name in rivals if isinstance(name, str)]
    return Verdict.CLOSE if _forgiven(given, right_answers, rival_names) else Verdict.WRONG


def _verdict(right: bool) -> Verdict:
    return Verdict.EXACT if right else Verdict.WRONG


def is_correct(
    given: object,
    *,
    question_type: str,
    kind: str,
    answer: object,
    accepted_answers: Iterable[object] | None = (),
    rivals: Iterable[str] | None = None,
) -> bool:
    """Whether the learner's answer is right: exactly or close enough (see judge). Never
    raises for an odd answer (None, an int, a dict, a wrongly shaped value): that is
    simply not right.

    kind is what the answer is ("date", "person", "place", ...); "date" compares dates as
    dates at the precision asked for, or finer. Without rivals (None) a text answer must
    match the answer or an accepted answer up to normalization, as it always has.
    """
    verdict = judge(
        given,
        question_type=question_type,
        kind=kind,
        answer=answer,
        accepted_answers=accepted_answers,
        rivals=rivals,
    )
    return verdict is not Verdict.WRONG


def nearest_answer(given: str, answer: str, accepted_answers: Iterable[object] | None = ()) -> str:
    """Of the answer and its accepted answers, the one written nearest to what was typed
    (on the phonetic key), to show a near miss against ("Izvolskii" against "Izvolsky",
    not "Alexander Izvolsky"). The answer itself on a tie or for odd input."""
    rights = [right for right in _right_answers(answer, accepted_answers) if isinstance(right, str)]
    if not isinstance(given, str) or not rights:
        return answer
    keys = _fold("\n".join(normalize_text(text) for text in [given, *rights])).replace(" ", "").split("\n")
    distances = [OSA.distance(keys[0], key) for key in keys[1:]]
    return rights[distances.index(min(distances))]


def answer_difference(given: str, answer: str) -> list[tuple[str, str]]:
    """What differs between a typed answer and the right one, as Anki's typed-answer
    comparison shows it: segments ("same", text), ("extra", text typed that the answer
    lacks) and ("missing", text of the answer not typed), in order. "same" and "missing"
    text is the answer's, "extra" the typed text; letter case is not a difference, and
    outer spaces are dropped. "Satar Khan" against "Sattar Khan":
    [("same", "Sa"), ("missing", "t"), ("same", "tar Khan")].
    """
    typed, right = given.strip(), answer.strip()
    matcher = SequenceMatcher(None, _caseless(typed), _caseless(right), autojunk=False)
    segments: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + text)
        elif text:
            segments.append((kind, text))

    for operation, typed_start, typed_end, right_start, right_end in matcher.get_opcodes():
        if operation == "equal":
            add("same", right[right_start:right_end])
            continue
        add("extra", typed[typed_start:typed_end])
        add("missing", right[right_start:right_end])
    return segments


def _caseless(text: str) -> list[str]:
    """Each character lowercased where that keeps it one character, so indexes still
    point into the text as written."""
    return [lower if len(lower := char.lower()) == 1 else char for char in text]


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
