"""The progress page: reviews per day, true retention, the forecast and mastery, as inline SVG charts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from quizzes.selectors.progress import (
    KNOWN_WELL_MIN_ANSWERS,
    KNOWN_WELL_SHARE,
    Mastery,
    mastery,
    review_heatmap,
    study_stats,
)
from quizzes.services import attempts, scheduler_fits

CELL = 15  # a heatmap day: 13 px square and a 2 px gap
HEATMAP_LEFT = 30  # room for the weekday labels
HEATMAP_TOP = 16  # room for the month labels
BAR = 12  # a bar chart day: 9 px bar and a 3 px gap
CHART_LEFT = 28  # room for the scale
CHART_RIGHT = 24  # room for the last date label
CHART_HEIGHT = 110
MASTERY_ROWS = 5
WEEKDAY_LABELS = {0: "Mon", 2: "Wed", 4: "Fri"}
STACK_LABELS = {"correct": "right", "wrong": "wrong", "due": "due"}


def heat_level(reviews: int, busiest: int) -> int:
    """0–4, like a contributions calendar: 0 is none, 4 the busiest quarter."""
    if not reviews:
        return 0
    return min(4, 1 + (4 * reviews - 1) // max(busiest, 1))


def heatmap_chart(weeks: list[list[dict]]) -> dict:
    """Weeks as columns (Monday on top), a month's name above its first week, a legend's scale."""
    busiest = max((day["reviews"] for week in weeks for day in week), default=0)
    days = [
        {**day, "x": HEATMAP_LEFT + column * CELL, "y": HEATMAP_TOP + row * CELL,
         "level": heat_level(day["reviews"], busiest)}
        for column, week in enumerate(weeks)
        for row, day in enumerate(week)
        if not day["future"]
    ]  # fmt: skip
    months = [
        {"x": HEATMAP_LEFT + column * CELL, "label": week[-1]["date"].strftime("%b")}
        for column, week in enumerate(weeks)
        if column == 0 or week[-1]["date"].month != weeks[column - 1][-1]["date"].month
    ]
    if len(months) > 1 and months[1]["x"] - months[0]["x"] < 3 * CELL:
        months.pop(0)  # a month begun in the first column's last days would overlap the next
    return {
        "days": days,
        "months": months,
        "weekdays": [
            {"y": HEATMAP_TOP + row * CELL + 10, "label": label} for row, label in WEEKDAY_LABELS.items()
        ],
        "width": HEATMAP_LEFT + len(weeks) * CELL,
        "height": HEATMAP_TOP + 7 * CELL,
        "reviews": sum(day["reviews"] for day in days),
        "active_days": sum(1 for day in days if day["reviews"]),
    }  # fmt: skip


def bar_chart(days: list[dict], *, stacks: list[str]) -> dict:
    """Bars per day, each a stack of `stacks` values from the bottom up, with a scale and date labels."""
    tallest = max((sum(day[name] for name in stacks) for day in days), default=0)
    scale = CHART_HEIGHT / tallest if tallest else 0
    bars = []
    for index, day in enumerate(days):
        top = CHART_HEIGHT
        parts = []
        for name in stacks:
            height = round(day[name] * scale)
            top -= height
            parts.append(
                {"name": name, "label": STACK_LABELS[name], "value": day[name], "y": top, "height": height}
            )
        bars.append({**day, "x": CHART_LEFT + index * BAR, "parts": parts, "label": index % 7 == 0})
    return {
        "bars": bars,
        "tallest": tallest,
        "width": CHART_LEFT + len(days) * BAR + CHART_RIGHT,
        "height": CHART_HEIGHT,
        "axis_y": CHART_HEIGHT + 0.5,
        "label_y": CHART_HEIGHT + 14,
        "full_height": CHART_HEIGHT + 20,
    }


def mastery_lists(rows: list[Mastery]) -> dict:
    """The best known, the most missed, and those answered too few times to tell, a few of each."""
    return {
        "best": [row for row in rows if row.known_well][:MASTERY_ROWS],
        "worst": [row for row in reversed(rows) if row.missed][:MASTERY_ROWS],
        "too_few": [row for row in rows if not row.enough_answers][:MASTERY_ROWS],
        "too_few_count": sum(1 for row in rows if not row.enough_answers),
        "count": len(rows),
    }


@login_required
def progress(request):
    now = timezone.now()
    user = request.user
    stats = study_stats(user=user, question_set=None, now=now)
    history = [{**day, "wrong": day["reviews"] - day["correct"]} for day in stats.reviews_per_day]
    return render(
        request,
        "quizzes/progress.html",
        {
            "heatmap": heatmap_chart(review_heatmap(user=user, now=now)),
            "stats": stats,
            "history": bar_chart(history, stacks=["correct", "wrong"]),
            "forecast": bar_chart(stats.forecast, stacks=["due"]),
            "due_this_week": sum(day["due"] for day in stats.forecast[:7]),
            "known_well": {"percent": round(KNOWN_WELL_SHARE * 100), "answers": KNOWN_WELL_MIN_ANSWERS},
            "mastery": {
                "People": mastery_lists(mastery(user=user, by="person")),
                "Places": mastery_lists(mastery(user=user, by="place")),
                "Dates": mastery_lists(mastery(user=user, by="event")),
            },
            "scores": attempts.user_scores(user=user, now=now),
            "scheduler": scheduler_fits.scheduler_status(user=user, now=now),
            "today": now.astimezone(user.zone).date(),
            "nav": "progress",
        },
    )
