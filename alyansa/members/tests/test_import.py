"""Importing an existing member list: a dry run names every bad row and field first."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alyansa.members.exporting import export_csv
from alyansa.members.importing import check_rows, read_rows
from alyansa.members.models import MembershipStatus, Organization
from alyansa.members.selectors import member_counts
from alyansa.members.services import organizations_import
from alyansa.members.testing import make_country, make_organization, make_sector
from conftest import client_for

pytestmark = pytest.mark.django_db

GOOD = (
    "name,acronym,country,city,sectors,nationalities,category,status,since,decided_by\n"
    "Kasapi Hong Kong,KHK,PH,Hong Kong,domestic-workers,PH;ID,full,admitted,2019-06-01,GA 2019\n"
    "Support Center,,PH,Manila,,,associate,admitted,2021-05-01,GA 2021\n"
)
BAD = (
    "name,country,email,since,status\n"
    ",PH,ok@example.org,2020-01-01,admitted\n"
    "Bad Country,XX,not-an-email,2020-13-01,admitted\n"
    "Good One,PH,,2020-01-01,expelled\n"
)


@pytest.fixture(autouse=True)
def _reference(db):  # type: ignore[no-untyped-def]
    make_country("PH")
    make_country("ID")
    make_sector()


def _upload(text: str, name: str = "members.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def test_a_dry_run_names_each_bad_row_and_field_and_writes_nothing(secretariat):
    response = client_for(secretariat).post(
        reverse("members:import"), {"file": _upload(BAD), "dry_run": "on"}
    )
    bad = {row.line: dict(row.errors) for row in response.context["bad"]}
    assert set(bad) == {2, 3}
    assert "name" in bad[2]
    assert {"country", "email", "since"} <= set(bad[3])
    assert Organization.objects.count() == 0


def test_nothing_is_written_while_any_row_is_bad_even_without_dry_run(secretariat):
    client_for(secretariat).post(reverse("members:import"), {"file": _upload(BAD)})
    assert Organization.objects.count() == 0


def test_a_clean_file_is_imported_with_its_history(secretariat):
    response = client_for(secretariat).post(reverse("members:import"), {"file": _upload(GOOD)})
    assert response.status_code == 302
    kasapi = Organization.objects.get(acronym="KHK")
    assert kasapi.membership.status == MembershipStatus.ADMITTED
    assert set(kasapi.nationalities.values_list("code", flat=True)) == {"PH", "ID"}
    assert kasapi.membership.events.get().decided_by_name == "GA 2019"
    assert member_counts(__import__("datetime").date(2020, 1, 1)).total == 1


def test_xlsx_is_read_like_csv():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    rows = [line.split(",") for line in GOOD.strip().split("\n")]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    results = check_rows(read_rows(buffer, "members.xlsx"))
    assert [r.ok for r in results] == [True, True]


def test_an_unknown_column_is_refused_before_any_row_is_read():
    from alyansa.members.importing import ImportFileError

    with pytest.raises(ImportFileError):
        read_rows(io.BytesIO(b"name,country,passport\nA,PH,123\n"), "x.csv")


def test_the_export_reimports_and_defuses_formulas():
    make_organization("=HYPERLINK(evil)")
    text = export_csv()
    assert "'=HYPERLINK" in text
    Organization.objects.all().delete()
    results = check_rows(read_rows(io.BytesIO(text.encode()), "export.csv"))
    assert all(r.ok for r in results), [r.errors for r in results]
    organizations_import(rows=results, acting_user=None)
    assert Organization.objects.count() == 1


def test_the_api_dry_run_reports_bad_rows(secretariat):
    from alyansa.accounts.services import token_create

    _token, secret = token_create(user=secretariat, name="t")
    response = client_for(None).post(
        "/api/v1/members/import?dry_run=true",
        {"file": _upload(BAD)},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    body = response.json()
    assert body["written"] == 0 and [r["line"] for r in body["bad_rows"]] == [2, 3]
