"""Forgiving typed names (quizzes/answers.py: judge, is_correct with rivals, answer_difference,
nearest_answer). Pure Python: no database.

A question's rivals are what the caller passes: every other name the source knows. Here they
are the names and aliases of every other person and place of the bundled source,
fixtures/persian_constitutional_revolution.json, as the services will pass them.
"""

import json
import random
from pathlib import Path

import pytest

from quizzes import answers
from quizzes.answers import Verdict, answer_difference, is_correct, judge, nearest_answer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "persian_constitutional_revolution.json"
EXACT, CLOSE, WRONG = Verdict.EXACT, Verdict.CLOSE, Verdict.WRONG


def _entities() -> dict[str, tuple[str, list[str]]]:
    """Each person's and place's name: (kind, [name, *aliases])."""
    source = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {
        record["name"]: (kind, [record["name"], *record["aliases"]])
        for kind, records in (("person", source["people"]), ("place", source["places"]))
        for record in records
    }


ENTITIES = _entities()


def rivals_of(name: str) -> list[str]:
    return [other for key, (_, names) in ENTITIES.items() if key != name for other in names]


def question(name: str, *, aliases: bool = True, extra_rivals: tuple[str, ...] = ()) -> dict:
    """The typed question whose answer is the person or place `name`, with its aliases as
    accepted answers (or none), and every other name of the source as rivals."""
    kind, names = ENTITIES[name]
    return {
        "question_type": "text",
        "kind": kind,
        "answer": name,
        "accepted_answers": names[1:] if aliases else [],
        "rivals": [*rivals_of(name), *extra_rivals],
    }


def typing(answer: str, typed: str, verdict: Verdict, label: str, **options):
    return pytest.param(answer, typed, verdict, options, id=f"{label}-{verdict}")


# The examples of the issue, each as it asked.
ISSUE_EXAMPLES = [
    typing("Sattar Khan", "Satar Khan", CLOSE, "sattar-one-t"),
    typing("Vladimir Liakhov", "Vlaidmir Liakhov", CLOSE, "liakhov-swapped-letters"),
    typing("Vladimir Liakhov", "Liakov", CLOSE, "liakhov-surname-slip"),
    typing("Tehran", "Terhan", CLOSE, "tehran-swapped-letters"),
    typing("Mashhad", "Mashad", CLOSE, "mashhad-one-h"),
    typing("Nikolai Yudenich", "Yudenich", CLOSE, "yudenich-surname", aliases=False),
    typing("Nikolai Yudenich", "Yudenich", EXACT, "yudenich-surname-is-an-alias"),
    typing("Nikolai Yudenich", "General Yudenich", CLOSE, "yudenich-with-rank"),
    typing("Nikolai Yudenich", "General Yudenich", CLOSE, "yudenich-with-rank-no-aliases", aliases=False),
    typing("Vladimir Liakhov", "Colonel Liakhov", EXACT, "liakhov-with-rank-an-alias"),
    typing("Vladimir Liakhov", "Colonel Liakhov", CLOSE, "liakhov-with-rank", aliases=False),
    typing("Alexander Izvolsky", "Izvolskii", CLOSE, "izvolsky-ii-ending"),
    typing("Alexander Izvolsky", "Izvolskii", CLOSE, "izvolsky-ii-ending-no-aliases", aliases=False),
    typing("Vladimir Liakhov", "Lyakhov", EXACT, "lyakhov-an-alias"),
    typing("Vladimir Liakhov", "Lyakhov", CLOSE, "lyakhov-transliteration", aliases=False),
    typing("Sattar Khan", "Baqir Khan", WRONG, "sattar-is-not-baqir"),
    typing("Sattar Khan", "Khan", WRONG, "khan-alone-is-shared"),
    typing("Tabriz", "Tabraz", WRONG, "tabriz-slip-as-near-taraz", extra_rivals=("Taraz",)),
    typing("Tabriz", "Tabrez", CLOSE, "tabriz-slip-nearer-tabriz", extra_rivals=("Taraz",)),
    typing("Tabriz", "Tabrizi", WRONG, "tabriz-slip-is-a-surname", extra_rivals=("Mirza Ali Tabrizi",)),
    typing("Mohammad Ali Shah", "Ahmad Shah", WRONG, "another-shah"),
    # "Mohammad Ali" is how the shah is often named, and no other name has both words:
    # a distinctive run of words, so right. "Mohammad" alone is not (Mohammad Qurayshabadi).
    typing("Mohammad Ali Shah", "Mohammad Ali", CLOSE, "shah-without-title"),
    typing("Mohammad Ali Shah", "Mohammad", WRONG, "shah-first-name-is-shared"),
]


