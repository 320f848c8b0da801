"""Regressions from the audit of the bundled questions: each test is a way a generated
question could have had a second right answer, or named its own answer."""

import pytest
from content_checks import check_question
from factories import fact_document

from quizzes.answers import parse_date
from quizzes.dates import PartialDate
from quizzes.facts.loader import load_fact_source
from quizzes.generation.factbase import EventDates
from quizzes.generation.sync import generate_questions
from quizzes.models import Question

pytestmark = pytest.mark.django_db


def generate(document):
    source, _ = load_fact_source(document)
    generate_questions(source=source)
    questions = Question.objects.filter(question_set__source=source).prefetch_related("choices")
    for question in questions:
        check_question(question)
    return {question.generator_key: question for question in questions}


def choices(question):
    return [choice.text for choice in question.choices.all()]


def person(document, key):
    return next(p for p in document["people"] if p["id"] == key)


def test_which_side_offers_only_sides_that_fought_it_never_its_allies():
    document = fact_document()
    # The Crimsons fight beside the Reds: to "which side was Anna on?" they are not wrong.
    document["sides"].append({"id": "crimson", "name": "The Crimsons", "opposes": ["blue", "green"]})
    person(document, "dmitri")["side"] = "crimson"

    questions = generate(document)

    assert sorted(choices(questions["side:anna"])) == ["The Blues", "The Greens", "The Reds"]
    assert sorted(choices(questions["side:dmitri"])) == ["The Blues", "The Crimsons", "The Greens"]


def test_no_side_question_without_two_known_opponents():
    document = fact_document()
    for side in document["sides"]:
        side["opposes"] = []
    document["sides"][0]["opposes"] = ["blue"]  # nobody is known to have fought the Greens

    questions = generate(document)

    assert not [key for key in questions if key.startswith("side:")]


def test_people_the_text_only_lists_together_get_no_who_was_described_or_side_question():
    document = fact_document()
    # The text says the same of both; either name would be right, and neither stands out.
    for key in ("boris", "elena"):
        person(document, key)["description"] = "Blue leader at the Westtown treaty"

    questions = generate(document)

    for key in ("boris", "elena"):
        assert not {f"who-was:{key}", f"described:{key}", f"described-text:{key}", f"side:{key}"} & set(
            questions
        )
    assert "described-text:anna" in questions  # a description only Anna has is still asked


def test_a_person_without_a_description_gets_no_who_was_question_and_lends_none():
    document = fact_document()
    person(document, "cyrus")["description"] = ""

    questions = generate(document)

    assert not {"who-was:cyrus", "described:cyrus", "described-text:cyrus"} & set(questions)
    assert all("" not in choices(q) for key, q in questions.items() if key.startswith("who-was:"))


def test_people_a_description_names_are_not_offered_beside_it():
    document = fact_document()
    person(document, "boris")["description"] = "Blue marshal who marched south while Cyrus Karimi held a fort"

    questions = generate(document)

    assert "Cyrus Karimi" not in choices(questions["described:boris"])
    assert person(document, "boris")["description"] not in choices(questions["who-was:cyrus"])


def test_a_side_mate_active_in_the_same_city_is_never_the_wrong_answer_to_who_led():
    document = fact_document()
    # Golnar (a Red) also led something in Northtown: she might have led the taking too.
    document["sentences"].append({"id": "s7", "text": "Golnar Rahimi led a rally in Northtown."})
    document["events"].append(
        {
            "id": "rally",
            "name": "the rally at the northern gate",
            "date": None,
            "place": "north",
            "participants": [{"person": "golnar", "role": "leader"}],
            "sentence": "s7",
        }
    )

    questions = generate(document)

    assert "Golnar Rahimi" not in choices(questions["who:commander:taking:anna"])
    assert "Anna Ivanova" not in choices(questions["who:leader:rally:golnar"])


def test_someone_the_event_name_names_is_never_its_wrong_answer():
    document = fact_document()
    document["events"][1]["name"] = "the Blue march against Anna Ivanova"
    document["events"][4]["participants"][0]["role"] = "leader"  # a fourth leader, Elena

    questions = generate(document)

    assert "Anna Ivanova" not in choices(questions["who:leader:march:boris"])


def test_typed_who_questions_only_where_nobody_else_led_or_commanded():
    document = fact_document()
    document["sentences"] += [
        {"id": "s7", "text": "On 20 April 1909 Anna Ivanova and Boris Petrov took Northtown."},
        {"id": "s8", "text": "In 1911 Cyrus Karimi and Farhad Amini held the Old Fort."},
    ]
    document["events"][0]["participants"].append({"person": "boris", "role": "leader"})
    document["events"][0]["sentence"] = "s7"
    document["events"][2]["participants"].append({"person": "farhad", "role": "commander"})
    document["events"][2]["sentence"] = "s8"

    questions = generate(document)

    assert "who-text:commander:taking" not in questions and "who-text:leader:taking" not in questions
    assert questions["who:commander:taking:anna"].prompt == "Who commanded the taking of a northern city?"
    assert "Boris Petrov" not in choices(questions["who:commander:taking:anna"])
    # Two commanded the hold: one prompt would be keyed to two answers, so it is not asked.
    assert not [key for key in questions if key.startswith(("who:commander:hold", "who-text:commander:hold"))]
    assert "who-text:leader:burning" in questions  # Dmitri alone led the burning


