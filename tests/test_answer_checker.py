"""Tests for the answer checker (quizzes/answers.py). Pure Python: no Django needed."""

import pytest

from quizzes.answers import (
    PartialDate,
    answer_shape_error,
    is_correct,
    normalize_text,
    parse_date,
)

# Questions as the checker sees them: everything is_correct needs except the given answer.
DAY_ISO = {"question_type": "text", "kind": "date", "answer": "1909-04-20"}
DAY_WORDS = {"question_type": "text", "kind": "date", "answer": "20 April 1909"}
MONTH = {"question_type": "text", "kind": "date", "answer": "1909-04"}
YEAR = {"question_type": "text", "kind": "date", "answer": "1909"}
FEBRUARY = {"question_type": "text", "kind": "date", "answer": "February 1909"}
SEPTEMBER = {"question_type": "text", "kind": "date", "answer": "1907-09"}
TWO_SOURCES = {
    "question_type": "text",
    "kind": "date",
    "answer": "1909-07-16",
    "accepted_answers": ["1909-07-15"],
}
DAY_CHOICE = {"question_type": "choice", "kind": "date", "answer": "20 April 1909"}
VAGUE_CHOICE = {"question_type": "choice", "kind": "date", "answer": "early 1909"}
VAGUE_TEXT = {"question_type": "text", "kind": "date", "answer": "early 1909"}
LIAKHOV = {
    "question_type": "text",
    "kind": "person",
    "answer": "Vladimir Liakhov",
    "accepted_answers": ["Lyakhov", "Liakhov", "Владимир Ляхов"],
}
SATTAR = {
    "question_type": "text",
    "kind": "person",
    "answer": "Sattar Khan",
    "accepted_answers": ["ستارخان"],
}
MOHAMMAD_ALI = {
    "question_type": "text",
    "kind": "person",
    "answer": "Mohammad Ali Shah",
    "accepted_answers": ["محمدعلی شاه"],
}
SALAR = {"question_type": "text", "kind": "person", "answer": "Salar al-Dawlah"}
NEZAM = {"question_type": "text", "kind": "person", "answer": "Nezam al-Saltaneh"}
AYN = {"question_type": "text", "kind": "person", "answer": "Ayn al-Dawla"}
TABRIZ = {
    "question_type": "text",
    "kind": "place",
    "answer": "Tabriz",
    "accepted_answers": ["تبریز"],
}
KERMANSHAH = {
    "question_type": "text",
    "kind": "place",
    "answer": "Kermanshah",
    "accepted_answers": ["کرمانشاه"],
}
ANZALI = {
    "question_type": "text",
    "kind": "place",
    "answer": "Bandar Anzali",
    "accepted_answers": ["Anzali", "Anzeli"],
}
PLACE_CHOICE = {
    "question_type": "choice",
    "kind": "place",
    "answer": "Bandar Anzali",
    "accepted_answers": ["Anzali"],
}
TRUE = {"question_type": "true_false", "kind": "other", "answer": True}
FALSE = {"question_type": "true_false", "kind": "other", "answer": False}
EVENTS = ["the Siege of Tabriz", "the Russian occupation of Tabriz", "the deposition of the Shah"]
ORDER = {"question_type": "order", "kind": "event", "answer": EVENTS}


def case(question: dict, given: object, expected: bool, label: str):
    return pytest.param(question, given, expected, id=f"{label}-{'right' if expected else 'wrong'}")


