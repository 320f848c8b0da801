"""Test data builders: small fact documents and users, made in code (no JSON fixtures)."""

import copy

SMALL_FACTS = {
    "format": 1,
    "source": {"slug": "small-war", "title": "A small war", "description": "Test facts."},
    "sides": [
        {"id": "red", "name": "The Reds", "opposes": ["blue", "green"]},
        {"id": "blue", "name": "The Blues", "opposes": ["green"]},
        {"id": "green", "name": "The Greens"},
    ],
    "sentences": [
        {"id": "s1", "text": "On 20 April 1909 the Reds under Anna Ivanova took Northtown."},
        {"id": "s2", "text": "In May 1910 Boris Petrov led the Blue march on Southtown."},
        {"id": "s3", "text": "In 1911 the Greens under Cyrus Karimi held the Old Fort."},
        {"id": "s4", "text": "Dmitri Orlov, a Red general, burned Easttown on 3 March 1912."},
        {
            "id": "s5",
            "text": "Elena Sokolova signed the treaty at Westtown on 16 July 1913 (or 15 July 1913).",
        },
        {"id": "s6", "text": "Farhad Amini and Golnar Rahimi took part in the councils of 1908."},
    ],
    "people": [
        {
            "id": "anna",
            "name": "Anna Ivanova",
            "aliases": ["Anna Ivanovna", "Анна Иванова"],
            "role": "general",
            "side": "red",
            "description": "Red general who took Northtown",
            "sentence": "s1",
        },
        {
            "id": "boris",
            "name": "Boris Petrov",
            "aliases": [],
            "role": "marshal",
            "side": "blue",
            "description": "Blue marshal who marched south",
            "sentence": "s2",
        },
        {
            "id": "cyrus",
            "name": "Cyrus Karimi",
            "aliases": ["کوروش کریمی"],
            "role": "captain",
            "side": "green",
            "description": "Green captain who held a fort",
            "sentence": "s3",
        },
        {
            "id": "dmitri",
            "name": "Dmitri Orlov",
            "aliases": ["Dimitri Orloff"],
            "role": "general",
            "side": "red",
            "description": "Red general who burned a town",
            "sentence": "s4",
        },
        {
            "id": "elena",
            "name": "Elena Sokolova",
            "aliases": [],
            "role": "envoy",
            "side": "blue",
            "description": "Blue envoy who signed a treaty",
            "sentence": "s5",
        },
        {
            "id": "farhad",
            "name": "Farhad Amini",
            "aliases": [],
            "role": "councillor",
            "side": "green",
            "description": "Green councillor of 1908",
            "sentence": "s6",
        },
        {
            "id": "golnar",
            "name": "Golnar Rahimi",
            "aliases": [],
            "role": "councillor",
            "side": "red",
            "description": "Red councillor of 1908",
            "sentence": "s6",
        },
    ],
    "places": [
        {
            "id": "land",
            "name": "Midland",
            "aliases": [],
            "kind": "country",
            "located_in": None,
            "sentence": "s1",
        },
        {
            "id": "north",
            "name": "Northtown",
            "aliases": ["Nordtown"],
            "kind": "city",
            "located_in": "land",
            "sentence": "s1",
        },
        {
            "id": "south",
            "name": "Southtown",
            "aliases": [],
            "kind": "city",
            "located_in": "land",
            "sentence": "s2",
        },
        {
            "id": "east",
            "name": "Easttown",
            "aliases": [],
            "kind": "city",
            "located_in": "land",
            "sentence": "s4",
        },
        {
            "id": "west",
            "name": "Westtown",
            "aliases": [],
            "kind": "city",
            "located_in": "land",
            "sentence": "s5",
        },
        {
            "id": "fort",
            "name": "Old Fort",
            "aliases": [],
            "kind": "building",
            "located_in": "north",
            "sentence": "s3",
        },
    ],
    "events": [
        {
            "id": "taking",
            "name": "the taking of a northern city",
            "date": "1909-04-20",
            "place": "north",
            "participants": [{"person": "anna", "role": "commander"}],
            "sentence": "s1",
        },
        {
            "id": "march",
            "name": "the Blue march",
            "date": "1910-05",
            "place": "south",
            "participants": [{"person": "boris", "role": "leader"}],
            "sentence": "s2",
        },
        {
            "id": "hold",
            "name": "the defence of the fort",
            "date": "1911",
            "place": "fort",
            "participants": [{"person": "cyrus", "role": "commander"}],
            "sentence": "s3",
        },
        {
            "id": "burning",
            "name": "the burning of an eastern city",
            "date": "1912-03-03",
            "place": "east",
            "participants": [{"person": "dmitri", "role": "leader"}],
            "sentence": "s4",
        },
        {
            "id": "treaty",
            "name": "the peace treaty",
            "date": "1913-07-16",
            "other_dates": ["1913-07-15"],
            "place": "west",
            "participants": [{"person": "elena", "role": "participant"}],
            "sentence": "s5",
        },
        {
            "id": "councils",
            "name": "the councils",
            "date": "1908",
            "place": None,
            "participants": [
                {"person": "farhad", "role": "participant"},
                {"person": "golnar", "role": "participant"},
            ],
            "sentence": "s6",
        },
    ],
}


