"""Teacher pages: sets, the question editor, copies, import and export, results.

The rules are the API's: `services.authoring` writes (and judges questions), the
selectors read, `quizzes.transfer` reads and writes files. A teacher reaches only their
own sets (another teacher's set is a 404, as if it did not exist); admins reach every
set; students get a 403 on every page here.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.forms import (
    CopyFilterForm,
    ImportForm,
    QuestionForm,
    QuestionSetForm,
    lines,
)
from quizzes.models import Question, QuestionSet
from quizzes.selectors import assignments as assignment_reads
from quizzes.selectors import teaching
from quizzes.services import attempts, authoring
from quizzes.transfer import EXPORT_FORMATS, ImportFileError, export_question_set, parse_upload

COPY_PAGE_SIZE = 50
RESULTS_PAGE_SIZE = 50


def teacher_required(view):
    """Logged in (else to the login page) and a teacher or admin (else 403)."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_teacher:
            raise PermissionDenied("Only teachers and admins write question sets.")
        return view(request, *args, **kwargs)

    return checked


def editable_set(request, set_id) -> QuestionSet:
    return get_object_or_404(QuestionSet.objects.editable_by(request.user), pk=set_id)


def editable_question(request, question_id) -> Question:
    return get_object_or_404(
        Question.objects.select_related("question_set").prefetch_related("choices", "accepted_answers"),
        pk=question_id,
        question_set__in=QuestionSet.objects.editable_by(request.user),
    )


def posted(request):
    """The form data of a POST (even an empty one, which must fail validation), else None."""
    return request.POST if request.method == "POST" else None


def page(request, template: str, context: dict, *, invalid: bool = False, nav: str = "teach"):
    """Render a teacher page; a refused form answers 400 (nothing was saved)."""
    status = 400 if invalid else 200
    return render(request, f"quizzes/teach/{template}", {**context, "nav": nav}, status=status)


@teacher_required
def set_list(request):
    context = {
        "sets": teaching.teacher_sets(user=request.user),
        "classes": assignment_reads.classes_taught(user=request.user),
    }
    if request.user.is_admin:
        context["generated_sets"] = teaching.generated_sets()
    return page(request, "set_list.html", context)


@teacher_required
def set_new(request):
    form = QuestionSetForm(posted(request))
    if request.method == "POST" and form.is_valid():
        question_set = authoring.create_set(owner=request.user, **form.cleaned_data)
        messages.success(request, f"Created “{question_set.title}”. Now add its questions.")
        return redirect("teach:set", set_id=question_set.pk)
    return page(request, "set_form.html", {"form": form}, invalid=bool(form.errors))


