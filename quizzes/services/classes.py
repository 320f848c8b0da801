"""Classes: a teacher's classes, their join codes, and who is in them.

A join code is the only key to a class, read aloud in a classroom and typed on a phone:
8 characters from 31 that cannot be mistaken for one another (no 0/O, 1/I/L), about
40 bits, so guessing one is hopeless at the rate joining allows (docs/security.md).
"""

import csv
import io
import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from quizzes.models import Membership, SchoolClass

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
MAX_NAME = 200
MAX_USERNAMES = 500  # added at once, by name or in a roster
MAX_ROSTER_BYTES = 100_000
# Members of one class at most: its pages, its gradebook and its leaderboard stay one page
# each, whatever a roster or a shared code brings (docs/security.md).
MAX_MEMBERS = 500


class ClassFull(Exception):
    """The class has MAX_MEMBERS members already: nobody more joins."""


class ClassError(Exception):
    """A change refused: `errors` maps fields (or a roster's line numbers) to reasons."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class UnknownJoinCode(Exception):
    """No class has this code (or it was rotated): as if the class did not exist."""


class NotAMember(Exception):
    """The user is not in the class."""


def new_join_code() -> str:
    """A fresh code as it is shown and stored: `XXXX-XXXX`."""
    characters = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
    return f"{characters[:4]}-{characters[4:]}"


def normalize_join_code(typed: str) -> str | None:
    """The stored form of a code as someone typed it (any case, with or without the dash or
    spaces), or None when it cannot be a code at all."""
    characters = "".join(character for character in typed.upper() if character not in " -\t")
    if len(characters) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in characters):
        return None
    return f"{characters[:4]}-{characters[4:]}"


def class_for_code(typed: str) -> SchoolClass:
    """The class a typed code opens (with its teacher), else UnknownJoinCode."""
    join_code = normalize_join_code(typed)
    if join_code is None:
        raise UnknownJoinCode
    try:
        return SchoolClass.objects.select_related("teacher").get(join_code=join_code)
    except SchoolClass.DoesNotExist:
        raise UnknownJoinCode from None


def name_errors(name) -> dict[str, list[str]]:
    if not isinstance(name, str) or not name.strip():
        return {"name": ["A class needs a name."]}
    if len(name.strip()) > MAX_NAME:
        return {"name": [f"at most {MAX_NAME} characters."]}
    return {}


def save_with_a_new_code(school_class: SchoolClass, **save_options) -> None:
    """Save under a fresh code; a clash with another class's code (once in about 10^11)
    draws again."""
    for _ in range(5):
        school_class.join_code = new_join_code()
        try:
            with transaction.atomic():
                school_class.save(**save_options)
            return
        except IntegrityError:
            continue
    raise IntegrityError("Could not draw an unused join code.")


@transaction.atomic
def create_class(*, teacher, name: str) -> SchoolClass:
    if errors := name_errors(name):
        raise ClassError(errors)
    school_class = SchoolClass(teacher=teacher, name=name.strip())
    save_with_a_new_code(school_class)
    return school_class


@transaction.atomic
def rename_class(*, school_class: SchoolClass, name: str) -> SchoolClass:
    if errors := name_errors(name):
        raise ClassError(errors)
    school_class.name = name.strip()
    school_class.save(update_fields=["name"])
    return school_class


@transaction.atomic
def rotate_join_code(*, school_class: SchoolClass) -> SchoolClass:
    """A new code and link; the old ones stop working at once. Members stay."""
    save_with_a_new_code(school_class, update_fields=["join_code"])
    return school_class


@transaction.atomic
def delete_class(*, school_class: SchoolClass) -> None:
    """The class goes with its memberships and assignments; students keep their cards and
    quizzes (a class-only set it alone showed them is hidden again)."""
    school_class.delete()


@transaction.atomic
def join_class(*, user, join_code: str) -> SchoolClass:
    """Join by code. Joining again changes nothing; the class's own teacher is not made a
    member of it (they have it already). Any other user may join, a teacher too."""
    school_class = class_for_code(join_code)
    if school_class.teacher_id == user.pk or school_class.memberships.filter(user=user).exists():
        return school_class
    if school_class.memberships.count() >= MAX_MEMBERS:
        raise ClassFull(f"“{school_class.name}” is full ({MAX_MEMBERS} students): ask your teacher.")
    Membership.objects.get_or_create(school_class=school_class, user=user)
    return school_class


def users_named(usernames: list[str]) -> dict[str, object]:
    """The users with these names, ignoring case, keyed by the lower-cased name."""
    lowered = {username.strip().lower() for username in usernames if username.strip()}
    users = (
        get_user_model()
        .objects.alias(username_lower=Lower("username"))
        .filter(username_lower__in=lowered)
        .only("pk", "username")
    )
    return {user.username.lower(): user for user in users}


def add_users(*, school_class: SchoolClass, users, field: str = "usernames") -> int:
    """Add users (those already in stay as they are); how many were added. None is added
    when that would make the class larger than MAX_MEMBERS (ClassError on `field`)."""
    already = set(school_class.memberships.filter(user__in=users).values_list("user_id", flat=True))
    new = [Membership(school_class=school_class, user=user) for user in users if user.pk not in already]
    if new and school_class.memberships.count() + len(new) > MAX_MEMBERS:
        raise ClassError({field: [f"A class has at most {MAX_MEMBERS} students; nobody was added."]})
    Membership.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def add_members(*, school_class: SchoolClass, usernames: list[str]) -> int:
    """Add users by username (any case); all or nothing: an unknown name adds no one.
    Returns how many joined (those already in are left alone)."""
    names = [username.strip() for username in usernames if username.strip()]
    if not names:
        raise ClassError({"usernames": ["Give at least one username."]})
    if len(names) > MAX_USERNAMES:
        raise ClassError({"usernames": [f"at most {MAX_USERNAMES} usernames at once."]})
    found = users_named(names)
    unknown = [name for name in names if name.lower() not in found]
    if unknown:
        raise ClassError({"usernames": [f"No user is called {', '.join(unknown)}."]})
    users = [user for user in found.values() if user.pk != school_class.teacher_id]
    if not users:
        raise ClassError({"usernames": ["You teach this class: add your students."]})
    return add_users(school_class=school_class, users=users)


def roster_usernames(content: bytes) -> dict[int, str]:
    """The usernames of a roster CSV by line number (the header is line 1), else ClassError."""
    if len(content) > MAX_ROSTER_BYTES:
        raise ClassError({"file": [f"A roster is at most {MAX_ROSTER_BYTES // 1000} KB."]})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ClassError({"file": ["Save the roster as CSV in UTF-8."]}) from None
    if "\x00" in text:
        raise ClassError({"file": ["This is not a CSV file."]})
    reader = csv.reader(io.StringIO(text))
    try:
        header = [column.strip().lower() for column in next(reader, [])]
        if "username" not in header:
            raise ClassError({"file": ["The first line names the columns; one must be `username`."]})
        column = header.index("username")
        usernames: dict[int, str] = {}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(usernames) >= MAX_USERNAMES:
                raise ClassError({"file": [f"A roster lists at most {MAX_USERNAMES} students."]})
            usernames[reader.line_num] = row[column].strip() if column < len(row) else ""
    except csv.Error as problem:
        raise ClassError({"file": [f"Line {reader.line_num}: {problem}"]}) from None
    if not usernames:
        raise ClassError({"file": ["The roster lists no one."]})
    return usernames


@transaction.atomic
def add_roster(*, school_class: SchoolClass, csv_file) -> int:
    """Add the users a roster CSV lists in its `username` column (other columns are
    ignored; no account is created). All or nothing: each line naming no existing user is
    reported by its number. Returns how many joined."""
    usernames = roster_usernames(csv_file.read(MAX_ROSTER_BYTES + 1))
    found = users_named(list(usernames.values()))
    errors = {}
    for line, username in usernames.items():
        if not username:
            errors[line] = ["No username on this line."]
        elif username.lower() not in found:
            errors[line] = [f"No user is called {username}."]
    if errors:
        raise ClassError(errors)
    users = [user for user in found.values() if user.pk != school_class.teacher_id]
    return add_users(school_class=school_class, users=users, field="file")


@transaction.atomic
def remove_member(*, school_class: SchoolClass, user_id: int) -> None:
    """Take a member out (their own cards and quizzes stay theirs); NotAMember otherwise."""
    removed, _ = Membership.objects.filter(school_class=school_class, user_id=user_id).delete()
    if not removed:
        raise NotAMember


@transaction.atomic
def leave_class(*, school_class: SchoolClass, user) -> None:
    remove_member(school_class=school_class, user_id=user.pk)
