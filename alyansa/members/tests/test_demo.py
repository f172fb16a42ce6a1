"""The demo alliance: about 150 organizations, 20 countries, 7 regions, bodies and officers."""

from __future__ import annotations

import datetime
import random

import pytest

from alyansa.governance import demo as governance_demo
from alyansa.governance.models import Body
from alyansa.governance.selectors import composition
from alyansa.members import demo as members_demo
from alyansa.members.models import Chapter, Organization
from alyansa.members.selectors import member_counts, review_queue

pytestmark = pytest.mark.django_db


def test_the_demo_alliance_has_members_history_bodies_and_officers():
    rng = random.Random(1)
    lines = members_demo.load(rng)
    governance_demo.load(rng)
    assert any("coordinator@" in line for line in lines)
    assert 140 <= Organization.objects.count() <= 160
    counts = member_counts(datetime.date(2024, 1, 1))
    assert len(counts.by_region) == 7 and len(counts.by_country) == 20
    assert member_counts(datetime.date(2019, 1, 1)).total < counts.total
    assert Chapter.objects.filter(kind=Chapter.Kind.REGIONAL).count() == 7
    assert review_queue().count() == 3
    executive = Body.objects.get(kind=Body.Kind.EXECUTIVE)
    officers = composition(executive, datetime.date(2024, 1, 1))
    assert all(line.holders for line in officers)