@pytest.mark.parametrize(("answer", "typed", "verdict", "options"), ISSUE_EXAMPLES)
def test_issue_examples(answer: str, typed: str, verdict: Verdict, options: dict) -> None:
    assert judge(typed, **question(answer, **options)) == verdict


# What students type, and what each deserves.
STUDENT_TYPINGS = [
    # Sattar Khan: slips, doubled letters, a title in front; the other Khans are wrong.
    typing("Sattar Khan", "Sattar", CLOSE, "sattar-without-khan"),
    typing("Sattar Khan", "Satar", CLOSE, "sattar-without-khan-one-t"),
    typing("Sattar Khan", "sattar-khan", EXACT, "sattar-hyphen"),
    typing("Sattar Khan", "Sattar Kan", CLOSE, "sattar-kan"),
    typing("Sattar Khan", "Satter Khan", CLOSE, "sattar-e-for-a"),
    typing("Sattar Khan", "Sardar Sattar Khan", CLOSE, "sattar-with-sardar"),
    typing("Sattar Khan", "Bagher Khan", WRONG, "sattar-is-not-bagher"),
    typing("Sattar Khan", "Yeprem", WRONG, "sattar-is-not-yeprem"),
    typing("Sattar Khan", "ستار", WRONG, "sattar-persian-half"),
    # Vladimir Liakhov: transliterations of Ляхов, a first name no one else has.
    typing("Vladimir Liakhov", "Ljakhov", CLOSE, "liakhov-j"),
    typing("Vladimir Liakhov", "Lyahov", CLOSE, "liakhov-h"),
    typing("Vladimir Liakhov", "Colonel Lyakhov", CLOSE, "liakhov-rank-and-y"),
    typing("Vladimir Liakhov", "Vladimir", CLOSE, "liakhov-first-name-is-his-alone"),
    typing("Vladimir Liakhov", "Ляхав", CLOSE, "liakhov-cyrillic-slip"),
    typing("Vladimir Liakhov", "Snarsky", WRONG, "liakhov-is-not-snarsky"),
    # Yudenich and Izvolsky: Russian endings.
    typing("Nikolai Yudenich", "Yudenitch", CLOSE, "yudenich-tch"),
    typing("Nikolai Yudenich", "Iudenich", CLOSE, "yudenich-iu"),
    typing("Nikolai Yudenich", "Yudenić", CLOSE, "yudenich-c-acute"),
    typing("Alexander Izvolsky", "Izvolskiy", CLOSE, "izvolsky-iy"),
    typing("Alexander Izvolsky", "Iswolsky", CLOSE, "izvolsky-german"),
    typing("Alexander Izvolsky", "Aleksandr Izvolsky", CLOSE, "izvolsky-aleksandr"),
    typing("Alexander Izvolsky", "Alexandria", WRONG, "izvolsky-is-not-a-city"),
    # The shahs.
    typing("Mohammad Ali Shah", "Mohamad Ali Shah", CLOSE, "shah-one-m"),
    typing("Mohammad Ali Shah", "Mohammed Ali Shah", CLOSE, "shah-mohammed"),
    typing("Mohammad Ali Shah", "Shah", WRONG, "shah-title-alone"),
    typing("Mohammad Ali Shah", "Mozaffar ad-Din Shah", WRONG, "shah-his-father"),
    typing("Ahmad Shah", "Ahmed Shah", CLOSE, "ahmad-ahmed"),
    typing("Ahmad Shah", "Ahmad", WRONG, "ahmad-is-shared"),
    # Baqir Khan and Yeprem Khan.
    typing("Baqir Khan", "Baghir Khan", CLOSE, "baqir-gh"),
    typing("Baqir Khan", "Baqer Khan", CLOSE, "baqir-e"),
    typing("Baqir Khan", "Sattar Khan", WRONG, "baqir-is-not-sattar"),
    typing("Yeprem Khan", "Yeprem", CLOSE, "yeprem-alone"),
    typing("Yeprem Khan", "Yefrem Khan", CLOSE, "yeprem-f"),
    # Lakabs: the article and the final -eh in their spellings.
    typing("Hossein-Qoli Nezam al-Saltaneh Mafi", "Nezam ol-Saltaneh", CLOSE, "nezam-ol"),
    typing("Hossein-Qoli Nezam al-Saltaneh Mafi", "Nezam os-Saltaneh", CLOSE, "nezam-os"),
    typing("Hossein-Qoli Nezam al-Saltaneh Mafi", "Nizam al-Saltana", CLOSE, "nezam-nizam-saltana"),
    typing("Hossein-Qoli Nezam al-Saltaneh Mafi", "Moshir al-Saltaneh", WRONG, "nezam-is-not-moshir"),
    typing("Hossein-Qoli Nezam al-Saltaneh Mafi", "Saltaneh", WRONG, "nezam-saltaneh-is-shared"),
    typing("Abolfath Mirza Salar al-Dawlah", "Salar ol-Dowleh", CLOSE, "salar-ol-dowleh"),
    typing("Abolfath Mirza Salar al-Dawlah", "Salar ud-Daula", CLOSE, "salar-ud-daula"),
    typing("Abolfath Mirza Salar al-Dawlah", "Salar", WRONG, "salar-is-shared"),
    typing("Abolqasem Naser ol-Molk", "Naser ul-Mulk", CLOSE, "naser-ul-mulk"),
    typing("Malek Mansur Mirza Shoa O-Saltaneh", "Shoa os-Saltaneh", CLOSE, "shoa-os"),
    typing("Morgan Shuster", "Schuster", CLOSE, "shuster-sch"),
    typing("Heydar Latifiyan", "Haydar Latifian", CLOSE, "heydar-haydar"),
    # Surnames that are also places, and places that are also surnames.
    typing("Morad Khan Savadkuhi", "Savadkuhi", WRONG, "savadkuhi-is-shared"),
    typing("Morad Khan Savadkuhi", "Morad Khan", CLOSE, "savadkuhi-first-names"),
    typing("Akbar Boland Tehrani", "Tehrani", CLOSE, "tehrani-surname"),
    typing("Akbar Boland Tehrani", "Tehran", WRONG, "tehrani-is-not-tehran"),
    typing("Tehran", "Tehrani", WRONG, "tehran-is-not-tehrani"),
    typing("Savadkuh", "Savadkuhi", WRONG, "savadkuh-is-not-savadkuhi"),
    typing("Savadkuh", "Savadkoh", CLOSE, "savadkuh-o"),
    typing("Noghan", "Noghani", WRONG, "noghan-is-not-noghani"),
    typing("Noghan", "Nogan", CLOSE, "noghan-g"),
    # Places.
    typing("Tehran", "Tehrn", CLOSE, "tehran-missing-a"),
    typing("Tehran", "TEHERAN", EXACT, "tehran-old-spelling"),
    typing("Tabriz", "Tebriz", CLOSE, "tabriz-e"),
    typing("Tabriz", "Tabbriz", CLOSE, "tabriz-bb"),
    typing("Mashhad", "Mashhed", CLOSE, "mashhad-e"),
    typing("Ardabil", "Ardabeel", CLOSE, "ardabil-ee"),
    typing("Bandar Anzali", "Bandar Enzeli", CLOSE, "anzali-enzeli"),
    typing("Bandar Anzali", "Anzely", CLOSE, "anzali-y"),
    typing("Bandar Anzali", "Bandar", WRONG, "anzali-port-word-alone"),
    typing("Bandar Anzali", "Bandar Abbas", WRONG, "anzali-another-port"),
    typing("Kermanshah", "Kerman", WRONG, "kermanshah-is-not-kerman"),
    typing("Julfa", "Djulfa", CLOSE, "julfa-dj"),
    typing("Julfa", "Dzhulfa", CLOSE, "julfa-dzh"),
    typing("Neishabour", "Neyshabour", CLOSE, "neishabour-y"),
    typing("Russian Empire", "Russian", WRONG, "russian-is-shared"),
    typing("Russian Empire", "Rusia", CLOSE, "russia-one-s"),
    typing("Caspian Sea", "Kaspian Sea", CLOSE, "caspian-k"),
    typing("Goharshad Mosque", "Goharshad", CLOSE, "goharshad-alone"),
    typing("Goharshad Mosque", "Mosque", WRONG, "mosque-alone"),
    typing("Goharshad Mosque", "Gauharshad Mosque", CLOSE, "goharshad-au"),
    typing("Astara", "Astarabad", WRONG, "astara-is-not-astarabad"),
    typing("Astarabad", "Astara", WRONG, "astarabad-is-not-astara"),
    # Four letters or fewer: spellings fold, but no slip is forgiven.
    typing("Sari", "Sary", CLOSE, "sari-y"),
    typing("Sari", "Sori", WRONG, "sari-slip-too-short"),
    typing("Arg", "Ark", WRONG, "arg-slip-too-short"),
]


