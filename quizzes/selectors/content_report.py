"""What a source's generated questions ask, and what they leave out: the content report
(`manage.py content_report`), whose thresholds the tests enforce on the bundled source."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from quizzes.answers import normalize_text, readable_answer
from quizzes.models import Event, Person, Place, Question, Sentence, Source, Statement

# The thresholds, on a source's generated set (tests/test_content_report.py); the most
# questions one answer may key is the generator's own rule (question_templates.MOST_QUESTIONS_PER_ANSWER).
MIN_WHY_AND_HOW = 40  # questions about causes, pretexts, aims, demands, methods, results


@dataclass
class ContentReport:
    source: Source
    questions: int = 0
    by_template: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    by_type: Counter = field(default_factory=Counter)
    # prompt -> the distinct answers it is keyed to, for prompts asked more than once
    repeated_prompts: dict[str, set[str]] = field(default_factory=dict)
    top_answers: list[tuple[str, int]] = field(default_factory=list)
    why_and_how: int = 0
    unasked_sentences: list[str] = field(default_factory=list)
    unasked_people: list[str] = field(default_factory=list)
    unasked_places: list[str] = field(default_factory=list)
    unasked_events: list[str] = field(default_factory=list)
    unasked_statements: list[str] = field(default_factory=list)

    @property
    def prompts_with_different_answers(self) -> dict[str, set[str]]:
        return {prompt: answers for prompt, answers in self.repeated_prompts.items() if len(answers) > 1}

    @property
    def largest_answer_share(self) -> float:
        return self.top_answers[0][1] / self.questions if self.top_answers and self.questions else 0.0

    def lines(self) -> list[str]:
        share = lambda count: f"{count} ({count / max(self.questions, 1):.1%})"  # noqa: E731
        out = [f"{self.source.title}: {self.questions} questions, {self.why_and_how} why/how/what-result"]
        for title, counter in (
            ("template", self.by_template),
            ("kind", self.by_kind),
            ("type", self.by_type),
        ):
            out.append(f"By {title}: " + ", ".join(f"{name} {share(n)}" for name, n in counter.most_common()))
        out.append("Answers keying the most questions (true/false aside): " + ", ".join(
            f"{answer!r} {share(n)}" for answer, n in self.top_answers[:8]
        ))  # fmt: skip
        different = len(self.prompts_with_different_answers)
        out.append(
            f"Prompts asked more than once: {len(self.repeated_prompts)}, with different answers: {different}"
        )
        out += [
            f"  {prompt!r}: {sorted(answers)}"
            for prompt, answers in self.prompts_with_different_answers.items()
        ]
        for title, items in (
            ("cited sentences", self.unasked_sentences),
            ("people", self.unasked_people),
            ("places", self.unasked_places),
            ("events", self.unasked_events),
            ("statements", self.unasked_statements),
        ):
            out.append(f"Unasked {title}: {len(items)}" + (f" ({', '.join(items)})" if items else ""))
        return out


def content_report(*, source: Source) -> ContentReport:
    questions = list(
        Question.objects.filter(question_set__source=source).exclude(generator_key="").order_by("pk")
    )
    report = ContentReport(source=source, questions=len(questions))
    prompts: dict[str, set[str]] = defaultdict(set)
    answers: Counter = Counter()
    for question in questions:
        report.by_template[question.generator_key.split(":")[0]] += 1
        report.by_kind[question.kind] += 1
        report.by_type[question.type] += 1
        shown = readable_answer(question.answer, question.items)
        prompts[question.prompt].add(shown)
        if question.type != Question.Type.TRUE_FALSE:
            answers[normalize_text(shown)] += 1
        report.why_and_how += question.statement_id is not None
    prompt_counts = Counter(question.prompt for question in questions)
    report.repeated_prompts = {prompt: prompts[prompt] for prompt, n in prompt_counts.items() if n > 1}
    report.top_answers = answers.most_common(10)
    asked = {
        name: {getattr(question, f"{name}_id") for question in questions}
        for name in ("source_sentence", "person", "place", "event", "statement")
    }
    # The sentences that state what is asked: an event's, a statement's, a salient person's.
    # A place is asked through what happened there, not where it lies (geography), and people
    # the text only lists ("X, Y and Z were among the insurgents") are not asked about
    # (docs/content.md, salience), so neither need the sentences that merely name them be.
    cited = set()
    for model in (Event, Statement):
        cited |= set(model.objects.filter(source=source).values_list("sentence_id", flat=True))
    people = list(Person.objects.filter(source=source).values_list("sentence_id", "description"))
    descriptions = Counter(normalize_text(description) for _, description in people)
    cited |= {
        sentence_id
        for sentence_id, description in people
        if normalize_text(description) and descriptions[normalize_text(description)] == 1
    }
    asked_texts = list(
        Sentence.objects.filter(pk__in=asked["source_sentence"] - {None}).values_list("text", flat=True)
    )
    unasked = (
        Sentence.objects.filter(pk__in=cited - asked["source_sentence"])
        .exclude(text__startswith="- ")  # infobox lines: not prose to ask about
        .values_list("key", "text")
    )
    # A sentence quoted within a longer passage that a question cites is asked with it.
    report.unasked_sentences = sorted(
        key for key, text in unasked if not any(text in passage for passage in asked_texts)
    )
    for name, model in (("people", Person), ("places", Place), ("events", Event), ("statements", Statement)):
        field_name = {"people": "person", "places": "place", "events": "event", "statements": "statement"}[
            name
        ]
        unasked = model.objects.filter(source=source).exclude(pk__in=asked[field_name] - {None})
        setattr(report, f"unasked_{name}", sorted(unasked.values_list("key", flat=True)))
    return report
