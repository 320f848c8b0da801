"""The admin panel, polished for editing content: the same rules as the API
(`question_errors`), the same generation as `generate_questions`, the same exports."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from quizzes.answers import readable_answer
from quizzes.generation.sync import generate_questions
from quizzes.models import (
    AcceptedAnswer,
    Choice,
    Event,
    EventParticipant,
    Person,
    Place,
    Question,
    QuestionSet,
    Sentence,
    Side,
    Source,
)
from quizzes.services.authoring import question_errors
from quizzes.transfer import export_question_sets


def regenerate(modeladmin, request, sources) -> None:
    """Build or refresh each source's question set, as `manage.py generate_questions` does."""
    for source in sources:
        report = generate_questions(source=source)
        modeladmin.message_user(request, report.summary(), messages.SUCCESS)


class QuestionCountColumn:
    """A sortable "questions" column, counted within the list's one query."""

    questions_path = "questions"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count(self.questions_path))

    @admin.display(description="questions", ordering="question_total")
    def question_count(self, row) -> int:
        return row.question_total


@admin.register(Source)
class SourceAdmin(QuestionCountColumn, admin.ModelAdmin):
    list_display = ("title", "slug", "question_count", "loaded_at")
    search_fields = ("title", "slug")
    actions = ["regenerate_questions"]
    questions_path = "question_set__questions"

    @admin.action(description="Regenerate the questions of the selected sources", permissions=["change"])
    def regenerate_questions(self, request, queryset):
        regenerate(self, request, queryset.order_by("slug"))


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
        if self.value() == "generated":
            return queryset.filter(owner=None)
        if self.value() == "authored":
            return queryset.exclude(owner=None)
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


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ("short_prompt", "kind", "type", "readable_answer", "question_set", "updated_at")
    list_filter = ("question_set", "kind", "type")
    search_fields = ("prompt", "generator_key", "explanation", "choices__text", "accepted_answers__text")
    list_select_related = ("question_set",)
    raw_id_fields = ("source_sentence", "event", "person", "place")
    readonly_fields = ("generator_key", "created_at", "updated_at")
    inlines = [ChoiceInline, AcceptedAnswerInline]

    @admin.display(description="prompt", ordering="prompt")
    def short_prompt(self, question) -> str:
        return Truncator(question.prompt).chars(120)

    @admin.display(description="answer")
    def readable_answer(self, question) -> str:
        return Truncator(readable_answer(question.answer, question.items)).chars(100)
