"""Usernames nobody can tell apart: "Alice" with a Latin A and "Аlice" with a Cyrillic А.

A username's skeleton is what it looks like: NFKC-normalized (full-width letters become
plain ones), case-folded, and every character that Unicode's confusables list
(confusable_homoglyphs, the Unicode Consortium's data) marks as a look-alike of an ASCII
letter or digit written as that letter. Two usernames with one skeleton cannot both be
registered (a unique column, `User.username_skeleton`). Names in Cyrillic or Persian
script stay as they are, but for the letters that look Latin.
"""

import functools
import json
import unicodedata
from importlib import resources


@functools.cache
def ascii_look_alikes() -> dict[str, str]:
    """Each non-ASCII character that looks like an ASCII letter or digit, and that letter."""
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text())
    look_alikes = {}
    for character, homoglyphs in data.items():
        if character.isascii():
            continue
        for homoglyph in homoglyphs:
            letter = homoglyph["c"]
            if len(letter) == 1 and letter.isascii() and letter.isalnum():
                look_alikes[character] = letter.casefold()
                break
    return look_alikes


def username_skeleton(username: str) -> str:
    """Look-alikes are replaced before case-folding and after: a capital Cyrillic Н looks
    like an H, its small н like no Latin letter."""
    look_alikes = ascii_look_alikes()
    normalized = unicodedata.normalize("NFKC", username)
    folded = "".join(look_alikes.get(character, character) for character in normalized).casefold()
    return "".join(look_alikes.get(character, character) for character in folded)
