import pytest
from content_checks import check_question
from django.core.management import call_command
from factories import fact_document

from quizzes.facts.loader import load_fact_source
from quizzes.generation.sync import generate_questions
from quizzes.models import Question, QuestionSet, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    source, _ = load_fact_source(fact_document())
    return source


def questions_of(source):
    return list(
        Question.objects.filter(question_set__source=source)
        .select_related(
            "event__place", "event__source", "person__side", "place__located_in", "source_sentence"
        )
        .prefetch_related("choices", "accepted_answers")
        .order_by("generator_key")
    )


def test_generation_builds_one_published_set_with_every_kind_and_type(source):
    report = generate_questions(source=source)

    question_set = QuestionSet.objects.get(source=source)
    assert question_set.is_published and question_set.title == "A small war"
    assert report.created == question_set.questions.count() > 50
    kinds = {kind for kind, _ in report.by_kind_and_type}
    types = {type_ for _, type_ in report.by_kind_and_type}
    assert kinds == {"date", "person", "place"}
    assert types == {"choice", "text", "true_false", "order", "match"}


def test_every_generated_question_is_right_by_its_facts(source):
    generate_questions(source=source)

    for question in questions_of(source):
        check_question(question)


def test_generating_twice_changes_nothing(source):
    generate_questions(source=source)
    before = {q.generator_key: (q.pk, q.updated_at) for q in questions_of(source)}

    report = generate_questions(source=source)

    assert (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert report.unchanged == len(before)
    assert {q.generator_key: (q.pk, q.updated_at) for q in questions_of(source)} == before


def test_conflicting_dates_are_both_accepted_and_never_offered_as_wrong(source):
    generate_questions(source=source)

    question = Question.objects.get(generator_key="when:treaty")
    choices = [c.text for c in question.choices.all()]
    assert question.answer == "16 July 1913"
    assert [a.text for a in question.accepted_answers.all()] == ["15 July 1913"]
    assert "15 July 1913" not in choices


def test_distractors_exclude_every_participant_and_related_place(source):
    generate_questions(source=source)

    where = Question.objects.get(generator_key="where:taking")
    assert "Midland" not in [c.text for c in where.choices.all()]  # the country is right too
    council = Question.objects.filter(generator_key__startswith="who:", event__key="councils")
    assert not council.exists()  # participants only: no single right answer to "who led"


def test_a_question_that_would_give_its_answer_away_is_not_asked():
    document = fact_document()
    document["events"][0]["name"] = "the taking of Northtown"
    source, _ = load_fact_source(document)

    generate_questions(source=source)

    assert not Question.objects.filter(generator_key__in=["where:taking", "where-text:taking"]).exists()


def test_editing_one_fact_updates_only_the_questions_that_show_it(source):
    generate_questions(source=source)
    before = {q.generator_key: (q.pk, q.updated_at) for q in questions_of(source)}
    document = fact_document()
    document["events"][1]["date"] = "1910-06"  # the Blue march moves from May to June

    load_fact_source(document)
    report = generate_questions(source=source)

    after = {q.generator_key: q for q in questions_of(source)}
    changed = {key for key, q in after.items() if (q.pk, q.updated_at) != before.get(key)}
    assert report.updated == len(changed) > 0 and report.created == report.deleted == 0
    assert {"when:march", "when-text:march", "tf-date:march"} <= changed
    shows_the_march = {
        key
        for key, q in after.items()
        if (q.event and q.event.key == "march") or "The Blue march" in [c.text for c in q.choices.all()]
    }
    assert changed <= shows_the_march
    assert after["when:march"].answer == "June 1910"
    assert after["when:march"].pk == before["when:march"][0]


def test_a_removed_fact_takes_its_questions_with_it(source):
    generate_questions(source=source)
    document = fact_document()
    document["events"] = [e for e in document["events"] if e["id"] != "hold"]

    load_fact_source(document)
    report = generate_questions(source=source)

    assert report.deleted > 0
    assert not Question.objects.filter(generator_key__endswith=":hold").exists()


def test_the_command_reports_counts_and_refuses_an_unknown_source(source, capsys):
    call_command("generate_questions", "--source", "small-war")
    assert "questions (" in capsys.readouterr().out

    with pytest.raises(Exception, match='No fact source "nope"'):
        call_command("generate_questions", "--source", "nope")


def test_generation_is_a_handful_of_statements_however_many_questions(django_assert_max_num_queries):
    """Rows go in and change in bulk: the bundled source's 378 questions once took 1,439 queries."""
    call_command("load_facts", "fixtures/persian_constitutional_revolution.json", verbosity=0)
    bundled = Source.objects.get(slug="persian-constitutional-revolution")
    with django_assert_max_num_queries(20):
        report = generate_questions(source=bundled)
    assert report.created == Question.objects.filter(question_set__source=bundled).count() > 300

    Question.objects.filter(question_set__source=bundled, type="choice").update(prompt="stale")
    with django_assert_max_num_queries(20):
        again = generate_questions(source=bundled)
    assert again.updated > 50 and not Question.objects.filter(prompt="stale").exists()


def test_a_generated_question_that_breaks_the_authoring_rules_is_never_saved(source, monkeypatch):
    from quizzes.generation import sync
    from quizzes.generation.question_templates import QuestionTemplates

    drafts = QuestionTemplates.all_drafts

    def one_broken(self):
        found = list(drafts(self))
        broken = next(draft for draft in found if draft.type == "choice")
        broken.answer = "not among the choices"
        return found

    monkeypatch.setattr(QuestionTemplates, "all_drafts", one_broken)
    Question.objects.all().delete()

    with pytest.raises(sync.InvalidDraft, match="is not among the choices"):
        generate_questions(source=source)
    assert not Question.objects.exists()
