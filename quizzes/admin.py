from django.contrib import admin

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


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "loaded_at")
    search_fields = ("title", "slug")


@admin.register(Side)
class SideAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "source")
    list_filter = ("source",)
    search_fields = ("name", "key")


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ("key", "text", "source")
    list_filter = ("source",)
    search_fields = ("key", "text")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "side", "source")
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
    list_display = ("name", "date", "date_end", "place", "source")
    list_filter = ("source", "place__kind")
    search_fields = ("name", "key", "date")
    list_select_related = ("place", "source")
    raw_id_fields = ("sentence", "place")
    inlines = [EventParticipantInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class AcceptedAnswerInline(admin.TabularInline):
    model = AcceptedAnswer
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "source", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("title", "description", "owner__username")
    list_select_related = ("owner", "source")
    raw_id_fields = ("owner",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("prompt", "kind", "type", "answer", "question_set")
    list_filter = ("question_set", "kind", "type")
    search_fields = ("prompt", "generator_key", "explanation")
    list_select_related = ("question_set",)
    raw_id_fields = ("source_sentence", "event", "person", "place")
    readonly_fields = ("generator_key", "created_at", "updated_at")
    inlines = [ChoiceInline, AcceptedAnswerInline]
