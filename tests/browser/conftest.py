"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session; each test gets a fresh context (no cookies, no
storage) and so a fresh session. Every page a test opens is watched: a JavaScript error,
an unhandled rejection or a resource that fails to load (a 404 stylesheet, a 500) fails
the test. A form the server shows again with its errors (400, 409, 429) is not such a
failure: Chromium logs it as "Failed to load resource" all the same, so those are told apart.

Every test runs twice, with DEBUG off and on (`debug_mode`). Fixtures for new scenarios:
`page` (anonymous), `logged_in_page(user)` (any user),
`student_page` (alice), `teacher_page` (tina), `bundled_set` (what `make setup` loads);
`check_page(page, name)` runs the accessibility and 375 px checks and saves the screenshots;
`page_problems.expect_status(403)` for a test that provokes such a response on purpose.
"""

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from playwright.sync_api import expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_TESTS = Path(__file__).parent
SCREENSHOTS = BROWSER_TESTS / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
BUNDLED_FACTS = Path(settings.BASE_DIR) / "fixtures" / "persian_constitutional_revolution.json"
# Statuses of a page or htmx fragment that is a form shown again with its reasons.
ANSWERED_WITH_REASONS = {400, 409, 429}
AXE_BLOCKING = {"serious", "critical"}
# Waits, for actions and for `expect`: generous, as CI machines are shared and a cold
# Chromium starts slowly; a passing step never waits that long.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
FAILED_TO_LOAD = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


def pytest_collection_modifyitems(items):
    """The browser tests run last: the slow ones after the fast, and while the browser lives
    (to the end of the session) Playwright's event loop and DJANGO_ALLOW_ASYNC_UNSAFE (see
    below) stay in this process, where no other test should meet them."""
    items.sort(key=lambda item: BROWSER_TESTS in item.path.parents)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so `page` can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium).")
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls
    # from a thread with a running loop. The tests and the live server's thread use the ORM
    # synchronously on purpose, so the check is off while the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug_mode(request, settings):
    """Every browser test runs with DEBUG off, as served, and on, as developed: development-only
    breakage (django-htmx's debug error page, which replaces the whole page on an error reply)
    is caught too."""
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def browser_context(browser, live_server, debug_mode):
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="en-GB", timezone_id="Asia/Tehran"
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def phone_context(browser, live_server, debug_mode):
    """A 375 px touch screen (a phone): taps, no hover, no fine pointer."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
        locale="en-GB",
        timezone_id="Asia/Tehran",
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def phone_page(request, phone_context, page_problems, live_server):
    """`phone_page(user)`: a page on a phone, logged in as `user`; like `page`, it fails the
    test on any browser error and saves a screenshot when the test fails."""
    pages = []

    def open_as(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        phone_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
        )
        page = phone_context.new_page()
        page_problems.watch(page)
        pages.append(page)
        return page

    yield open_as
    if pages and getattr(request.node, "report_call", None) and request.node.report_call.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        pages[-1].screenshot(path=SCREENSHOTS / f"FAILED-{request.node.name}-phone.png", full_page=True)
    assert page_problems.errors == [], "\n".join(page_problems.errors)


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran (see the module docstring)."""

    errors: list[str] = field(default_factory=list)
    expected_statuses: set[int] = field(default_factory=lambda: set(ANSWERED_WITH_REASONS))

    def watch(self, page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"JavaScript error: {error}"))
        page.on("console", self.console_message)

    def expect_status(self, status: int) -> None:
        """A test that provokes this status on purpose (a 403 for a lost session) says so."""
        self.expected_statuses.add(status)

    def console_message(self, message) -> None:
        if message.type != "error":
            return
        failed = FAILED_TO_LOAD.search(message.text)
        if failed and int(failed.group(1)) in self.expected_statuses:
            return
        self.errors.append(f"console error: {message.text} ({message.location.get('url')})")


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(request, browser_context, page_problems):
    """A page of its own; the test fails if the browser reports an error on any page it opens.
    When the test fails, what the page showed is saved as screenshots/FAILED-<test>.png."""
    page = browser_context.new_page()
    page_problems.watch(page)
    yield page
    if getattr(request.node, "report_call", None) and request.node.report_call.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"FAILED-{request.node.name}.png", full_page=True)
    assert page_problems.errors == [], "\n".join(page_problems.errors)


@pytest.fixture
def logged_in_page(page, browser_context, live_server):
    """`logged_in_page(user)`: the page, with `user`'s session cookie set (no login form)."""

    def log_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
        )
        return page

    return log_in


@pytest.fixture
def student_page(logged_in_page, alice):
    """The page, logged in as alice (a student of the shared cast in tests/conftest.py)."""
    return logged_in_page(alice)


@pytest.fixture
def teacher_page(logged_in_page, tina):
    """The page, logged in as tina (a teacher of the shared cast)."""
    return logged_in_page(tina)


@pytest.fixture
def bundled_set(transactional_db):
    """The set `make setup` builds: the bundled article's facts and their generated questions."""
    from quizzes.models import QuestionSet

    call_command("load_facts", str(BUNDLED_FACTS), verbosity=0)
    call_command("generate_questions", verbosity=0)
    return QuestionSet.objects.get(source__isnull=False)


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in AXE_BLOCKING
    ]


@pytest.fixture(scope="session")
def check_page():
    """`check_page(page, name)`: no serious or critical axe violation, no sideways scrolling
    at 375 px, a title, landmarks, no template syntax on show; saves `name`-desktop.png and
    `name`-375.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def check(page, name: str) -> None:
        page.wait_for_load_state("load")
        assert page.title().strip(), f"{name}: the page has no title"
        for landmark in ("banner", "main", "contentinfo", "navigation"):
            assert page.get_by_role(landmark).count() >= 1, f"{name}: no {landmark} landmark"
        assert page.locator("h1").count() == 1, f"{name}: a page has one h1"
        text = page.inner_text("body")
        assert not any(tag in text for tag in ("{#", "#}", "{%", "{{")), f"{name}: template syntax shows"
        assert axe_violations(page) == [], f"{name}: accessibility violations"
        page.screenshot(path=SCREENSHOTS / f"{name}-desktop.png", full_page=True)
        viewport = page.viewport_size
        page.set_viewport_size(PHONE)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name}: {overflow} px of sideways scrolling at 375 px"
            page.screenshot(path=SCREENSHOTS / f"{name}-375.png", full_page=True)
        finally:
            page.set_viewport_size(viewport)

    return check


@pytest.fixture
def job_worker(live_server):
    """A background-job worker (`manage.py db_worker`, as `make run` starts) on the live
    server's database, for pages that wait for a job; stopped after the test."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
    )
    yield worker
    worker.terminate()
    worker.wait(timeout=30)
