"""Assignment pages: a student starts an assigned quiz; a teacher assigns a set to a class,
lists and deletes its assignments, reads its gradebook (and downloads it), a student's
history, the class's leaderboard and where it is weakest.

The rules are the API's (services.assignments, selectors.assignments and gradebook). A
teacher reaches only their own classes (another's is a 404), admins every class, students
get a 403 on the teacher pages.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.models import Assignment, Question, SchoolClass
from quizzes.rate_limits import QuizStartRateThrottle
from quizzes.selectors import assignments as assignment_reads
from quizzes.selectors import gradebook
from quizzes.services import assignments, attempts, jobs
from quizzes.views.teach import page, posted, teacher_required

# Student pages


@login_required
@require_POST
def assigned_quiz(request, assignment_id):
    """Start the quiz of an assignment of a class of the student's, then take it."""
    try:
        assignment = assignments.members_assignment(user=request.user, assignment_id=assignment_id)
    except Assignment.DoesNotExist:
        raise Http404("No such assignment of a class of yours.") from None
    if not QuizStartRateThrottle().allow_request(request, None):
        messages.error(request, "You have started many quizzes in the last hour; try again later.")
        return redirect("dashboard")
    try:
        attempt = assignments.start_assigned_quiz(user=request.user, assignment=assignment)
    except (assignments.AssignmentClosed, attempts.QuizError) as refused:
        messages.error(
            request, refused.errors["assignment"][0] if hasattr(refused, "errors") else str(refused)
        )
        return redirect("dashboard")
    except attempts.QuizAlreadyOpen as already:
        messages.info(request, "You already have a quiz open on this set: here it is.")
        return redirect("quiz", attempt_id=already.attempt.pk)
    return redirect("quiz", attempt_id=attempt.pk)


# Teacher pages


