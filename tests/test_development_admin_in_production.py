"""`make run` creates admin/admin for development; production (`make serve`, which runs
`check --deploy` first) must refuse to start while any staff account still has it."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.checks import DEVELOPMENT_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db


def deploy_check():
    call_command("check", deploy=True, fail_level="ERROR", tags=["security"], verbosity=0)


def test_the_deploy_check_fails_while_the_development_admin_exists_and_says_how_to_fix_it(settings):
    settings.DEBUG = True
    call_command("ensure_admin", verbosity=0)

    with pytest.raises(SystemCheckError) as refused:
        deploy_check()

    assert "accounts.E001" in str(refused.value)
    assert "python manage.py changepassword admin" in str(refused.value)


def test_any_staff_account_with_the_development_password_is_named(ada):
    ada.set_password(DEVELOPMENT_PASSWORD)
    ada.save()

    with pytest.raises(SystemCheckError, match="The account ada still has the development password"):
        deploy_check()


def test_once_the_password_is_changed_the_check_passes(settings):
    settings.DEBUG = True
    call_command("ensure_admin", verbosity=0)
    user = User.objects.get(username="admin")
    user.set_password("a-real-and-long-password-9")
    user.save()

    deploy_check()  # raises if any error is left


def test_a_student_with_a_weak_password_is_not_the_checks_concern(alice):
    alice.set_password(DEVELOPMENT_PASSWORD)
    alice.save()

    deploy_check()


def test_ensure_admin_creates_nothing_with_debug_off(settings):
    settings.DEBUG = False
    call_command("ensure_admin", verbosity=0)

    assert not User.objects.filter(username="admin").exists()
