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

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from rapidfuzz import process
from rapidfuzz.distance import OSA, LCSseq

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

# What normalize_text does to ASCII: uppercase to lowercase, and every character but
# letters, digits and the line break (bytes past ASCII are left alone) to a space.
_ASCII_NAMES = bytes(
    code + 32 if 65 <= code <= 90 else code if code >= 128 or code == 10 or chr(code).isalnum() else 32
    for code in range(256)
)
_BOOL_WORDS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}


def normalize_text(text: str) -> str:
    """Reduce text to the form learners' answers are compared in.

    NFKC and casefold, then drop what a learner cannot be expected to type the same way:
    combining marks (accents, harakat), format characters (ZWNJ, ZWJ, ZWSP, marks),
    tatweel; unify Arabic/Persian letter variants, turn every script's digits into ASCII
    and punctuation, symbols and control characters into spaces; collapse whitespace.
    """
    if text.isascii():  # the same result, quicker
        return " ".join(text.encode().translate(_ASCII_NAMES).decode().split())
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    table = {ord(char): _normalized_char(char) for char in set(decomposed)}
    return unicodedata.normalize("NFC", " ".join(decomposed.translate(table).split()))


def _normalized_char(char: str) -> str:
    """What normalize_text makes of one character of NFKC, casefolded, NFD text."""
    category = unicodedata.category(char)
    if category in ("Mn", "Cf") or char == _TATWEEL:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category[0] in "PSZ" or category == "Cc" or char in _APOSTROPHE_LETTERS:
        return " "
    return _LETTER_VARIANTS.get(char, char)


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
# right exactly is still right ("close") when its phonetic key (below) is within the slips
# allowed of the key of a right form, and no rival name, nor a word or run of words of one,
# is as near. The right forms are the answer and each accepted answer and, when the rivals
# are known (not empty), their parts that name only this person or place. Dates, other
# kinds, choices, true/false and lists are never forgiven more than normalization.
#
# The rivals are folded together as one UTF-8 text, one name a line and every word between
# spaces (b" sattar khan \n tabriz "), so the work is done in C by a few dozen passes of
# bytes.replace, translate and regular expressions over the text, not by a Python loop per
# name, and only for the names that can matter (see _Rivals).


class Verdict(StrEnum):
    """How an answer was judged: right as written (up to normalization), right with a
    slip, a transliteration, a title or a distinctive part ("close"), or wrong."""

    EXACT = "exact"
    CLOSE = "close"
    WRONG = "wrong"


FORGIVING_KINDS = ("person", "place")
# Slips allowed: none under MIN_SLIP_LETTERS letters, one from there, one more every
# LETTERS_PER_SLIP letters after (5-10 letters: 1, 11-16: 2, 17-22: 3), counted on the
# phonetic key of the form matched. A slip is one edit of the optimal string alignment
# distance (Damerau-Levenshtein without editing a substring twice): a letter missing,
# extra or wrong, or two neighbours swapped ("Terhan" for "Tehran").
MIN_SLIP_LETTERS = 5
LETTERS_PER_SLIP = 6
# A part of a name with fewer letters is never enough on its own ("Ali", "Arg").
MIN_PART_LETTERS = 4

# Titles and honorifics: optional when typed in front of a right answer ("General
# Yudenich"), and never enough on their own. One that is part of a name ("Sattar Khan",
# "Ahmad Shah") may be left out only where what remains still names only this person, by
# the part rule: "Sattar" is right, "Ahmad" is not ("Ahmad Moshir al-Saltaneh" is another).
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