@pytest.mark.parametrize(("answer", "typed", "verdict", "options"), STUDENT_TYPINGS)
def test_student_typings(answer: str, typed: str, verdict: Verdict, options: dict) -> None:
    asked = question(answer, **options)
    assert judge(typed, **asked) == verdict
    assert is_correct(typed, **asked) is (verdict != WRONG)


def test_the_answer_and_every_accepted_answer_are_exact() -> None:
    for name, (_, names) in ENTITIES.items():
        asked = question(name)
        for right in names:
            for written in (right, right.upper(), f"  {right.lower()}. "):
                assert judge(written, **asked) == EXACT, (name, written)


def test_another_persons_or_places_name_is_never_right() -> None:
    for name in ENTITIES:
        asked = question(name)
        for rival in asked["rivals"]:
            assert judge(rival, **asked) == WRONG, (name, rival)


def _slipped(text: str, rng: random.Random) -> str:
    """A typing of text: a letter dropped, added, changed or two swapped, a title put in
    front, or only some of its words."""
    chars, at = list(text), rng.randrange(len(text))
    change = rng.choice(["drop", "add", "change", "swap", "title", "words", "none"])
    if change == "drop":
        del chars[at]
    elif change == "add":
        chars.insert(at, rng.choice("aehiknorstuy"))
    elif change == "change":
        chars[at] = rng.choice("aehiknorstuy")
    elif change == "swap" and at + 1 < len(chars):
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
    elif change == "title":
        chars[:0] = rng.choice(["General ", "Sardar ", "Mirza "])
    elif change == "words":
        words = text.split()
        start = rng.randrange(len(words))
        chars = list(" ".join(words[start : rng.randrange(start, len(words)) + 1]))
    return "".join(chars)


