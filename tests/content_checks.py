"""Checks that a generated question is right by the facts it came from.

Shared by the tests of the small test document and of the bundled fixture: the keyed
answer must be accepted, no distractor may be, and the answer must agree with the fact.
"""

from quizzes.answers import is_correct, normalize_text, parse_date
from quizzes.dates import PartialDate
from quizzes.generation.factbase import EventDates, mentions, names_of, sentence_case
from quizzes.models import EventParticipant, Person, Place, Question, Statement


def grade(question: Question, given) -> bool:
    return is_correct(
        given,
        question_type=question.type,
        kind=question.kind,
        answer=question.answer,
        accepted_answers=[a.text for a in question.accepted_answers.all()],
    )


def check_answer_and_distractors(question: Question) -> None:
    choices = [c.text for c in question.choices.all()]
    assert grade(question, question.answer), question.generator_key
    if question.type == "choice":
        assert question.answer in choices, question.generator_key
        assert len(choices) == len(set(choices)) >= 3, question.generator_key
        for choice in choices:
            if choice != question.answer:
                assert not grade(question, choice), (question.generator_key, choice)
    elif question.type == "order":
        assert sorted(choices) == sorted(question.answer) and choices != question.answer
        assert not grade(question, choices)
    elif question.type == "true_false":
        assert not grade(question, not question.answer)


def check_answer_agrees_with_facts(question: Question) -> None:
    template, _, _ = question.generator_key.partition(":")
    event, person, place = question.event, question.person, question.place
    if template in ("when", "when-text"):
        assert question.answer == PartialDate.parse(event.date).written()
        assert event.date[:4] in question.source_sentence.text
    elif template in ("where", "where-text"):
        assert question.answer == event.place.name == place.name
    elif template in ("who", "who-text"):
        role = question.generator_key.split(":")[1]
        assert question.answer == person.name
        assert EventParticipant.objects.filter(event=event, person=person, role=role).exists()
    elif template == "who-was":
        assert question.answer == person.description
    elif template in ("described", "described-text"):
        assert question.answer == person.name
    elif template == "side":
        assert question.answer == person.side.name
    elif template in ("first", "order"):
        events = {sentence_case(e.name): e for e in event.source.events.all()}
        names = question.answer if template == "order" else None
        if names is None:
            names = sorted((c.text for c in question.choices.all()), key=lambda n: events[n].date)
            assert question.answer == names[0]
        spans = [EventDates.of(events[name]) for name in names]
        assert all(a.strictly_before(b) for a, b in zip(spans, spans[1:], strict=False)), names
    elif template == "tf-date":
        truth = question.explanation.split(": ", 1)[1]
        assert PartialDate.parse(event.date).written() in truth
        assert question.answer == (question.prompt == f"True or false: {truth}")
    elif template == "tf-place":
        truth = question.explanation.split(": ", 1)[1]
        assert event.place.name in truth
        assert question.answer == (question.prompt == f"True or false: {truth}")
    elif template == "tf-person":
        truth = question.explanation.split(": ", 1)[1]
        assert truth.startswith(person.name)
        assert question.answer == (question.prompt == f"True or false: {truth}")
    elif template == "statement":
        statement = question.statement
        assert (question.prompt, question.answer) == (statement.question, statement.answer)
        assert question.source_sentence_id == statement.sentence_id
        if statement.wrong:  # the teacher's own wrong answers, and only those
            choices = {c.text for c in question.choices.all()}
            assert statement.answer in choices and choices - {statement.answer} <= set(statement.wrong)
    elif template == "tf-statement":
        statement = question.statement
        assert question.prompt in (
            f"True or false: {statement.true_claim}",
            f"True or false: {statement.false_claim}",
        )
        assert question.answer == (question.prompt == f"True or false: {statement.true_claim}")
        assert question.source_sentence_id == statement.sentence_id
    elif template == "match-years":
        events = {sentence_case(e.name): e for e in question.source_sentence.source.events.all()}
        matched = [events[item] for item in question.items]
        assert question.answer == [str(PartialDate.parse(e.date).year) for e in matched]
        assert len(set(question.answer)) == len(matched) and not any(e.other_dates for e in matched)
    elif template == "cloze":
        # The sentence itself, with the answer (as it writes it) blanked wherever it stands.
        blanked = question.prompt.removeprefix("Fill in the blank: “").removesuffix("”")
        assert "_____" in blanked and question.answer in question.source_sentence.text
        assert blanked.replace("_____", question.answer) == question.source_sentence.text
    else:
        raise AssertionError(f"no content check for template {template!r}")


