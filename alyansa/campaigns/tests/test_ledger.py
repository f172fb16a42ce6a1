"""The response board, the dashboard and the CSV: every organization with its state, counted
by region, chapter and country, in a number of queries that does not grow with the lists."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alyansa.campaigns.ledger import call_ledger, records
from alyansa.campaigns.models import Answer, AnswerState, DeclineReason
from alyansa.campaigns.services import answer_decline, answer_pledge
from alyansa.campaigns.testing import make_call
from alyansa.members.testing import make_chapter, make_country, make_organization, make_region
from conftest import client_for

pytestmark = pytest.mark.django_db


def _alliance(count: int) -> list:  # type: ignore[type-arg]
    asia, europe = make_region("Asia-Pacific"), make_region("Europe")
    ph, gb = make_country("PH", asia), make_country("GB", europe)
    orgs = [make_organization(f"Union {n}", country=ph if n % 2 else gb) for n in range(count)]
    make_chapter("Philippine chapter", organizations=orgs[1::2], country=ph)
    return orgs


def _answer_some(call, secretariat) -> None:  # type: ignore[no-untyped-def]
    for index, answer in enumerate(Answer.objects.filter(call=call).order_by("pk")):
        if index % 3 == 0:
            answer_pledge(answer=answer, acting_user=secretariat, planned_on=None, city="")
        elif index % 3 == 1:
            answer_decline(answer=answer, acting_user=secretariat, reason=DeclineReason.SAFETY)


def _queries(client, url) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_board_counts_every_state_by_region_chapter_and_country(team) -> None:
    secretariat, officer = team
    _alliance(6)
    call = make_call(secretariat=secretariat, officer=officer)
    _answer_some(call, secretariat)
    ledger = call_ledger(call)
    assert ledger.total.counts == {
        AnswerState.PLEDGED: 2,
        AnswerState.DECLINED: 2,
        AnswerState.NO_ANSWER: 2,
    }
    assert ledger.total.rate == 67
    assert ledger.by_chapter["Philippine chapter"].total == 3
    assert sum(t.total for t in ledger.by_region.values()) == 6
    assert "<svg" in ledger.chart()


def test_board_and_dashboard_queries_do_not_grow_with_organizations_or_calls(team) -> None:
    secretariat, officer = team
    client = client_for(secretariat)
    client.get(reverse("campaigns:index"))  # the session's first request checks two-factor
    counts = []
    for size in (3, 12):
        _alliance(size)
        for _ in range(size // 3):
            call = make_call(secretariat=secretariat, officer=officer)
            _answer_some(call, secretariat)
        counts.append(
            (
                _queries(client, reverse("campaigns:board", args=[call.pk])),
                _queries(client, reverse("campaigns:dashboard")),
            )
        )
    assert counts[0] == counts[1]


def test_an_organizations_record_counts_its_last_calls(team) -> None:
    secretariat, officer = team
    [org] = _alliance(1)
    for n in range(12):
        call = make_call(secretariat=secretariat, officer=officer, title=f"Call {n}")
        if n % 2:
            answer_decline(
                answer=Answer.objects.get(call=call),
                acting_user=secretariat,
                reason=DeclineReason.OTHER,
            )
    record = records([org.pk])[org.pk]
    assert (record.answered, record.called) == (5, 10)


def test_the_csv_lists_every_organization_through_the_formula_guard(team) -> None:
    secretariat, officer = team
    make_organization("=HYPERLINK(1)", country=make_country("PH"))
    call = make_call(secretariat=secretariat, officer=officer)
    response = client_for(officer).get(reverse("campaigns:board_csv", args=[call.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][3] == "No answer"