def test_timelines_show_ranges_and_conflicting_dates_in_full():
    class Dated:
        def __init__(self, date, date_end="", other_dates=()):
            self.date, self.date_end, self.other_dates = date, date_end, list(other_dates)

    assert EventDates.of(Dated("1905", "1911")).written() == "1905–1911"
    assert EventDates.of(Dated("1909-07-16", other_dates=["1909-07-15"])).written() == (
        "16 July 1909 (or 15 July 1909)"
    )
    assert EventDates.of(Dated("1909-04")).date == PartialDate(1909, 4)


def test_an_aide_or_chief_of_someone_in_the_event_is_never_its_wrong_answer():
    document = fact_document()
    # "Anna's forces took Northtown": her aide might have commanded them.
    document["sentences"].append(
        {"id": "s7", "text": "In 1911 Zara Volkova, who served Anna Ivanova as her aide, raided Westtown."}
    )
    document["events"].append(
        {"id": "raid", "name": "the raid on a western city", "date": "1911", "place": "west",
         "participants": [{"person": "zara", "role": "leader"}], "sentence": "s7"}
    )  # fmt: skip
    document["people"].append(
        {
            "id": "zara",
            "name": "Zara Volkova",
            "aliases": [],
            "role": "aide to Anna Ivanova",
            "side": "red",
            "description": "Red aide",
            "sentence": "s7",
        }
    )

    questions = generate(document)

    assert "Zara Volkova" not in choices(questions["who:commander:taking:anna"])
    assert "Zara Volkova" not in questions["tf-person:commander:taking:anna"].prompt
    assert "Zara Volkova" in choices(questions["who:leader:burning:dmitri"])  # nothing to do with Anna


def test_an_open_ended_date_is_asked_as_a_beginning_and_never_offers_a_later_date():
    document = fact_document()
    # "The taking" began on 20 April 1909 and the text never says when it ended.
    document["events"][0]["open_ended"] = True

    questions = generate(document)

    when = questions["when:taking"]
    assert when.prompt == "On what date did the taking of a northern city begin?"
    start = PartialDate(1909, 4, 20)
    written = [parse_date(text) for text in choices(when) if text != when.answer]
    wrong = [PartialDate(date.year, date.month, date.day) for date in written]
    assert len(wrong) == 3 and all(date < start for date in wrong), wrong
    assert (
        questions["tf-date:taking"].explanation
        == "True: The taking of a northern city began on 20 April 1909."
    )
    orders = [q for key, q in questions.items() if key.startswith("order:") and q.event.key == "taking"]
    for order in orders:  # it never ends, so it can only come last
        assert order.answer[-1] == "The taking of a northern city", order.answer


def test_a_building_within_a_building_is_asked_of_its_city_and_never_offers_the_outer_one():
    document = fact_document()
    # A chapel in the fort's precinct: "the defence took place in the Old Fort" is arguably true.
    document["sentences"] += [
        {"id": "s7", "text": "In 1911 the Greens under Cyrus Karimi held the Fort Chapel of Northtown."},
        {"id": "s8", "text": "Northtown had a Watch Tower, a Mill and a Church."},
    ]
    document["places"].append(
        {"id": "chapel", "name": "Fort Chapel", "aliases": [], "kind": "building", "located_in": "fort",
         "sentence": "s7"}
    )  # fmt: skip
    for key, name in (("tower", "Watch Tower"), ("mill", "Mill"), ("church", "Church")):
        document["places"].append(
            {"id": key, "name": name, "aliases": [], "kind": "building", "located_in": "north",
             "sentence": "s8"}
        )  # fmt: skip
    hold = next(event for event in document["events"] if event["id"] == "hold")
    hold.update(place="chapel", sentence="s7")

    questions = generate(document)

    assert sorted(choices(questions["where:hold"])) == ["Church", "Fort Chapel", "Mill", "Watch Tower"]
    assert "Old Fort" not in questions["tf-place:hold"].prompt


def test_wrong_years_fall_after_what_the_same_people_did_before():
    """A deposed shah's return is not offered as happening before his deposition."""
    document = fact_document()
    document["sentences"].append({"id": "s7", "text": "Cyrus Karimi gave up the Old Fort in 1914."})
    document["events"].append(
        {"id": "surrender", "name": "the surrender of the fort", "date": "1914", "place": "fort",
         "participants": [{"person": "cyrus", "role": "subject"}], "sentence": "s7"}
    )  # fmt: skip

    questions = generate(document)

    wrong = [int(year) for year in choices(questions["when:surrender"]) if year != "1914"]
    assert len(wrong) == 3 and all(year > 1911 for year in wrong), wrong  # he held the fort in 1911
