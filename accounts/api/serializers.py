from rest_framework import serializers

from accounts.models import User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "role"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "role", "email", "desired_retention", "new_cards_per_day", "time_zone"]
        read_only_fields = fields


class SettingsSerializer(serializers.ModelSerializer):
    """The input of PATCH /api/auth/me/; the model's validators check the ranges and the zone.

    `role` is accepted only so the service can refuse a change with a clear error instead of
    silently ignoring it; `id`, `username` and anything else are ignored.
    """

    class Meta:
        model = User
        fields = ["email", "desired_retention", "new_cards_per_day", "time_zone", "role"]


class RegisterSerializer(serializers.Serializer):
    """Shapes only; the name, email and password rules are the service's."""

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)
    email = serializers.EmailField(default="", allow_blank=True)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=4096)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(source="key", read_only=True)


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=User.Role.choices)
