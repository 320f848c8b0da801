"""The admin panel, polished for editing content: the same rules as the API
(`question_errors`), the same generation as `generate_questions`, the same exports."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from quizzes.answers import readable_answer
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    Event,
    EventParticipant,
    Job,
    Person,
    Place,
    Question,
    QuestionSet,
    SchedulerFit,
    Sentence,
    Side,
    Source,
)
from quizzes.services import authoring, sources
from quizzes.services.authoring import question_errors
from quizzes.transfer import export_question_sets


def regenerate(modeladmin, request, fact_sources) -> None:
    """Build or refresh each source's question set, as `manage.py generate_questions` and the
    API do (services.sources.generate_set): edited questions kept, excluded ones not made."""
    for source in fact_sources:
        try:
            report = sources.generate_set(source=source)
        except sources.InvalidSource as invalid:
            modeladmin.message_user(request, f"{source}: {'; '.join(invalid.errors)}", messages.ERROR)
        else:
            modeladmin.message_user(request, report.summary(), messages.SUCCESS)


class QuestionCountColumn:
    """A sortable "questions" column, counted within the list's one query."""

    questions_path = "questions"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count(self.questions_path))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, row) -> int:
        return row.question_total


class SourceOwnerFilter(admin.SimpleListFilter):
    title = "owner"
    parameter_name = "owned"

    def lookups(self, request, model_admin):
        return [("bundled", "Bundled (the service's own)"), ("teachers", "Teachers' own")]

    def queryset(self, request, queryset):
        if self.value() == "bundled":
            return queryset.filter(owner=None)
        if self.value() == "teachers":
            return queryset.exclude(owner=None)
        return queryset


@admin.register(Source)
class SourceAdmin(QuestionCountColumn, admin.ModelAdmin):
    """Bundled sources (no owner, loaded by `manage.py load_facts`) and teachers' own. Deleting
    one goes through services.sources, so its set, questions and students' cards go too."""

    list_display = ("title", "slug", "owned_by", "people", "places", "events", "statements")
    list_display += ("question_count", "loaded_at")
    list_filter = (SourceOwnerFilter,)
    search_fields = ("title", "slug", "owner__username")
    raw_id_fields = ("owner",)
    actions = ["regenerate_questions"]
    questions_path = "question_set__questions"

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="owner", ordering="owner__username")
    def owned_by(self, source) -> str:
        return source.owner.username if source.owner else "– (bundled)"

    @admin.display(ordering="people_count")
    def people(self, source) -> int:
        return source.people_count

    @admin.display(ordering="places_count")
    def places(self, source) -> int:
        return source.places_count

    @admin.display(ordering="events_count")
    def events(self, source) -> int:
        return source.events_count

    @admin.display(ordering="statements_count")
    def statements(self, source) -> int:
        return source.statements_count

    @admin.action(description="Regenerate the questions of the selected sources", permissions=["change"])
    def regenerate_questions(self, request, queryset):
        regenerate(self, request, queryset.order_by("slug"))

    def get_deleted_objects(self, objs, request):
        """Django's collector stops at the records' PROTECT links to their own source's sentences
        and sides, which services.sources.delete_source deletes in order: nothing outside the
        source is protected."""
        deleted, model_count, perms_needed, _ = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []

    def delete_model(self, request, source):
        sources.delete_source(source=source)

    def delete_queryset(self, request, queryset):
        for source in queryset:
            sources.delete_source(source=source)


@admin.register(Side)
class SideAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "opposed", "source")
    list_filter = ("source",)
    search_fields = ("name", "key")
    filter_horizontal = ("opposes",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source").prefetch_related("opposes")

    @admin.display(description="fought")
    def opposed(self, side: Side) -> str:
        return ", ".join(sorted(other.name for other in side.opposes.all())) or "–"


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ("key", "text", "source")
    list_filter = ("source",)
    search_fields = ("key", "text")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "side", "description", "source")
    list_filter = ("source", "side")
    search_fields = ("name", "aliases", "role", "description", "key")
    list_select_related = ("side", "source")
    raw_id_fields = ("sentence",)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "located_in", "source")
    list_filter = ("source", "kind")
    search_fields = ("name", "aliases", "key")
    list_select_related = ("located_in", "source")
    raw_id_fields = ("sentence", "located_in")


