"""Rates on what is cheap to ask for and costly to serve, for the API and the pages alike."""

from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from accounts.rate_limits import client_address


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


class ClassJoinRateThrottle(UserRateThrottle):
    """Tries at a join code per user ("class_join" in the settings), right or wrong, on the
    API and the pages (opening a join link is a try: its page names the class)."""

    scope = "class_join"


class WrongJoinCodeThrottle(SimpleRateThrottle):
    """Wrong join codes per address ("class_join_address" in the settings), so that
    guessing from many accounts is held too. Only wrong codes count (`record`): a whole
    school joining its classes from one address is never held up."""

    scope = "class_join_address"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}

    def allow_request(self, request, view) -> bool:
        """Whether the address is under its rate, without counting this request."""
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) < self.num_requests or self.throttle_failure()

    def record(self, request) -> None:
        """Count a wrong code against the request's address."""
        if self.rate is not None:
            self.allow_request(request, None)
            self.throttle_success()


def may_try_a_join_code(request) -> bool:
    """Both join rates at once, for the pages (the API lists both throttles)."""
    return ClassJoinRateThrottle().allow_request(request, None) and WrongJoinCodeThrottle().allow_request(
        request, None
    )