# The phonetic key: normalize_text output with apostrophes dropped rather than spaced
# ("As'ad" = "Asad"), then these rewrites, in this order, of Latin letters only (Cyrillic
# and Persian are left as they are):
# 0. x -> ks (Alexander, Aleksandr).
# 1. The Arabic article as a word of its own becomes "al": el, ol, ul, the sun-letter
#    forms ad/ed/od/ud, as/es/os/us, ash/esh/osh/ush, at/et/ot/ut, az/ez/oz/uz and a lone
#    "o" ("Naser ol-Molk" = "Naser al-Molk", "Mozaffar ad-Din", "Shoa O-Saltaneh").
_ARTICLE = re.compile(rb" (?:[aeou](?:[ldstz]|sh)|o)(?= )")
# 2. Letter groups written several ways: dzh and dj -> j (Dzhulfa, Djulfa, Julfa), tch ->
#    ch (Yudenitch), kh -> h (Liakhov, Lyahov; Khan, Han), gh -> g, oo and ou -> u (Tous,
#    Tus), ee -> i, ehe -> eh (Teheran, Tehran), aw, ow and au -> o (Dawlah, Dowleh,
#    Daulah; Gowharshad).
# 3. q -> g (Qajar, Ghajar; Eshqi, Eshghi), w -> v (Wladimir), y -> i but at the start of
#    a word (Lyakhov, Liakhov; Izvolsky, Izvolskii; Heydar; Yudenich keeps its Y).
_REWRITES = (
    (b"dzh", b"j"), (b"dj", b"j"), (b"tch", b"ch"), (b"kh", b"h"), (b"gh", b"g"),
    (b"oo", b"u"), (b"ou", b"u"), (b"ee", b"i"), (b"ehe", b"eh"), (b"aw", b"o"),
    (b"ow", b"o"), (b"au", b"o"), (b" y", b" \x02"),
)  # fmt: skip
_LETTERS = bytes.maketrans(b"qwy\x02", b"gviy")
# 4. A word's final eh, ah or e -> a: the silent Persian he (Saltaneh, Saltana; Dowleh).
_WORD_ENDS = ((b"eh ", b"a "), (b"ah ", b"a "), (b"e ", b"a "))
# 5. A doubled letter once (Sattar, Satar; Mashhad, Mashad; Tabbriz; Izvolskii): see
#    _single_letters.

_APOSTROPHES = "'`\u00b4\u2018\u2019" + "".join(sorted(_APOSTROPHE_LETTERS))
_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_NAME_BREAK = "\ue000"  # a private-use character, which normalize_text keeps as it is
_MARKS_AND_APOSTROPHES = re.compile(f"[\u0300-\u036f{_APOSTROPHES}]")


def _name_lines(texts: list[str], *, for_ascii: bool = False) -> bytes:
    """normalize_text of each text, apostrophes dropped, as UTF-8: one a line, each word
    between spaces (more than one where punctuation stood by a space: see _single_spaces).
    All-ASCII texts take a fast path with the same result; for_ascii, when they are only
    to be compared with ASCII text, others take a quick one too: accents dropped (NFKD),
    and whatever is then not ASCII a space. The lines are not in the order of the texts."""
    ascii_texts = list(filter(str.isascii, texts))
    other_texts = list(itertools.filterfalse(str.isascii, texts)) if len(ascii_texts) < len(texts) else []
    if other_texts and for_ascii:
        decomposed = unicodedata.normalize("NFKD", "\n".join(other_texts).casefold())
        ascii_texts.append(_MARKS_AND_APOSTROPHES.sub("", decomposed).encode("ascii", "replace").decode())
    elif other_texts:
        normalized = normalize_text(_APOSTROPHE.sub("", _NAME_BREAK.join(other_texts)))
        ascii_texts.append(normalized.replace(_NAME_BREAK, "\n"))  # not ASCII, but normalized
    lines = "\n".join(ascii_texts).encode().translate(_ASCII_NAMES, b"'`")
    return b" " + lines.replace(b"\n", b" \n ") + b" "


def _single_spaces(lines: bytes) -> bytes:
    while b"  " in lines:
        lines = lines.replace(b"  ", b" ")
    return lines


