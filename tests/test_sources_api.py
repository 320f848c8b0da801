"""The fact sources API (docs/api.md "Fact sources"): a teacher uploads a document, generates
its set, excludes questions and edits others, and never sees another teacher's source."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import api_client_for, fact_document, make_user

from quizzes.models import Person, Question, QuestionSet, Sentence, Source
from quizzes.services import sources

pytestmark = pytest.mark.django_db


def my_war(**source_changes) -> dict:
    document = fact_document()
    document["source"] = {**document["source"], "slug": "my-war", **source_changes}
    return document


@pytest.fixture
def as_tina(tina):
    return api_client_for(tina)


def created_source(client, document=None) -> dict:
    response = client.post("/api/sources/", document or my_war(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_document_posted_as_json_becomes_the_teachers_source(as_tina):
    body = created_source(as_tina)

    assert body["slug"] == "my-war" and body["owner"] == "tina" and body["set"] is None
    assert body["counts"] == {
        "sides": 3,
        "sentences": 6,
        "people": 7,
        "places": 6,
        "events": 6,
        "statements": 0,
    }
    assert Source.objects.get(pk=body["id"]).owner.username == "tina"


def test_a_document_uploaded_as_a_file_takes_the_text_beside_it(as_tina):
    upload = SimpleUploadedFile("my-war.json", json.dumps(my_war()).encode(), content_type="application/json")

    response = as_tina.post("/api/sources/", {"file": upload, "text": "The whole text."}, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["has_text"] is True
    assert Source.objects.get(pk=response.json()["id"]).text == "The whole text."


def test_an_invalid_document_is_a_400_listing_every_problem_by_path_and_saves_nothing(as_tina):
    document = my_war()
    document["people"][3]["side"] = "rusia"
    document["places"][0]["kind"] = "planet"

    response = as_tina.post("/api/sources/", document, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert 'people[3].side: "rusia" is not a side id' in errors
    assert any(error.startswith("places[0].kind: 'planet' is not one of") for error in errors)
    assert not Source.objects.exists() and not Sentence.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"{not json", "The file is not valid JSON"), (b"\xff\xfe{}", "The file is not UTF-8 text")],
)
def test_an_unreadable_file_is_a_400_naming_the_file(as_tina, content, reason):
    response = as_tina.post(
        "/api/sources/", {"file": SimpleUploadedFile("f.json", content)}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["file"][0].startswith(reason)


def test_a_form_without_its_file_is_a_400_naming_the_file(as_tina):
    response = as_tina.post("/api/sources/", {"text": "Only the text."}, format="multipart")

    assert response.status_code == 400 and "file" in response.json()


def test_a_document_that_is_not_an_object_is_a_400(as_tina):
    response = as_tina.post("/api/sources/", ["a", "list"], format="json")

    assert response.status_code == 400
    assert response.json() == {"errors": ["$: a fact source must be a JSON object"]}


def test_two_teachers_may_use_the_same_slug(as_tina, tom):
    tinas = created_source(as_tina)
    toms = created_source(api_client_for(tom))

    assert tinas["id"] != toms["id"] and tinas["slug"] == toms["slug"] == "my-war"
    assert Person.objects.filter(key="anna").count() == 2


def test_a_teacher_lists_only_their_own_sources_and_an_admin_all(as_tina, tom, ada):
    created_source(as_tina)
    created_source(api_client_for(tom), my_war(slug="toms-war"))

    assert [s["slug"] for s in as_tina.get("/api/sources/").json()["results"]] == ["my-war"]
    assert len(api_client_for(ada).get("/api/sources/").json()["results"]) == 2


def test_the_list_takes_the_same_queries_for_one_source_as_for_many(tina, django_assert_num_queries):
    client = api_client_for(tina)
    sources.generate_set(source=sources.create_source(owner=tina, document=my_war()))
    with django_assert_num_queries(2) as few:  # the count and the page
        client.get("/api/sources/")

    for number in range(12):
        source = sources.create_source(owner=tina, document=my_war(slug=f"war-{number}"))
        if number % 2:
            sources.generate_set(source=source)
    with django_assert_num_queries(len(few)):
        response = client.get("/api/sources/")

    assert response.json()["count"] == 13
    assert all(row["counts"]["people"] == 7 for row in response.json()["results"])


def test_get_answers_the_document_in_the_upload_format(as_tina):
    document = my_war(text="The whole text.")
    body = created_source(as_tina, document)

    response = as_tina.get(f"/api/sources/{body['id']}/")

    assert response.status_code == 200
    assert response.json()["source"] == document["source"]
    assert response.json()["people"] == document["people"]


def test_another_teachers_source_is_a_404_for_every_method(as_tina, tom):
    source_id = created_source(as_tina)["id"]
    client = api_client_for(tom)

    for method, url in [
        ("get", f"/api/sources/{source_id}/"),
        ("put", f"/api/sources/{source_id}/"),
        ("delete", f"/api/sources/{source_id}/"),
        ("post", f"/api/sources/{source_id}/generate/"),
        ("get", f"/api/sources/{source_id}/exclusions/"),
    ]:
        response = getattr(client, method)(url, my_war(), format="json")
        assert response.status_code == 404, (method, url)
    assert Source.objects.get(pk=source_id).title == "A small war"


def test_put_replaces_the_document_and_keeps_the_questions_of_unchanged_facts(as_tina):
    source_id = created_source(as_tina)["id"]
    as_tina.post(f"/api/sources/{source_id}/generate/")
    ids = dict(Question.objects.values_list("generator_key", "pk"))
    document = my_war(title="My war, revised")
    document["people"][0]["role"] = "general of the north"

    response = as_tina.put(f"/api/sources/{source_id}/", document, format="json")
    generated = as_tina.post(f"/api/sources/{source_id}/generate/").json()

    assert response.status_code == 200 and response.json()["title"] == "My war, revised"
    assert generated["deleted"] == 0 and generated["unchanged"] > 0
    assert dict(Question.objects.values_list("generator_key", "pk")) == ids


def test_an_invalid_put_is_a_400_and_changes_nothing(as_tina):
    source_id = created_source(as_tina)["id"]
    document = my_war(title="Changed")
    document["events"][0]["sentence"] = "s99"

    response = as_tina.put(f"/api/sources/{source_id}/", document, format="json")

    assert response.status_code == 400
    assert response.json() == {"errors": ['events[0].sentence: "s99" is not a sentence id']}
    assert Source.objects.get(pk=source_id).title == "A small war"


def test_generate_builds_an_unpublished_set_of_the_teachers_own(as_tina, alice):
    source_id = created_source(as_tina)["id"]

    response = as_tina.post(f"/api/sources/{source_id}/generate/")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"set", "created", "updated", "deleted", "unchanged", "kept_edited", "excluded"}
    assert body["created"] > 50 and body["kept_edited"] == body["excluded"] == 0
    question_set = QuestionSet.objects.get(pk=body["set"])
    assert question_set.owner.username == "tina" and not question_set.is_published
    assert as_tina.get("/api/sources/").json()["results"][0]["set"] == body["set"]
    assert api_client_for(alice).get(f"/api/sets/{body['set']}/").status_code == 404
    assert body["set"] not in [s["id"] for s in api_client_for(alice).get("/api/sets/").json()["results"]]


def test_exclude_a_question_then_include_it_again(as_tina):
    source_id = created_source(as_tina)["id"]
    as_tina.post(f"/api/sources/{source_id}/generate/")
    question = Question.objects.get(generator_key="where-text:taking")

    excluded = as_tina.post(f"/api/sources/{source_id}/exclusions/", {"question": question.pk}, format="json")
    listed = as_tina.get(f"/api/sources/{source_id}/exclusions/").json()["results"]
    regenerated = as_tina.post(f"/api/sources/{source_id}/generate/").json()

    assert excluded.status_code == 201 and excluded.json()["prompt"] == question.prompt
    assert [row["generator_key"] for row in listed] == ["where-text:taking"]
    assert (regenerated["created"], regenerated["excluded"]) == (0, 1)

    undone = as_tina.delete(f"/api/sources/{source_id}/exclusions/{excluded.json()['id']}/")
    again = as_tina.post(f"/api/sources/{source_id}/generate/").json()

    assert undone.status_code == 204
    assert (again["created"], again["excluded"]) == (1, 0)


def test_excluding_a_question_of_another_set_or_an_authored_one_is_a_400(as_tina, tinas_set):
    source_id = created_source(as_tina)["id"]
    as_tina.post(f"/api/sources/{source_id}/generate/")
    set_id = QuestionSet.objects.get(source_id=source_id).pk
    authored = as_tina.post(
        "/api/questions/",
        {"set": set_id, "kind": "other", "type": "true_false", "prompt": "Small?", "answer": True},
        format="json",
    ).json()

    elsewhere = as_tina.post(
        f"/api/sources/{source_id}/exclusions/", {"question": tinas_set.questions.first().pk}, format="json"
    )
    own = as_tina.post(f"/api/sources/{source_id}/exclusions/", {"question": authored["id"]}, format="json")

    assert elsewhere.status_code == 400 and "question" in elsewhere.json()
    assert own.status_code == 400 and "question" in own.json()
    assert Question.objects.filter(pk=authored["id"]).exists()


def test_a_question_edited_through_the_api_is_kept_by_regeneration(as_tina):
    source_id = created_source(as_tina)["id"]
    as_tina.post(f"/api/sources/{source_id}/generate/")
    question = Question.objects.get(generator_key="where-text:taking")

    edited = as_tina.patch(
        f"/api/questions/{question.pk}/", {"prompt": "Which city fell first?"}, format="json"
    )
    regenerated = as_tina.post(f"/api/sources/{source_id}/generate/").json()

    assert edited.json()["generated"] is True and edited.json()["edited"] is True
    assert regenerated["kept_edited"] == 1
    assert Question.objects.get(pk=question.pk).prompt == "Which city fell first?"


def test_deleting_a_source_deletes_its_set(as_tina):
    source_id = created_source(as_tina)["id"]
    set_id = as_tina.post(f"/api/sources/{source_id}/generate/").json()["set"]

    response = as_tina.delete(f"/api/sources/{source_id}/")

    assert response.status_code == 204
    assert not Source.objects.exists() and not QuestionSet.objects.filter(pk=set_id).exists()


def test_a_student_may_not_list_or_upload_sources():
    client = api_client_for(make_user("sam"))

    assert client.get("/api/sources/").status_code == 403
    assert client.post("/api/sources/", my_war(), format="json").status_code == 403
    assert not Source.objects.exists()