CASES = [
    # Every written form of the day, against an answer stored as ISO.
    case(DAY_ISO, "20 April 1909", True, "day-d-month-y"),
    case(DAY_ISO, "20th April 1909", True, "day-ordinal"),
    case(DAY_ISO, "April 20, 1909", True, "day-month-d-comma-y"),
    case(DAY_ISO, "April 20 1909", True, "day-month-d-y"),
    case(DAY_ISO, "20 Apr 1909", True, "day-abbreviated-month"),
    case(DAY_ISO, "Apr. 20, 1909", True, "day-abbreviated-month-dot"),
    case(DAY_ISO, "20.04.1909", True, "day-dotted"),
    case(DAY_ISO, "20/04/1909", True, "day-slashed-day-first"),
    case(DAY_ISO, "1909-04-20", True, "day-iso"),
    case(DAY_ISO, "1909-4-20", True, "day-iso-unpadded"),
    case(DAY_ISO, "  «20 APRIL 1909.»  ", True, "day-case-and-punctuation"),
    case(DAY_ISO, "the 20th of April, 1909", True, "day-the-of"),
    case(DAY_ISO, "20 April 1909 AD", True, "day-ad"),
    case(DAY_ISO, "20 апреля 1909", True, "day-russian-genitive"),
    case(DAY_ISO, "20-го АПРЕЛЯ 1909 г.", True, "day-russian-caps-go-g"),
    case(DAY_ISO, "۱۹۰۹-۰۴-۲۰", True, "day-persian-digits"),
    case(DAY_ISO, "٢٠/٠٤/١٩٠٩", True, "day-arabic-indic-digits"),
    case(DAY_WORDS, "1909-04-20", True, "day-iso-against-words"),
    case(DAY_WORDS, "20.04.1909", True, "day-dotted-against-words"),
    case(DAY_ISO, "21 April 1909", False, "day-other-day"),
    case(DAY_ISO, "20 May 1909", False, "day-other-month"),
    case(DAY_ISO, "20 April 1908", False, "day-other-year"),
    case(DAY_ISO, "1909", False, "day-coarser-year"),
    case(DAY_ISO, "April 1909", False, "day-coarser-month"),
    case(DAY_WORDS, "апрель 1909", False, "day-coarser-russian-month"),
    case(DAY_ISO, "04/20/1909", False, "day-us-order-is-month-20"),
    case(DAY_ISO, "20 Aprill 1909", False, "day-misspelt-month"),
    case(DAY_ISO, "20 April", False, "day-no-year"),
    case(DAY_ISO, "20 April 1909 or 21 April 1909", False, "day-two-dates"),
    case(DAY_ISO, "sometime in spring", False, "day-not-a-date"),
    case(DAY_ISO, "", False, "day-empty"),
    case(DAY_ISO, "   ", False, "day-whitespace"),
    case(DAY_ISO, 1909, False, "day-int"),
    # Month precision: same month right, finer inside right, coarser or outside wrong.
    case(MONTH, "April 1909", True, "month-words"),
    case(MONTH, "Apr 1909", True, "month-abbreviated"),
    case(MONTH, "1909-04", True, "month-iso"),
    case(MONTH, "04.1909", True, "month-dotted"),
    case(MONTH, "апрель 1909", True, "month-russian-nominative"),
    case(MONTH, "20 April 1909", True, "month-finer-inside"),
    case(MONTH, "1909", False, "month-coarser-year"),
    case(MONTH, "May 1909", False, "month-other-month"),
    case(MONTH, "20 May 1909", False, "month-finer-outside"),
    case(MONTH, "April 1910", False, "month-other-year"),
    case(SEPTEMBER, "Sept 1907", True, "month-sept"),
    case(SEPTEMBER, "sep. 1907", True, "month-sep"),
    case(SEPTEMBER, "сентября 1907", True, "month-russian-september"),
    case(FEBRUARY, "28 February 1909", True, "february-real-day"),
    case(FEBRUARY, "31 February 1909", False, "february-31-is-not-a-date"),
    case(FEBRUARY, "1909-13", False, "february-month-13"),
    # Year precision: the question asked only for the year.
    case(YEAR, "1909", True, "year-plain"),
    case(YEAR, "۱۹۰۹", True, "year-persian-digits"),
    case(DAY_WORDS, "۲۰ آوریل ۱۹۰۹", True, "day-persian-month-and-digits"),
    case(DAY_ISO, "20 آوریل 1909", True, "day-persian-month"),
    case(DAY_WORDS, "۲۰ مه ۱۹۰۹", False, "day-persian-wrong-month"),
    case(MONTH, "ژوئیه ۱۹۰۹", False, "month-persian-wrong-month"),
    case(YEAR, "1909 AD", True, "year-ad"),
    case(YEAR, "Sept 1909", True, "year-finer-month"),
    case(YEAR, "20 April 1909", True, "year-finer-day"),
    case(YEAR, "1908", False, "year-other-year"),
    case(YEAR, "1909–1910", False, "year-range"),
    case(YEAR, "1909 BC", False, "year-bc"),
    case(YEAR, "09", False, "year-two-digits"),
    # Conflicting sources: either date is right, but neither may be answered coarser.
    case(TWO_SOURCES, "16 July 1909", True, "sources-answer"),
    case(TWO_SOURCES, "15 July 1909", True, "sources-accepted"),
    case(TWO_SOURCES, "14 July 1909", False, "sources-neither"),
    case(TWO_SOURCES, "July 1909", False, "sources-coarser"),
    # A date picked or typed for a choice: the same text, or the same date written otherwise.
    case(DAY_CHOICE, "20 April 1909", True, "choice-date-same-text"),
    case(DAY_CHOICE, "1909-04-20", True, "choice-date-iso"),
    case(DAY_CHOICE, "1909", False, "choice-date-coarser"),
    case(DAY_CHOICE, "21 April 1909", False, "choice-date-other"),
    # An option that is not a parseable date is still matched as text when picked,
    # but typed into a text question it cannot be checked as a date, so it is wrong.
    case(VAGUE_CHOICE, "Early 1909", True, "choice-vague-date-same-text"),
    case(VAGUE_CHOICE, "late 1909", False, "choice-vague-date-other-text"),
    case(VAGUE_TEXT, "Early 1909", False, "text-vague-date-unparseable"),
    # People: case, accents, punctuation, spacing, aliases and scripts.
    case(LIAKHOV, "Vladimir Liakhov", True, "liakhov-exact"),
    case(LIAKHOV, "  vladimir   LIAKHOV ", True, "liakhov-case-spaces"),
    case(LIAKHOV, "VladimirLiakhov", True, "liakhov-no-space"),
    case(LIAKHOV, "Lyakhov", True, "liakhov-alias"),
    case(LIAKHOV, "liakhov.", True, "liakhov-alias-punctuation"),
    case(LIAKHOV, "Владимир Ляхов", True, "liakhov-cyrillic"),
    case(LIAKHOV, "ВЛАДИМИР ЛЯХОВ", True, "liakhov-cyrillic-caps"),
    case(LIAKHOV, "Ляхов", False, "liakhov-cyrillic-surname-not-listed"),
    case(LIAKHOV, "Vladimir Lyakhov", False, "liakhov-spelling-not-listed"),
    case(LIAKHOV, "Snarsky", False, "liakhov-other-person"),
    case(LIAKHOV, "Vladimir", False, "liakhov-first-name-only"),
    case(SATTAR, "Sattar Khan", True, "sattar-exact"),
    case(SATTAR, "sattarkhan", True, "sattar-no-space"),
    case(SATTAR, "Sattar-Khan", True, "sattar-hyphen"),
    case(SATTAR, "ستارخان", True, "sattar-persian"),
    case(SATTAR, "ستار خان", True, "sattar-persian-space"),
    case(SATTAR, "ستار\u200cخان", True, "sattar-persian-zwnj"),
    case(SATTAR, "سَتّارخان", True, "sattar-persian-harakat"),
    case(SATTAR, "ستـــارخان", True, "sattar-persian-tatweel"),
    case(SATTAR, "باقرخان", False, "sattar-other-person-persian"),
    case(SATTAR, "Baqir Khan", False, "sattar-other-person"),
    case(SATTAR, "Khan", False, "sattar-title-only"),
    case(MOHAMMAD_ALI, "محمد علي شاه", True, "shah-arabic-yeh-and-space"),
    case(MOHAMMAD_ALI, "محمدعلى شاه", True, "shah-alef-maksura"),
    case(MOHAMMAD_ALI, "Mohammad-Ali Shah", True, "shah-hyphen"),
    case(MOHAMMAD_ALI, "Mozaffar ad-Din Shah", False, "shah-other-shah"),
    case(SALAR, "Salar al Dawlah", True, "salar-no-hyphen"),
    case(SALAR, "Salar-al-Dawlah", True, "salar-all-hyphens"),
    case(SALAR, "Sālār al-Dawlah", True, "salar-macrons"),
    case(SALAR, "Salar al–Dawlah", True, "salar-en-dash"),
    case(SALAR, "Salar al-Dawla", False, "salar-missing-letter"),
    case(NEZAM, "Nezām al-Salṭaneh", True, "nezam-dot-below"),
    case(NEZAM, "Nezam ul-Saltaneh", False, "nezam-other-article"),
    case(AYN, "ʿAyn al-Dawla", True, "ayn-ayin-letter"),
    case(AYN, "’Ayn al-Dawla", True, "ayn-curly-quote"),
    # Places.
    case(ANZALI, "Bandar Anzali", True, "anzali-exact"),
    case(ANZALI, "bandar-anzali", True, "anzali-hyphen"),
    case(ANZALI, "BandarAnzali", True, "anzali-no-space"),
    case(ANZALI, "Anzali", True, "anzali-alias"),
    case(ANZALI, "ANZELI", True, "anzali-alias-caps"),
    case(ANZALI, "Enzeli", False, "anzali-spelling-not-listed"),
    case(ANZALI, "Bandar Abbas", False, "anzali-other-port"),
    case(ANZALI, "Bandar", False, "anzali-prefix-only"),
    case(TABRIZ, "تبريز", True, "tabriz-arabic-yeh"),
    case(TABRIZ, "Tabrīz", True, "tabriz-macron"),
    case(TABRIZ, "Tehran", False, "tabriz-other-city"),
    case(KERMANSHAH, "كرمانشاه", True, "kermanshah-arabic-kaf"),
    case(KERMANSHAH, "Kerman", False, "kermanshah-other-city"),
    case(PLACE_CHOICE, "Bandar Anzali", True, "choice-place-picked"),
    case(PLACE_CHOICE, "anzali", True, "choice-place-alias"),
    case(PLACE_CHOICE, "Astara", False, "choice-place-other"),
    case(PLACE_CHOICE, "", False, "choice-place-empty"),
    case(PLACE_CHOICE, "!!!", False, "choice-place-only-punctuation"),
    case({**ANZALI, "accepted_answers": ["", "—"]}, "...", False, "blank-alias-matches-nothing"),
    case(TABRIZ, "Ｔａｂｒｉｚ", True, "tabriz-fullwidth"),
    case(TABRIZ, "ﺗﺒﺮﯾﺰ", True, "tabriz-presentation-forms"),
    # True or false: bools and the usual words, nothing else.
    case(TRUE, True, True, "tf-bool"),
    case(TRUE, "true", True, "tf-true"),
    case(TRUE, "True", True, "tf-true-title"),
    case(TRUE, " YES ", True, "tf-yes"),
    case(TRUE, "t", True, "tf-t"),
    case(FALSE, False, True, "tf-bool-false"),
    case(FALSE, "no", True, "tf-no"),
    case(FALSE, "F", True, "tf-f"),
    case(TRUE, False, False, "tf-bool-opposite"),
    case(TRUE, "false", False, "tf-false-for-true"),
    case(FALSE, "yes", False, "tf-yes-for-false"),
    case(TRUE, 1, False, "tf-int-one"),
    case(FALSE, 0, False, "tf-int-zero"),
    case(TRUE, "maybe", False, "tf-other-word"),
    case(FALSE, "", False, "tf-empty"),
    case(FALSE, None, False, "tf-none"),
    case({**TRUE, "answer": "true"}, "yes", True, "tf-answer-stored-as-text"),
    # Order: same items in the same order, compared like names.
    case(ORDER, list(EVENTS), True, "order-same"),
    case(ORDER, [e.upper() + "." for e in EVENTS], True, "order-case-punctuation"),
    case(ORDER, [EVENTS[1], EVENTS[0], EVENTS[2]], False, "order-swapped"),
    case(ORDER, EVENTS[:2], False, "order-too-short"),
    case(ORDER, [*EVENTS, EVENTS[0]], False, "order-too-long"),
    case(ORDER, [EVENTS[0], EVENTS[1], ""], False, "order-empty-item"),
    case(ORDER, [EVENTS[0], EVENTS[1], None], False, "order-none-item"),
    case(ORDER, tuple(EVENTS), False, "order-tuple"),
    case(ORDER, " ".join(EVENTS), False, "order-string"),
    case(ORDER, [], False, "order-empty-list"),
    case({**ORDER, "answer": [*EVENTS[:2], "—"]}, [*EVENTS[:2], "..."], False, "order-blank-item"),
]


