"""The stage-by-stage count is said in the reader's language: votecount returns data, the app
says it through the catalogues; names are isolated (<bdi>) so that right-to-left text does not
scramble them; a three-way tie says how it was broken, never just "the fewest votes"."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext, override

from alyansa.voting.counting import CountRules, count_poll, stage_table, tie_in_words

pytestmark = pytest.mark.django_db


def three_way_tie() -> dict:  # type: ignore[type-arg]
    rules = CountRules(
        kind="ranked",
        method="irv",
        labels=("Ana", "Ben", "Cy"),
        seats=1,
        alternates=0,
        threshold="majority-excluding-abstentions",
        quorum_required=0,
        quorum_basis="present-voting-delegates",
        present=3,
        electorate_weight=3,
        seed=11,
    )
    result, _html = count_poll(rules, [("1", 1), ("2", 1), ("3", 1)])
    return result


def test_a_three_way_tie_says_how_it_was_broken() -> None:
    result = three_way_tie()
    table = str(stage_table(result))

    assert "were tied for the fewest votes" in table
    assert "was chosen by lot (seed 11)" in table
    assert "tied for the fewest votes, chosen by lot" in table
    assert "excluded (had the fewest votes)" not in table
    assert "<bdi>Ana</bdi>" in table


def test_the_count_is_said_in_the_readers_language() -> None:
    result = three_way_tie()
    with override("en"):
        english = str(stage_table(result))
    with override("ar"):
        arabic = str(stage_table(result))
        caption, first = gettext("The count, stage by stage"), gettext("first preferences")

    assert "Stage 1: first preferences" in english
    assert caption != "The count, stage by stage"  # the Arabic catalogue has it already
    assert caption in arabic and first in arabic and "The count, stage by stage" not in arabic
    assert "<bdi>Ana</bdi>" in arabic


def test_a_name_with_markup_is_escaped_and_isolated() -> None:
    tie = {
        "tied": ["<b>Ana</b>", "Ben"],
        "what": "exclusion",
        "chosen": "<b>Ana</b>",
        "how": "earlier stage",
        "stage": 2,
        "lowest": True,
        "seed": None,
    }
    words = str(tie_in_words(tie))

    assert "<b>" not in words and "<bdi>&lt;b&gt;Ana&lt;/b&gt;</bdi>" in words
    assert "had the fewest votes at stage 2" in words
