import pytest
from django.db import connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The suite runs on PostgreSQL only: what passes on SQLite proves little here."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", f"Tests need PostgreSQL, not {connection.vendor}."
