from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Create a user with a role, without prompts (for set-up scripts); --update changes an existing one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=User.Role.values, default=User.Role.STUDENT)
        parser.add_argument("--password", required=True)
        parser.add_argument("--email", default=None)
        parser.add_argument(
            "--update", action="store_true", help="Set the role, password (and email) of an existing user."
        )
        parser.add_argument(
            "--skip-password-validation",
            action="store_true",
            help="Accept any password (for scripts and tests only).",
        )

    def handle(self, *args, username, role, password, email, update, skip_password_validation, **options):
        validate_password = not skip_password_validation
        existing = User.objects.named(username).first()
        if existing and not update:
            raise CommandError(f"user {existing.username} already exists (use --update to change it)")
        try:
            if existing:
                with transaction.atomic():
                    services.set_password(
                        user=existing, password=password, validate_password=validate_password
                    )
                    services.change_role(user=existing, role=role)
                    if email is not None:
                        services.update_settings(user=existing, changes={"email": email})
                self.stdout.write(f"Updated user {existing.username}: role {role}, new password.")
            else:
                user = services.create_user(
                    username=username,
                    password=password,
                    role=role,
                    email=email or "",
                    validate_password=validate_password,
                )
                staff = " (staff)" if user.is_staff else ""
                self.stdout.write(f"Created {role} {user.username}{staff}.")
        except ValidationError as error:
            reasons = "\n".join(
                f"  {field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            )
            raise CommandError(f"user {username} not saved:\n{reasons}") from None
