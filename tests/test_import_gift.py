import pytest
from factories import make_user

from quizzes.models import Question
from quizzes.services.authoring import InvalidQuestions, create_set, import_questions
from quizzes.transfer import ImportFileError, parse_questions

MOODLE_FILE = r"""// Questions on the small war, written by hand for Moodle.
$CATEGORY: $course$/top/Small war

// question: 1  name: Treaty date
// kind: date
::Treaty date::On what date was the treaty signed?{
    =16 July 1913#Right, the date most sources give.
    =15 July 1913
    ####The source gives both dates.
}

// A comment block on its own is not a question.

::Capital\: north::[html]Which city was taken in 1909? {
  ~Southtown#No, that was the march of 1910.
  =Northtown
  ~Easttown
  ~Old Fort \{the building\}
}

Anna Ivanova was a Red general.{T}

::Signs::2 \= 2 is written with an equals sign, and C\:\\ is a drive.{FALSE#It is true.####General feedback
with a \# hash on a second line.}

// kind: date
::Order::Put the events in order.{
    =2 -> The Blue march
    =1 -> The councils
    =3 -> The peace treaty
}

The treaty was signed in {~Northtown =Westtown ~Easttown} in 1913.
"""


def gift_errors(text: str) -> dict:
    with pytest.raises(ImportFileError) as raised:
        parse_questions(filename="questions.gift", content=text.encode())
    return raised.value.errors


def test_a_hand_written_moodle_file_reads_into_question_fields():
    rows = parse_questions(filename="small-war.txt", content=MOODLE_FILE.encode())

    assert rows == {
        1: {
            "kind": "date",
            "type": "text",
            "prompt": "On what date was the treaty signed?",
            "answer": "16 July 1913",
            "choices": [],
            "accepted_answers": ["15 July 1913"],
            "explanation": "The source gives both dates.",
        },
        2: {
            "kind": "other",
            "type": "choice",
            "prompt": "Which city was taken in 1909?",
            "answer": "Northtown",
            "choices": ["Southtown", "Northtown", "Easttown", "Old Fort {the building}"],
            "accepted_answers": [],
            "explanation": "",
        },
        3: {
            "kind": "other",
            "type": "true_false",
            "prompt": "Anna Ivanova was a Red general.",
            "answer": True,
            "choices": [],
            "accepted_answers": [],
            "explanation": "",
        },
        4: {
            "kind": "other",
            "type": "true_false",
            "prompt": "2 = 2 is written with an equals sign, and C:\\ is a drive.",
            "answer": False,
            "choices": [],
            "accepted_answers": [],
            "explanation": "General feedback\nwith a # hash on a second line.",
        },
        5: {
            "kind": "date",
            "type": "order",
            "prompt": "Put the events in order.",
            "answer": ["The councils", "The Blue march", "The peace treaty"],
            "choices": ["The Blue march", "The councils", "The peace treaty"],
            "accepted_answers": [],
            "explanation": "",
        },
        6: {
            "kind": "other",
            "type": "choice",
            "prompt": "The treaty was signed in _____ in 1913.",
            "answer": "Westtown",
            "choices": ["Northtown", "Westtown", "Easttown"],
            "accepted_answers": [],
            "explanation": "",
        },
    }


def test_a_moodle_export_with_weights_and_windows_line_breaks_reads():
    text = (
        "// question: 7  name: Who\r\n"
        "::Who::[moodle]Who took Northtown?{\r\n"
        "\t=%100%Anna Ivanova#\r\n"
        "\t=%100%Анна Иванова#\r\n"
        "\t=%0%Boris Petrov#No.\r\n"
        "}\r\n"
    )

    rows = parse_questions(filename="moodle-export.txt", content=text.encode("utf-8-sig"))

    assert (rows[1]["answer"], rows[1]["accepted_answers"]) == ("Anna Ivanova", ["Анна Иванова"])


def test_questions_that_cannot_be_imported_are_named_by_their_number():
    text = """::Essay::Describe the war.{}

::Fine::Who took Northtown?{=Anna Ivanova}

::Numerical::In which year was the treaty signed?{#1913}

A description without answers.

::Mixed::Match the people to their sides.{=Anna -> Reds =Boris}

::Partial::Who were Red?{~%50%Anna ~%50%Dmitri ~Boris}

::Two right::Pick one.{=A =B ~C}

::Braces::Never closed {=x
"""

    errors = gift_errors(text)

    assert list(errors) == [1, 3, 4, 5, 6, 7, 8]
    assert "essay" in errors[1][0]
    assert "numerical" in errors[3][0]
    assert "no answers" in errors[4][0]
    assert "mixes matching pairs" in errors[5][0]
    assert "partial credit" in errors[6][0]
    assert "2 right answers" in errors[7][0]
    assert "braces" in errors[8][0]


def test_a_matching_question_is_a_match_unless_its_left_sides_are_positions():
    text = """::Match::Match the people to their sides.{=Anna -> Reds =Boris -> Blues}

::Order::Put in order.{=2 -> Treaty =1 -> War}
"""
    rows = parse_questions(filename="moodle.txt", content=text.encode())

    assert (rows[1]["type"], rows[1]["items"]) == ("match", ["Anna", "Boris"])
    assert rows[1]["answer"] == rows[1]["choices"] == ["Reds", "Blues"]
    assert (rows[2]["type"], rows[2]["answer"]) == ("order", ["War", "Treaty"])


@pytest.mark.django_db
def test_questions_with_invalid_fields_are_named_by_their_number_and_nothing_is_saved():
    text = """// kind: era
Which era? {=The modern one}

Who took Northtown? {~Anna Ivanova ~Boris Petrov =Anna Ivanova}

Fine.{TRUE}
"""
    question_set = create_set(owner=make_user("teacher", role="teacher"), title="Imported")

    rows = parse_questions(filename="questions.gift", content=text.encode())
    with pytest.raises(InvalidQuestions) as raised:
        import_questions(question_set=question_set, rows=rows)

    assert set(raised.value.errors) == {1, 2}
    assert "kind" in raised.value.errors[1]
    assert "choices" in raised.value.errors[2]
    assert not Question.objects.filter(question_set=question_set).exists()


def test_a_file_with_only_comments_and_a_category_holds_no_questions():
    assert "no questions" in gift_errors("// nothing here\n\n$CATEGORY: Empty\n")["file"][0]
