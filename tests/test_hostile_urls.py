"""Hostile URLs, query strings and headers: page sizes and numbers, huge ids, invalid
UTF-8, NUL characters, unknown API paths. Each is a JSON 4xx (or a plain page), never a 500."""

import pytest
from factories import api_client_for
from rest_framework.test import APIClient

from accounts.models import User
from quizzes.api.pagination import MAX_PAGE_SIZE
from quizzes.models import Question
from quizzes.services import authoring

pytestmark = pytest.mark.django_db
HUGE_NUMBER = "9" * 5000  # longer than int() takes from a string


@pytest.fixture
def big_set(tina):
    """More questions than the largest page."""
    question_set = authoring.create_set(owner=tina, title="Many", is_published=True)
    Question.objects.bulk_create(
        Question(question_set=question_set, kind="other", type="text", prompt=f"Q{number}", answer="A")
        for number in range(MAX_PAGE_SIZE + 20)
    )
    return question_set


@pytest.mark.parametrize("page_size", ["100000", HUGE_NUMBER, "501", "0000600"])
def test_a_huge_page_size_gives_the_largest_page(alice, big_set, page_size):
    response = api_client_for(alice).get(f"/api/questions/?set={big_set.pk}&page_size={page_size}")

    assert response.status_code == 200
    assert len(response.json()["results"]) == MAX_PAGE_SIZE
    assert response.json()["count"] == MAX_PAGE_SIZE + 20


def test_a_page_size_within_the_limit_is_honoured(alice, big_set):
    response = api_client_for(alice).get(f"/api/questions/?set={big_set.pk}&page_size=7&page=2")

    assert [question["prompt"] for question in response.json()["results"]] == [f"Q{n}" for n in range(7, 14)]


@pytest.mark.parametrize("page_size", ["-1", "0", "abc", "1.5", "", "%00", "٣"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_a_400(alice, page_size):
    response = api_client_for(alice).get(f"/api/sets/?page_size={page_size}")

    assert response.status_code == 400
    assert "page_size" in response.json()


@pytest.mark.parametrize("page", ["-1", "0", "abc", "", "1.5", "99999", HUGE_NUMBER, "1e3"])
def test_a_page_that_does_not_exist_is_a_404(alice, tinas_set, page):
    response = api_client_for(alice).get(f"/api/sets/?page={page}")

    assert response.status_code == 404
    assert response.json()["detail"].startswith("Invalid page")


def test_the_last_page_by_name(alice, big_set):
    response = api_client_for(alice).get(f"/api/questions/?set={big_set.pk}&page=last&page_size=500")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 20


@pytest.mark.parametrize(
    "url",
    [
        "/api/sets/99999999999999999999999/",
        "/api/sets/9223372036854775808/",
        "/api/questions/99999999999999999999/",
        "/api/quizzes/99999999999999999999/",
        "/api/sets/99999999999999999999/leaderboard/",
    ],
)
def test_ids_too_big_for_the_database_in_the_path_are_a_404(alice, url):
    """In the query they are a 400 naming the parameter (tests/test_api_client_errors.py)."""
    response = api_client_for(alice).get(url)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/sets/%ff/",
        "/api/sets/abc/",
        "/api/sets/-1/",
        "/api/nothing-here/",
        "/api/sets/1/unknown/",
        "/api/%ff%fe/",
    ],
)
def test_unknown_or_malformed_api_paths_are_a_json_404(alice, url):
    response = api_client_for(alice).get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_is_still_an_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "query",
    [
        "search=%ff%fe",
        "search=%ed%a0%80",
        "search=" + "x" * 10_000,
        "search=' OR '1'='1",
        "set=%ff",
        "kind=%ff",
    ],
)
def test_invalid_utf8_and_odd_queries_are_answered_cleanly(alice, tinas_set, query):
    response = api_client_for(alice).get(
        f"/api/questions/?{query}" if "search" not in query else f"/api/sets/?{query}"
    )

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


@pytest.mark.parametrize(
    "url",
    ["/api/sets/%00/", "/api/sets/?Tab%00riz=1", "/login/?next=%00"],
)
def test_a_nul_character_in_the_url_is_a_400(client, alice, url):
    """In the value of an API query parameter, a 400 names the parameter (test_api_client_errors.py)."""
    on_api = url.startswith("/api/")
    response = api_client_for(alice).get(url) if on_api else client.get(url)

    assert response.status_code == 400
    if on_api:
        assert response.json() == {"detail": "The request has a NUL character in its URL or headers."}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_AUTHORIZATION": "Token abc\x00def"},
        {"HTTP_COOKIE": "sessionid=abc\x00def"},
        {"HTTP_X_CSRFTOKEN": "\x00"},
        {"HTTP_ACCEPT_LANGUAGE": "en\x00"},
    ],
)
def test_a_nul_character_in_a_header_is_a_400(headers):
    response = APIClient().get("/api/sets/", **headers)

    assert response.status_code == 400
    assert response.json() == {"detail": "The request has a NUL character in its URL or headers."}


@pytest.mark.parametrize(
    "authorization",
    ["Token \udcff\udcfe", "Token " + "x" * 10_000, "Token a b", "Token", "Bearer abc", "Token ' OR '1'='1"],
)
def test_malformed_tokens_are_a_401(authorization):
    response = APIClient().get(
        "/api/sets/", HTTP_AUTHORIZATION=authorization.encode("utf-8", "surrogateescape").decode("latin-1")
    )

    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_session_cookie_that_is_not_utf8_is_just_no_session(client):
    client.cookies["sessionid"] = "\xff\xfe"

    response = client.get("/")

    assert response.status_code in (200, 302)


def test_odd_headers_on_a_page_do_not_break_it(client, alice):
    client.force_login(alice)

    response = client.get(
        "/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="\xff", HTTP_ACCEPT_LANGUAGE="x" * 5000
    )

    assert response.status_code == 200
    assert User.objects.filter(pk=alice.pk).exists()
