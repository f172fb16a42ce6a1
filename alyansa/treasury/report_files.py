"""The treasurer's report as files: a PDF (the platform's PDF stack, like the communiqué) and
a CSV (one row per figure, every cell guarded against formulas)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alyansa.core.csv import csv_writer
from alyansa.core.pdf import ReportPDF
from alyansa.treasury.money import Money
from alyansa.treasury.reporting import Line, Report

SECTIONS = ("income", "expenses", "assets", "liabilities", "net_assets")


def section_titles() -> dict[str, str]:
    return {
        "income": _("Income"),
        "expenses": _("Expenses"),
        "assets": _("Assets"),
        "liabilities": _("Liabilities"),
        "net_assets": _("Net assets"),
    }


def _money(minor: int | None, currency: str) -> str:
    return "" if minor is None else str(Money.from_minor(minor, currency))


def report_rows(report: Report) -> Iterator[list[str]]:
    """The report as rows: section, account, currency, amount, budget (plain numbers)."""
    yield ["section", "account", "name", "currency", "amount", "budget"]
    for section in SECTIONS:
        line: Line
        for line in getattr(report, section):
            budget = "" if line.budget is None else line.budget.plain
            yield [section, line.account, line.name, line.currency, line.money.plain, budget]
    for fund in report.funds:
        for part, minor in (
            ("received", fund.received_minor),
            ("spent", fund.spent_minor),
            ("balance", fund.balance_minor),
        ):
            yield [
                f"fund_{part}",
                fund.fund,
                fund.donor,
                fund.currency,
                Money.from_minor(minor, fund.currency).plain,
                "",
            ]
    for currency, minor in sorted(report.dues_collected.items()):
        yield ["dues_collected", "", "", currency, Money.from_minor(minor, currency).plain, ""]
    for region in report.arrears_by_region:
        for currency, minor in sorted(region.arrears.items()):
            yield [
                "arrears",
                region.region,
                str(region.organizations),
                currency,
                Money.from_minor(minor, currency).plain,
                "",
            ]


def report_csv(report: Report) -> str:
    buffer = io.StringIO()
    csv_writer(buffer).writerows(report_rows(report))
    return buffer.getvalue()


def report_pdf(report: Report, *, title: str, status: str = "") -> bytes:
    """The report on A4 with the platform's one PDF stack (alyansa/core/pdf.py): each section
    as a table, then the totals of each currency."""
    period = _("From %(start)s to %(end)s") % {"start": report.start, "end": report.end}
    pdf = ReportPDF(title=title, language=get_language() or "en", subtitle=period)
    if status:
        pdf.paragraph(status)
    titles = section_titles()
    for section in SECTIONS:
        lines: list[Line] = getattr(report, section)
        budgeted = section in ("income", "expenses")
        pdf.markdown(f"## {titles[section]}")
        headers = [_("Account"), _("Amount")] + ([_("Budget")] if budgeted else [])
        rows = [
            [line.account, str(line.money)]
            + ([str(line.budget) if line.budget is not None else ""] if budgeted else [])
            for line in lines
        ]
        rows += [
            [_("Total"), _money(report.total(section, code), code)] + ([""] if budgeted else [])
            for code in report.currencies
        ]
        pdf.add_table(headers, rows, numeric={1, 2})
    pdf.markdown("## " + _("Surplus or deficit"))
    pdf.add_table(
        [_("Currency"), _("Amount")],
        [[code, _money(report.surplus(code), code)] for code in report.currencies],
        numeric={1},
    )
    if report.funds:
        pdf.markdown("## " + _("Restricted funds"))
        pdf.add_table(
            [_("Fund"), _("Received"), _("Spent"), _("Left")],
            [
                [fund.fund, str(fund.received), str(fund.spent), str(fund.balance)]
                for fund in report.funds
            ],
            numeric={1, 2, 3},
        )
    pdf.markdown("## " + _("Dues"))
    pdf.add_table(
        [_("Collected in the period"), _("Amount")],
        [[money.currency, str(money)] for money in report.collected],
        numeric={1},
    )
    if report.arrears_by_region:
        pdf.add_table(
            [_("Arrears by region"), _("Organizations in arrears"), _("Overdue")],
            [
                [
                    region.region,
                    str(region.organizations),
                    ", ".join(str(m) for m in region.amounts),
                ]
                for region in report.arrears_by_region
            ],
            numeric={1, 2},
        )
    return pdf.bytes()