class EventParticipantInline(admin.TabularInline):
    model = EventParticipant
    extra = 1
    autocomplete_fields = ("person",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "date", "date_end", "open_ended", "place", "source")
    list_filter = ("source", "place__kind")
    search_fields = ("name", "key", "date")
    list_select_related = ("place", "source")
    raw_id_fields = ("sentence", "place")
    inlines = [EventParticipantInline]


class AnswerField(forms.JSONField):
    """The answer as a teacher types it: plain text for choice and text questions, true or
    false, or for an order question the JSON list in order."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError:
                return value.strip()
            return parsed if isinstance(parsed, (str, bool, list)) else value.strip()
        return super().to_python(value)


class QuestionAdminForm(forms.ModelForm):
    answer = AnswerField(
        help_text="The right choice or answer as text; true or false; for an order question the "
        'items in order as a JSON list, e.g. ["First", "Second"].'
    )

    class Meta:
        model = Question
        fields = [
            "question_set", "kind", "type", "prompt", "answer", "explanation",
            "source_sentence", "event", "person", "place",
        ]  # fmt: skip


class QuestionOptionsFormSet(BaseInlineFormSet):
    """Judges the question with its choices by `question_errors`, the API's rules, so the admin
    cannot save a choice question whose answer is not among its choices."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text")
        ]
        question = self.instance
        errors = question_errors(
            {
                "kind": question.kind,
                "type": question.type,
                "prompt": question.prompt,
                "answer": question.answer,
                "explanation": question.explanation,
                "choices": [row["text"] for row in sorted(kept, key=lambda row: row.get("position") or 0)],
            }
        )
        if errors:
            raise ValidationError(
                [f"{field}: {reason}" for field, reasons in errors.items() for reason in reasons]
            )


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = QuestionOptionsFormSet
    extra = 0


class AcceptedAnswerInline(admin.TabularInline):
    model = AcceptedAnswer
    extra = 0


class OriginFilter(admin.SimpleListFilter):
    title = "origin"
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("generated", "Generated from facts"), ("authored", "Written by a teacher")]

    def queryset(self, request, queryset):
        generated = Q(owner=None) | Q(source__isnull=False)
        if self.value() == "generated":
            return queryset.filter(generated)
        if self.value() == "authored":
            return queryset.exclude(generated)
        return queryset


def export_action(file_format: str, name: str):
    """An action downloading the selected sets: one file, or a zip of several."""

    def export(modeladmin, request, queryset):
        return export_question_sets(queryset.order_by("pk"), format=file_format).as_download()

    export.__name__ = f"export_{file_format}"
    return admin.action(description=f"Export the selected sets as {name}", permissions=["view"])(export)


@admin.register(QuestionSet)
class QuestionSetAdmin(QuestionCountColumn, admin.ModelAdmin):
    list_display = ("title", "owner", "source", "question_count", "is_published", "updated_at")
    list_filter = ("is_published", OriginFilter)
    search_fields = ("title", "description", "owner__username")
    list_select_related = ("owner", "source")
    raw_id_fields = ("owner",)
    actions = [
        export_action("csv", "CSV"),
        export_action("json", "JSON"),
        export_action("gift", "Moodle GIFT"),
        export_action("apkg", "Anki packages"),
        "regenerate_from_source",
    ]

    @admin.action(description="Regenerate the selected sets from their fact sources", permissions=["change"])
    def regenerate_from_source(self, request, queryset):
        authored = queryset.filter(source=None).count()
        if authored:
            self.message_user(
                request,
                f"{authored} of the selected sets {'has' if authored == 1 else 'have'} no fact source "
                "(written by teachers) and stayed as they are.",
                messages.WARNING,
            )
        regenerate(self, request, Source.objects.filter(question_set__in=queryset).order_by("slug"))


