"""`manage.py create_user NAME --role ROLE --password PW`: users for set-up scripts, no prompts."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-9"


def create_user(*args: str) -> str:
    output = StringIO()
    call_command("create_user", *args, stdout=output)
    return output.getvalue()


def test_it_creates_a_teacher_who_can_log_in_and_says_so():
    output = create_user("tina", "--role", "teacher", "--password", PASSWORD, "--email", "tina@example.com")

    tina = User.objects.get(username="tina")
    assert (tina.role, tina.email, tina.is_staff) == ("teacher", "tina@example.com", False)
    assert tina.check_password(PASSWORD)
    assert output.strip() == "Created teacher tina."


def test_an_admin_is_made_staff():
    output = create_user("ada", "--role", "admin", "--password", PASSWORD)

    ada = User.objects.get(username="ada")
    assert ada.is_staff
    assert not ada.is_superuser
    assert "(staff)" in output


def test_a_weak_password_fails_listing_the_reasons_and_creates_nothing():
    with pytest.raises(CommandError) as error:
        create_user("tina", "--role", "teacher", "--password", "12345")

    assert "password: This password is too short" in str(error.value)
    assert "password: This password is entirely numeric." in str(error.value)
    assert not User.objects.exists()


def test_password_validation_can_be_skipped_for_scripts():
    create_user("tina", "--role", "teacher", "--password", "12345", "--skip-password-validation")

    assert User.objects.get(username="tina").check_password("12345")


def test_an_existing_name_fails_whatever_its_case_and_changes_nothing():
    User.objects.create_user("Tina", password=PASSWORD)

    with pytest.raises(CommandError, match="user Tina already exists"):
        create_user("tina", "--role", "admin", "--password", "another-horse-battery-9")

    tina = User.objects.get()
    assert (tina.role, tina.is_staff) == ("student", False)
    assert tina.check_password(PASSWORD)


def test_update_changes_the_role_and_password_of_an_existing_user():
    User.objects.create_user("tina", password=PASSWORD)

    output = create_user("tina", "--role", "admin", "--password", "another-horse-battery-9", "--update")

    tina = User.objects.get()
    assert (tina.role, tina.is_staff) == ("admin", True)
    assert tina.check_password("another-horse-battery-9")
    assert output.startswith("Updated user tina")


def test_update_with_a_weak_password_changes_nothing():
    User.objects.create_user("tina", password=PASSWORD)

    with pytest.raises(CommandError, match="password"):
        create_user("tina", "--role", "admin", "--password", "12345", "--update")

    tina = User.objects.get()
    assert (tina.role, tina.is_staff) == ("student", False)
    assert tina.check_password(PASSWORD)


def test_an_unknown_role_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        create_user("tina", "--role", "headmaster", "--password", PASSWORD)

    assert not User.objects.exists()
