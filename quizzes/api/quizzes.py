"""Quizzes: start, save answers one by one, submit; thin views over services.attempts."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import errors
from quizzes.api.permissions import visible_set_or_404
from quizzes.api.serializers import (
    AttemptSerializer,
    QuestionResultSerializer,
    QuizAnswerSerializer,
    QuizRequestSerializer,
    QuizResultSerializer,
    SavedAnswerSerializer,
    StudentQuestionSerializer,
)
from quizzes.models import Assignment, Attempt, Question
from quizzes.rate_limits import QuizStartRateThrottle
from quizzes.selectors import quiz_results
from quizzes.services import assignments, attempts


def attempt_body(attempt: Attempt, request) -> dict:
    """The attempt as its taker sees it: questions without answers until it is submitted."""
    questions = quiz_results.attempt_questions(attempt)
    saved = {answer.question_id: answer.given for answer in attempt.answers.all()}
    body = {
        "id": attempt.pk,
        "set": attempt.question_set_id,
        "user": attempt.user.username,
        "questions": StudentQuestionSerializer(questions, many=True, context={"request": request}).data,
        "answers": {str(question_id): given for question_id, given in saved.items()},
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
    }
    if attempt.is_submitted:
        body["result"] = result_body(attempt)
    return body


def result_body(attempt: Attempt) -> dict:
    return {
        "score": attempt.score,
        "total": attempt.total,
        "percent": attempt.percent,
        "points": attempt.points,
        "time_ran_out": attempt.time_ran_out,
        "results": QuestionResultSerializer(quiz_results.attempt_results(attempt), many=True).data,
    }


QUIZ_ALREADY_OPEN = "You already have a quiz open on this set: finish or submit it (quiz {id}) first."
RESULTS_WITHHELD = (
    "Your quiz {id} on this set is open: the results of your other quizzes on the set come back "
    "when it is submitted or its time is up."
)


def conflict(message: str, *, attempt: Attempt) -> Response:
    """A 409 naming the open quiz that stands in the way, so a client can resume it."""
    return Response(
        {"detail": message.format(id=attempt.pk), "open_quiz": attempt.pk}, status=status.HTTP_409_CONFLICT
    )


class QuizListView(APIView):
    """POST /api/quizzes/: draw a quiz from a set you can see (one open quiz per set)."""

    throttle_classes = [QuizStartRateThrottle]

    @extend_schema(
        request=QuizRequestSerializer, responses={201: AttemptSerializer, **errors(400, 401, 404, 409, 429)}
    )
    def post(self, request):
        body = QuizRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = body.validated_data
        if "assignment" in fields:
            return self.start_assigned(request, fields)
        question_set = visible_set_or_404(request.user, fields["set"])
        try:
            attempt = attempts.start_quiz(
                user=request.user,
                question_set=question_set,
                size=fields["size"],
                kinds=fields.get("kinds"),
                types=fields.get("types"),
                time_limit_s=fields.get("time_limit_s"),
            )
        except attempts.QuizError as invalid:
            raise ValidationError(invalid.errors) from None
        except attempts.QuizAlreadyOpen as already:
            return conflict(QUIZ_ALREADY_OPEN, attempt=already.attempt)
        return Response(attempt_body(attempt, request), status=status.HTTP_201_CREATED)

    def start_assigned(self, request, fields):
        """The quiz of a quiz assignment of a class of the user's, with its settings."""
        try:
            assignment = assignments.members_assignment(user=request.user, assignment_id=fields["assignment"])
        except Assignment.DoesNotExist:
            raise NotFound("No such assignment of a class of yours.") from None
        if "set" in fields and fields["set"] != assignment.question_set_id:
            raise ValidationError({"set": ["Not the assignment's set; leave it out."]})
        try:
            attempt = assignments.start_assigned_quiz(user=request.user, assignment=assignment)
        except Assignment.DoesNotExist:
            raise NotFound("No such assignment of a class of yours.") from None
        except attempts.QuizError as invalid:
            raise ValidationError(invalid.errors) from None
        except assignments.AssignmentClosed as closed:
            return Response({"detail": str(closed)}, status=status.HTTP_409_CONFLICT)
        except attempts.QuizAlreadyOpen as already:
            return conflict(QUIZ_ALREADY_OPEN, attempt=already.attempt)
        return Response(attempt_body(attempt, request), status=status.HTTP_201_CREATED)


class QuizDetailView(APIView):
    """GET /api/quizzes/{id}/: its taker, the set's owner, an admin."""

    @extend_schema(responses={200: AttemptSerializer, **errors(401, 404, 409)})
    def get(self, request, pk):
        try:
            attempt = (
                Attempt.objects.visible_to(request.user).select_related("user", "question_set").get(pk=pk)
            )
        except Attempt.DoesNotExist:
            raise NotFound("No such quiz.") from None
        now = timezone.now()
        attempt = attempts.close_if_expired(attempt=attempt, now=now)
        if hiding := attempts.quiz_hiding_results(attempt, viewer=request.user, now=now):
            return conflict(RESULTS_WITHHELD, attempt=hiding)
        return Response(attempt_body(attempt, request))


class QuizAnswerView(APIView):
    """PUT /api/quizzes/{id}/answers/{question_id}/: save or change one answer (its taker)."""

    @extend_schema(
        request=QuizAnswerSerializer, responses={200: SavedAnswerSerializer, **errors(400, 401, 404, 409)}
    )
    def put(self, request, pk, question_id):
        body = QuizAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved = attempts.save_answer(
                user=request.user,
                attempt_id=pk,
                question_id=question_id,
                answer=body.validated_data["answer"],
            )
        except Attempt.DoesNotExist:
            raise NotFound("No such quiz.") from None
        except Question.DoesNotExist:
            raise NotFound("That question is not in this quiz.") from None
        except attempts.QuizClosed:
            return Response(
                {"detail": "This quiz was submitted or its time is up; answers can no longer change."},
                status=status.HTTP_409_CONFLICT,
            )
        except attempts.QuizError as invalid:
            raise ValidationError(invalid.errors) from None
        return Response({"question": question_id, "given": saved.given, "saved_at": saved.answered_at})


class QuizSubmitView(APIView):
    """POST /api/quizzes/{id}/submit/: score it; submitting again answers the same result."""

    @extend_schema(request=None, responses={200: QuizResultSerializer, **errors(401, 404, 409)})
    def post(self, request, pk):
        now = timezone.now()
        try:
            attempt = attempts.submit_quiz(user=request.user, attempt_id=pk, now=now)
        except Attempt.DoesNotExist:
            raise NotFound("No such quiz.") from None
        if hiding := attempts.quiz_hiding_results(attempt, viewer=request.user, now=now):
            return conflict(RESULTS_WITHHELD, attempt=hiding)
        return Response(result_body(attempt))
