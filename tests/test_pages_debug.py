"""Pages served with DEBUG on, as a developer runs them (`make run`)."""

import pytest

pytestmark = pytest.mark.django_db


def test_with_debug_on_no_script_replaces_the_page_with_an_error_reply(client, settings, alice):
    """django-htmx's debug script swaps the whole document for any 400, and a 400 on these
    pages is a form shown again with its reasons (a quiz's autosave, a refused answer)."""
    settings.DEBUG = True
    client.force_login(alice)

    page = client.get("/").content.decode()

    assert "django_htmx/htmx-2.min.js" in page
    assert "django-htmx.js" not in page
