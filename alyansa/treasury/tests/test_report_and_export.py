"""The treasurer's report adds up the ledger to the cent in every currency, and the Beancount
export says the same: bean-check accepts it and bean-query's balances equal the report's."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.services import item_decide, item_open
from alyansa.assemblies.testing import make_item
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Leg
from alyansa.treasury.report_files import report_csv, report_pdf
from alyansa.treasury.reporting import Report, report_build
from alyansa.treasury.services import contribution_record, report_freeze
from alyansa.treasury.testing import usd

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
BIN = Path(sys.executable).parent


def _minor(report: Report, section: str) -> dict[tuple[str, str], int]:
    return {(line.account, line.currency): line.minor for line in getattr(report, section)}


def test_the_report_reads_the_ledger(books) -> None:  # type: ignore[no-untyped-def]
    report = report_build(START, END)
    income = _minor(report, "income")
    # Two years of dues: 100 + 100 (lower-middle) ... the 2024 assessments only, in the period.
    assert income[("Income:Dues", "USD")] == 3 * 10000
    assert income[("Income:Grants", "USD")] == 500000
    assert income[("Income:Contributions", "USD")] == 25025
    expenses = _minor(report, "expenses")
    assert expenses[("Expenses:Shelter", "USD")] == 120050
    assert expenses[("Expenses:Travel", "PHP")] == 150000
    travel = next(
        line
        for line in report.expenses
        if line.account == "Expenses:Travel" and line.currency == "USD"
    )
    assert (travel.minor, travel.budget_minor) == (0, 200000)
    # The shelter fund: 5,000 received, 1,200.50 spent.
    (fund,) = report.funds
    assert (fund.received_minor, fund.spent_minor, fund.balance_minor) == (500000, 120050, 379950)
    # Paid in the period: 50 USD (the pesos' worth); the bounced transfer cancels itself and the
    # cash at the desk waits for a second person.
    assert report.dues_collected == {"USD": 5000}


def test_the_balance_sheet_balances_in_every_currency(books) -> None:  # type: ignore[no-untyped-def]
    report = report_build(START, END)
    for currency in report.currencies:
        assets = report.total("assets", currency)
        assert assets == report.total("liabilities", currency) + report.total(
            "net_assets", currency
        )


def test_arrears_by_region_name_no_organization(books) -> None:  # type: ignore[no-untyped-def]
    report = report_build(START, END)
    rows = {row.region: (row.organizations, row.arrears) for row in report.arrears_by_region}
    # Manila paid 2023 and half of 2024; the two in the Middle East paid nothing.
    assert rows["Asia Pacific"] == (1, {"USD": 5000})
    assert rows["Middle East"] == (2, {"USD": 40000})
    assert "Hidden Collective" not in report_csv(report)
    assert "Hidden" not in str(report.to_content())


def test_the_report_file_formats(books) -> None:  # type: ignore[no-untyped-def]
    report = report_build(START, END)
    text = report_csv(report)
    assert "income,Income:Grants,Grants,USD,5000.00," in text
    assert "expenses,Expenses:Travel,Travel,USD,0.00,2000.00" in text
    pdf = report_pdf(report, title="Treasurer's report", status="Approved with additions.")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (
        "Treasurer's report",
        "Approved with additions.",
        "Income:Grants",
        "5,000.00 USD",
        "Shelter fund",
        "3,799.50 USD",
        "Middle East",
    ):
        assert expected in text, expected


def test_a_frozen_report_keeps_its_figures_and_its_decision(books) -> None:  # type: ignore[no-untyped-def]
    item = make_item(books.assembly, ItemKind.REPORT, "Treasurer's report")
    frozen = report_freeze(item=item, start=START, end=END, acting_user=books.treasurer)
    before = Report.from_content(frozen.content)
    assert before == report_build(START, END)

    contribution_record(
        donor="Late gift",
        money=usd("1.00"),
        date=datetime.date(2024, 6, 1),
        acting_user=books.treasurer,
    )
    frozen.refresh_from_db()
    assert Report.from_content(frozen.content) == before, "later entries change nothing frozen"
    item_open(item=item, acting_user=None)
    item_decide(
        item=item,
        outcome=Outcome.APPROVED_WITH_ADDITIONS,
        additions="Thank the foundation.",
        acting_user=None,
    )
    with pytest.raises(TreasuryRuleError, match="has been decided"):
        report_freeze(item=item, start=START, end=END, acting_user=books.treasurer)


def _bean(tool: str, *args: str) -> str:
    result = subprocess.run([str(BIN / tool), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _query(path: Path, query: str) -> dict[tuple[str, str], int]:
    """bean-query's answer as {(account, currency): minor units}; per-organization
    sub-accounts are added up into their account."""
    out = _bean("bean-query", "-f", "csv", str(path), query)
    totals: dict[tuple[str, str], int] = {}
    for line in out.strip().splitlines()[1:]:
        account, currency, number = (part.strip() for part in line.split(","))
        account = account.split(":O")[0] if ":O" in account else account
        places = 0 if currency == "JPY" else 2
        minor = int(Decimal(number).scaleb(places))
        totals[(account, currency)] = totals.get((account, currency), 0) + minor
    return {key: value for key, value in totals.items() if value}


def test_bean_check_accepts_the_export_and_bean_query_agrees_with_the_report(  # type: ignore[no-untyped-def]
    books, tmp_path
) -> None:
    """About 2 s: the real bean-check and bean-query, run once each way."""
    path = tmp_path / "ledger.beancount"
    call_command("export_beancount", str(path))
    _bean("bean-check", str(path))
    report = report_build(START, END)
    balances = _query(
        path,
        f"SELECT account, currency, sum(number) WHERE date <= {END} "
        "AND account ~ '^(Assets|Liabilities|Equity)' GROUP BY account, currency",
    )
    signs = {"assets": 1, "liabilities": -1, "net_assets": -1}
    expected = {
        (line.account, line.currency): line.minor * sign
        for section, sign in signs.items()
        for line in getattr(report, section)
        if line.account != "Equity:Surplus"
    }
    assert balances == expected
    flows = _query(
        path,
        f"SELECT account, currency, sum(number) WHERE date >= {START} AND date <= {END} "
        "AND account ~ '^(Income|Expenses)' GROUP BY account, currency",
    )
    expected_flows = {
        (line.account, line.currency): line.minor * (-1 if section == "income" else 1)
        for section in ("income", "expenses")
        for line in getattr(report, section)
        if line.minor
    }
    assert flows == expected_flows


def test_the_export_names_an_organization_at_risk_by_its_number_only(books, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ledger.beancount"
    call_command("export_beancount", str(path))
    text = path.read_text()
    assert "Manila Workers" in text
    assert "Hidden Collective" not in text
    assert f'"O{books.hidden.pk}"' in text
    # Cash waiting for a second person is not in the books yet.
    pending = Leg.objects.filter(entry__posting__isnull=True).count()
    assert pending and "Dues paid by Cash" not in text
