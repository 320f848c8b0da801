"""Study and scores: thin views that parse, call one service or selector, and shape the answer."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from config.api_fields import BIGINT_MAX, checked
from quizzes.api.permissions import visible_set_or_404
from quizzes.api.serializers import (
    LeaderboardEntrySerializer,
    NextCardResponseSerializer,
    ReviewRequestSerializer,
    ReviewResponseSerializer,
    ScoresSerializer,
    StudyStatsSerializer,
)
from quizzes.models import Card, QuestionSet
from quizzes.selectors import progress, study_queue
from quizzes.services import attempts, study
from quizzes.shuffle import choices_for_student


class SetQuerySerializer(serializers.Serializer):
    set = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX, help_text="The question set.")


class OptionalSetQuerySerializer(serializers.Serializer):
    set = serializers.IntegerField(
        min_value=1, max_value=BIGINT_MAX, required=False, help_text="Only this set."
    )


class NextCardQuerySerializer(SetQuerySerializer):
    ahead = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Study ahead anyway: when nothing is due, the learning card coming due first, "
        "even beyond the learn-ahead limit.",
    )


# The study endpoints' requests are checked by one serializer each (config.api_fields.checked).
NEXT_CARD_QUERY = NextCardQuerySerializer()
REVIEW_REQUEST = ReviewRequestSerializer()


def api_time(moment: dt.datetime) -> str:
    """A time as DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as Z."""
    written = timezone.localtime(moment).isoformat()
    return written[:-6] + "Z" if written.endswith("+00:00") else written


def study_card_body(card: Card, *, user) -> dict:
    """StudyCardSerializer's answer, as plain data: what a student sees of a card before answering."""
    question = card.question
    return {
        "id": card.pk,
        "state": card.state,
        "due": api_time(card.due),
        "question": {
            "id": question.pk,
            "set": question.question_set_id,
            "kind": question.kind,
            "type": question.type,
            "prompt": question.prompt,
            "items": None if question.items is None else [str(item) for item in question.items],
            "choices": choices_for_student(question, user=user),
        },
        "answer_shown": card.revealed_at is not None,
    }


def review_body(outcome: study.ReviewOutcome) -> dict:
    """ReviewResponseSerializer's answer, as plain data: the review, and the card as it left it."""
    review, question = outcome.review, outcome.question
    return {
        "review": {
            "id": review.pk,
            "rating": int(review.rating),
            "correct": review.correct,
            "correct_answer": question.answer,
            "explanation": question.explanation,
            "source": question.source_text,
            "state": review.state_after,
            "due": api_time(review.due_after),
            "points": review.points,
            "self_graded": review.self_graded,
            "verdict": None if outcome.verdict is None else str(outcome.verdict),
        },
        "card": {"id": review.card_id, "state": review.state_after, "due": api_time(review.due_after)},
    }


class NextCardView(APIView):
    """GET /api/study/next/?set=ID: the card to study now, and what remains today."""

    @extend_schema(
        parameters=[NextCardQuerySerializer],
        responses={200: NextCardResponseSerializer, **errors(400, 401, 404)},
    )
    def get(self, request):
        query = checked(NEXT_CARD_QUERY, request.query_params.dict())
        now = timezone.now()
        try:
            question_set = study_queue.visible_set_for_study(user=request.user, set_id=query["set"], now=now)
        except QuestionSet.DoesNotExist:
            raise NotFound("No such question set.") from None
        upcoming = study.next_card(
            user=request.user,
            question_set=question_set,
            now=now,
            ahead_anyway=query["ahead"],
        )
        body = {
            "card": study_card_body(upcoming.card, user=request.user) if upcoming.card else None,
            "remaining": upcoming.remaining,
        }
        if upcoming.ahead:  # only then, as open_quiz: the usual answer keeps the contract's keys
            body["ahead"] = True
        if upcoming.open_quiz_id is not None:
            body["open_quiz"] = upcoming.open_quiz_id
        if upcoming.card is None:
            body["next_due"] = upcoming.next_due
        return Response(body)


class ReviewView(APIView):
    """POST /api/study/reviews/: grade and schedule one review."""

    @extend_schema(
        request=ReviewRequestSerializer,
        responses={
            201: ReviewResponseSerializer,
            200: OpenApiResponse(
                ReviewResponseSerializer, description="A repeated client_id: the first result."
            ),
            **errors(400, 401, 404, 409),
        },
    )
    def post(self, request):
        fields = checked(REVIEW_REQUEST, request.data)
        try:
            outcome = study.review_card(
                user=request.user,
                card_id=fields["card"],
                answer=fields.get("answer", study.NOT_GIVEN),
                rating=fields.get("rating"),
                client_id=fields.get("client_id"),
                duration_ms=fields.get("duration_ms"),
            )
        except Card.DoesNotExist:
            raise NotFound("No such card.") from None
        except study.InvalidReview as invalid:
            return Response(invalid.errors, status=status.HTTP_400_BAD_REQUEST)
        except study.QuizInProgress as paused:
            return Response(
                {"detail": str(paused), "open_quiz": paused.attempt_id}, status=status.HTTP_409_CONFLICT
            )
        return Response(
            review_body(outcome), status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        )


class StudyStatsView(APIView):
    """GET /api/study/stats/?set=ID: the user's own study statistics."""

    @extend_schema(
        parameters=[OptionalSetQuerySerializer],
        responses={200: StudyStatsSerializer, **errors(400, 401, 404)},
    )
    def get(self, request):
        query = OptionalSetQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        set_id = query.validated_data.get("set")
        question_set = visible_set_or_404(request.user, set_id) if set_id else None
        stats = progress.study_stats(user=request.user, question_set=question_set, now=timezone.now())
        return Response(StudyStatsSerializer(stats).data)


class MyScoresView(APIView):
    """GET /api/scores/me/: points, accuracy, streak, per set."""

    @extend_schema(responses={200: ScoresSerializer, **errors(401)})
    def get(self, request):
        now = timezone.now()
        return Response(attempts.user_scores(user=request.user, now=now))


class LeaderboardView(APIView):
    """GET /api/sets/{id}/leaderboard/: the top users by points on a set, by nickname, with
    `you` on the reader's own row (the rows' user ids are not shown)."""

    @extend_schema(responses={200: LeaderboardEntrySerializer(many=True), **errors(401, 404)})
    def get(self, request, pk):
        question_set = visible_set_or_404(request.user, pk)
        board = attempts.set_leaderboard(question_set=question_set, now=timezone.now())
        rows = [{**row, "you": row["user_id"] == request.user.pk} for row in board]
        return Response(LeaderboardEntrySerializer(rows, many=True).data)
