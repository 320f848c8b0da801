from rest_framework import serializers

from accounts.models import User
from config.api_fields import StrictCharField, StrictEmailField, StrictModelSerializer


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "role"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    # Not an EmailField: the schema would then promise an address, and "" means none was given.
    email = serializers.CharField(read_only=True, help_text="Empty when none was given.")

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "role",
            "email",
            "desired_retention",
            "new_cards_per_day",
            "time_zone",
            "nickname",
            "show_on_leaderboards",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "nickname": {"help_text": "The name leaderboards show; empty: not listed on any."},
        }


class SettingsSerializer(StrictModelSerializer):
    """The input of PATCH /api/auth/me/; the model's validators check the ranges and the zone.

    `role` is accepted only so the service can refuse a change with a clear error instead of
    silently ignoring it; `id`, `username` and anything else are ignored.
    """

    class Meta:
        model = User
        fields = [
            "email",
            "desired_retention",
            "new_cards_per_day",
            "time_zone",
            "nickname",
            "show_on_leaderboards",
            "role",
        ]
        extra_kwargs = {
            "nickname": {
                "help_text": "2–30 letters, digits, spaces and . - _ '; looking like no one else's "
                "nickname or username. Empty: none, and so on no leaderboard."
            },
        }


class RegisterSerializer(serializers.Serializer):
    """Shapes only; the name, email and password rules are the service's."""

    username = StrictCharField(max_length=150)
    password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)
    email = StrictEmailField(default="", allow_blank=True)


class CredentialsSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Send it as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(read_only=True, help_text="When it stops working: log in again then.")


class PasswordChangeSerializer(serializers.Serializer):
    current_password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)
    new_password = StrictCharField(write_only=True, trim_whitespace=False, max_length=4096)


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=User.Role.choices)
