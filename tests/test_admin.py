import pytest
from django.contrib import admin
from django.urls import reverse
from factories import fact_document

from accounts.models import User
from quizzes.facts.loader import load_fact_source
from quizzes.generation.sync import generate_questions
from quizzes.models import Event, Question, Side

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1", role="admin")
    client.force_login(user)
    source, _ = load_fact_source(fact_document())
    generate_questions(source=source)
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_model_has_a_working_list_with_search(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Anna"}).status_code == 200


def test_a_question_is_edited_with_its_choices_and_accepted_answers_inline(admin_client):
    question = Question.objects.get(generator_key="where-text:taking")

    page = admin_client.get(reverse("admin:quizzes_question_change", args=[question.pk]))

    assert page.status_code == 200
    assert b"Nordtown" in page.content  # the accepted answer, inline
    assert b"Choices" in page.content


def test_an_event_is_edited_with_its_participants_inline(admin_client):
    event = Event.objects.get(key="taking")

    page = admin_client.get(reverse("admin:quizzes_event_change", args=[event.pk]))

    assert page.status_code == 200
    assert b"Event participants" in page.content


def test_questions_filter_by_set_kind_and_type(admin_client):
    url = reverse("admin:quizzes_question_changelist")

    page = admin_client.get(url, {"kind__exact": "date", "type__exact": "order"})

    assert page.status_code == 200
    assert page.context["cl"].result_count == Question.objects.filter(kind="date", type="order").count() > 0


def test_sides_list_whom_they_fought_and_edit_it(admin_client):
    page = admin_client.get(reverse("admin:quizzes_side_changelist"))
    side = Side.objects.get(key="green")

    assert b"The Blues, The Reds" in page.content
    change = admin_client.get(reverse("admin:quizzes_side_change", args=[side.pk]))
    assert change.status_code == 200 and b"opposes" in change.content
