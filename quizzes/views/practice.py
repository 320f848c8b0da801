"""Practice pages: Match and Timeline over a set's facts (selectors.practice, services.practice).

Each works without JavaScript as a plain form (Match: a list of picks; Timeline: an order
form); with it, Match checks each pairing as it is made (`match_check`, JSON) and Timeline
moves by drag and drop, keys or buttons (static/js/order.js).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.models import QuestionSet
from quizzes.selectors import practice
from quizzes.services import practice as practice_service
from quizzes.services.study import QuizInProgress

Mode = practice.Mode
MATCH_KINDS = {"people": Mode.MATCH_PEOPLE, "dates": Mode.MATCH_DATES}


def set_with_facts(request, set_id, now) -> QuestionSet:
    """The set, if the user may see it and it has facts to practise with; else a 404."""
    try:
        question_set = practice.practice_set(user=request.user, set_id=set_id, now=now)
    except QuestionSet.DoesNotExist:
        raise Http404("No such set.") from None
    if question_set.source_id is None:
        raise Http404(
            "This set has no facts to practise with: Match and Timeline need a set made from a source."
        )
    return question_set


def paused(request, question_set, template: str):
    """While a quiz is open on the set its practice pauses, as its study does (docs/security.md)."""
    context = {"question_set": question_set, "open_quiz_id": question_set.open_quiz_id, "nav": "home"}
    return render(request, template, context, status=409 if request.method == "POST" else 200)


def match_mode(request) -> str | None:
    return MATCH_KINDS.get(request.GET.get("with") or request.POST.get("with", ""))


def match_context(request, question_set, *, mode, now, issue: bool = True) -> dict:
    """A new round of `mode` (or, with no mode asked for, of people, else of dates)."""
    modes = [mode] if mode else [Mode.MATCH_PEOPLE, Mode.MATCH_DATES]
    issued = None
    for each in modes:
        issued = issue and practice.issue_round(
            user=request.user, question_set=question_set, mode=each, now=now
        )
        if issued:
            break
    return {
        "question_set": question_set,
        "round": issued or None,
        "mode": str(each),
        "kind": "people" if each == Mode.MATCH_PEOPLE else "dates",
        "records": practice.best_times(user=request.user, question_set=question_set),
        "nav": "home",
    }


def match_again(request, question_set, *, mode, token, now, error: str):
    """The round's form again with its picks and the reason (400), or a new round if the
    token itself is what is wrong."""
    context = match_context(request, question_set, mode=mode, now=now, issue=False)
    try:
        context["round"] = practice.round_again(
            user=request.user, question_set=question_set, mode=mode, token=token
        )
        context["picks"] = dict(
            zip(request.POST.getlist("left"), request.POST.getlist("right"), strict=False)
        )
    except practice.InvalidRound as invalid:
        context = match_context(request, question_set, mode=mode, now=now)
        error = str(invalid)
    context["form_error"] = error
    return render(request, "quizzes/practice_match.html", context, status=400)


@login_required
def match(request, set_id):
    """GET: a new round. POST (the form without JavaScript): all the picks judged at once."""
    now = timezone.now()
    question_set = set_with_facts(request, set_id, now)
    if question_set.open_quiz_id is not None:
        return paused(request, question_set, "quizzes/practice_match.html")
    mode = match_mode(request)
    if request.method != "POST":
        return render(
            request, "quizzes/practice_match.html", match_context(request, question_set, mode=mode, now=now)
        )
    mode = mode or Mode.MATCH_PEOPLE
    token = request.POST.get("token", "")
    lefts, rights = request.POST.getlist("left"), request.POST.getlist("right")
    if not lefts or len(lefts) != len(rights) or not all(rights) or len(set(rights)) != len(rights):
        return match_again(
            request,
            question_set,
            mode=mode,
            token=token,
            now=now,
            error="Pick a different match for each, each once.",
        )
    try:
        checked = practice_service.check_match(
            user=request.user,
            question_set=question_set,
            mode=mode,
            token=token,
            pairs=list(zip(lefts, rights, strict=True)),
            now=now,
        )
    except practice.InvalidRound as invalid:
        return match_again(request, question_set, mode=mode, token=token, now=now, error=str(invalid))
    context = match_context(request, question_set, mode=mode, now=now, issue=False)
    context["checked"] = checked
    return render(request, "quizzes/practice_match.html", context)


@login_required
@require_POST
def match_check(request, set_id):
    """The Match page's check of one pairing (with those matched before it), as JSON:
    `right` for the last pair sent, and when it finishes the round the time, the best time
    and every pair."""
    now = timezone.now()
    question_set = set_with_facts(request, set_id, now)
    mode = match_mode(request)
    if mode is None:
        return JsonResponse({"detail": "Say which Match: `with` is people or dates."}, status=400)
    pairs = [tuple(pair.split(":", 1)) for pair in request.POST.getlist("pair") if pair.count(":") == 1]
    if not pairs or len(pairs) != len(request.POST.getlist("pair")):
        return JsonResponse({"detail": "Send each pairing as `pair` = left:right."}, status=400)
    try:
        checked = practice_service.check_match(
            user=request.user,
            question_set=question_set,
            mode=mode,
            token=request.POST.get("token", ""),
            pairs=pairs,
            now=now,
        )
    except practice.InvalidRound as invalid:
        return JsonResponse({"detail": str(invalid)}, status=400)
    except QuizInProgress as open_quiz:
        return JsonResponse({"detail": str(open_quiz), "open_quiz": open_quiz.attempt_id}, status=409)
    return JsonResponse(
        {
            "right": checked.verdicts[-1],
            "finished": checked.finished,
            "elapsed_ms": checked.elapsed_ms,
            "too_fast": checked.too_fast,
            "recorded": checked.recorded,
            "best_ms": checked.best_ms,
            "new_best": checked.new_best,
            "pairs": [{"left": left, "right": right} for left, right in checked.pairs],
        }
    )


def timeline_context(request, question_set, *, now) -> dict:
    return {
        "question_set": question_set,
        "round": practice.issue_round(
            user=request.user, question_set=question_set, mode=Mode.TIMELINE, now=now
        ),
        "nav": "home",
    }


@login_required
def timeline(request, set_id):
    """GET: a new round of events to put in order. POST: the order judged (an order form)."""
    now = timezone.now()
    question_set = set_with_facts(request, set_id, now)
    if question_set.open_quiz_id is not None:
        return paused(request, question_set, "quizzes/practice_timeline.html")
    if request.method != "POST":
        return render(
            request, "quizzes/practice_timeline.html", timeline_context(request, question_set, now=now)
        )
    items = request.POST.getlist("item")
    try:
        positions = [int(position) for position in request.POST.getlist("position")]
    except ValueError:
        positions = []
    token = request.POST.get("token", "")
    if not items or sorted(positions) != list(range(1, len(items) + 1)):
        return timeline_again(
            request, question_set, token=token, now=now, places=dict(zip(items, positions, strict=False))
        )
    order = [item for _, item in sorted(zip(positions, items, strict=True))]
    try:
        checked = practice_service.check_timeline(
            user=request.user, question_set=question_set, token=token, order=order, now=now
        )
    except practice.InvalidRound as invalid:
        context = timeline_context(request, question_set, now=now)
        context["form_error"] = str(invalid)
        return render(request, "quizzes/practice_timeline.html", context, status=400)
    context = {"question_set": question_set, "checked": checked, "nav": "home"}
    return render(request, "quizzes/practice_timeline.html", context)


def timeline_again(request, question_set, *, token, now, places):
    """An order with two events in one place (possible only without JavaScript): the same
    round again, keeping the places chosen."""
    context = {"question_set": question_set, "nav": "home"}
    try:
        context["round"] = practice.round_again(
            user=request.user, question_set=question_set, mode=Mode.TIMELINE, token=token
        )
        context["places"] = places
        context["form_error"] = f"Give each event its own place, from 1 to {len(context['round'].left)}."
    except practice.InvalidRound as invalid:
        context = timeline_context(request, question_set, now=now)
        context["form_error"] = str(invalid)
    return render(request, "quizzes/practice_timeline.html", context, status=400)
