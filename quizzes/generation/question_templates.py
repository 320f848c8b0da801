"""The question templates: what a history teacher would ask about each fact.

Each template returns drafts (unsaved questions) keyed by a stable `key`, so that
re-generating finds and updates the same question instead of making a new one.
A template skips a fact rather than ask a question that gives its answer away or
that has more than one right answer.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from quizzes.answers import normalize_text
from quizzes.dates import PartialDate
from quizzes.generation.distractors import near_dates, similar_people, similar_places, years_away
from quizzes.generation.factbase import FactBase, mentions, names_of, seeded_random, sentence_case
from quizzes.models import Event, Person, Place, Sentence, Statement

MIN_CHOICES = 4
PLACE_QUESTION = {
    "city": "In which city",
    "town": "In which town",
    "village": "In which village",
    "region": "In which region",
    "country": "In which country",
    "building": "In which building",
    "neighbourhood": "In which neighbourhood",
    "sea": "On which sea",
}
# The roles asked "who did it": the ones that did it rather than took part.
LEADING_ROLES = ("leader", "commander")
ORDER_GROUP_SIZE = 4
MATCH_SIZE = 4
# No answer but true/false keys more than 3% of a source's questions: one keyed more often
# is guessed, not known ("Yeprem Khan" for any question about a battle).
MOST_QUESTIONS_PER_ANSWER = 0.03
FEWEST_QUESTIONS_PER_ANSWER = 4  # in a small source, 3% would leave a person one question
STATEMENT_CLAIM_SHARE = 0.25


@dataclass
class QuestionDraft:
    key: str
    kind: str
    type: str
    prompt: str
    answer: object
    sentence: Sentence
    choices: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    accepted_answers: list[str] = field(default_factory=list)
    explanation: str = ""
    event: Event | None = None
    person: Person | None = None
    place: Place | None = None
    statement: Statement | None = None


def place_label(place: Place) -> str:
    """A place as it reads inside a sentence: buildings, seas and empires take "the";
    a neighbourhood says what it is ("the Arg neighbourhood")."""
    if place.kind == "neighbourhood" and "neighbo" not in place.name.lower():
        return f"the {place.name} neighbourhood"
    takes_article = place.kind in ("building", "sea") or place.name.endswith((" Empire", " Kingdom"))
    if takes_article and not place.name.lower().startswith("the "):
        return f"the {place.name}"
    return place.name


def place_answers(place: Place) -> list[str]:
    """Accepted spellings of a place: its aliases, and its name with "the" where it takes one."""
    label = place_label(place)
    return list(place.aliases) + ([label] if label != place.name else [])


def shuffled_choices(answer: str, wrong: list[str], *, key: str) -> list[str]:
    choices = [answer, *wrong]
    seeded_random(key, "choices").shuffle(choices)
    return choices


def when_phrase(date: PartialDate) -> str:
    return {
        "day": "On what date",
        "month": "In which month and year",
        "year": "In which year",
    }[date.precision]


CLOZE_MAX_LENGTH = 340
BLANK = "_____"
# A sentence that opens with its own date or setting stands on its own ("On 21 November
# 1911, …", "During the one-year Siege of Tabriz, …"): the opening phrase, up to its comma.
SETTING_OPENING = re.compile(r"(In|On|By|From|Until|Between|During|After|Before|At)\b([^,.;]{0,60}),")
YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b(?![,.]\d)")  # a year from 1000 to 2099


def written_form(text: str, names: list[str]) -> str | None:
    """The form in which `text` writes one of `names` (the longest that appears), or None."""
    found = [name for name in names if name and re.search(rf"\b{re.escape(name)}\b", text)]
    return max(found, key=len) if found else None


def lowercase_first(name: str) -> str:
    """A sentence-cased name inside a sentence: "The Triumph of Tehran" -> "the Triumph of Tehran"."""
    return name[0].lower() + name[1:] if name.startswith(("The ", "A ", "An ")) else name


def shares_a_word(name: str, text: str, *, shortest: int = 5) -> bool:
    """Whether `text` says a word of `name` (of five letters or more: "Russian" in "Russian
    general" for "the Russian Empire")."""
    words = {word for word in normalize_text(name).split() if len(word) >= shortest}
    return bool(words & set(normalize_text(text).split()))


def alike(answer: str, candidates: list[str], *, count: int) -> list[str]:
    """The candidates that read most like `answer`: those that start the same way ("By …",
    "To …", "They …"), then the nearest in length; never fewer than `count` (or all there
    are). A wrong answer of another grammatical shape would give itself away."""
    opening = normalize_text(answer).split(" ")[0]
    same_shape = sorted(c for c in candidates if normalize_text(c).split(" ")[0] == opening)
    if len(same_shape) >= count:
        return same_shape
    by_likeness = sorted(
        candidates, key=lambda c: (normalize_text(c).split(" ")[0] != opening, abs(len(c) - len(answer)), c)
    )
    return by_likeness[: count + 2]


class Phrasing:
    """How to ask about an event: its `phrases` (fact format 2) where the fact file gives
    them ("When was the October Manifesto issued?"), else its name ("When did the Anglo-
    Russian Convention take place?")."""

    def __init__(self, event: Event, *, begins: bool = False):
        self.phrases = event.phrases or {}
        self.name = event.name
        self.begins = begins

    def asked(self) -> str:
        """After "When", "Where", "In which year"."""
        return self.phrases.get("asked") or f"did {self.name} {'begin' if self.begins else 'take place'}"

    def told(self) -> str:
        """A sentence's start, before "in 1909." or "in Tabriz."."""
        return sentence_case(
            self.phrases.get("told") or f"{self.name} {'began' if self.begins else 'took place'}"
        )

    def done(self, role: str) -> str | None:
        """What its leader or commander did, after "Who" (or a person's name)."""
        if done := self.phrases.get("done"):
            return done
        return {"leader": f"led {self.name}", "commander": f"commanded {self.name}"}.get(role)


def on_date(date: PartialDate) -> str:
    return f"on {date.written()}" if date.precision == "day" else f"in {date.written()}"


def answer_limit(questions: int) -> int:
    return max(FEWEST_QUESTIONS_PER_ANSWER, int(MOST_QUESTIONS_PER_ANSWER * questions))


def without_overused_answers(drafts: list[QuestionDraft]) -> list[QuestionDraft]:
    """Drop the typed twins (a prompt also asked with choices) of an answer keyed by more than
    MOST_QUESTIONS_PER_ANSWER of the questions first, then as many of its other questions as
    it takes (by key, so the same ones every run)."""

    def keyed(draft: QuestionDraft) -> str | None:
        return None if draft.type == "true_false" else normalize_text(str(draft.answer))

    counts = Counter(keyed(d) for d in drafts)
    choice_prompts = {d.prompt for d in drafts if d.type == "choice"}
    kept = list(drafts)
    for answer, count in counts.most_common():
        if answer is None:
            continue
        if count <= answer_limit(len(kept)):
            break
        twins = sorted(
            (d for d in kept if keyed(d) == answer),
            key=lambda d: (not (d.type == "text" and d.prompt in choice_prompts), d.key),
            reverse=True,
        )
        while count > answer_limit(len(kept)) and twins:
            kept.remove(twins.pop())
            count -= 1
    return kept


class QuestionTemplates:
    def __init__(self, facts: FactBase):
        self.facts = facts
        self.chronology_groups: list[set[int]] = []  # the events each chronology question groups

    def all_drafts(self) -> list[QuestionDraft]:
        drafts: list[QuestionDraft] = []
        for event in self.facts.events:
            drafts += self.event_date(event)
            drafts += self.event_place(event)
            drafts += self.event_people(event)
            drafts += self.event_true_false(event)
        for person in self.facts.people:
            drafts += self.person_identity(person)
        for statement in self.facts.statements:
            # One question per statement: the same fact asked twice gives one answer away by
            # the other; a quarter of those the teacher wrote claims for as true or false.
            as_claim = seeded_random(statement.key, "claim").random() < STATEMENT_CLAIM_SHARE
            drafts += (as_claim and self.statement_true_false(statement)) or self.statement_choice(statement)
        chronology = self.chronology()
        drafts += chronology + self.year_matches()
        keyed = Counter(normalize_text(str(d.answer)) for d in drafts if d.type != "true_false")
        asked = {d.sentence.pk for d in drafts}
        for sentence in self.facts.sentences:
            if sentence.pk not in asked:  # a cloze card asks what nothing else does
                drafts += self.cloze(sentence, keyed=keyed)
        return without_overused_answers(drafts)

    # Cloze: a sentence of the source with a name, a place or a year left out -----------

    def stands_alone(self, text: str) -> bool:
        """Whether a sentence reads without the one before it: it opens with its date or with
        a name ("Sardar Rafie Yanehsari later…"), not with "He", "The insurgents", "After that"
        or "The Russian government complied", whose blank the student could not place."""
        if setting := SETTING_OPENING.match(text):
            return bool(YEAR.search(setting.group(2))) or mentions(setting.group(2), self.every_name)
        opening = normalize_text(text[:60])
        return any(opening.startswith(key + " ") for key in self.every_name_key)

    @cached_property
    def every_name(self) -> list[str]:
        """Every name and alias of a person or place the source knows."""
        return [n for p in self.facts.people for n in names_of(p)] + [
            n for p in self.facts.places for n in (p.name, *p.aliases)
        ]

    @cached_property
    def every_name_key(self) -> list[str]:
        return [key for key in map(normalize_text, self.every_name) if key]

    def cloze(self, sentence: Sentence, *, keyed: Counter) -> list[QuestionDraft]:
        """Anki's cloze card: the sentence itself states the answer, typed. One per sentence: a
        person, place or year it names (seeded), blanked wherever it is written. Typed, not
        chosen: another city or person offered beside the blank is too often what the text
        says of a neighbouring sentence ("the Russians conquered Mashhad" too). Infobox lines,
        long runs of sentences, sentences that do not stand alone (`stands_alone`) and lists
        of three or more people (trivia) are not asked. Of its candidates, the blank
        least often the answer elsewhere (`keyed`, updated here) is chosen."""
        text = sentence.text
        if text.startswith("- ") or len(text) > CLOZE_MAX_LENGTH or not self.stands_alone(text):
            return []
        named_people = [p for p in self.facts.people if mentions(text, names_of(p))]
        if len(named_people) >= 3:
            return []
        named_places = [p for p in self.facts.places if mentions(text, [p.name, *p.aliases])]
        # A country ("___ and Britain divided Iran") is the article's own subject: trivia to blank.
        blankable_places = [p for p in named_places if p.kind != "country"]
        targets = [
            *(("person", p, written_form(text, names_of(p))) for p in named_people),
            *(("place", p, written_form(text, [p.name, *p.aliases])) for p in blankable_places),
            *(("date", None, year) for year in dict.fromkeys(YEAR.findall(text))),
        ]
        rng = seeded_random(sentence.key, "cloze")
        rng.shuffle(targets)
        # The answer keyed least often elsewhere; one keyed often only if nothing else fits.
        targets.sort(key=lambda target: keyed[normalize_text(str(target[2]))])
        for kind, target, written in targets:
            if written is None:
                continue
            blanked = re.sub(rf"\b{re.escape(written)}\b", BLANK, text)
            names = (
                []
                if target is None
                else names_of(target)
                if kind == "person"
                else [target.name, *target.aliases]
            )
            if mentions(blanked, names):
                continue  # named again another way: the rest of the sentence gives it away
            if kind == "place" and any(
                other.pk != target.pk and mentions(other.name, [written]) for other in named_places
            ):
                continue  # "the Russian Embassy in _____": the rest of a name gives it away
            keyed[normalize_text(written)] += 1
            return [
                QuestionDraft(
                    key=f"cloze:{sentence.key}",
                    kind=kind,
                    type="text",
                    prompt=f"Fill in the blank: “{blanked}”",
                    answer=written,
                    accepted_answers=[name for name in dict.fromkeys(names) if name != written],
                    sentence=sentence,
                    person=target if kind == "person" else None,
                    place=target if kind == "place" else None,
                )
            ]
        return []

    # Why, how, with what result ----------------------------------------------

    def statement_choice(self, statement: Statement) -> list[QuestionDraft]:
        """The teacher's own question about a cause, pretext, aim, demand, method, result or
        significance; the wrong answers are what the text says of the same kind about other
        events and people (never one marked as right too, never one about the same subject,
        which could be true of it as well), unless the teacher wrote the wrong answers."""
        rng = seeded_random(statement.key, "statement")
        if statement.wrong:
            return self.statement_question(statement, rng.sample(statement.wrong, MIN_CHOICES - 1))
        right_too = set(statement.also_right)
        wrong = [
            other.answer
            for other in self.facts.statements
            if other.kind == statement.kind
            and other.pk != statement.pk
            and other.key not in right_too
            and statement.key not in other.also_right
            and (other.event_id, other.person_id) != (statement.event_id, statement.person_id)
            and normalize_text(other.answer) != normalize_text(statement.answer)
        ]
        if len(wrong) < MIN_CHOICES - 1:
            return []
        return self.statement_question(
            statement, rng.sample(alike(statement.answer, wrong, count=MIN_CHOICES - 1), MIN_CHOICES - 1)
        )

    def statement_question(self, statement: Statement, wrong: list[str]) -> list[QuestionDraft]:
        key = f"statement:{statement.key}"
        return [
            QuestionDraft(
                key=key,
                kind="other",
                type="choice",
                prompt=statement.question,
                answer=statement.answer,
                choices=shuffled_choices(statement.answer, wrong, key=key),
                sentence=statement.sentence,
                event=self.facts.event_by_id.get(statement.event_id),
                person=self.facts.person_by_id.get(statement.person_id),
                statement=statement,
            )
        ]

    def statement_true_false(self, statement: Statement) -> list[QuestionDraft]:
        """The teacher's true sentence, or the same with one detail swapped."""
        if not (statement.true_claim and statement.false_claim):
            return []
        return self.true_or_false(
            f"tf-statement:{statement.key}",
            "other",
            statement.true_claim,
            statement.false_claim,
            sentence=statement.sentence,
            event=self.facts.event_by_id.get(statement.event_id),
            person=self.facts.person_by_id.get(statement.person_id),
            statement=statement,
        )

    def year_matches(self) -> list[QuestionDraft]:
        """Quizlet's match: four events with their years, each year a different one, dated one
        way only, with no one in common, no three of one chronology question (that would ask its
        order again). One per source."""
        dated = sorted(
            (
                e
                for e in self.facts.events
                if (dates := self.facts.dates[e.pk]) is not None
                and not dates.begins
                and not dates.others
                and str(dates.date.year) not in e.name
            ),
            key=lambda e: e.key,
        )
        seeded_random("years", "match").shuffle(dated)
        for anchor in dated:
            group = [anchor]
            for candidate in dated:
                if candidate not in group and self.fits_year_match(candidate, group):
                    group.append(candidate)
                if len(group) == MATCH_SIZE:
                    break
            if len(group) == MATCH_SIZE:
                # One per source: a second would repeat the prompt with other answers.
                return [self.year_match(sorted(group, key=lambda e: e.key))]
        return []

    def fits_year_match(self, candidate: Event, group: list[Event]) -> bool:
        year = self.facts.dates[candidate.pk].date.year
        together = {candidate.pk, *(member.pk for member in group)}
        return (
            all(
                year != self.facts.dates[member.pk].date.year
                and not self.facts.participant_ids(candidate) & self.facts.participant_ids(member)
                for member in group
            )
            and together not in self.chronology_groups
        )

    def year_match(self, group: list[Event]) -> QuestionDraft:
        events = [sentence_case(e.name) for e in group]
        years = [str(self.facts.dates[e.pk].date.year) for e in group]
        return QuestionDraft(
            key=f"match-years:{group[0].key}",
            kind="date",
            type="match",
            prompt="Match each event with its year.",
            items=events,
            answer=years,
            choices=years,
            explanation=" ".join(f"{e}: {y}." for e, y in zip(events, years, strict=True)),
            sentence=group[0].sentence,
            event=group[0],
        )

    # Events: when, where, who -------------------------------------------------

    def event_date(self, event: Event) -> list[QuestionDraft]:
        dates = self.facts.dates[event.pk]
        if dates is None or str(dates.date.year) in event.name:
            return []
        phrasing = Phrasing(event, begins=dates.begins)
        prompt = f"{when_phrase(dates.date)} {phrasing.asked()}?"
        answer = dates.date.written()
        others = [other.written() for other in dates.others]
        explanation = f"{phrasing.told()} {on_date(dates.date)}."
        if others:
            explanation += (
                f" The sources differ: the article also gives {', '.join(others)}, and either is accepted."
            )
        after, before = self.neighbouring_dates(event)
        wrong = near_dates(
            dates, rng=seeded_random(event.key, "when"), count=MIN_CHOICES - 1, after=after, before=before
        )
        common = dict(
            kind="date",
            answer=answer,
            accepted_answers=others,
            explanation=explanation,
            sentence=event.sentence,
            event=event,
        )
        return [
            QuestionDraft(
                key=f"when:{event.key}",
                type="choice",
                prompt=prompt,
                choices=shuffled_choices(answer, [d.written() for d in wrong], key=f"when:{event.key}"),
                **common,
            ),
            QuestionDraft(key=f"when-text:{event.key}", type="text", prompt=prompt, **common),
        ]

    def event_place(self, event: Event) -> list[QuestionDraft]:
        place = self.facts.place_of(event)
        phrasing = Phrasing(event)
        if place is None or mentions(f"{event.name} {phrasing.asked()}", [place.name, *place.aliases]):
            return []
        if place.kind == "neighbourhood":
            return []  # which quarter of a city: trivia ("the Arg", "Noghan")
        prompt = f"{PLACE_QUESTION[place.kind]} {phrasing.asked()}?"
        common = dict(
            kind="place",
            answer=place.name,
            explanation=f"{phrasing.told()} in {place_label(place)}.",
            sentence=event.sentence,
            event=event,
            place=place,
        )
        drafts = [
            QuestionDraft(
                key=f"where-text:{event.key}",
                type="text",
                prompt=prompt,
                accepted_answers=place_answers(place),
                **common,
            )
        ]
        elsewhere = self.places_of_the_same_people(event)
        wrong = similar_places(self.facts, place, excluded=elsewhere, rng=seeded_random(event.key, "where"))
        if len(wrong) == MIN_CHOICES - 1:
            drafts.append(
                QuestionDraft(
                    key=f"where:{event.key}",
                    type="choice",
                    prompt=prompt,
                    choices=shuffled_choices(place.name, [p.name for p in wrong], key=f"where:{event.key}"),
                    **common,
                )
            )
        return drafts

    def event_people(self, event: Event) -> list[QuestionDraft]:
        drafts = []
        for row in self.facts.participants[event.pk]:
            if row.role not in LEADING_ROLES:
                continue
            person = self.facts.person_by_id[row.person_id]
            done = Phrasing(event).done(row.role)
            if mentions(f"{event.name} {done}", names_of(person)):
                continue
            others = self.other_leaders(event, row)
            if any(other.role == row.role for other in others):
                continue  # several did it: one prompt would be keyed to several answers
            prompt = f"Who {done}?"
            common = dict(
                kind="person",
                prompt=prompt,
                answer=person.name,
                explanation=f"{person.name} {done}.",
                sentence=event.sentence,
                event=event,
                person=person,
            )
            key = f"who:{row.role}:{event.key}:{person.key}"
            for excluded in self.camp_first(
                person, self.not_wrong_for(event, person) | self.implausible_doers(event)
            ):
                wrong = similar_people(self.facts, person, excluded=excluded, rng=seeded_random(key))
                if len(wrong) == MIN_CHOICES - 1:
                    break
            if len(wrong) == MIN_CHOICES - 1:
                drafts.append(
                    QuestionDraft(
                        key=key,
                        type="choice",
                        choices=shuffled_choices(person.name, [p.name for p in wrong], key=key),
                        **common,
                    )
                )
            if not others:  # typed answers only where nobody else led or commanded it
                drafts.append(
                    QuestionDraft(
                        key=f"who-text:{row.role}:{event.key}",
                        type="text",
                        accepted_answers=list(person.aliases),
                        **common,
                    )
                )
        return drafts

    def other_leaders(self, event: Event, row) -> list:
        """The event's other leaders and commanders, except those its name already names."""
        return [
            other
            for other in self.facts.participants[event.pk]
            if other.pk != row.pk
            and other.role in LEADING_ROLES
            and not mentions(event.name, names_of(self.facts.person_by_id[other.person_id]))
        ]

    def not_wrong_for(self, event: Event, person: Person) -> set[int]:
        """Who must never be a wrong answer about `event`: everyone in it, anyone its name
        names, `person`'s side-mates active in the same city (they might have led it too),
        and the subordinates and superiors of anyone in it (one of Yeprem Khan's men might
        have commanded what "Yeprem Khan's forces" did)."""
        named = {p.pk for p in self.facts.people if mentions(event.name, names_of(p))}
        return (
            self.facts.participant_ids(event)
            | named
            | self.facts.local_allies(event, person)
            | self.facts.associates(event)
        )

    def implausible_doers(self, event: Event) -> set[int]:
        """People no one would take for its leader or commander, so offering them gives the
        answer away: those who never led or commanded anything (a journalist, an envoy), and
        those not active within three years of it (a shah who had died)."""
        dates = self.facts.dates[event.pk]
        return {
            p.pk
            for p in self.facts.people
            if p.pk not in self.facts.leading_ids
            or (dates is not None and not self.facts.active_near(p, dates.date.year))
        }

    def neighbouring_dates(self, event: Event) -> tuple[PartialDate | None, PartialDate | None]:
        """The latest date of what the event's people did before it, and the earliest after."""
        dates, people = self.facts.dates[event.pk], self.facts.participant_ids(event)
        earlier, later = [], []
        for other in self.facts.events:
            other_dates = self.facts.dates[other.pk]
            if other.pk == event.pk or other_dates is None or not people & self.facts.participant_ids(other):
                continue
            if other_dates.strictly_before(dates):
                earlier.append(other_dates.date)
            elif dates.strictly_before(other_dates):
                later.append(other_dates.date)
        return (
            max(earlier, key=lambda d: d.last_day, default=None),
            min(later, key=lambda d: d.first_day, default=None),
        )

    def places_of_the_same_people(self, event: Event) -> set[int]:
        """Where the event's people did other things: "Shoa O-Saltaneh camped in Sari" is
        nearly true if he went on to Sari, so it is never the swapped or the wrong place."""
        people = self.facts.participant_ids(event)
        return {
            other.place_id
            for other in self.facts.events
            if other.pk != event.pk and other.place_id and people & self.facts.participant_ids(other)
        }

    def event_true_false(self, event: Event) -> list[QuestionDraft]:
        """One statement per detail; whether it is true or has the detail swapped is seeded."""
        drafts = []
        dates = self.facts.dates[event.pk]
        # A date the sources give two ways is never asked as true or false.
        if dates is not None and str(dates.date.year) not in event.name and not dates.others:
            told = Phrasing(event, begins=dates.begins).told()
            true_text = f"{told} {on_date(dates.date)}."
            swapped = years_away(dates, rng=seeded_random(event.key, "tf-date"))
            false_text = f"{told} {on_date(swapped[0])}." if swapped else None
            drafts += self.true_or_false(
                f"tf-date:{event.key}", "date", true_text, false_text, sentence=event.sentence, event=event
            )
        place = self.facts.place_of(event)
        if (
            place is not None
            and place.kind != "neighbourhood"
            and not mentions(f"{event.name} {Phrasing(event).told()}", [place.name, *place.aliases])
        ):
            wrong = similar_places(
                self.facts,
                place,
                excluded=self.places_of_the_same_people(event),
                rng=seeded_random(event.key, "tf-place"),
                count=1,
            )
            told = Phrasing(event).told()
            true_text = f"{told} in {place_label(place)}."
            false_text = f"{told} in {place_label(wrong[0])}." if wrong else None
            drafts += self.true_or_false(
                f"tf-place:{event.key}",
                "place",
                true_text,
                false_text,
                sentence=event.sentence,
                event=event,
                place=place,
            )
        for row in self.facts.participants[event.pk]:
            if row.role not in LEADING_ROLES:
                continue
            person = self.facts.person_by_id[row.person_id]
            if mentions(event.name, names_of(person)):
                continue
            key = f"tf-person:{row.role}:{event.key}:{person.key}"
            wrong = similar_people(
                self.facts,
                person,
                excluded=self.not_wrong_for(event, person) | self.implausible_doers(event),
                rng=seeded_random(key),
                count=1,
            )
            done = Phrasing(event).done(row.role)
            true_text = f"{person.name} {done}."
            false_text = f"{wrong[0].name} {done}." if wrong else None
            drafts += self.true_or_false(
                key, "person", true_text, false_text, sentence=event.sentence, event=event, person=person
            )
        return drafts

    def true_or_false(self, key, kind, true_text, false_text, *, sentence, **facts) -> list[QuestionDraft]:
        is_true = false_text is None or seeded_random(key, "truth").random() < 0.5
        return [
            QuestionDraft(
                key=key,
                kind=kind,
                type="true_false",
                prompt=f"True or false: {true_text if is_true else false_text}",
                answer=is_true,
                explanation=("True: " if is_true else "False: ") + true_text,
                sentence=sentence,
                **facts,
            )
        ]

    # People ---------------------------------------------------------------------

    def person_identity(self, person: Person) -> list[QuestionDraft]:
        return self.person_description(person) + self.person_side(person)

    def person_description(self, person: Person) -> list[QuestionDraft]:
        """Who was X (their description among others'), and who is described here.

        A description fits everyone who shares it (the five officials of one army) and may
        fit people of the same role ("an insurgent in Mashhad"), so neither are ever each
        other's wrong answers; a shared description is not asked as a typed answer.
        """
        if not self.facts.is_salient(person):
            return []
        description = normalize_text(person.description)
        alike = {
            p.pk
            for p in self.facts.people
            if normalize_text(p.role) == normalize_text(person.role)
            or normalize_text(p.description) == description
            or not p.description.strip()
            # "one of Yeprem Khan's best men" is about someone else than Yeprem Khan, but
            # offering them side by side invites confusion, so people a description names
            # are never its wrong answers, nor is a description that names the person.
            or mentions(person.description, names_of(p))
            or mentions(p.description, names_of(person))
        }
        # "Who was Ahmad Shah?": if the name and the description share a title ("shah"),
        # every wrong choice must share it too, or the one shah among them is the answer.
        echoed = self.echoed_words(person)
        # "…together with Baqir Khan": the answer Sattar Khan must not be the one Khan offered.
        in_prompt = {w for w in normalize_text(person.name).split() if len(w) >= 4} & set(
            normalize_text(person.description).split()
        )
        unlike = {
            p.pk
            for p in self.facts.people
            # "shah" in both or in neither: a shah's description offered for a non-shah's name
            # is ruled out by the name, and the one shah among others is the answer.
            if echoed != self.echoed_words(p)
            or not in_prompt <= set(normalize_text(p.name).split())
            # A description that names someone ("…together with Baqir Khan") comes in mirror
            # pairs a student rules out together: never a wrong answer.
            or self.names_someone(p)
            # A dead shah's description for a minister of 1911: ruled out by time alone.
            or not self.same_period(person, p)
        }
        # A Russian officer's description for a constitutionalist is ruled out by the name's
        # language alone: the other camp's people only if the person's own are too few.
        for excluded in self.camp_first(person, alike | unlike):
            wrong = similar_people(
                self.facts,
                person,
                excluded=excluded,
                rng=seeded_random(person.key, "who-was"),
                label=lambda p: p.description,
            )
            if len(wrong) == MIN_CHOICES - 1:
                break
        common = dict(kind="person", sentence=person.sentence, person=person)
        explanation = f"{person.name}: {person.role}."
        described = f"Who is described here: “{person.description}”?"
        typed = QuestionDraft(
            key=f"described-text:{person.key}",
            type="text",
            prompt=described,
            answer=person.name,
            accepted_answers=list(person.aliases),
            explanation=explanation,
            **common,
        )
        if len(wrong) < MIN_CHOICES - 1:
            return [typed]  # too few fair wrong answers: asked typed only
        drafts = [
            QuestionDraft(
                key=f"who-was:{person.key}",
                type="choice",
                prompt=f"Who was {person.name}?",
                answer=person.description,
                choices=shuffled_choices(
                    person.description, [p.description for p in wrong], key=f"who-was:{person.key}"
                ),
                explanation=explanation,
                **common,
            ),
            QuestionDraft(
                key=f"described:{person.key}",
                type="choice",
                prompt=described,
                answer=person.name,
                choices=shuffled_choices(person.name, [p.name for p in wrong], key=f"described:{person.key}"),
                explanation=explanation,
                **common,
            ),
        ]
        return [*drafts, typed]

    def camp_first(self, person: Person, excluded: set[int]) -> list[set[int]]:
        """Who to leave out, most to least: everyone outside the person's side, then the sides
        it fought, then only `excluded`. A wrong answer from the other camp is often ruled out by
        its name's language alone (a Russian general beside Persian commanders), so the first
        that leaves enough wrong answers is used."""
        opposed = {side.pk for side in self.facts.opposed_sides.get(person.side_id, [])}
        return [
            excluded | {p.pk for p in self.facts.people if p.side_id != person.side_id},
            excluded | {p.pk for p in self.facts.people if p.side_id in opposed},
            excluded,
        ]

    def same_period(self, person: Person, other: Person) -> bool:
        """Whether two people were active within three years of each other (either undated: yes)."""
        years, others = self.facts.active_years[person.pk], self.facts.active_years[other.pk]
        return not years or not others or any(abs(a - b) <= 3 for a in years for b in others)

    def names_someone(self, person: Person) -> bool:
        return person.pk in self.relational_descriptions

    @cached_property
    def relational_descriptions(self) -> set[int]:
        """People whose description names someone else, found once: asked of every candidate
        wrong answer for every person, it would otherwise cost people³ name matches."""
        return {
            person.pk
            for person in self.facts.people
            if any(p.pk != person.pk and mentions(person.description, names_of(p)) for p in self.facts.people)
        }

    @cached_property
    def echoed(self) -> dict[int, set[str]]:
        return {person.pk: self.words_echoed(person) for person in self.facts.people}

    def echoed_words(self, person: Person) -> set[str]:
        return self.echoed[person.pk]

    def words_echoed(self, person: Person) -> set[str]:
        """Words of the person's name (four letters or more) that their description also says,
        other than in someone else's name: "shah" for Ahmad Shah, "shah whose regent…"."""
        others = {
            word
            for p in self.facts.people
            if p.pk != person.pk and mentions(person.description, names_of(p))
            for name in names_of(p)
            for word in normalize_text(name).split()
        }
        said = set(normalize_text(person.description).split()) - others
        return {word for word in normalize_text(person.name).split() if len(word) >= 4} & said

    def person_side(self, person: Person) -> list[QuestionDraft]:
        """On which side: the wrong choices are only sides that fought the person's side,
        never its allies (the Russians and the shah's loyalists were one camp)."""
        side = person.side
        opposed = self.facts.opposed_sides.get(side.pk, [])
        if (
            len(opposed) < 2
            or mentions(side.name, names_of(person))
            or shares_a_word(person.name, side.name, shortest=4)  # the shah among "loyalists of the shah"
            or not self.facts.is_salient(person)
            # "one of Yeprem Khan's best men": known by whom he served, whose side he shares.
            or self.names_someone(person)
        ):
            return []
        if shares_a_word(side.name, f"{person.role} {person.description}"):
            return []  # "Russian general" answers "the Russian Empire" by itself
        wrong = seeded_random(person.key, "side").sample(opposed, min(MIN_CHOICES - 1, len(opposed)))
        return [
            QuestionDraft(
                key=f"side:{person.key}",
                kind="person",
                type="choice",
                prompt=f"On which side did {person.name} stand?",
                answer=side.name,
                choices=shuffled_choices(side.name, [s.name for s in wrong], key=f"side:{person.key}"),
                explanation=f"{person.name} ({person.role}) stood with: {side.name}.",
                sentence=person.sentence,
                person=person,
            )
        ]

    # Places ---------------------------------------------------------------------

    def chronology(self) -> list[QuestionDraft]:
        """Groups of four events whose dates leave no doubt about their order.

        Roughly every other dated event anchors a group (chosen by a hash of its key,
        so adding an event does not reshuffle the others).
        """
        dated = [e for e in self.facts.events if self.facts.dates[e.pk] is not None]
        drafts = []
        for anchor in dated:
            rng = seeded_random(anchor.key, "order")
            if rng.random() >= 0.5:
                continue
            group = [anchor]
            candidates = sorted((e for e in dated if e.pk != anchor.pk), key=lambda e: e.key)
            rng.shuffle(candidates)
            for candidate in candidates:
                if all(self.clearly_ordered(candidate, member) for member in group):
                    group.append(candidate)
                if len(group) == ORDER_GROUP_SIZE:
                    break
            if len(group) < ORDER_GROUP_SIZE:
                continue
            self.chronology_groups.append({e.pk for e in group})
            in_order = sorted(group, key=lambda e: self.facts.dates[e.pk].date.first_day)
            names = [sentence_case(e.name) for e in in_order]
            timeline = "; ".join(
                f"{sentence_case(e.name)}: {self.facts.dates[e.pk].written()}" for e in in_order
            )
            shown = names[:]
            while shown == names:
                rng.shuffle(shown)
            listed = (
                ", ".join(lowercase_first(name) for name in shown[:-1]) + f" or {lowercase_first(shown[-1])}"
            )
            # One question per group, never both of one group (they ask the same thing).
            if rng.random() < 0.5:
                drafts.append(
                    QuestionDraft(
                        key=f"first:{anchor.key}",
                        kind="date",
                        type="choice",
                        prompt=f"Which came first: {listed}?",
                        answer=names[0],
                        choices=shown,
                        explanation=f"In order: {timeline}.",
                        sentence=in_order[0].sentence,
                        event=in_order[0],
                    )
                )
            else:
                drafts.append(
                    QuestionDraft(
                        key=f"order:{anchor.key}",
                        kind="date",
                        type="order",
                        prompt=f"Put in order, earliest first: {listed.replace(' or ', ' and ')}.",
                        answer=names,
                        choices=shown,
                        explanation=f"In order: {timeline}.",
                        sentence=anchor.sentence,
                        event=anchor,
                    )
                )
        return drafts

    def clearly_ordered(self, first: Event, second: Event) -> bool:
        """Dates that leave no doubt, of events with no one in common: a shah's accession, exile
        and return can be put in order by reasoning alone."""
        a, b = self.facts.dates[first.pk], self.facts.dates[second.pk]
        if self.facts.participant_ids(first) & self.facts.participant_ids(second):
            return False
        return a.strictly_before(b) or b.strictly_before(a)