def _fold(lines: bytes, *, single_letters: bool = True) -> bytes:
    """The phonetic key of _name_lines output (`single_letters=False`: doubled letters kept)."""
    lines = _ARTICLE.sub(b" al", lines.replace(b"x", b"ks"))
    for old, new in _REWRITES:
        lines = lines.replace(old, new)
    lines = lines.translate(_LETTERS)
    for old, new in _WORD_ENDS:
        lines = lines.replace(old, new)
    return _single_letters(lines) if single_letters else lines


def _single_letters(lines: bytes) -> bytes:
    """Each run of one Latin letter as one letter (b"sattar" -> b"satar"). The positions
    where a byte equals the next are the zero bytes of the text XOR itself shifted by one:
    quicker than a pass per letter."""
    same = (int.from_bytes(lines) ^ int.from_bytes(lines[1:] + b"\0")).to_bytes(len(lines))
    pieces, start = [], 0
    at = same.find(0)
    while at != -1:
        if 97 <= lines[at] <= 122:  # a-z: drop the letter after it
            pieces.append(lines[start : at + 1])
            start = at + 2
        at = same.find(0, at + 1)
    pieces.append(lines[start:])
    return b"".join(pieces)


def _folded_names(texts: list[str], *, single_letters: bool = True) -> list[str]:
    """The phonetic key of each text, in order, its words separated by single spaces."""
    lines = b"\n".join(_name_lines([text]) for text in texts)
    folded = _fold(_single_spaces(lines), single_letters=single_letters)
    return [line.strip() for line in folded.decode().split("\n")]


_FOLDED_TITLES = frozenset(_folded_names(list(TITLES)))
_NOT_NAME_WORDS = _FOLDED_TITLES | frozenset(_folded_names(list(GENERIC_PLACE_WORDS)))
# Words that cannot begin or end a part of a name ("al-Saltaneh", "consulate in").
_LINKING_WORDS = frozenset(_folded_names(["al", "of", "in", "the", "and"]))
_TITLE_WORD = re.compile(rb" (?:" + b"|".join(t.encode() for t in sorted(_FOLDED_TITLES)) + rb")(?= )")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")
_LONG_NAME = re.compile(rb"^ [^ \n]+(?: [^ \n]+){2,} $", re.MULTILINE)  # three words or more
# A name's skeleton: its Latin consonants, j as d (dj -> j), q as g, w as v, and its
# letters of other scripts, without vowels, y, l (the article's "al") and spaces. Every
# fold rule (x -> ks done first) only drops letters from it, and changes none into
# another: so what a name's skeleton lacks of a typed key's, fold cannot bring in.
_CLASSES = bytes.maketrans(b"jqw", b"dgv")
_NOT_CLASSES = b"aeiouyl "


def _skeletons(lines: bytes) -> str:
    """The skeleton of each line of _name_lines output, one a line. (UTF-8 never uses an
    ASCII byte within another character, so the bytes can be translated as they are.)"""
    return lines.translate(_CLASSES, _NOT_CLASSES).decode()


def _slips_allowed(letters: int) -> int:
    return 0 if letters < MIN_SLIP_LETTERS else 1 + (letters - MIN_SLIP_LETTERS) // LETTERS_PER_SLIP


def _distance_within(key: str, other: str, most: int) -> int | None:
    """The optimal string alignment distance between two keys if it is at most `most`."""
    distance = OSA.distance(key, other, score_cutoff=most)
    return distance if distance <= most else None


@dataclass(frozen=True)
class _Form:
    """A right way to write the answer: its phonetic key (no spaces) and words."""

    key: str
    words: tuple[str, ...]
    is_part: bool  # a part or a title-less form: right only if no rival has these words


def _is_part_of_a_name(words: tuple[str, ...]) -> bool:
    return (
        words[0] not in _LINKING_WORDS
        and words[-1] not in _LINKING_WORDS
        and any(word not in _NOT_NAME_WORDS and word not in _LINKING_WORDS for word in words)
        and sum(map(len, words)) >= MIN_PART_LETTERS
    )


