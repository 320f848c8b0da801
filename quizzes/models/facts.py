"""The fact base: what a source text says about dates, people and places.

Records are keyed by (source, key), the ids of the fixture file, so reloading an
edited file updates rows in place and keeps everything that points at them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


class SourceQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Admins: every source (the bundled ones too); teachers: their own; others: none.
        Sources are never shown to anyone who may not edit them."""
        if getattr(user, "is_admin", False):
            return self
        if getattr(user, "is_teacher", False):
            return self.filter(owner=user)
        return self.none()

    def bundled(self):
        """The service's own sources (`manage.py load_facts`), in one namespace of slugs."""
        return self.filter(owner=None)

    def with_counts(self):
        """With `<records>_count` for each kind of fact (a subquery each, so the list stays
        one query however many rows), its owner and its generated set."""
        counts = {
            f"{name}_count": Coalesce(
                Subquery(
                    model.objects.filter(source=OuterRef("pk"))
                    .order_by()
                    .values("source")
                    .annotate(total=Count("pk"))
                    .values("total")
                ),
                0,
            )
            for name, model in FACT_MODELS.items()
        }
        return self.select_related("owner", "question_set").annotate(**counts)


class Source(models.Model):
    """A text and the facts it states. Bundled sources have no owner; a teacher's are theirs
    alone, and each owner (the bundled ones together) has its own namespace of slugs."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sources",
        help_text="The teacher whose material it is; empty for the service's own (bundled) sources.",
    )
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    text = models.TextField(blank=True, help_text="The text the sentences are quoted from, if stored.")
    loaded_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            # NULLS NOT DISTINCT: the bundled sources (owner null) share one namespace too.
            models.UniqueConstraint(
                fields=["owner", "slug"], name="source_slug_per_owner", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return self.title


class Side(models.Model):
    """A side people took. Only sides known to be opposed are offered as wrong answers to
    "which side", so allies (the Russian Empire and the shah's loyalists) never are."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sides")
    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    opposes = models.ManyToManyField("self", symmetrical=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="side_key_per_source")]

    def __str__(self) -> str:
        return self.name


class Sentence(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="sentences")
    key = models.SlugField(max_length=100)
    text = models.TextField()

    class Meta:
        ordering = ["source", "key"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="sentence_key_per_source")]

    def __str__(self) -> str:
        return self.text[:80]


class Person(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="people")
    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    role = models.CharField(max_length=300)
    side = models.ForeignKey(Side, on_delete=models.PROTECT, related_name="people")
    # Empty when the text says nothing that tells the person apart from others.
    description = models.CharField(max_length=500, blank=True)
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="person_key_per_source")]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    class Kind(models.TextChoices):
        CITY = "city"
        TOWN = "town"
        VILLAGE = "village"
        REGION = "region"
        COUNTRY = "country"
        BUILDING = "building"
        NEIGHBOURHOOD = "neighbourhood"
        SEA = "sea"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="places")
    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    located_in = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="contains"
    )
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="place_key_per_source")]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """Something that happened; dates keep the fixture's written precision.

    `date` is "YYYY", "YYYY-MM" or "YYYY-MM-DD" (the form is the precision), so a
    question never asks for more than the source says. `open_ended` marks a date that is
    only when something began (an occupation, a revolt) whose end the source never gives:
    a later date is then no safe wrong answer.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="events")
    key = models.SlugField(max_length=100)
    name = models.CharField(max_length=300)
    date = models.CharField(max_length=10, blank=True)
    date_end = models.CharField(max_length=10, blank=True)
    other_dates = models.JSONField(default=list, blank=True)
    open_ended = models.BooleanField(default=False)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="+")
    people = models.ManyToManyField(Person, through="EventParticipant", related_name="events")
    # How to ask about it (format 2): "asked", an inverted clause ("was the October Manifesto
    # issued"); "told", a statement ("the October Manifesto was issued"); "done", what its
    # leader did ("issued the October Manifesto"). Without them the name is used.
    phrases = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["date", "name"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="event_key_per_source")]

    def __str__(self) -> str:
        return self.name


class EventParticipant(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader"
        COMMANDER = "commander"
        PARTICIPANT = "participant"
        SUBJECT = "subject"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["event", "role", "person"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_role_per_person_event")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) in {self.event}"


class Statement(models.Model):
    """What the text says about why, how or with what result something happened (format 2):
    asked as its own question, with statements of the same kind about other events as the
    wrong answers."""

    class Kind(models.TextChoices):
        CAUSE = "cause"
        PRETEXT = "pretext"
        AIM = "aim"
        DEMAND = "demand"
        METHOD = "method"
        RESULT = "result"
        SIGNIFICANCE = "significance"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="statements")
    key = models.SlugField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="statements"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="statements"
    )
    question = models.TextField(help_text="The question, as a teacher writes it.")
    answer = models.CharField(max_length=300)
    sentence = models.ForeignKey(Sentence, on_delete=models.PROTECT, related_name="+")
    # Keys of other statements whose answers are right too: never offered as wrong answers.
    also_right = models.JSONField(default=list, blank=True)
    # Wrong answers a teacher wrote for this question; without them, other statements'
    # answers of the same kind are offered.
    wrong = models.JSONField(default=list, blank=True)
    # A true sentence and the same with one detail swapped: asked as true or false.
    true_claim = models.CharField(max_length=300, blank=True)
    false_claim = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["source", "kind", "key"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="statement_key_per_source")]

    def __str__(self) -> str:
        return self.question


# A source's records by the name of their list in a fact document, for counts.
FACT_MODELS = {
    "sides": Side,
    "sentences": Sentence,
    "people": Person,
    "places": Place,
    "events": Event,
    "statements": Statement,
}
