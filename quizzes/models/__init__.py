from quizzes.models.facts import Event, EventParticipant, Person, Place, Sentence, Side, Source
from quizzes.models.questions import AcceptedAnswer, Choice, Question, QuestionSet

__all__ = [
    "AcceptedAnswer",
    "Choice",
    "Event",
    "EventParticipant",
    "Person",
    "Place",
    "Question",
    "QuestionSet",
    "Sentence",
    "Side",
    "Source",
]