@pytest.mark.parametrize(("question", "given", "expected"), CASES)
def test_is_correct(question: dict, given: object, expected: bool) -> None:
    assert is_correct(given, **question) is expected


ODD_VALUES = [
    pytest.param(None, id="none"),
    pytest.param(42, id="int"),
    pytest.param(19.09, id="float"),
    pytest.param({"answer": "Tabriz"}, id="dict"),
    pytest.param(["Tabriz"], id="list"),
    pytest.param(b"Tabriz", id="bytes"),
    pytest.param(object(), id="object"),
]


@pytest.mark.parametrize("question", [DAY_ISO, DAY_CHOICE, TABRIZ, PLACE_CHOICE, TRUE, ORDER])
@pytest.mark.parametrize("given", ODD_VALUES)
def test_odd_answers_are_wrong_without_raising(question: dict, given: object) -> None:
    assert is_correct(given, **question) is False


@pytest.mark.parametrize(
    "question",
    [
        {"question_type": "text", "kind": "place", "answer": None},
        {"question_type": "text", "kind": "date", "answer": 1909},
        {"question_type": "true_false", "kind": "other", "answer": None},
        {"question_type": "order", "kind": "event", "answer": "Tabriz"},
        {"question_type": "choice", "kind": "place", "answer": "Astara", "accepted_answers": 5},
    ],
    ids=["text-none", "date-int", "tf-none", "order-string", "accepted-int"],
)
def test_odd_stored_answers_are_wrong_without_raising(question: dict) -> None:
    for given in ("Tabriz", "1909", "true", ["Tabriz"]):
        assert is_correct(given, **question) is False


