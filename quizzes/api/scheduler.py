"""GET /api/study/scheduler/: the student's scheduler, FSRS's defaults or their own fitted parameters."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from quizzes.services import scheduler_fits


class SchedulerFitSerializer(serializers.Serializer):
    status = serializers.CharField()
    requested_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    reviews = serializers.IntegerField(help_text="The reviews in your log when it was fitted.")
    train_reviews = serializers.IntegerField(
        allow_null=True, help_text="The earlier reviews it was fitted on."
    )
    held_out_reviews = serializers.IntegerField(
        allow_null=True,
        help_text="The later reviews it was judged on (a day or more after the card's previous one).",
    )
    default_log_loss = serializers.FloatField(allow_null=True)
    fitted_log_loss = serializers.FloatField(allow_null=True)
    default_rmse = serializers.FloatField(allow_null=True)
    fitted_rmse = serializers.FloatField(allow_null=True)
    log_loss_better_percent = serializers.FloatField(allow_null=True)
    rmse_better_percent = serializers.FloatField(allow_null=True)
    adopted = serializers.BooleanField(
        help_text="Its parameters schedule your cards (they predicted you better)."
    )


class PendingFitSerializer(serializers.Serializer):
    status = serializers.CharField(help_text='"queued" or "running".')
    requested_at = serializers.DateTimeField()


class SchedulerSerializer(serializers.Serializer):
    personal = serializers.BooleanField(help_text="Your cards are scheduled with parameters fitted to you.")
    parameters = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        help_text="Your FSRS-6 parameters; null: FSRS's defaults.",
    )
    reviews = serializers.IntegerField()
    min_reviews = serializers.IntegerField(help_text="The reviews a first fit needs.")
    reviews_to_go = serializers.IntegerField()
    pending = PendingFitSerializer(allow_null=True)
    latest_fit = SchedulerFitSerializer(source="shown", allow_null=True)


class SchedulerView(APIView):
    """GET /api/study/scheduler/: your scheduler and its last fit; a fit is queued if one is due."""

    @extend_schema(responses={200: SchedulerSerializer, **errors(401)})
    def get(self, request):
        status = scheduler_fits.scheduler_status(user=request.user, now=timezone.now())
        return Response(SchedulerSerializer(status).data)
