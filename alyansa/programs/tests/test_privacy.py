"""An at-risk organization carries targets and reports on calls: the program's public pages,
its report (drafted while it could still be named) and the records behind a figure count it
and never name it: not its name, acronym or address."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from alyansa.assemblies.models import ItemKind
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.campaigns.models import Answer, CallKind
from alyansa.campaigns.services import new_submission_key, report_submit
from alyansa.campaigns.testing import make_call
from alyansa.members.services import organization_update
from alyansa.members.testing import make_organization
from alyansa.programs.models import Owner, Source
from alyansa.programs.services import report_draft, report_present
from alyansa.programs.testing import add_target, adopt, make_program
from conftest import client_for

pytestmark = pytest.mark.django_db

NAME, ACRONYM = "Lihim Workers League", "LWLQZ"


def test_public_outputs_count_an_at_risk_organization_and_never_name_it(  # type: ignore[no-untyped-def]
    secretariat, officer
) -> None:
    secret = make_organization(NAME, acronym=ACRONYM, member_since=datetime.date(2026, 2, 1))
    make_organization("Open Union")
    program = make_program(secretariat=secretariat)
    owned = add_target(
        program,
        secretariat=secretariat,
        text="Organize domestic workers",
        owner=Owner.ORGANIZATIONS,
        owner_organizations=[secret],
        source=Source.CAMPAIGN_REPORTS,
        source_kind=CallKind.EDUCATION,
        goal_value=2,
    )
    admissions = add_target(
        program, secretariat=secretariat, text="New members", source=Source.ADMISSIONS, goal_value=5
    )
    adopt(program, secretariat=secretariat)
    call = make_call(
        secretariat=secretariat,
        officer=officer,
        kind=CallKind.EDUCATION,
        starts_on=datetime.date(2026, 5, 1),
    )
    report_submit(
        answer=Answer.objects.get(call=call, organization=secret),
        acting_user=secretariat,
        key=new_submission_key(),
        summary="A session",
        held_on=call.starts_on,
        city="Jeddah",
        country=secret.country,
        participants_low=12,
        is_public=True,
    )
    # Drafted while the organization could still be named, and typed in by hand too.
    report = report_draft(program=program, acting_user=secretariat)
    item = make_item(make_assembly("Next assembly"), kind=ItemKind.REPORT)
    report_present(report=report, item=item, acting_user=secretariat)
    assert ACRONYM in report.text
    organization_update(organization=secret, changes={"at_risk": True}, acting_user=secretariat)

    urls = [
        reverse("programs:index"),
        reverse("programs:program", args=[program.pk]),
        reverse("programs:target", args=[program.pk, owned.pk]),
        reverse("programs:target", args=[program.pk, admissions.pk]),
        reverse("programs:report", args=[program.pk, report.pk]),
    ]
    for user in (None, officer):
        client = client_for(user)
        for url in urls:
            page = client.get(url).content.decode()
            for trace in (NAME, ACRONYM, secret.slug):
                assert trace.casefold() not in page.casefold(), (url, trace)
    page = client_for(None).get(urls[2]).content.decode()
    assert "1 organization that cannot be named" in page
    # The secretariat sees it named.
    page = client_for(secretariat).get(urls[4]).content.decode()
    assert ACRONYM in page