def _right_forms(folded_rights: list[str], *, with_parts: bool) -> list[_Form]:
    """The answer and accepted answers and, with_parts, the runs of their words, with and
    without titles, that could name the person or place on their own."""
    forms: dict[str, _Form] = {}
    for line in folded_rights:
        words = tuple(line.split())
        if words:
            forms["".join(words)] = _Form("".join(words), words, is_part=False)
    if not with_parts:
        return list(forms.values())
    for line in folded_rights:
        words = tuple(line.split())
        untitled = tuple(word for word in words if word not in _FOLDED_TITLES)
        for name in (words, untitled):
            for start in range(len(name)):
                for end in range(start + 1, len(name) + 1):
                    run = name[start:end]
                    key = "".join(run)
                    if key not in forms and _is_part_of_a_name(run):
                        forms[key] = _Form(key, run, is_part=True)
    return list(forms.values())


def _typed_keys(words: list[str]) -> list[str]:
    """The keys of what was typed: as typed, then without each leading title in turn."""
    keys = ["".join(words)]
    while len(words) > 1 and words[0] in _FOLDED_TITLES:
        words = words[1:]
        keys.append("".join(words))
    return keys


class _Rivals:
    """The rival names that could be confused with what was typed, folded.

    Names in another script than the typed answer's are left out, as they are never
    within a slip of it (for a Latin answer, what is not Latin in them becomes spaces).
    Of the others, only the names whose skeleton (_CLASSES) has all but `slack` of the
    typed key's, in order, are folded: folding only drops letters from a skeleton, and
    each letter of the typed key's that a name's skeleton cannot match costs an edit, so
    no other name can be within `slack` of the typed key, nor hold a part that is.
    """

    def __init__(self, rivals: list[str], typed_normalized: str, typed_key: str, slack: int) -> None:
        if typed_normalized.isascii():
            normalized = _name_lines(rivals, for_ascii=True)
        elif _ASCII_LETTER.search(typed_normalized):
            normalized = _name_lines(rivals)  # mixed scripts: rare, and slow
        else:
            normalized = _name_lines(list(itertools.filterfalse(str.isascii, rivals)))
        self._exact = b"\n" + normalized.replace(b" ", b"") + b"\n"
        normalized = normalized.replace(b"x", b"ks")  # as _fold does, so skeletons shrink only
        skeleton = _skeletons(typed_key.encode())
        if len(skeleton) > slack:
            lines = normalized.split(b"\n")
            skeletons = _skeletons(normalized).split("\n")
            found = process.extract(
                skeleton, skeletons, scorer=LCSseq.similarity, score_cutoff=len(skeleton) - slack, limit=None
            )
            normalized = b"\n".join([lines[index] for _, _, index in found])
        folded = _fold(_single_spaces(normalized))
        untitled = _TITLE_WORD.sub(b"", folded)
        self._haystack = folded + b"\n" + untitled
        # Whole names, with and without titles, and every run of words of one.
        runs = self._haystack.replace(b" ", b"") + b"\n" + b"\n".join(folded.split())
        self._runs = set(runs.decode().split("\n"))
        for line in set(_LONG_NAME.findall(self._haystack)):
            words = line.decode().split()
            count = len(words)
            self._runs.update(
                [
                    "".join(words[start:end])
                    for start in range(count - 1)
                    for end in range(start + 2, count + 1)
                ]
            )

    def has_exactly(self, normalized: str) -> bool:
        """Whether normalize_text output is a rival's name (spacing aside)."""
        return b"\n" + normalized.replace(" ", "").encode() + b"\n" in self._exact

    def share(self, words: tuple[str, ...]) -> bool:
        """Whether a rival name has these words, in this order, side by side."""
        return f" {' '.join(words)} ".encode() in self._haystack

    def as_near(self, key: str, distance: int, right_keys: set[str]) -> bool:
        """Whether a rival name, with or without its titles, or a word of one is within
        `distance` of key, leaving out those that are a right answer ("Tabriz" of
        "Ottoman consulate in Tabriz")."""
        found = process.extract(key, self._runs, scorer=OSA.distance, score_cutoff=distance, limit=None)
        return any(run not in right_keys for run, _, _ in found)


