"""The demo's past assembly adopted a program with partial, uneven progress, and the upcoming
assembly has the chairperson's report on its agenda (about 10 s: the whole demo loads)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alyansa.assemblies.demo import UPCOMING_SLUG
from alyansa.portal.demo import demo_load
from alyansa.programs.dashboard import dashboard_build
from alyansa.programs.models import ChairReport, Program, TargetState
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_program_shows_uneven_progress_and_its_report_is_on_the_agenda() -> None:
    demo_load()
    program = Program.objects.get()
    assert program.is_adopted and program.versions.count() == 2
    states = {row.figure.state for row in dashboard_build(program, public=False).rows}
    assert states >= {TargetState.UNDER_WAY, TargetState.DROPPED, TargetState.DONE}
    report = ChairReport.objects.get()
    assert report.item is not None and report.item.assembly.slug == UPCOMING_SLUG
    assert report.item.title == "Report of the chairperson"
    client = client_for(None)
    for url in (
        reverse("programs:program", args=[program.pk]),
        reverse("programs:report", args=[program.pk, report.pk]),
    ):
        assert client.get(url).status_code == 200
