import pytest
from factories import generated_set, make_user

from quizzes.services.authoring import copy_questions, create_set
from quizzes.transfer import EXPORT_FORMATS, UnsupportedFormat, export_question_set

pytestmark = pytest.mark.django_db


def set_of(size: int, *, questions):
    question_set = create_set(owner=make_user(f"teacher-{size}", role="teacher"), title=f"{size} questions")
    copy_questions(questions=questions[:size], into=question_set)
    return question_set


@pytest.mark.parametrize("export_format", EXPORT_FORMATS)
def test_a_set_is_read_in_three_queries_whatever_its_size(export_format, django_assert_max_num_queries):
    generated = list(generated_set().questions.prefetch_related("choices", "accepted_answers"))
    small, large = set_of(10, questions=generated), set_of(80, questions=generated)

    with django_assert_max_num_queries(3) as small_queries:
        export_question_set(small, format=export_format)
    with django_assert_max_num_queries(3) as large_queries:
        export_question_set(large, format=export_format)

    assert len(small_queries) == len(large_queries)


def test_an_unknown_format_is_refused_naming_the_formats():
    with pytest.raises(UnsupportedFormat, match="csv, json, gift, apkg") as raised:
        export_question_set(None, format="xlsx")

    assert list(raised.value.errors) == ["format"]
