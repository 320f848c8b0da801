"""Teacher pages for fact sources: write, upload or draft one from a text, edit its facts
with the validator's messages beside each field, generate its questions, preview them as
a student sees them, exclude the unwanted, publish.

The rules are the API's: `services.sources` writes (validating first, nothing saved on an
error), `facts.exporter` reads a source back as a document, `facts.drafting` drafts one,
`transfer.fact_workbook` reads and writes spreadsheets. A teacher reaches only their own
sources (another's is a 404); admins reach every one; students get a 403.
"""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from quizzes.facts import drafting
from quizzes.facts.exporter import document_of
from quizzes.models import Job, Question, Source
from quizzes.rate_limits import SourceDraftRateThrottle, SourceGenerateRateThrottle
from quizzes.selectors import jobs as job_reads
from quizzes.selectors import sources as source_reads
from quizzes.services import jobs, sources
from quizzes.shuffle import choices_for_student
from quizzes.transfer import fact_workbook
from quizzes.views import fact_editor, teach
from quizzes.views.teach import teacher_required

PREVIEW_PAGE_SIZE = 50
MAX_UPLOAD_BYTES = fact_workbook.MAX_WORKBOOK_BYTES
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page(request, template: str, context: dict, *, invalid: bool = False, status: int | None = None):
    """A teacher page under "My sources"; a refused form answers 400 (nothing was saved)."""
    response = teach.page(request, template, context, invalid=invalid, nav="sources")
    if status is not None:
        response.status_code = status
    return response


def editable_source(request, source_id) -> Source:
    return get_object_or_404(Source.objects.editable_by(request.user), pk=source_id)


@teacher_required
def source_list(request):
    context = {
        "sources": source_reads.teacher_sources(user=request.user),
        "jobs": job_reads.recent_jobs(owner=request.user, now=timezone.now()),
    }
    return page(request, "source_list.html", context)


def editor_page(request, form, *, source=None, drafted=False, invalid=False, open_section=None):
    context = {"form": form, "source": source, "drafted": drafted, "open_section": open_section}
    return page(request, "source_editor.html", context, invalid=invalid)


def edited(request, *, source=None):
    """A posted editor form: a row to add (nothing saved), or the facts to save (all or
    nothing: on any problem the form comes back with each message beside its field)."""
    document = fact_editor.document_from(request.POST)
    action = request.POST.get("action", "save")
    if action.startswith("add-") and action[4:] in fact_editor.SECTION_NAMES:
        section = action[4:]
        form = fact_editor.editor_form(document, extra_rows={section: 1})
        return editor_page(request, form, source=source, open_section=section)
    try:
        if source is None:
            source = sources.create_source(owner=request.user, document=document)
            saved = f"Saved “{source.title}”. Generate its questions when the facts are ready."
            messages.success(request, saved)
        else:
            source = sources.replace_source(source=source, document=document)
            messages.success(request, "Saved. Generate again to bring the questions up to date.")
    except sources.InvalidSource as invalid:
        form = fact_editor.editor_form(document, invalid.errors)
        return editor_page(request, form, source=source, invalid=True)
    return redirect("teach:source", source_id=source.pk)


@teacher_required
def source_new(request):
    """GET: the three ways in (a text to draft from, a file, an empty form). POST: a text
    to draft (the draft opens in the editor, unsaved), or the editor's form."""
    if request.method != "POST":
        if draft_job := request.GET.get("draft"):
            return editor_page(
                request, fact_editor.editor_form(drafted_document(request, draft_job)), drafted=True
            )
        return page(request, "source_new.html", {"max_text": drafting.MAX_DRAFT_CHARACTERS})
    if request.POST.get("action") == "draft":
        title, text = request.POST.get("title", "").strip(), request.POST.get("text", "")
        context = {"max_text": drafting.MAX_DRAFT_CHARACTERS, "title": title, "text": text}
        if not SourceDraftRateThrottle().allow_request(request, None):
            context["draft_error"] = "You have drafted many sources in the last hour; try again later."
            return page(request, "source_new.html", context, status=429)
        try:
            job = jobs.queue_draft(owner=request.user, title=title, text=text)
        except drafting.DraftError as problem:
            context["draft_error"] = problem.message
            return page(request, "source_new.html", context, status=400)
        except jobs.TooManyJobs as too_many:
            context["draft_error"] = str(too_many)
            return page(request, "source_new.html", context, status=429)
        return redirect("job", job_id=job.pk)
    if request.POST.get("action") == "blank":
        return editor_page(request, fact_editor.editor_form(blank_document(request.POST.get("title", ""))))
    return edited(request)


def drafted_document(request, job_id) -> dict:
    """The document a finished draft job of the teacher's made (else a 404)."""
    try:
        job = job_reads.jobs_of(request.user).get(pk=job_id, kind=Job.Kind.DRAFT, status=Job.Status.DONE)
    except (Job.DoesNotExist, ValidationError):
        raise Http404("No such draft.") from None
    return job.result


def blank_document(title: str) -> dict:
    title = title.strip() or "A new source"
    return {"format": 1, "source": {"slug": slugify(title)[:100], "title": title, "description": ""},
            "sides": [], "sentences": [], "people": [], "places": [], "events": []}  # fmt: skip


@teacher_required
def source_edit(request, source_id):
    source = editable_source(request, source_id)
    if request.method == "POST":
        return edited(request, source=source)
    return editor_page(request, fact_editor.editor_form(document_of(source)), source=source)