@teacher_required
def set_edit(request, set_id):
    question_set = editable_set(request, set_id)
    form = QuestionSetForm(posted(request), instance=question_set)
    if request.method == "POST" and form.is_valid():
        authoring.update_set(question_set=question_set, changes=form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("teach:set", set_id=question_set.pk)
    return page(
        request, "set_form.html", {"form": form, "question_set": question_set}, invalid=bool(form.errors)
    )


@teacher_required
@require_POST
def set_publish(request, set_id):
    """Publish or take back to a draft; with htmx, answer the button in its new state."""
    question_set = authoring.set_published(
        question_set=editable_set(request, set_id), is_published=request.POST.get("is_published") == "1"
    )
    if request.htmx:
        context = {"question_set": question_set, "back": request.POST.get("back", "set")}
        return render(request, "quizzes/teach/publish_form.html", context)
    state = "published: students can study it" if question_set.is_published else "a draft again"
    messages.success(request, f"“{question_set.title}” is {state}.")
    if request.POST.get("back") == "list":
        return redirect("teach:sets")
    return redirect("teach:set", set_id=question_set.pk)


@teacher_required
def set_delete(request, set_id):
    """GET asks for confirmation; POST deletes the set and everything on it."""
    question_set = editable_set(request, set_id)
    if request.method == "POST":
        title = question_set.title
        authoring.delete_set(question_set=question_set)
        messages.success(request, f"Deleted “{title}”.")
        return redirect("teach:sets")
    context = {"question_set": question_set, "question_count": question_set.questions.count()}
    return page(request, "set_delete.html", context)


@teacher_required
def set_page(request, set_id):
    question_set = editable_set(request, set_id)
    context = {
        "question_set": question_set,
        "questions": teaching.questions_of_set(question_set=question_set),
        "question_types": dict(Question.Type.choices),
        "export_formats": {name: export.label for name, export in EXPORT_FORMATS.items()},
    }
    return page(request, "set.html", context)


def question_form_page(request, form, *, question_set, question=None):
    context = {
        "form": form,
        "question_set": question_set,
        "question": question,
        "question_type": form.question_type,
        "type_name": Question.Type(form.question_type).label,
        "question_types": dict(Question.Type.choices),
        # The right choice is typed with these as suggestions (a <datalist>).
        "choice_options": lines(form["choices"].value() or "") if "choices" in form.fields else [],
    }
    return page(request, "question_form.html", context, invalid=bool(form.errors))


@teacher_required
def question_new(request, set_id, question_type):
    if question_type not in Question.Type.values:
        raise Http404("No such type of question.")
    question_set = editable_set(request, set_id)
    form = QuestionForm(posted(request), question_type=question_type)
    if request.method == "POST" and form.is_valid():
        try:
            question = authoring.create_question(question_set=question_set, fields=form.question_fields())
        except authoring.InvalidQuestions as invalid:
            form.add_question_errors(invalid.errors)
        else:
            messages.success(request, "Question added.")
            if request.POST.get("then") == "another":
                return redirect("teach:question_new", set_id=question_set.pk, question_type=question_type)
            return redirect(f"{reverse('teach:set', args=[question_set.pk])}#question-{question.pk}")
    return question_form_page(request, form, question_set=question_set)


@teacher_required
def question_edit(request, question_id):
    """Edit in place: the question keeps its id, and so every student's history of it."""
    question = editable_question(request, question_id)
    form = QuestionForm(
        posted(request), initial=QuestionForm.initial_for(question), question_type=question.type
    )
    if request.method == "POST" and form.is_valid():
        try:
            authoring.update_question(question=question, changes=form.question_fields())
        except authoring.InvalidQuestions as invalid:
            form.add_question_errors(invalid.errors)
        else:
            messages.success(request, "Question saved.")
            return redirect(f"{reverse('teach:set', args=[question.question_set_id])}#question-{question.pk}")
    return question_form_page(request, form, question_set=question.question_set, question=question)


@teacher_required
def question_delete(request, question_id):
    question = editable_question(request, question_id)
    if request.method == "POST":
        excluded = authoring.delete_question(question=question)
        kept_out = " Generating again will not bring it back." if excluded else ""
        messages.success(request, f"Question deleted.{kept_out}")
        return redirect("teach:set", set_id=question.question_set_id)
    return page(
        request, "question_delete.html", {"question": question, "question_set": question.question_set}
    )


def questions_chosen(request, target: QuestionSet, filters: dict) -> tuple[list[Question], str]:
    """The questions a copy asked for, or the reason it asked for none."""
    if request.POST.get("copy") == "all":
        # Only a chosen set is copied whole: "everything visible" is never one click.
        if not filters.get("set_id"):
            return [], "Choose the set to copy first."
        chosen = list(teaching.questions_to_copy(user=request.user, into=target, **filters))
        return chosen, "" if chosen else "No question matches; nothing to copy."
    ids = [int(value) for value in request.POST.getlist("questions") if value.isdigit()]
    chosen = list(teaching.questions_to_copy(user=request.user, into=target, ids=ids))
    return chosen, "" if chosen else "Tick at least one question to copy."


@teacher_required
def copy_questions(request, set_id):
    """Pick questions of other sets (e.g. generated ones; teaching.sets_to_copy_from says
    which) by set, kind and type, and copy them here, where they can be edited; "all
    matching" copies a whole set at once."""
    target = editable_set(request, set_id)
    filter_form = CopyFilterForm(
        request.GET or None, sets=teaching.sets_to_copy_from(user=request.user, into=target)
    )
    filters = filter_form.filters()
    copy_error = ""
    if request.method == "POST":
        chosen, copy_error = questions_chosen(request, target, filters)
        if chosen:
            copies = authoring.copy_questions(questions=chosen, into=target)
            messages.success(request, f"Copied {len(copies)} question{'s' if len(copies) != 1 else ''}.")
            return redirect("teach:set", set_id=target.pk)
    other_pages = request.GET.copy()  # the filters, for the links to other pages
    other_pages.pop("page", None)
    candidates = Paginator(
        teaching.questions_to_copy(user=request.user, into=target, **filters), COPY_PAGE_SIZE
    )
    context = {
        "question_set": target,
        "filter_form": filter_form,
        "candidates": candidates.get_page(request.GET.get("page")),
        "copy_error": copy_error,
        "can_copy_all": bool(filters.get("set_id")),
        "filter_query": other_pages.urlencode(),
    }
    return page(request, "copy.html", context, invalid=bool(copy_error))


def import_problems(errors: dict, *, noun: str) -> list[str]:
    """Every reason, each under the row (or question) of the file it is about."""
    problems = []
    for where, reasons in errors.items():
        prefix = "" if where in ("file", "format") else f"{noun} {where}: "
        if isinstance(reasons, dict):
            reasons = [f"{field} — {reason}" for field, texts in reasons.items() for reason in texts]
        problems.extend(prefix + reason for reason in reasons)
    return problems


@teacher_required
def import_questions(request, set_id):
    """A CSV or GIFT file, all questions or none: any bad row saves nothing and is listed."""
    question_set = editable_set(request, set_id)
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = parse_upload(upload)
            created = authoring.import_questions(question_set=question_set, rows=rows)
        except (ImportFileError, authoring.InvalidQuestions) as problem:  # an unreadable file, or bad rows
            noun = "Row" if upload.name.lower().endswith(".csv") else "Question"
            for reason in import_problems(problem.errors, noun=noun):
                form.add_error("file", reason)
        else:
            messages.success(request, f"Imported {created} question{'s' if created != 1 else ''}.")
            return redirect("teach:set", set_id=question_set.pk)
    return page(
        request, "import.html", {"form": form, "question_set": question_set}, invalid=bool(form.errors)
    )


@teacher_required
def export_questions(request, set_id, file_format):
    question_set = editable_set(request, set_id)
    if file_format not in EXPORT_FORMATS:
        raise Http404("No such export format.")
    return export_question_set(question_set, format=file_format).as_download()


@teacher_required
def results(request, set_id):
    """Per student and per question, the questions students miss most on top."""
    question_set = editable_set(request, set_id)
    results = attempts.set_results(question_set=question_set, now=timezone.now())
    context = {
        "question_set": question_set,
        # Each list pages on its own (?students=, ?questions=); both read the one cached result.
        **{
            name: Paginator(results[name], RESULTS_PAGE_SIZE).get_page(request.GET.get(name))
            for name in ("students", "questions")
        },
        "latest_quizzes": teaching.latest_quizzes(question_set=question_set),
    }
    return page(request, "results.html", context)
