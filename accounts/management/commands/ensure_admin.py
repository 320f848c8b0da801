from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.checks import DEVELOPMENT_PASSWORD


class Command(BaseCommand):
    help = "In development (DEBUG on), create the admin/admin superuser if no superuser exists."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        if not settings.DEBUG:
            self.stdout.write("No superuser yet: create one with `manage.py createsuperuser`.")
            return
        User.objects.create_superuser(
            "admin", "admin@example.com", DEVELOPMENT_PASSWORD, role=User.Role.ADMIN
        )
        self.stdout.write(
            self.style.WARNING(
                "Created superuser admin with password admin (development only: `make serve` "
                "refuses to start while it has this password)."
            )
        )