def test_a_typing_is_right_for_one_person_or_place_at_most() -> None:
    """Never confusing: whatever is typed, it is not right (even close) for two people or
    places of the source."""
    rng = random.Random(1909)
    questions = {name: question(name) for name in ENTITIES}
    all_names = [name for _, names in ENTITIES.values() for name in names]
    for _ in range(150):
        typed = _slipped(rng.choice(all_names), rng)
        right_for = [name for name, asked in questions.items() if judge(typed, **asked) != WRONG]
        assert len(right_for) <= 1, (typed, right_for)


def test_only_some_rivals_are_folded_but_no_verdict_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The skeleton test that spares folding most rivals never changes a verdict."""
    rng = random.Random(1911)
    all_names = [name for _, names in ENTITIES.values() for name in names]
    typings = [
        (name, _slipped(rng.choice(ENTITIES[name][1] if rng.random() < 0.7 else all_names), rng))
        for name in rng.choices(list(ENTITIES), k=150)
    ]
    with_test = [judge(typed, **question(name)) for name, typed in typings]
    folding_all = answers._Rivals.__init__
    monkeypatch.setattr(
        answers._Rivals,
        "__init__",
        lambda self, rivals, typed_normalized, typed_key, slack: folding_all(
            self, rivals, typed_normalized, typed_key, slack=1000
        ),
    )
    assert [judge(typed, **question(name)) for name, typed in typings] == with_test
    assert with_test.count(CLOSE) > 20  # the sample has near misses to check


DAY = {"question_type": "text", "kind": "date", "answer": "1909-04-20", "rivals": rivals_of("Tabriz")}


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("20 April 1909", EXACT),
        ("20.04.1909", EXACT),
        ("April 20, 1909", EXACT),
        ("20 Aprill 1909", WRONG),
        ("20 Apirl 1909", WRONG),
        ("20 April 1908", WRONG),
        ("21 April 1909", WRONG),
        ("2O April 1909", WRONG),
        ("April 1909", WRONG),
    ],
)
def test_dates_are_exact_or_wrong(typed: str, verdict: Verdict) -> None:
    assert judge(typed, **DAY) == verdict
    assert judge(typed, **{**DAY, "question_type": "choice"}) in (EXACT, WRONG)


def test_without_rivals_nothing_is_forgiven() -> None:
    """rivals=None, as every caller passed before: the checker as it was."""
    asked = {**question("Sattar Khan"), "rivals": None}
    assert judge("Sattar Khan", **asked) == EXACT
    for typed in ("Satar Khan", "Sattar", "Sardar Sattar Khan"):
        assert judge(typed, **asked) == WRONG
        assert is_correct(typed, **{key: value for key, value in asked.items() if key != "rivals"}) is False


def test_no_known_rivals_forgive_slips_and_spellings_not_parts() -> None:
    """An authored question with no source: nothing to tell which part of a name is
    distinctive, so only the whole name, with a slip or another spelling, is right."""
    asked = {**question("Sattar Khan"), "rivals": []}
    assert judge("Satar Khan", **asked) == CLOSE
    assert judge("Sattar Kan", **asked) == CLOSE
    assert judge("Sardar Sattar Khan", **asked) == CLOSE
    assert judge("Sattar", **asked) == WRONG
    assert judge("Khan", **asked) == WRONG
    yudenich = {**question("Nikolai Yudenich", aliases=False), "rivals": []}
    assert judge("General Nikolai Yudenich", **yudenich) == CLOSE
    assert judge("Yudenich", **yudenich) == WRONG


def test_only_typed_people_and_places_are_forgiven() -> None:
    choice = {**question("Tabriz"), "question_type": "choice"}
    assert judge("Tabriz", **choice) == EXACT
    assert judge("Tabrez", **choice) == WRONG
    other = {"question_type": "text", "kind": "other", "answer": "Persian Cossack Brigade", "rivals": []}
    assert judge("Persian Cossack Brigade", **other) == EXACT
    assert judge("Persian Cosack Brigade", **other) == WRONG


def test_odd_rivals_are_ignored() -> None:
    asked = question("Sattar Khan")
    asked["rivals"] = iter([None, 42, *asked["rivals"], b"Sattar"])
    assert judge("Satar Khan", **asked) == CLOSE
    assert judge("Baqir Khan", **{**question("Sattar Khan"), "rivals": ("Baqir Khan", None)}) == WRONG


def test_verdicts_are_strings() -> None:
    assert judge("Satar Khan", **question("Sattar Khan")) == "close"
    assert str(judge("Satar Khan", **question("Sattar Khan"))) == "close"


@pytest.mark.parametrize(
    ("typed", "answer", "segments"),
    [
        ("Satar Khan", "Sattar Khan", [("same", "Sa"), ("missing", "t"), ("same", "tar Khan")]),
        ("sattar khan", "Sattar Khan", [("same", "Sattar Khan")]),
        (
            "Terhan",
            "Tehran",
            [("same", "Te"), ("missing", "h"), ("same", "r"), ("extra", "h"), ("same", "an")],
        ),
        ("Tabrez", "Tabriz", [("same", "Tabr"), ("extra", "e"), ("missing", "i"), ("same", "z")]),
        ("General Yudenich", "Yudenich", [("extra", "General "), ("same", "Yudenich")]),
        ("  Liakov ", "Liakhov", [("same", "Liak"), ("missing", "h"), ("same", "ov")]),
        ("", "Tabriz", [("missing", "Tabriz")]),
    ],
)
def test_answer_difference(typed: str, answer: str, segments: list[tuple[str, str]]) -> None:
    assert answer_difference(typed, answer) == segments


def test_the_difference_rebuilds_both_texts() -> None:
    for typed, answer in [
        ("Vlaidmir Liakhov", "Vladimir Liakhov"),
        ("Mashad", "Mashhad"),
        ("Ljakhov", "Liakhov"),
    ]:
        segments = answer_difference(typed, answer)
        assert "".join(text for kind, text in segments if kind != "missing") == typed
        assert "".join(text for kind, text in segments if kind != "extra") == answer


@pytest.mark.parametrize(
    ("typed", "answer", "nearest"),
    [
        ("Izvolskii", "Alexander Izvolsky", "Izvolski"),
        ("Izvolskiy", "Alexander Izvolsky", "Izvolsky"),
        ("Satar Khan", "Sattar Khan", "Sattar Khan"),
        ("Ljakhov", "Vladimir Liakhov", "Liakhov"),
        ("Teheran", "Tehran", "Teheran"),
    ],
)
def test_nearest_answer(typed: str, answer: str, nearest: str) -> None:
    assert nearest_answer(typed, answer, ENTITIES[answer][1][1:]) == nearest
