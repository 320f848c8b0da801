"""Rates on what is cheap to ask for and costly to serve, for the API and the pages alike."""

from rest_framework.throttling import UserRateThrottle


class QuizStartRateThrottle(UserRateThrottle):
    """Quiz starts per user ("quiz_start" in the settings): each draws and stores a quiz.
    The quiz page starts quizzes through this throttle too."""

    scope = "quiz_start"


class SourceDraftRateThrottle(UserRateThrottle):
    """Drafts from a text per user ("source_draft" in the settings): each reads up to
    100,000 characters for dates, names and places, about a second of a worker's time."""

    scope = "source_draft"


class SourceGenerateRateThrottle(UserRateThrottle):
    """Generations of a source's questions per user ("source_generate" in the settings): up
    to about 3 seconds of a worker's time each, at the largest source allowed."""

    scope = "source_generate"