def taught_class(request, class_id) -> SchoolClass:
    """A class the user teaches (or any, for an admin); a 404 otherwise, even to its members."""
    try:
        school_class, teaches = assignment_reads.class_access(user=request.user, class_id=class_id)
    except SchoolClass.DoesNotExist:
        raise Http404("No such class.") from None
    if not teaches:
        raise Http404("No such class of yours.")
    return school_class


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AssignmentForm(forms.Form):
    """Both kinds in one form: the study fields or the quiz fields count, by `kind`.
    services.assignments judges it; its reasons are shown beside these fields."""

    TARGETS = [("reviews", "A number of reviews"), ("mastered", "A share of the set's questions mastered")]

    question_set = forms.ModelChoiceField(queryset=None, label="Set", empty_label=None)
    kind = forms.ChoiceField(choices=Assignment.Kind.choices, widget=forms.RadioSelect, initial="study")
    title = forms.CharField(max_length=200, required=False, help_text="Empty: the set's title.")
    due_at = forms.DateTimeField(widget=LocalDateTimeInput(), label="Due")
    target = forms.ChoiceField(choices=TARGETS, widget=forms.RadioSelect, initial="reviews", required=False)
    target_reviews = forms.IntegerField(min_value=1, max_value=10_000, required=False, label="Reviews")
    target_percent = forms.IntegerField(
        min_value=1, max_value=100, required=False, label="Percent of the questions mastered",
        help_text="A question is mastered when its card is in review with a stability of 21 days or more.",
    )  # fmt: skip
    size = forms.IntegerField(
        min_value=1, max_value=attempts.MAX_QUIZ_SIZE, required=False, label="Questions"
    )
    kinds = forms.MultipleChoiceField(
        choices=list(Question.KIND_GROUPS.items()), required=False, widget=forms.CheckboxSelectMultiple,
        label="Kinds of question", help_text="None ticked: every kind.",
    )  # fmt: skip
    types = forms.MultipleChoiceField(
        choices=Question.Type.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label="Types of question", help_text="None ticked: every type.",
    )  # fmt: skip
    minutes = forms.IntegerField(
        min_value=1, max_value=int(attempts.MAX_TIME_LIMIT.total_seconds() // 60), required=False,
        label="Time limit in minutes", help_text="Empty: no limit.",
    )  # fmt: skip
    attempts_allowed = forms.IntegerField(
        min_value=1, max_value=assignments.MAX_ATTEMPTS, initial=1, required=False, label="Attempts"
    )
    opens_at = forms.DateTimeField(widget=LocalDateTimeInput(), required=False, label="Opens")
    closes_at = forms.DateTimeField(widget=LocalDateTimeInput(), required=False, label="Closes")

    # The service's field names, as the form names them.
    FIELD_OF = {
        "set": "question_set", "study": "target", "study.target_reviews": "target_reviews",
        "study.target_mastered": "target_percent", "quiz.size": "size", "quiz.kinds": "kinds",
        "quiz.types": "types", "quiz.time_limit_s": "minutes", "quiz.attempts": "attempts_allowed",
        "quiz.opens_at": "opens_at", "quiz.closes_at": "closes_at", "due_at": "due_at", "title": "title",
        "kind": "kind",
    }  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = assignments.assignable_sets(user=user).order_by("title", "pk")

    def service_fields(self) -> dict:
        fields = self.cleaned_data
        chosen = {"question_set": fields["question_set"], "kind": fields["kind"]}
        chosen.update(title=fields["title"], due_at=fields["due_at"])
        if fields["kind"] == Assignment.Kind.STUDY:
            if fields["target"] == "mastered":
                percent = fields["target_percent"]
                chosen["study"] = {"target_mastered": percent / 100 if percent else None}
            else:
                chosen["study"] = {"target_reviews": fields["target_reviews"]}
            chosen["study"] = {name: value for name, value in chosen["study"].items() if value is not None}
        else:
            chosen["quiz"] = {
                "size": fields["size"], "kinds": fields["kinds"], "types": fields["types"],
                "time_limit_s": fields["minutes"] * 60 if fields["minutes"] else None,
                "attempts": fields["attempts_allowed"] or 1,
                "opens_at": fields["opens_at"], "closes_at": fields["closes_at"],
            }  # fmt: skip
            if chosen["quiz"]["size"] is None:
                del chosen["quiz"]["size"]
        return chosen

    def add_service_errors(self, errors: dict) -> None:
        for name, reasons in errors.items():
            self.add_error(self.FIELD_OF.get(name), reasons)


@teacher_required
def assignment_list(request, class_id):
    school_class = taught_class(request, class_id)
    context = {
        "school_class": school_class,
        "assignments": assignment_reads.class_assignments(school_class_ids=[school_class.pk]),
    }
    return page(request, "assignments.html", context)


@teacher_required
def assignment_new(request, class_id):
    school_class = taught_class(request, class_id)
    form = AssignmentForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = assignments.create_assignment(
                user=request.user, school_class=school_class, **form.service_fields()
            )
        except assignments.AssignmentError as invalid:
            form.add_service_errors(invalid.errors)
        else:
            messages.success(request, f"Assigned “{assignment}” to {school_class.name}.")
            return redirect("teach:assignments", class_id=school_class.pk)
    context = {"school_class": school_class, "form": form}
    return page(request, "assignment_form.html", context, invalid=bool(form.errors))


@teacher_required
@require_POST
def assignment_delete(request, assignment_id):
    assignment = get_object_or_404(Assignment.objects.select_related("question_set"), pk=assignment_id)
    school_class = taught_class(request, assignment.school_class_id)
    assignments.delete_assignment(assignment=assignment)
    messages.success(request, f"Deleted the assignment “{assignment}”; the quizzes taken for it are kept.")
    return redirect("teach:assignments", class_id=school_class.pk)


@teacher_required
def gradebook_page(request, class_id):
    school_class = taught_class(request, class_id)
    now = timezone.now()
    book = assignments.class_gradebook(school_class=school_class, now=now)
    context = {
        "book": book,
        "school_class": school_class,
        "leaderboard": assignments.class_leaderboard(school_class=school_class, now=now),
        "weakest": gradebook.weakest_questions(school_class=school_class),
        "now": now,
    }
    return page(request, "gradebook.html", context)


@teacher_required
@require_POST
def gradebook_file(request, class_id):
    """The gradebook as a CSV file, built in the background: the job's page offers it."""
    school_class = taught_class(request, class_id)
    try:
        job = jobs.queue_gradebook_file(owner=request.user, school_class=school_class)
    except jobs.TooManyJobs as too_many:
        messages.error(request, str(too_many))
        return redirect("teach:gradebook", class_id=school_class.pk)
    return redirect("job", job_id=job.pk)


@teacher_required
def student_history(request, class_id, user_id):
    school_class = taught_class(request, class_id)
    student = get_object_or_404(gradebook.members_of(school_class), pk=user_id)
    history = assignments.student_history(school_class=school_class, student=student, now=timezone.now())
    return page(request, "student_history.html", {"school_class": school_class, "history": history})
