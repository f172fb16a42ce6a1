"""What the public board shows of ranked ballots: the chair's choice per poll (issue 11: a
coercer dictates a rare ranking and finds it again among the published ballots)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.voting.counting import count_poll, count_rules
from alyansa.voting.selectors import board_of
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll, vote
from conftest import client_for

pytestmark = pytest.mark.django_db

# Ana leads; Cy is excluded first, then Dee; Ben and Ana remain. Every ballot ranks all four.
RANKINGS = [
    ("1", "3", "4", "2"),
    ("1", "4", "3", "2"),
    ("1", "2", "3", "4"),
    ("2", "1", "4", "3"),
    ("2", "3", "1", "4"),
    ("3", "2", "4", "1"),
    ("4", "2", "1", "3"),
    ("4", "1", "2", "3"),
    ("1", "2", "4", "3"),
]


def _closed(board_shows: str | None = None, **rules: object):  # type: ignore[no-untyped-def]
    assembly, delegates = make_hall(len(RANKINGS))
    if board_shows:
        rules["board_shows"] = board_shows
    poll = make_open_poll(
        assembly, kind="ranked", options=("Ana", "Ben", "Cy", "Dee"), **{"method": "irv", **rules}
    )
    for delegate, ranking in zip(delegates, RANKINGS, strict=True):
        vote(poll, delegate, *ranking)
    return poll_close(poll=poll, acting_user=None)


def _recount(poll, ballots):  # type: ignore[no-untyped-def]
    rules = replace(count_rules(poll), quorum_required=0, present=0, title="")
    return count_poll(rules, ballots)[0]


def test_by_default_a_ranked_board_shows_the_stages_and_the_runners_have_every_ballot() -> None:
    poll = _closed()
    board = board_of(poll)
    assert board.shows == "stages" and board.ballots == []
    public = client_for(None)
    page = public.get(reverse("voting:board", args=[poll.pk])).content.decode()
    assert "not published" in page and "4&gt;2&gt;1&gt;3" not in page
    assert public.get(reverse("voting:ballots_file", args=[poll.pk, "blt"])).status_code == 404
    chair = client_for(make_user("Cho Chair", role=Role.OFFICER))
    full = chair.get(reverse("voting:ballots_file_full", args=[poll.pk, "blt"]))
    assert full.status_code == 200
    assert "1 4 2 1 3 0" in full.content.decode()  # weight 1, then the ranking, then 0
    stranger = client_for(make_user("Pat Plain"))
    assert stranger.get(reverse("voting:ballots_file_full", args=[poll.pk, "csv"])).status_code in {
        403,
        404,
    }


def test_counted_ballots_are_cut_after_the_last_preference_used_and_recount_the_same() -> None:
    poll = _closed("counted")
    board = board_of(poll)
    assert board.shows == "counted"
    full = sorted(">".join(ranking) for ranking in RANKINGS)
    shown = sorted(content for content, _weight in board.ballots)
    assert shown != full
    # Each shown ballot is the start of a real one, and some were cut.
    assert all(any(f.startswith(s) for f in full) for s in shown)
    assert sum(len(s) for s in shown) < sum(len(f) for f in full)
    recount = _recount(poll, board.ballots)
    assert recount["elected"] == poll.result["elected"]
    assert recount["stages"] == poll.result["stages"]


def test_every_ballot_is_shown_when_the_chair_chooses_so_and_schulze_is_never_cut() -> None:
    everything = board_of(_closed("ballots"))
    assert sorted(content for content, _w in everything.ballots) == sorted(
        ">".join(ranking) for ranking in RANKINGS
    )
    schulze = board_of(_closed("counted", method="schulze"))
    assert schulze.shows == "stages" and schulze.ballots == []