def fact_document(**changes) -> dict:
    """A fresh copy of the small fact document, with top-level keys replaced."""
    document = copy.deepcopy(SMALL_FACTS)
    document.update(changes)
    return document


# Format 2 adds what the text says about why, how and with what result (statements), and
# how to ask about each event (phrases). Made from the small document.
STATEMENTS = [
    {"id": "taking-aim", "about": {"event": "taking"}, "kind": "aim",
     "question": "What did the Reds want from taking Northtown?", "answer": "a port on the northern coast",
     "sentence": "s1"},
    {"id": "march-aim", "about": {"event": "march"}, "kind": "aim",
     "question": "What did the Blues march south for?", "answer": "to relieve their besieged allies",
     "sentence": "s2"},
    {"id": "hold-aim", "about": {"event": "hold"}, "kind": "aim",
     "question": "Why did the Greens hold the Old Fort?", "answer": "to keep the river crossing open",
     "sentence": "s3"},
    {"id": "burning-aim", "about": {"event": "burning"}, "kind": "aim",
     "question": "What was the burning of Easttown meant to achieve?",
     "answer": "to deny the enemy its grain stores", "sentence": "s4"},
    {"id": "treaty-aim", "about": {"event": "treaty"}, "kind": "aim",
     "question": "What was the treaty signed for?", "answer": "to end the war on the coast",
     "sentence": "s5", "also_right": ["taking-result"]},
    {"id": "taking-result", "about": {"event": "taking"}, "kind": "aim",
     "question": "What else did taking Northtown serve?", "answer": "an end to the war on the coast",
     "sentence": "s1", "also_right": ["treaty-aim"]},
]  # fmt: skip


def fact_document_2(**changes) -> dict:
    """The small document in format 2: with statements, and phrases for one event."""
    document = fact_document(format=2, statements=copy.deepcopy(STATEMENTS))
    taking = next(event for event in document["events"] if event["id"] == "taking")
    taking["phrases"] = {
        "asked": "did the Reds take Northtown",
        "told": "the Reds took Northtown",
        "done": "took Northtown",
    }
    document.update(changes)
    return document


def make_user(username: str, *, role: str = "student", **fields):
    from accounts.models import User

    return User.objects.create_user(
        username, password="correct-horse-battery-9", role=role, is_staff=role == "admin", **fields
    )


def make_listed(user, nickname: str):
    """The user under a nickname, so leaderboards list them (a username is never shown there)."""
    from accounts import services

    return services.update_settings(user=user, changes={"nickname": nickname})


def generated_set(document: dict | None = None):
    """Load the small fact document and generate its published question set."""
    from quizzes.facts.loader import load_fact_source
    from quizzes.generation.sync import generate_questions

    source, _ = load_fact_source(document or fact_document())
    return generate_questions(source=source).question_set


def logged_in_client(user, *, auth: str):
    """A client that logs in as real clients do, so the queries of authentication count too:
    `auth` is "token" (an Authorization header) or "session" (the pages' cookie)."""
    from rest_framework.test import APIClient

    client = APIClient()
    if auth == "token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    else:
        client.force_login(user)
    return client


def token_for(user) -> str:
    """A new API token of the user's, as a login gives one."""
    from accounts.tokens import issue_token

    return issue_token(user=user)[1]


def api_client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


QUESTION_OF_EACH_TYPE = [
    {
        "kind": "date",
        "type": "choice",
        "prompt": "When did the Russian army occupy Tabriz?",
        "answer": "20 April 1909",
        "choices": ["20 April 1909", "24 June 1908", "16 July 1909", "21 November 1911"],
        "explanation": "Snarsky's detachment entered Tabriz on 20 April 1909.",
    },
    {
        "kind": "person",
        "type": "text",
        "prompt": "Who commanded the Persian Cossack Brigade?",
        "answer": "Vladimir Liakhov",
        "accepted_answers": ["Lyakhov", "Ляхов"],
    },
    {"kind": "place", "type": "true_false", "prompt": "Sattar Khan defended Tabriz.", "answer": True},
    {
        "kind": "date",
        "type": "order",
        "prompt": "Put in order.",
        "answer": ["Coup against the Majlis", "Occupation of Tabriz", "Ultimatum"],
        "choices": ["Coup against the Majlis", "Occupation of Tabriz", "Ultimatum"],
    },
]
MATCH_QUESTION = {
    "kind": "other",
    "type": "match",
    "prompt": "Results: match each question with its answer.",
    "items": ["What came of the coup of 1908?", "What came of the ultimatum of 1911?", "What came of 1909?"],
    "answer": ["The Majlis was dispersed", "Russia invaded Iran", "Tabriz was occupied"],
    "choices": ["Russia invaded Iran", "Tabriz was occupied", "The Majlis was dispersed"],
}


def authored_set(*, owner, title: str, is_published: bool):
    from quizzes.services import authoring

    question_set = authoring.create_set(owner=owner, title=title, is_published=is_published)
    for fields in QUESTION_OF_EACH_TYPE:
        authoring.create_question(question_set=question_set, fields=fields)
    return question_set
