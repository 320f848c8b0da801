"""The Match and Timeline pages: linked from a set made from facts, playable without
JavaScript as plain forms, and never holding an answer before it is given."""

import re

from django.urls import reverse
from practice_helpers import key_of, right_order

from quizzes.models import Card, PracticeRecord
from quizzes.selectors import practice

Mode = practice.Mode


def form_round(page: str) -> tuple[str, list[str], list[str]]:
    """The token, left handles and right choices of a Match page's form."""
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    lefts = re.findall(r'name="left" value="([^"]+)"', page)
    rights = re.findall(r'<option value="([0-9a-f]{16})"', page)
    return token, lefts, rights


def test_a_set_with_facts_links_to_match_and_timeline(student, question_set):
    page = student.get(reverse("set", args=[question_set.pk])).content.decode()

    assert reverse("practice_match", args=[question_set.pk]) in page
    assert reverse("practice_timeline", args=[question_set.pk]) in page
    assert "No points" in page


def test_the_match_page_shows_both_sides_shuffled_apart_with_different_ids(student, question_set):
    page = student.get(reverse("practice_match", args=[question_set.pk]) + "?with=people").content.decode()
    left_tiles = re.findall(r'data-side="left" data-handle="([0-9a-f]+)"', page)
    right_tiles = re.findall(r'data-side="right" data-handle="([0-9a-f]+)"', page)

    assert len(left_tiles) == len(right_tiles) >= practice.MIN_MATCH_PAIRS
    assert not set(left_tiles) & set(right_tiles)
    assert "No points here" in page


def test_match_without_javascript_all_right_finishes_the_round(student, alice, question_set):
    page = student.get(reverse("practice_match", args=[question_set.pk]) + "?with=people").content.decode()
    token, lefts, _ = form_round(page)
    issued = practice.round_again(user=alice, question_set=question_set, mode=Mode.MATCH_PEOPLE, token=token)
    key = key_of(alice, question_set, issued)

    response = student.post(
        reverse("practice_match", args=[question_set.pk]),
        {"token": token, "with": "people", "left": lefts, "right": [key[left] for left in lefts]},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert f"All {len(lefts)} pairs right" in text and "Play again" in text
    assert PracticeRecord.objects.get(user=alice).rounds == 1


def test_match_without_javascript_with_misses_shows_the_pairs_and_feeds_the_cards(
    student, alice, question_set
):
    page = student.get(reverse("practice_match", args=[question_set.pk]) + "?with=dates").content.decode()
    token, lefts, _ = form_round(page)
    issued = practice.round_again(user=alice, question_set=question_set, mode=Mode.MATCH_DATES, token=token)
    key = key_of(alice, question_set, issued)
    picks = [key[left] for left in lefts]
    picks[0], picks[1] = picks[1], picks[0]

    response = student.post(
        reverse("practice_match", args=[question_set.pk]),
        {"token": token, "with": "dates", "left": lefts, "right": picks},
    )

    text = response.content.decode()
    assert f"{len(lefts) - 2} of {len(lefts)} pairs right" in text
    for item in issued.right:
        assert item.text in text  # the pairs, now that all are answered
    assert Card.objects.filter(user=alice).exists()


def test_match_without_javascript_refuses_a_choice_used_twice_and_keeps_the_picks(student, question_set):
    page = student.get(reverse("practice_match", args=[question_set.pk]) + "?with=people").content.decode()
    token, lefts, rights = form_round(page)
    picks = [rights[0]] * len(lefts)

    response = student.post(
        reverse("practice_match", args=[question_set.pk]),
        {"token": token, "with": "people", "left": lefts, "right": picks},
    )

    assert response.status_code == 400
    assert "each once" in response.content.decode()
    assert f'<option value="{rights[0]}" selected>' in response.content.decode()
    assert form_round(response.content.decode())[0] == token
    assert not Card.objects.exists()


def test_timeline_without_javascript_shows_the_right_order_with_dates_and_sources(
    student, alice, question_set
):
    page = student.get(reverse("practice_timeline", args=[question_set.pk])).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    issued = practice.round_again(user=alice, question_set=question_set, mode=Mode.TIMELINE, token=token)
    order = list(reversed(right_order(alice, question_set, issued)))

    response = student.post(
        reverse("practice_timeline", args=[question_set.pk]),
        {"token": token, "item": order, "position": range(1, len(order) + 1)},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert f"1 of {len(order)} in order" in text
    read = practice.read_round(user=alice, question_set=question_set, mode=Mode.TIMELINE, token=token)
    events = [read.left[handle] for handle in right_order(alice, question_set, issued)]
    positions = [text.index(event.name) for event in events]
    assert positions == sorted(positions)
    for event in events:
        assert practice.event_date(event).written() in text
        assert event.sentence.text in text
    assert PracticeRecord.objects.get(user=alice, mode=Mode.TIMELINE).rounds == 1


def test_a_timeline_with_two_events_in_one_place_is_shown_again_with_the_places_kept(student, question_set):
    page = student.get(reverse("practice_timeline", args=[question_set.pk])).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    handles = re.findall(r'name="item" value="([^"]+)"', page)
    places = [1, 1] + list(range(3, len(handles) + 1))

    response = student.post(
        reverse("practice_timeline", args=[question_set.pk]),
        {"token": token, "item": handles, "position": places},
    )

    text = response.content.decode()
    assert response.status_code == 400 and "its own place" in text
    assert re.findall(r'name="item" value="([^"]+)"', text) == handles
    assert text.count('<option value="1" selected>') == 2


def test_all_done_offers_match_and_timeline_for_a_set_made_from_facts(student, alice, question_set):
    alice.new_cards_per_day = 0
    alice.save(update_fields=["new_cards_per_day"])

    done = student.get(f"/sets/{question_set.pk}/study/").content.decode()

    assert "All done for now" in done
    assert f'href="/sets/{question_set.pk}/match/">Play Match</a>' in done
    assert f'href="/sets/{question_set.pk}/timeline/">Timeline</a>' in done