@teacher_required
@require_POST
def source_upload(request, source_id=None):
    """A fact file (JSON, a workbook, or CSV files, one per sheet): saved as a new source, or
    in place of this one's facts. A file the validator refuses opens in the editor, unsaved,
    each problem beside its field; one that cannot be read is listed cell by cell."""
    source = editable_source(request, source_id) if source_id is not None else None
    files = request.FILES.getlist("file")
    try:
        document = uploaded_document(files)
    except fact_workbook.WorkbookError as unreadable:
        context = {"max_text": drafting.MAX_DRAFT_CHARACTERS, "upload_errors": unreadable.problems,
                   "source": source}  # fmt: skip
        return page(request, "source_new.html", context, invalid=True)
    try:
        if source is None:
            source = sources.create_source(owner=request.user, document=document)
        else:
            source = sources.replace_source(source=source, document=document)
    except sources.InvalidSource as invalid:
        form = fact_editor.editor_form(document if isinstance(document, dict) else {}, invalid.errors)
        return editor_page(request, form, source=source, invalid=True)
    messages.success(request, f"Saved “{source.title}” from the file.")
    return redirect("teach:source", source_id=source.pk)


def uploaded_document(files) -> dict:
    """The fact document of uploaded files, by their names: .json, .xlsx, or .csv files."""
    if not files:
        raise fact_workbook.WorkbookError(["Choose a file: JSON, a spreadsheet (.xlsx) or CSV files."])
    if sum(file.size for file in files) > MAX_UPLOAD_BYTES:
        raise fact_workbook.WorkbookError([f"The files are over {MAX_UPLOAD_BYTES // 1_000_000} MB."])
    names = [file.name.lower() for file in files]
    if len(files) == 1 and names[0].endswith(".json"):
        try:
            return json.loads(files[0].read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as problem:
            raise fact_workbook.WorkbookError([f"{files[0].name} is not JSON: {problem}"]) from None
    if len(files) == 1 and names[0].endswith(".xlsx"):
        return fact_workbook.read_workbook(files[0])
    if all(name.endswith(".csv") for name in names):
        return fact_workbook.read_csv_files({file.name: file.read() for file in files})
    kinds = "Upload a .json file, an .xlsx workbook, or .csv files (a sheet each)."
    raise fact_workbook.WorkbookError([kinds])


@teacher_required
def source_download(request, source_id, file_format):
    source = editable_source(request, source_id)
    document = document_of(source)
    if file_format == "json":
        body = json.dumps(document, ensure_ascii=False, indent=2)
        return download(body.encode(), f"{source.slug}.json", "application/json")
    if file_format == "xlsx":
        return download(fact_workbook.write_workbook(document), f"{source.slug}.xlsx", XLSX_TYPE)
    raise Http404("No such format.")


@teacher_required
def source_template(request):
    return download(fact_workbook.template_workbook(), "fact-source-template.xlsx", XLSX_TYPE)


def download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@teacher_required
@require_POST
def source_generate(request, source_id):
    source = editable_source(request, source_id)
    if not SourceGenerateRateThrottle().allow_request(request, None):
        messages.error(request, "You have generated questions many times in the last hour; try again later.")
        return redirect("teach:source", source_id=source.pk)
    try:
        job = jobs.queue_generation(owner=request.user, source=source)
    except jobs.TooManyJobs as too_many:
        messages.error(request, str(too_many))
        return redirect("teach:source", source_id=source.pk)
    return redirect("job", job_id=job.pk)


@teacher_required
def source_preview(request, source_id):
    """Every question of the source's set as a student sees it (the choices in the order
    this teacher would meet them), its answer behind a disclosure; exclude what you do not want."""
    source = editable_source(request, source_id)
    question_set = source_reads.source_set(source=source)
    if question_set is None:
        return redirect("teach:source", source_id=source.pk)
    all_questions = source_reads.preview_questions(question_set=question_set)
    questions = Paginator(all_questions, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    for question in questions:
        question.shown_choices = choices_for_student(question, user=request.user)
    context = {
        "source": source,
        "question_set": question_set,
        "questions": questions,
        "excluded": source_reads.excluded_questions(question_set=question_set),
    }
    return page(request, "source_preview.html", context)


@teacher_required
@require_POST
def source_exclude(request, source_id, question_id):
    source = editable_source(request, source_id)
    question = get_object_or_404(Question, pk=question_id, question_set__source=source)
    sources.exclude_question(question=question)
    messages.success(request, f"Excluded “{question.prompt}”: generating again will not bring it back.")
    return redirect(f"{reverse('teach:source_preview', args=[source.pk])}?page={request.POST.get('page', 1)}")


@teacher_required
@require_POST
def source_include(request, source_id):
    source = editable_source(request, source_id)
    question_set = source_reads.source_set(source=source)
    if question_set is None:
        raise Http404("No questions yet.")
    sources.include_again(question_set=question_set, generator_key=request.POST.get("generator_key", ""))
    messages.success(request, "It comes back the next time you generate the questions.")
    return redirect("teach:source_preview", source_id=source.pk)


@teacher_required
def source_delete(request, source_id):
    source = editable_source(request, source_id)
    if request.method == "POST":
        title = source.title
        sources.delete_source(source=source)
        messages.success(request, f"Deleted “{title}” and its questions.")
        return redirect("teach:sources")
    return page(request, "source_delete.html", {"source": source})
