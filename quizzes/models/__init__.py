from quizzes.models.attempts import Attempt, AttemptAnswer
from quizzes.models.classes import Assignment, Membership, SchoolClass
from quizzes.models.facts import Event, EventParticipant, Person, Place, Sentence, Side, Source, Statement
from quizzes.models.jobs import Job
from quizzes.models.practice import PracticeRecord
from quizzes.models.questions import AcceptedAnswer, Choice, ExcludedQuestion, Question, QuestionSet
from quizzes.models.scheduler_fits import SchedulerFit
from quizzes.models.study import Card, Review, Standing

__all__ = [
    "Assignment",
    "Membership",
    "SchoolClass",
    "Attempt",
    "AttemptAnswer",
    "AcceptedAnswer",
    "Card",
    "Choice",
    "Event",
    "ExcludedQuestion",
    "Job",
    "EventParticipant",
    "Person",
    "Place",
    "PracticeRecord",
    "Question",
    "QuestionSet",
    "Review",
    "SchedulerFit",
    "Sentence",
    "Side",
    "Source",
    "Standing",
    "Statement",
]
