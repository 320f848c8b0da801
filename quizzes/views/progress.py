"""The progress page: reviews per day, true retention, the forecast and mastery, as charts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from quizzes import selectors

CELL = 14
BAR_WIDTH = 18
CHART_HEIGHT = 120


def heat_level(reviews: int, busiest: int) -> int:
    """0–4, like a contributions calendar: 0 is none, 4 the busiest quarter."""
    if not reviews:
        return 0
    return min(4, 1 + (4 * reviews - 1) // max(busiest, 1))


@login_required
def progress(request):
    now = timezone.now()
    user = request.user
    weeks = selectors.review_heatmap(user=user, now=now)
    busiest = max((day["reviews"] for week in weeks for day in week), default=0)
    heatmap = [
        {"x": column * CELL, "y": row * CELL, "level": heat_level(day["reviews"], busiest), **day}
        for column, week in enumerate(weeks)
        for row, day in enumerate(week)
        if not day["future"]
    ]
    stats = selectors.study_stats(user=user, question_set=None, now=now)
    tallest = max((day["due"] for day in stats.forecast), default=0) or 1
    forecast = [
        {
            **day,
            "x": index * BAR_WIDTH,
            "height": round(CHART_HEIGHT * day["due"] / tallest),
            "y": CHART_HEIGHT - round(CHART_HEIGHT * day["due"] / tallest),
        }
        for index, day in enumerate(stats.forecast)
    ]
    mastery = {
        "People": selectors.mastery(user=user, by="person"),
        "Places": selectors.mastery(user=user, by="place"),
        "Dates": selectors.mastery(user=user, by="event"),
    }
    return render(
        request,
        "quizzes/progress.html",
        {
            "heatmap": heatmap,
            "heatmap_width": len(weeks) * CELL,
            "heatmap_height": 7 * CELL,
            "reviews_in_heatmap": sum(day["reviews"] for day in heatmap),
            "stats": stats,
            "forecast": forecast,
            "forecast_width": len(forecast) * BAR_WIDTH,
            "chart_height": CHART_HEIGHT,
            "mastery": {label: {"best": rows[:8], "worst": list(reversed(rows[-8:])) if len(rows) > 8 else []}
                        for label, rows in mastery.items()},
            "scores": selectors.user_scores(user=user, now=now),
            "nav": "progress",
        },
    )  # fmt: skip
