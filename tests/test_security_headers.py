"""Security headers on pages, API answers and the API docs; HSTS and HTTPS in production settings."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from fresh_process import run_python

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, <style>, style= and on…= attributes."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self.script_sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if attributes.get("src"):
                self.script_sources.append(attributes["src"])
            else:
                self.blocked.append("<script> without src")
        if tag == "style":
            self.blocked.append("<style>")
        for name in attributes:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.blocked.append(f"{tag} {name}=")


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", ["/login/", "/signup/", "/api/docs/", "/api/schema/", "/api/sets/"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]


def test_a_page_for_a_logged_in_student_carries_the_policy(client, alice):
    client.force_login(alice)

    response = client.get("/")

    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == "'self'"
    assert inline_code(response.content.decode()).blocked == []


def test_a_refused_request_carries_the_policy_too(client):
    response = client.post("/api/sets/", "x" * 10, content_type="application/json")

    assert response.status_code in (401, 403)
    assert "Content-Security-Policy" in response.headers


def test_the_api_docs_need_no_inline_code_and_their_start_up_script_is_a_file(client):
    page = client.get("/api/docs/")
    found = inline_code(page.content.decode())
    start_up = [source for source in found.script_sources if source.startswith("/api/docs/")]

    script = client.get(start_up[0])

    assert found.blocked == []
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert b"<script" not in script.content


def test_htmx_is_told_not_to_add_inline_styles_or_evaluate_code(client):
    page = client.get("/login/").content.decode()

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)

    settings = json.loads(config.group(1))
    assert (settings["includeIndicatorStyles"], settings["allowEval"]) == (False, False)


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    """Templates only: a page the policy would break fails here, before a browser sees it."""
    offenders = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        blocked = inline_code(template.read_text()).blocked
        if blocked:
            offenders[str(template.relative_to(ROOT))] = blocked

    assert offenders == {}


def test_the_policy_is_the_one_in_settings(client):
    response = client.get("/login/")

    assert response.headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def production_responses(*requests: tuple[str, bool], static_root) -> list[dict]:
    """GETs through the production settings (DEBUG=0, collected static files) in a fresh
    process; pages that touch no database."""
    script = f"""
import json, django
django.setup()
from django.test import Client
answers = []
for path, secure in {list(requests)!r}:
    response = Client().get(path, secure=secure)
    answers.append({{"status": response.status_code, "headers": dict(response.headers),
                    "cookies": {{name: dict(morsel) for name, morsel in response.cookies.items()}}}})
print(json.dumps(answers))
"""
    result = run_python(
        script,
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(static_root),
        # Nothing here may reach a database: a closed port makes sure.
        DATABASE_URL="postgres://postgres@127.0.0.1:1/none",
    )
    return json.loads(result.stdout)


def test_production_sends_hsts_over_https_and_redirects_plain_http(collected_static):
    over_https, api_over_https, over_http = production_responses(
        ("/login/", True), ("/api/docs/", True), ("/login/", False), static_root=collected_static
    )

    hsts = "max-age=31536000; includeSubDomains; preload"
    for answer in (over_https, api_over_https):
        assert answer["status"] == 200
        assert answer["headers"]["Strict-Transport-Security"] == hsts
        assert answer["headers"]["X-Content-Type-Options"] == "nosniff"
        assert answer["headers"]["Referrer-Policy"] == "same-origin"
        assert "script-src 'self'" in answer["headers"]["Content-Security-Policy"]
    assert over_https["cookies"]["csrftoken"]["secure"] is True
    assert over_http["status"] == 301
    assert over_http["headers"]["Location"] == "https://testserver/login/"
    assert "Strict-Transport-Security" not in over_http["headers"]


def test_development_never_pins_https_on_localhost(client):
    response = client.get("/login/", secure=True)

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