class QuestionOriginFilter(admin.SimpleListFilter):
    title = "origin"
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("generated", "Generated"), ("edited", "Generated, edited by hand"), ("authored", "Written")]

    def queryset(self, request, queryset):
        if self.value() == "generated":
            return queryset.exclude(generator_key="").filter(edited=False)
        if self.value() == "edited":
            return queryset.exclude(generator_key="").filter(edited=True)
        if self.value() == "authored":
            return queryset.filter(generator_key="")
        return queryset


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Editing a generated question here marks it edited (regeneration then leaves it alone), and
    deleting one excludes it from regeneration, as the API and the pages do (services.authoring)."""

    form = QuestionAdminForm
    list_display = ("short_prompt", "kind", "type", "readable_answer", "question_set", "origin", "updated_at")
    list_filter = (QuestionOriginFilter, "question_set", "kind", "type")
    search_fields = ("prompt", "generator_key", "explanation", "choices__text", "accepted_answers__text")
    list_select_related = ("question_set",)
    raw_id_fields = ("source_sentence", "event", "person", "place")
    fields = (
        "regeneration", "question_set", "kind", "type", "prompt", "answer", "explanation",
        "source_sentence", "event", "person", "place", "generator_key", "created_at", "updated_at",
    )  # fmt: skip
    readonly_fields = ("regeneration", "generator_key", "created_at", "updated_at")
    inlines = [ChoiceInline, AcceptedAnswerInline]

    @admin.display(description="origin")
    def origin(self, question) -> str:
        if not question.generator_key:
            return "written"
        return "generated, edited by hand" if question.edited else "generated"

    @admin.display(description="regeneration")
    def regeneration(self, question) -> str:
        if not question.pk or not question.generator_key:
            return "Written by hand: regeneration never touches it."
        if question.edited:
            return "Edited by hand: regeneration leaves this question alone."
        return "Generated: edit it and regeneration will leave it alone."

    def save_model(self, request, question, form, change):
        if change and question.generator_key:
            # What it said before this form, to tell afterwards (choices included) whether it changed.
            question.content_before = Question.objects.with_options().get(pk=question.pk).content()
        super().save_model(request, question, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        question = form.instance
        if before := getattr(question, "content_before", None):
            authoring.note_hand_edit(question=question, content_before=before)

    def delete_model(self, request, question):
        authoring.delete_question(question=question)

    def delete_queryset(self, request, queryset):
        for question in queryset:
            authoring.delete_question(question=question)

    @admin.display(description="prompt", ordering="prompt")
    def short_prompt(self, question) -> str:
        return Truncator(question.prompt).chars(120)

    @admin.display(description="answer")
    def readable_answer(self, question) -> str:
        return Truncator(readable_answer(question.answer, question.items)).chars(100)


# Background jobs (django-tasks-db's admin, read-only): the list also says why a job failed,
# so a failure is seen without opening it; its page has the whole traceback.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (*DBTaskResultAdmin.list_display, "error")
    list_filter = ("status", "task_path", "queue_name")
    search_fields = ("task_path", "exception_class_path")

    @admin.display(description="error", ordering="exception_class_path")
    def error(self, job: DBTaskResult) -> str:
        """The exception's last line ("RuntimeError: …"), for a failed job."""
        return Truncator(job.traceback.strip().splitlines()[-1]).chars(120) if job.traceback.strip() else ""


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """The work people wait for (services.jobs), as its owner sees it: read-only, as the
    worker writes it; deleting one forgets it (a queued one then does nothing)."""

    list_display = ("created_at", "kind", "owner", "status", "stage", "done", "total", "error", "finished_at")
    list_filter = ("kind", "status")
    search_fields = ("owner__username", "error")
    list_select_related = ("owner",)
    readonly_fields = [field.name for field in Job._meta.fields if field.name != "file"]
    exclude = ("file",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SchedulerFit)
class SchedulerFitAdmin(admin.ModelAdmin):
    """Each fit of a student's FSRS parameters, read-only: the job writes them, and the
    student's parameters follow the adoption rule, never a hand edit."""

    list_display = (
        "user", "status", "requested_at", "reviews", "held_out_reviews",
        "default_log_loss", "fitted_log_loss", "default_rmse", "fitted_rmse", "adopted", "seconds",
    )  # fmt: skip
    list_filter = ("status", "adopted")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    date_hierarchy = "requested_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
