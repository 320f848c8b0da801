"""Writes. Each service is one transaction; views call exactly one of them."""

from quizzes.services.study import (
    NOT_GIVEN,
    InvalidReview,
    QuizInProgress,
    ReviewOutcome,
    introduce_card,
    review_card,
)

__all__ = ["NOT_GIVEN", "InvalidReview", "QuizInProgress", "ReviewOutcome", "introduce_card", "review_card"]
