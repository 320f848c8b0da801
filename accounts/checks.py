"""Deploy checks (`manage.py check --deploy`, which `make serve` runs before serving)."""

from django.contrib.auth.hashers import check_password
from django.core import checks
from django.db import DatabaseError
from django.db.models import Q

# What `make run` gives the development superuser (ensure_admin); never in production.
DEVELOPMENT_PASSWORD = "admin"
MOST_ACCOUNTS_CHECKED = 50  # staff accounts; a password check costs a few hundred ms by design


@checks.register(checks.Tags.security, deploy=True)
def no_account_has_the_development_password(app_configs, **kwargs):
    """`make run` creates admin/admin; a production server on the same database must not
    accept it. Staff and superusers are checked: they are few, and the ones worth taking."""
    from accounts.models import User

    try:
        staff = list(
            User.objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(role=User.Role.ADMIN))
            .order_by("pk")
            .values_list("username", "password")[:MOST_ACCOUNTS_CHECKED]
        )
    except DatabaseError:
        return []  # no database (or no tables) yet: nothing to check
    exposed = [username for username, encoded in staff if check_password(DEVELOPMENT_PASSWORD, encoded)]
    if not exposed:
        return []
    names = ", ".join(exposed)
    return [
        checks.Error(
            f"The account {names} still has the development password {DEVELOPMENT_PASSWORD!r}.",
            hint=f"Give it a real password (`python manage.py changepassword {exposed[0]}`) or delete it, "
            "then start again.",
            id="accounts.E001",
        )
    ]
