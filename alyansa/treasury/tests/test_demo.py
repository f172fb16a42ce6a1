"""The demo shows every part of the treasury (about 10 s: the whole demo alliance loads)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.assemblies.demo import UPCOMING_SLUG
from alyansa.assemblies.models import Assembly
from alyansa.assemblies.restrictions import restrictions_for
from alyansa.members.models import Organization
from alyansa.portal.demo import demo_load
from alyansa.treasury.models import Entry, EntryKind, FrozenReport, Fund, Receipt
from alyansa.treasury.reporting import report_build
from alyansa.treasury.standing import standing_on
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_five_years_of_dues_standing_at_the_desk_and_a_report() -> None:
    demo_load()
    today = timezone.localdate()
    assessed = Entry.objects.filter(kind=EntryKind.ASSESSMENT)
    assert set(assessed.values_list("dues_year", flat=True)) == set(
        range(today.year - 4, today.year + 1)
    )
    members = Organization.objects.current_members().count()
    assert assessed.filter(dues_year=today.year).count() == members
    assert members > 140
    standings = standing_on(today)
    in_arrears = [s for s in standings.values() if s.years_in_arrears > 2]
    assert len(in_arrears) >= 4
    assert Entry.objects.filter(kind=EntryKind.WAIVER).count() == 1
    assert Entry.objects.filter(kind=EntryKind.REVERSAL).count() == 1
    assert Fund.objects.count() == 2 and Receipt.objects.count() == 1
    assert Entry.objects.pending().count() == 1
    upcoming = Assembly.objects.get(slug=UPCOMING_SLUG)
    assert len(restrictions_for(upcoming)) >= 2
    assert FrozenReport.objects.filter(item__assembly=upcoming).exists()
    report = report_build(today.replace(month=1, day=1), today)
    assert report.funds and report.arrears_by_region
    secretariat = User.objects.get(email__startswith="secretariat@")
    desk = client_for(secretariat).get(
        reverse("assemblies:check_in", kwargs={"slug": UPCOMING_SLUG})
    )
    assert "Organizations that may not vote here" in desk.content.decode()
