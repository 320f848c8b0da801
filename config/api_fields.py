"""Serializer fields that take JSON types as they come.

DRF coerces: "5" passes for 5, 0 for false, 12 for "12". The schema promises integers,
booleans and strings, and a client sending the wrong type has a bug it should hear about:
these fields answer a 400 naming the field instead. Integers are also capped at what a
PostgreSQL bigint holds, so a 30-digit id is a 400, not a database error.
"""

from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.settings import api_settings

BIGINT_MAX = 2**63 - 1


class StrictIntegerField(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", BIGINT_MAX)
        kwargs.setdefault("min_value", -BIGINT_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated fields are the strict ones above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.IntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.FloatField: StrictFloatField,
        models.BooleanField: StrictBooleanField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
    }


def checked(shape: serializers.Serializer, data) -> dict:
    """What `shape` (a serializer made once, without data) makes of `data`, or the
    ValidationError that `is_valid(raise_exception=True)` raises for it, with the same
    errors (a body of null is "No data provided"). Checking keeps no state on the
    serializer, so one instance serves every request: making one per request rebuilt (deep
    copied) its fields each time (docs/performance.md)."""
    try:
        return shape.run_validation(data)
    except ValidationError as invalid:
        detail = invalid.detail
        if isinstance(detail, list) and len(detail) == 1 and getattr(detail[0], "code", None) == "null":
            detail = {api_settings.NON_FIELD_ERRORS_KEY: [ErrorDetail("No data provided", code="null")]}
        raise ValidationError(detail) from None