def _near_with_doubled_letters(given, right_texts, folded, typed_keys, forms) -> list:
    """A slip that makes or unmakes a doubled letter counts once, not twice: "Norttown" for
    Northtown keys "nortown" against "northtown" once doubled letters are made single (two
    edits), but is one letter wrong as written. So whole answers are also compared with
    their doubled letters kept; a match counts as near the folded form it stands for."""
    doubled = _folded_names([given, *right_texts], single_letters=False)
    typed_doubled = _typed_keys(doubled[0].split())
    if len(typed_doubled) != len(typed_keys):
        return []
    by_key = {form.key: form for form in forms if not form.is_part}
    near = []
    for right_folded, right_doubled in zip(folded[1:], doubled[1:], strict=True):
        form = by_key.get(right_folded.replace(" ", ""))
        if form is None:
            continue
        most = _slips_allowed(len(form.key))
        for typed, typed_d in zip(typed_keys, typed_doubled, strict=True):
            distance = _distance_within(typed_d, right_doubled.replace(" ", ""), most)
            if distance is not None:
                near.append((typed, form, distance))
    return near


def _forgiven(given: str, right_answers: list[object], rivals: list[str]) -> bool:
    """Whether a typed name that is not right exactly is right with a slip, a
    transliteration, a title or a distinctive part, and nearer to a right form than to any
    rival. The checks against the right answers come first: the rivals are looked at only
    for an answer that is near one."""
    right_texts = [right for right in right_answers if isinstance(right, str)]
    folded = _folded_names([given, *right_texts])
    typed_words = folded[0].split()
    if not typed_words:
        return False
    forms = _right_forms(folded[1:], with_parts=bool(rivals))
    typed_keys = _typed_keys(typed_words)
    near = [
        (typed, form, distance)
        for typed in typed_keys
        for form in forms
        if (distance := _distance_within(typed, form.key, _slips_allowed(len(form.key)))) is not None
    ]
    near += _near_with_doubled_letters(given, right_texts, folded, typed_keys, forms)
    if not near:
        return False
    if not rivals:
        return True  # nothing to be confused with (and no parts: see _right_forms)
    typed_normalized = normalize_text(_APOSTROPHE.sub("", given))
    # Every name that matters below is within the largest distance of the shortest key.
    others = _Rivals(rivals, typed_normalized, typed_keys[-1], max(match[2] for match in near))
    if others.has_exactly(typed_normalized):
        return False  # another person's or place's name, whatever it is near
    right_keys = {form.key for form in forms if not form.is_part}
    for typed in typed_keys:
        distances = [
            distance
            for key, form, distance in near
            if key == typed and not (form.is_part and others.share(form.words))
        ]
        if not distances:
            continue
        best = min(distances)
        # Nearer to a right form than to any rival, as typed and with titles left out.
        if not any(others.as_near(key, best, right_keys) for key in typed_keys):
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
    rival_names = list(filter(str.__instancecheck__, rivals))  # isinstance(name, str), in C
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
    """Of the answer and its accepted answers, the one nearest to what was typed, to show
    a near miss against ("Izvolskiy" against "Izvolsky", not "Alexander Izvolsky"):
    nearest on the phonetic key, then as written. The first of those as near, or the
    answer itself for odd input."""
    rights = [right for right in _right_answers(answer, accepted_answers) if isinstance(right, str)]
    if not isinstance(given, str) or not rights:
        return answer
    typed, *keys = (key.replace(" ", "") for key in _folded_names([given, *rights]))
    written = _text_key(given)
    distances = [
        (OSA.distance(typed, key), OSA.distance(written, _text_key(right)))
        for key, right in zip(keys, rights, strict=True)
    ]
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
