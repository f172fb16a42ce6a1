"""Importing an existing member list: a dry run names every bad row and field first, says what
each good row would do, and an export imports again."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import tracemalloc

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.audit.models import AuditEvent
from alyansa.members.exporting import EXPORT_COLUMNS, export_csv, export_rows
from alyansa.members.importing import (
    MAX_ROWS,
    ImportFileError,
    RowAction,
    check_rows,
    read_rows,
)
from alyansa.members.models import MembershipEvent, MembershipStatus, Organization
from alyansa.members.selectors import member_counts
from alyansa.members.services import (
    MembershipRuleError,
    application_submit,
    membership_admit,
    membership_category_change,
    membership_record,
    membership_reinstate,
    membership_suspend,
    organizations_import,
)
from alyansa.members.testing import (
    Profile,
    make_country,
    make_language,
    make_organization,
    make_sector,
)
from conftest import client_for

pytestmark = pytest.mark.django_db

D = datetime.date

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


def _check(text: str) -> list:  # type: ignore[type-arg]
    return check_rows(read_rows(io.BytesIO(text.encode()), "members.csv"))


def _preview(client, text: str, **data):  # type: ignore[no-untyped-def]
    """Post a file for a dry run and follow the redirect to its preview."""
    return client.post(
        reverse("members:import"), {"file": _upload(text), "dry_run": "on", **data}, follow=True
    )


# ---------------------------------------------------------------------------------------------
# The preview


def test_a_dry_run_names_each_bad_row_and_field_and_writes_nothing(secretariat):
    response = _preview(client_for(secretariat), BAD)
    bad = {row.line: dict(row.errors) for row in response.context["errors"]}
    assert set(bad) == {2, 3}
    assert "name" in bad[2]
    assert {"country", "email", "since"} <= set(bad[3])
    assert dict(response.context["summary"].counts) == {
        "error": 2,
        "update": 0,
        "create": 1,
        "unchanged": 0,
    }
    assert Organization.objects.count() == 0


def test_nothing_is_written_while_any_row_is_bad_even_without_dry_run(secretariat):
    response = client_for(secretariat).post(
        reverse("members:import"), {"file": _upload(BAD)}, follow=True
    )
    assert Organization.objects.count() == 0
    assert "nothing was written" in response.content.decode()
    assert response.context["summary"].count("error") == 2


def _ten_thousand_rows() -> str:
    """10,000 rows: three bad ones, two that update listed organizations, one unchanged."""
    lines = ["name,country,city,status,since,decided_by"]
    for number in range(10_000):
        lines.append(f"Organization {number:05},PH,Manila,admitted,2020-05-01,GA 2020")
    lines[101] = "Organization 00100,XX,Manila,admitted,2020-05-01,GA 2020"
    lines[5001] = ",PH,Manila,admitted,2020-05-01,GA 2020"
    lines[9999] = "Organization 09998,PH,Manila,admitted,2020-13-01,GA 2020"
    lines[7001] = "Listed One,PH,Cebu,admitted,2020-05-01,GA 2020"
    lines[7002] = "Listed Two,PH,Davao,suspended,2024-01-10,ICB"
    lines[7003] = "Listed Three,PH,Iloilo,admitted,2020-05-01,GA 2020"
    return "\n".join(lines) + "\n"


def test_the_preview_of_ten_thousand_rows_shows_totals_every_error_and_pages_of_good_rows(
    secretariat, django_assert_max_num_queries
):
    for name, city in (("Listed One", "Manila"), ("Listed Two", "Davao"), ("Listed Three", "")):
        make_organization(name, city=city)
    client = client_for(secretariat)
    response = _preview(client, _ten_thousand_rows())
    summary = response.context["summary"]
    assert summary.rows == 10_000
    assert dict(summary.counts) == {"error": 3, "update": 3, "create": 9_994, "unchanged": 0}
    assert summary.errors_by_column == [("country", 1), ("name", 1), ("since", 1)]
    assert [row.line for row in response.context["errors"]] == [102, 5002, 10_000]
    # Updates are shown first: they change what is already in the registry.
    assert response.context["show"] == "update"
    updates = {row.name: row.changes for row in response.context["rows"]}
    assert updates == {
        "Listed One": ("city",),
        "Listed Two": ("status",),
        "Listed Three": ("city",),
    }
    url = response.redirect_chain[-1][0]
    with django_assert_max_num_queries(6):
        page = client.get(url, {"show": "create", "page": 100})
    rows = page.context["rows"]
    assert rows.paginator.count == 9_994 and rows.paginator.num_pages == 100
    assert [row.line for row in rows][-1] == 10_001
    assert len(page.context["rows"].object_list) == 94
    assert "Organization 09997" in page.content.decode()
    assert Organization.objects.count() == 3


def test_the_full_report_lists_every_row_in_the_files_order(secretariat):
    make_organization("Listed One", city="Manila")
    client = client_for(secretariat)
    response = _preview(client, _ten_thousand_rows())
    token = response.context["summary"].token
    report = client.get(reverse("members:import_report", args=[token]))
    assert report["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode())))
    assert lines[0] == ["line", "name", "action", "changes", "errors"]
    assert len(lines) == 10_001
    assert [int(line[0]) for line in lines[1:]] == list(range(2, 10_002))
    assert lines[101][2] == "error" and lines[101][4].startswith("country: ")
    assert lines[7001][1:4] == ["Listed One", "update", "city"]
    assert lines[1][2] == "create"


def test_a_preview_is_seen_only_by_the_secretariat_member_who_made_it(secretariat):
    response = _preview(client_for(secretariat), GOOD)
    url = response.redirect_chain[-1][0]
    colleague = make_user("Sam Secretariat", role=Role.SECRETARIAT)
    other = client_for(colleague).get(url)
    assert other.status_code == 302 and other["Location"] == reverse("members:import")
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=make_organization())
    assert client_for(coordinator).get(url).status_code == 403
    report = reverse("members:import_report", args=[response.context["summary"].token])
    assert client_for(coordinator).get(report).status_code == 403


def test_an_unknown_or_expired_preview_sends_back_to_the_import_page(secretariat):
    response = client_for(secretariat).get(
        reverse("members:import_preview", args=["gone"]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("members:import")
    assert "expired" in response.content.decode()


def test_the_preview_keeps_no_contact_data_from_the_file(secretariat):
    text = (
        "name,country,email,website,since\n"
        "Quiet Org,PH,secret@example.org,quiet.example,2020-01-01\n"
    )
    summary = _preview(client_for(secretariat), text).context["summary"]
    stored = [cache.get(f"members:import-preview:{secretariat.pk}:{summary.token}:create:0")]
    assert "secret@example.org" not in repr(stored) and "quiet.example" not in repr(stored)


# ---------------------------------------------------------------------------------------------
# Writing


def test_a_clean_file_is_imported_with_its_history(secretariat):
    response = client_for(secretariat).post(reverse("members:import"), {"file": _upload(GOOD)})
    assert response.status_code == 302
    kasapi = Organization.objects.get(acronym="KHK")
    assert kasapi.membership.status == MembershipStatus.ADMITTED
    assert set(kasapi.nationalities.values_list("code", flat=True)) == {"PH", "ID"}
    assert kasapi.membership.events.get().decided_by_name == "GA 2019"
    assert member_counts(D(2020, 1, 1)).total == 1
    audit = AuditEvent.objects.get(action="organization.import")
    assert audit.changes["created"] == 2 and audit.changes["updated"] == []


def test_a_listed_name_updates_only_the_columns_the_file_has(secretariat):
    language = make_language("tl")
    org = make_organization(
        "Kasapi Hong Kong", acronym="KHK", city="Kowloon", email="k@example.org"
    )
    org.languages.add(language)
    text = (
        "name,country,city,sectors,since\n"
        "kasapi hong kong,PH,Hong Kong,domestic-workers,2020-05-01\n"
    )
    [row] = _check(text)
    assert row.action == RowAction.UPDATE and row.changes == ["city", "sectors"]
    assert organizations_import(rows=[row], acting_user=secretariat) == 1
    org.refresh_from_db()
    assert (org.name, org.acronym, org.city, org.email) == (
        "Kasapi Hong Kong",
        "KHK",
        "Hong Kong",
        "k@example.org",
    )
    assert list(org.sectors.values_list("slug", flat=True)) == ["domestic-workers"]
    assert list(org.languages.all()) == [language]
    assert org.membership.events.count() == 1
    audit = AuditEvent.objects.get(action="organization.import")
    assert audit.changes["updated"] == [org.pk] and audit.changes["created"] == 0


def test_a_new_status_on_a_later_date_is_the_next_step_of_the_history(secretariat):
    org = make_organization("Kasapi")
    [row] = _check("name,country,status,since,decided_by\nKasapi,PH,suspended,2024-02-01,ICB\n")
    assert row.action == RowAction.UPDATE and row.changes == ["status"]
    organizations_import(rows=[row], acting_user=secretariat)
    org.membership.refresh_from_db()
    assert (org.membership.status, org.membership.status_since) == ("suspended", D(2024, 2, 1))
    steps = list(org.membership.events.values_list("status", "date", "decided_by_name"))
    assert steps == [
        ("admitted", D(2020, 5, 1), "General Assembly 2020"),
        ("suspended", D(2024, 2, 1), "ICB"),
    ]
    assert member_counts(D(2024, 3, 1)).total == 1  # suspended is still a member


def test_a_category_change_needs_the_date_of_the_change():
    make_organization("Kasapi")
    same_day = "name,country,category,since\nKasapi,PH,associate,2020-05-01\n"
    assert dict(_check(same_day)[0].errors) == {
        "since": "To change the category, give the date of the change."
    }
    later = "name,country,category,since\nKasapi,PH,associate,2023-01-01\n"
    [row] = _check(later)
    assert row.changes == ["category"]
    organizations_import(rows=[row], acting_user=None)
    assert member_counts(D(2022, 1, 1)).by_category == {"full": 1}
    assert member_counts(D(2023, 6, 1)).by_category == {"associate": 1}


def test_an_import_never_rewrites_history_nor_skips_the_rules():
    org = make_organization("Kasapi")
    membership_suspend(organization=org, decided_by="ICB", date=D(2024, 1, 1), acting_user=None)
    rows = _check(
        "name,country,status,since\n"
        "Kasapi,PH,withdrawn,2023-06-01\n"  # before the suspension
        "Other,PH,admitted,2020-01-01\n"
    )
    assert "rewrite history" in dict(rows[0].errors)["since"]
    [row] = _check("name,country,status,since\nKasapi,PH,applied,2024-06-01\n")
    assert dict(row.errors) == {
        "status": "A membership that is “Suspended” cannot become “Applied”."
    }
    [row] = _check("name,country,status,since\nKasapi,PH,suspended,2024-06-01\n")
    assert "a date moves only with a new step" in dict(row.errors)["since"]


def test_a_membership_that_changed_after_the_check_refuses_the_write():
    org = make_organization("Kasapi")
    [row] = _check("name,country,status,since\nKasapi,PH,suspended,2024-02-01\n")
    membership_suspend(organization=org, decided_by="ICB", date=D(2024, 1, 1), acting_user=None)
    with pytest.raises(MembershipRuleError, match="changed since the file was checked"):
        organizations_import(rows=[row], acting_user=None)
    assert org.membership.events.count() == 2


def test_a_name_twice_in_the_file_points_at_its_first_line():
    rows = _check("name,country,since\nKasapi,PH,2020-01-01\nKASAPI,PH,2020-01-01\n")
    assert rows[0].ok
    assert dict(rows[1].errors) == {"name": "The same name is on line 2."}


def test_an_unconfirmed_application_is_neither_updated_nor_exported():
    application_submit(
        profile=Profile(name="Kasapi", country=make_country("PH")),
        contact_name="Someone",
        contact_email="someone@example.org",
    )
    [row] = _check("name,country,since\nKasapi,PH,2020-01-01\n")
    assert row.action == RowAction.CREATE
    assert list(export_rows()) == []


def test_xlsx_is_read_like_csv():
    # Imported here, as the importer does: openpyxl takes about half a second to load.
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
    with pytest.raises(ImportFileError, match="Unknown columns: passport"):
        read_rows(io.BytesIO(b"name,country,passport\nA,PH,123\n"), "x.csv")


# ---------------------------------------------------------------------------------------------
# The export, and back


def _exported() -> list[dict[str, str]]:
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in export_rows()]


def test_the_export_names_the_body_that_decided_the_latest_step_never_a_person(secretariat):
    org = make_organization("Kasapi", member_since=None)
    membership_record(
        organization=org,
        status=MembershipStatus.APPLIED,
        date=D(2023, 1, 5),
        acting_user=secretariat,
    )
    [row] = _exported()
    assert (row["status"], row["decided_by"]) == ("applied", "")
    membership_admit(
        organization=org,
        decided_by="General Assembly 2023",
        date=D(2023, 3, 1),
        acting_user=secretariat,
    )
    membership_category_change(
        organization=org,
        category="associate",
        decided_by="International Coordinating Body",
        date=D(2024, 2, 1),
        acting_user=secretariat,
    )
    [row] = _exported()
    assert (row["status"], row["category"], row["since"], row["decided_by"]) == (
        "admitted",
        "associate",
        "2024-02-01",
        "International Coordinating Body",
    )
    assert secretariat.email not in export_csv()


def test_the_export_reimports_as_it_was_and_defuses_formulas(secretariat):
    make_organization("=HYPERLINK(evil)")
    kasapi = make_organization("Kasapi", acronym="KHK", city="Hong Kong")
    kasapi.sectors.add(make_sector())
    membership_suspend(organization=kasapi, decided_by="ICB", date=D(2022, 1, 1), acting_user=None)
    membership_reinstate(
        organization=kasapi,
        decided_by="General Assembly 2023",
        date=D(2023, 6, 1),
        acting_user=None,
    )
    text = export_csv()
    assert "'=HYPERLINK" in text
    before = _exported()

    # Into the same registry: nothing to do.
    results = check_rows(read_rows(io.BytesIO(text.encode()), "export.csv"))
    assert [r.action for r in results] == [RowAction.UNCHANGED, RowAction.UNCHANGED]
    assert organizations_import(rows=results, acting_user=None) == 0
    assert MembershipEvent.objects.count() == 4

    # Into an empty one: the same registry again, decided_by included.
    Organization.objects.all().delete()
    results = check_rows(read_rows(io.BytesIO(text.encode()), "export.csv"))
    assert all(r.action == RowAction.CREATE for r in results), [r.errors for r in results]
    organizations_import(rows=results, acting_user=secretariat)
    assert Organization.objects.filter(name="=HYPERLINK(evil)").exists()
    assert _exported() == before
    event = MembershipEvent.objects.get(membership__organization__name="Kasapi")
    assert (event.status, event.decided_by_name) == ("reinstated", "General Assembly 2023")


def test_the_api_dry_run_reports_bad_rows_and_what_the_good_ones_would_do(secretariat):
    make_organization("Good One", country=make_country("PH"), member_since=D(2019, 1, 1))
    secret = make_token(secretariat)
    response = client_for(None).post(
        "/api/v1/members/import?dry_run=true",
        {"file": _upload(BAD)},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    body = response.json()
    assert body["written"] == 0 and [r["line"] for r in body["bad_rows"]] == [2, 3]
    assert (body["to_create"], body["to_update"], body["unchanged"]) == (0, 1, 0)


class EndlessMemberList(io.RawIOBase):
    """A CSV member list of endless rows, made as it is read, that counts how much was read.
    Reading it whole (read() or readall()) is a failure, not a hang."""

    def __init__(self) -> None:
        self.lines = (f"Organization {n},PH\n".encode() for n in itertools.count())
        self.pending = b"name,country\n"
        self.rows_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while len(self.pending) < len(buffer):
            self.pending += next(self.lines)
            self.rows_read += 1
        size = len(buffer)
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size

    def readall(self) -> bytes:
        raise AssertionError("the whole file was read before counting its rows")


def test_a_file_past_the_row_limit_is_refused_while_it_is_read():
    """A file of 50,001 rows and more is refused after reading about 50,001 rows (the old way
    read a 200,000-row file whole: 44 s and 350 MB). About 1 s and 16 MB."""
    stream = EndlessMemberList()
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError, match="At most 50000 rows"):
            read_rows(io.BufferedReader(stream), "members.csv")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert MAX_ROWS < stream.rows_read < MAX_ROWS + 2000
    assert peak < 32 * 1024 * 1024, peak  # about 16 MB
