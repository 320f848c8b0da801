import pytest
from factories import generated_set, make_user

from quizzes.services.authoring import create_question, create_set
from quizzes.transfer import export_question_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_set():
    return create_set(owner=make_user("teacher", role="teacher"), title="Wars / peace")


def exported_text(question_set) -> str:
    return export_question_set(question_set, format="gift").content.decode()


def test_the_file_is_moodle_text_with_a_category_and_numbered_titles():
    question_set = generated_set()
    exported = export_question_set(question_set, format="gift")
    text = exported.content.decode()
    last = question_set.questions.count()

    assert (exported.filename, exported.content_type) == ("a-small-war.gift.txt", "text/plain; charset=utf-8")
    assert "\n$CATEGORY: A small war\n" in text
    assert "::Q1:: " in text and f"::Q{last}:: " in text and f"::Q{last + 1}::" not in text


def test_gift_special_characters_and_line_breaks_are_escaped(question_set):
    create_question(
        question_set=question_set,
        fields={
            "kind": "person",
            "type": "text",
            "prompt": "Who wrote {a} ~b =c #d: e \\ f?\nSecond line",
            "answer": "Анна Иванова",
            "explanation": "A: #1",
        },
    )

    assert exported_text(question_set).endswith(
        "// kind: person\n"
        "::Q1:: Who wrote \\{a\\} \\~b \\=c \\#d\\: e \\\\ f?\\nSecond line {\n"
        "\t=Анна Иванова\n"
        "\t####A\\: \\#1\n"
        "}\n"
    )


def test_a_category_path_separator_in_the_title_is_doubled(question_set):
    assert "$CATEGORY: Wars // peace\n" in exported_text(question_set)


def test_an_order_question_is_a_matching_question_of_positions_in_the_order_choices_are_shown(question_set):
    create_question(
        question_set=question_set,
        fields={
            "kind": "date",
            "type": "order",
            "prompt": "Put them in order.",
            "answer": ["The councils", "The Blue march", "The peace treaty"],
            "choices": ["The peace treaty", "The councils", "The Blue march"],
        },
    )

    assert exported_text(question_set).endswith(
        "::Q1:: Put them in order. {\n"
        "\t=3 -> The peace treaty\n"
        "\t=1 -> The councils\n"
        "\t=2 -> The Blue march\n"
        "}\n"
    )


def test_true_false_is_written_on_one_line_with_its_explanation_as_general_feedback(question_set):
    create_question(
        question_set=question_set,
        fields={
            "kind": "place",
            "type": "true_false",
            "prompt": "Is it?",
            "answer": False,
            "explanation": "No.",
        },
    )

    assert exported_text(question_set).endswith("// kind: place\n::Q1:: Is it? {FALSE####No.}\n")


def test_accepted_answers_of_a_choice_question_are_kept_in_comments(question_set):
    create_question(
        question_set=question_set,
        fields={
            "kind": "date",
            "type": "choice",
            "prompt": "When?",
            "answer": "16 July 1913",
            "choices": ["16 July 1913", "%5% off"],
            "accepted_answers": ["15 July 1913"],
        },
    )

    assert exported_text(question_set).endswith(
        "// kind: date\n// accepted: 15 July 1913\n::Q1:: When? {\n\t=16 July 1913\n\t~%0%%5% off\n}\n"
    )