def related_places(place: Place) -> set[int]:
    """The place, what it lies in and what lies in it: all true answers to "where"."""
    related, parent = {place.pk}, place.located_in
    while parent is not None and parent.pk not in related:
        related.add(parent.pk)
        parent = parent.located_in
    frontier = [place.pk]
    while frontier:
        below = list(Place.objects.filter(located_in_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in below if pk not in related]
        related.update(frontier)
    return related


def associated(one: Person, other: Person) -> bool:
    """Whether either's role names the other: "one of Yeprem Khan's best men"."""
    return mentions(one.role, names_of(other)) or mentions(other.role, names_of(one))


def check_distractors_are_wrong_by_facts(question: Question) -> None:
    """Every wrong choice is wrong by the facts themselves, not only by the checker."""
    template, _, _ = question.generator_key.partition(":")
    wrong = [c.text for c in question.choices.all() if c.text != question.answer]
    event, person, place = question.event, question.person, question.place
    if template in ("who", "tf-person"):
        takers = list(event.people.all())
        if template == "tf-person":
            statement = question.prompt.removeprefix("True or false: ")
            people = Person.objects.filter(source=event.source)
            wrong = [p.name for p in people if statement.startswith(p.name + " ") and p.pk != person.pk]
        assert not {p.name for p in takers} & set(wrong), (question.generator_key, wrong)
        named = [name for name in wrong if normalize_text(name) in normalize_text(event.name)]
        assert not named, (question.generator_key, named)
        for other in Person.objects.filter(source=event.source, name__in=wrong):
            # Someone's aide or chief might have done what "his forces" did.
            assert not any(associated(other, taker) for taker in takers), (question.generator_key, other.name)
    elif template == "where":
        related = {p.name for p in Place.objects.filter(pk__in=related_places(place))}
        assert not related & set(wrong), (question.generator_key, related & set(wrong))
    elif template in ("when", "tf-date"):
        dates = EventDates.of(event)
        shown = wrong if template == "when" else []
        if template == "tf-date" and question.answer is False:
            shown = [question.prompt.rsplit(" in ", 1)[-1].rsplit(" on ", 1)[-1].rstrip(".")]
        for text in shown:
            date = parse_date(text)
            assert date is not None, (question.generator_key, text)
            as_fact = PartialDate(date.year, date.month, date.day)
            assert not dates.overlaps(as_fact), (question.generator_key, text)
    elif template == "side":
        opposed = {side.name for side in person.side.opposes.all()}
        assert set(wrong) <= opposed, (question.generator_key, set(wrong) - opposed)
    elif template == "cloze":
        text = question.source_sentence.text
        for choice in wrong:  # nothing the sentence names could fill the blank too
            assert not mentions(text, [choice]), (question.generator_key, choice)
            if person is not None:
                [other] = [p for p in Person.objects.filter(source=person.source) if choice in names_of(p)]
                assert other.pk != person.pk and not mentions(text, names_of(other)), (
                    question.generator_key,
                    choice,
                )
    elif template == "statement":
        statement = question.statement
        same_subject = Statement.objects.filter(event=statement.event_id, person=statement.person_id)
        for text in statement.wrong:  # the teacher's: never what the text says of the same subject
            assert normalize_text(text) not in {normalize_text(s.answer) for s in same_subject}, text
        for text in [] if statement.wrong else wrong:
            [other] = Statement.objects.filter(source=statement.source, kind=statement.kind, answer=text)
            assert (other.event_id, other.person_id) != (statement.event_id, statement.person_id), text
            assert other.key not in statement.also_right and statement.key not in other.also_right, text
    elif template in ("who-was", "described"):
        people = list(Person.objects.filter(source=person.source).exclude(pk=person.pk))
        for text in wrong:
            owners = [p for p in people if (p.description if template == "who-was" else p.name) == text]
            assert owners, (question.generator_key, text)
            for other in owners:  # a description that might fit the person too is never offered
                assert other.description.strip(), question.generator_key
                assert normalize_text(other.description) != normalize_text(person.description)
                assert normalize_text(other.role) != normalize_text(person.role), question.generator_key
        # A title the answer's name and description share ("shah") is shared by every choice.
        name_words = {w for w in normalize_text(person.name).split() if len(w) >= 4}
        for word in name_words & set(normalize_text(person.description).split()):
            if not any(
                word in normalize_text(name).split()
                for p in people
                for name in [p.name]
                if mentions(person.description, [name])
            ):
                for choice in question.choices.all():
                    assert word in normalize_text(choice.text).split(), (
                        question.generator_key,
                        word,
                        choice.text,
                    )


def date_is_written_in(date: PartialDate, text: str) -> bool:
    """Whether `text` states `date` at its precision ("20 April 1909" or "April 20, 1909")."""
    if date.precision == "day":
        day, month, year = date.written().split()
        return f"{day} {month} {year}" in text or f"{month} {day}, {year}" in text
    if date.precision == "month":
        return date.written().split()[0] in text and str(date.year) in text
    return str(date.year) in text


def check_source_sentence_supports_the_answer(question: Question) -> None:
    """The sentence shown after answering ("why") states the answer: it names the person
    asked about or answered, the place, and writes the date (a "who commanded" answered by
    a sentence that never names him teaches nothing and may be wrong)."""
    template, _, _ = question.generator_key.partition(":")
    text = question.source_sentence.text
    event, person, place = question.event, question.person, question.place
    if person is not None:
        assert mentions(text, names_of(person)), (question.generator_key, person.name, text)
    if place is not None:
        assert mentions(text, names_of(place)), (question.generator_key, place.name, text)
    if template in ("when", "when-text", "tf-date", "first", "order"):
        date = PartialDate.parse(event.date)
        assert date_is_written_in(date, text), (question.generator_key, date.written(), text)


def check_question(question: Question) -> None:
    check_answer_and_distractors(question)
    check_answer_agrees_with_facts(question)
    check_distractors_are_wrong_by_facts(question)
    assert question.source_sentence is not None
    check_source_sentence_supports_the_answer(question)


def assert_dates_written(event: dict, sentences: dict[str, str]) -> None:
    """An event's date and range end are written in its sentence (as "20 April 1909" or
    "April 20, 1909", a month with its year, or a year); its other dates somewhere cited."""
    cited = [(sentences[event["sentence"]], value) for value in (event["date"], event.get("date_end"))]
    everywhere = " | ".join(sentences.values())
    cited += [(everywhere, value) for value in event.get("other_dates", [])]
    for sentence, value in cited:
        if not value:
            continue
        date = PartialDate.parse(value)
        if date.precision == "day":
            month = date.written().split()[1]
            assert (
                f"{date.day} {month} {date.year}" in sentence
                or f"{month} {date.day}, {date.year}" in sentence
            )
        elif date.precision == "month":
            assert date.written().split()[0] in sentence and str(date.year) in sentence
        else:
            assert str(date.year) in sentence
