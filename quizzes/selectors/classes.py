"""Classes as each user may see them: their teacher and admins see everything about a class
(its code and members), a member sees the class but never the other members."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from config.plain_sql import compiled_rows
from quizzes.models import Assignment, Card, Membership, QuestionSet, SchoolClass
from quizzes.selectors import study_queue


def classes_managed_by(user) -> QuerySet[SchoolClass]:
    """The classes the user may change and whose members they see: their own; an admin's, all.
    (Another teacher's class is not theirs to know of: a 404.)"""
    classes = SchoolClass.objects.select_related("teacher")
    if getattr(user, "is_admin", False):
        return classes
    return classes.filter(teacher=user)


def classes_visible_to(user) -> QuerySet[SchoolClass]:
    """The classes the user teaches or belongs to; an admin, all."""
    classes = SchoolClass.objects.select_related("teacher")
    if getattr(user, "is_admin", False):
        return classes
    return classes.filter(
        Q(teacher=user) | Q(pk__in=Membership.objects.filter(user=user).values("school_class"))
    )


def with_member_counts(classes: QuerySet[SchoolClass]) -> QuerySet[SchoolClass]:
    return classes.annotate(member_count=Count("memberships"))


def classes_of(*, user) -> QuerySet[SchoolClass]:
    """The classes the user teaches or belongs to (an admin too: their own, not everyone's),
    by name, with their teacher and `member_count`: one query."""
    own = Q(teacher=user) | Q(pk__in=Membership.objects.filter(user=user).values("school_class"))
    return with_member_counts(SchoolClass.objects.select_related("teacher").filter(own)).order_by(
        "name", "pk"
    )


def classes_taught_by(*, user) -> QuerySet[SchoolClass]:
    """The teacher's own classes, by name, with `member_count`: one query."""
    return with_member_counts(SchoolClass.objects.filter(teacher=user)).order_by("name", "pk")


def memberships_of_user(*, user) -> QuerySet[Membership]:
    """The classes a user belongs to, as memberships with the class and its teacher."""
    return (
        Membership.objects.filter(user=user)
        .select_related("school_class__teacher")
        .order_by("school_class__name", "school_class_id")
    )


def members_of(*, school_class: SchoolClass) -> QuerySet[Membership]:
    """A class's members with their users, by username: one query."""
    return school_class.memberships.select_related("user").order_by("user__username", "user_id")


# Other sets a page of the dashboard lists: what it shows stays the same size however many
# sets teachers publish (`?page=` and the title search reach the rest).
OTHER_SETS_PER_PAGE = 24


@dataclass(frozen=True)
class DashboardSets:
    from_classes: list
    others: list  # a page of them: those the user has studied first, then by title
    more: bool  # another page follows


def dashboard_sets(*, user, now: dt.datetime, title_contains: str = "", page: int = 1) -> DashboardSets:
    """The sets the dashboard lists, with the user's study counts: first those assigned to a
    class the user is in, then a page of the other sets they can see. Three queries (and the
    owners' one), whatever the number of sets and classes; without a title search, each is
    compiled once (plain_sql.compiled_rows): every dashboard reads them."""
    database = router.db_for_read(QuestionSet)
    admin = bool(getattr(user, "is_admin", False))
    from_classes = {row[0] for row in compiled_rows(class_set_ids, database=database, user_id=user.pk)}
    start = (page - 1) * OTHER_SETS_PER_PAGE
    if title_contains:  # the searched text is not a parameter to compile once
        found = other_set_ids(
            admin=admin, start=start, user_id=user.pk, from_classes=list(from_classes), title=title_contains
        )
        others = list(found)
    else:
        others = compiled_rows(
            other_set_ids,
            database=database,
            shape={"admin": admin, "start": start},
            user_id=user.pk,
            from_classes=sorted(from_classes),
        )
    others = [row[0] for row in others]
    shown = others[:OTHER_SETS_PER_PAGE]
    listed = [*from_classes, *shown]
    if title_contains:
        found = QuestionSet.objects.visible_to(user).filter(title__icontains=title_contains, pk__in=listed)
        counted = study_queue.sets_with_study_counts(user=user, now=now, sets=found) if listed else []
    else:
        counted = study_queue.visible_sets_with_study_counts(user=user, now=now, set_ids=listed)
    by_id = {question_set.pk: question_set for question_set in counted}
    return DashboardSets(
        from_classes=[question_set for question_set in counted if question_set.pk in from_classes],
        others=[by_id[pk] for pk in shown if pk in by_id],
        more=len(others) > OTHER_SETS_PER_PAGE,
    )


def class_set_ids(*, user_id: int):
    """The sets assigned to the classes the user is in."""
    return Assignment.objects.filter(school_class__memberships__user_id=user_id).values_list(
        "question_set_id"
    )


def other_set_ids(*, admin: bool, start: int, user_id: int, from_classes: list[int], title: str = ""):
    """A page of the other sets the user can see (with `title` in theirs, if given; one
    more, to tell if another page follows): those they have studied first, then by title."""
    sets = QuestionSet.objects.visible_to(get_user_model()(pk=user_id, is_superuser=admin))
    if title:
        sets = sets.filter(title__icontains=title)
    studied = Exists(Card.objects.filter(user_id=user_id, question_set=OuterRef("pk")))
    ordered = sets.exclude(pk__in=from_classes).annotate(studied=studied).order_by("-studied", "title", "pk")
    return ordered.values_list("pk")[start : start + OTHER_SETS_PER_PAGE + 1]