def test_accepted_answers_as_a_lone_string_is_one_alternative() -> None:
    question = {"question_type": "text", "kind": "place", "answer": "Bandar Anzali"}
    assert is_correct("Anzali", **question, accepted_answers="Anzali") is True
    assert is_correct("a", **question, accepted_answers="Anzali") is False


def test_accepted_answers_may_be_none() -> None:
    question = {"question_type": "text", "kind": "place", "answer": "Astara"}
    assert is_correct("astara", **question, accepted_answers=None) is True


def test_unknown_question_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown question type"):
        is_correct("Tabriz", question_type="multiple", kind="place", answer="Tabriz")
    with pytest.raises(ValueError, match="unknown question type"):
        answer_shape_error("Tabriz", question_type="true-false")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 April 1909", PartialDate(1909, 4, 20)),
        ("1st May 1906", PartialDate(1906, 5, 1)),
        ("December 30, 1906", PartialDate(1906, 12, 30)),
        ("Sept. 5 1907", PartialDate(1907, 9, 5)),
        ("05/09/1907", PartialDate(1907, 9, 5)),
        ("1911-11-23", PartialDate(1911, 11, 23)),
        ("1 мая 1909", PartialDate(1909, 5, 1)),
        ("май 1909", PartialDate(1909, 5)),
        ("Июнь 1908", PartialDate(1908, 6)),
        ("1908-06", PartialDate(1908, 6)),
        ("6.1908", PartialDate(1908, 6)),
        ("۱۲۸۵", PartialDate(1285)),
        ("(1909)", PartialDate(1909)),
        ("1909 года", PartialDate(1909)),
        ("909", PartialDate(909)),
        ("29 February 1908", PartialDate(1908, 2, 29)),
        ("29 February 1909", None),
        ("31 February 1909", None),
        ("31 April 1909", None),
        ("1909-13", None),
        ("13/13/1909", None),
        ("0 April 1909", None),
        ("0000", None),
        ("19090", None),
        ("01909", None),
        ("20 April 19090", None),
        ("1905–1911", None),
        ("1909 April", None),
        ("Tabriz", None),
        ("", None),
        (None, None),
        (1909, None),
    ],
)
def test_parse_date(text: object, expected: PartialDate | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("date", "written", "precision"),
    [
        (PartialDate(1909, 4, 20), "20 April 1909", "day"),
        (PartialDate(1911, 12, 1), "1 December 1911", "day"),
        (PartialDate(1909, 4), "April 1909", "month"),
        (PartialDate(1906, 9), "September 1906", "month"),
        (PartialDate(1909), "1909", "year"),
    ],
)
def test_written_date_form_and_precision(date: PartialDate, written: str, precision: str) -> None:
    assert str(date) == written
    assert date.precision == precision
    assert parse_date(written) == date  # the canonical form reads back as the same date


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [(1909, 2, 31), (1909, 13, None), (1909, 0, None), (0, None, None), (1909, None, 20)],
)
def test_impossible_dates_are_refused(year: int, month: int | None, day: int | None) -> None:
    with pytest.raises(ValueError):
        PartialDate(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Sattar   KHAN ", "sattar khan"),
        ("Salar al-Dawlah", "salar al dawlah"),
        ("Sālār «al»—Dawlah.", "salar al dawlah"),
        ("ʿAyn al-Dawla", "ayn al dawla"),
        ("سَتّارخان", "ستارخان"),
        ("ستـــار\u200cخان", "ستارخان"),
        ("علي، كرمانشاه؟", "علی کرمانشاه"),
        ("مدرسة", "مدرسه"),
        ("أحمد إمام آباد", "احمد امام اباد"),
        ("۱۹۰۹ ٢٠", "1909 20"),
        ("Ёлка Йошкар", "елка иошкар"),
        ("\ufb01\u200b Straße", "fi strasse"),
        ("Ｔａｂｒｉｚ ﺗﺒﺮﯾﺰ ①", "tabriz تبریز 1"),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("given", "question_type", "expected"),
    [
        ("Tabriz", "text", None),
        ("Tabriz", "choice", None),
        ("x" * 1000, "text", None),
        ("x" * 1001, "text", "answer is too long (at most 1000 characters)"),
        ("x" * 1001, "choice", "answer is too long (at most 1000 characters)"),
        ("", "text", "answer is empty"),
        ("  \n", "choice", "answer is empty"),
        (None, "text", "expected a string"),
        (1909, "text", "expected a string"),
        (["Tabriz"], "choice", "expected a string"),
        (True, "true_false", None),
        (False, "true_false", None),
        ("No", "true_false", None),
        ("t", "true_false", None),
        ("maybe", "true_false", "expected true or false"),
        (1, "true_false", "expected true or false"),
        (None, "true_false", "expected true or false"),
        (["a", "b"], "order", None),
        ([], "order", None),
        (["a"] * 50, "order", None),
        (["a"] * 51, "order", "too many items (at most 50)"),
        (["a", 2], "order", "expected a list of strings for an order question"),
        ("a, b", "order", "expected a list of strings for an order question"),
        (("a", "b"), "order", "expected a list of strings for an order question"),
        ({"0": "a"}, "order", "expected a list of strings for an order question"),
        (["x" * 1001], "order", "an item is too long (at most 1000 characters)"),
    ],
)
def test_answer_shape_error(given: object, question_type: str, expected: str | None) -> None:
    assert answer_shape_error(given, question_type=question_type) == expected
