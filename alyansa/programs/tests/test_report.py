"""The chairperson's report: drafted from the records, edited, put to a report item of the
next assembly, frozen with that item's decision; HTML and PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.services import item_decide
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.services import figure_record, report_draft, report_edit, report_present
from alyansa.programs.testing import add_target, adopt, make_program
from conftest import client_for

pytestmark = pytest.mark.django_db


def _adopted(secretariat):  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    target = add_target(program, secretariat=secretariat, indicator="Sessions held", goal_value=40)
    adopt(program, secretariat=secretariat)
    figure_record(target=target, value=12, note="Regional reports", acting_user=secretariat)
    return program


def test_the_draft_says_per_area_what_was_planned_and_done(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = _adopted(secretariat)
    report = report_draft(program=program, acting_user=secretariat)
    area = report.content["areas"][0]
    assert area["title"] == "Education and information"
    assert area["targets"][0]["value"] == 12 and area["targets"][0]["goal"] == 40
    assert area["planned"] == 1 and area["done"] == 0
    assert set(report.content["membership"]) == {"at_start", "admitted", "ended", "at_end"}
    assert "| Education sessions held | The alliance | 12 / 40 | Under way |" in report.text


def test_the_report_is_frozen_with_the_next_assemblys_decision(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = _adopted(secretariat)
    report = report_draft(program=program, acting_user=secretariat)
    with pytest.raises(
        ProgramRuleError, match="goes to the assembly after the one that adopted it"
    ):  # not to the assembly that adopted the program
        report_present(
            report=report,
            item=make_item(program.assembly, kind=ItemKind.REPORT),
            acting_user=secretariat,
        )
    item = make_item(make_assembly(), kind=ItemKind.REPORT, title="Report of the chairperson")
    with pytest.raises(
        ProgramRuleError, match="goes to a report item of the agenda"
    ):  # a motion is not a report item
        report_present(
            report=report,
            item=make_item(item.assembly, kind=ItemKind.MOTION),
            acting_user=secretariat,
        )
    report_present(report=report, item=item, acting_user=secretariat)
    report_edit(report=report, text="# Report\n\nWe did much.", acting_user=secretariat)
    item_decide(
        item=item,
        outcome=Outcome.APPROVED_WITH_ADDITIONS,
        additions="Thanks to the regions.",
        acting_user=secretariat,
    )
    report.refresh_from_db()
    assert report.is_frozen and report.outcome == Outcome.APPROVED_WITH_ADDITIONS
    assert report.additions == "Thanks to the regions." and len(report.digest) == 64
    with pytest.raises(ProgramRuleError, match="The assembly has decided on this report"):
        report_edit(report=report, text="Rewritten", acting_user=secretariat)
    client = client_for(None)
    page = client.get(reverse("programs:report", args=[program.pk, report.pk]))
    assert (
        "We did much." in page.content.decode()
        and "Thanks to the regions." in page.content.decode()
    )
    pdf = client.get(reverse("programs:report_pdf", args=[program.pk, report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_refused_edit_is_a_form_error_not_a_crash(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = _adopted(secretariat)
    report = report_draft(program=program, acting_user=secretariat)
    client = client_for(secretariat)
    url = reverse("programs:report_present", args=[program.pk, report.pk])
    other = make_item(program.assembly, kind=ItemKind.REPORT)
    response = client.post(url, {"item": other.pk})
    assert response.status_code == 400
    assert "assembly after the one that adopted it" in response.content.decode()


def test_the_cached_dashboard_shows_a_new_figure_at_once(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = _adopted(secretariat)
    url = reverse("programs:program", args=[program.pk])
    client = client_for(None)
    assert "12 / 40" in client.get(url).content.decode()
    target = program.areas.first().goals.first().targets.get()  # type: ignore[union-attr]
    figure_record(target=target, value=30, note="Later reports", acting_user=secretariat)
    assert "30 / 40" in client.get(url).content.decode()
