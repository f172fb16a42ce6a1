"""The treasurer's report as files: a PDF (fpdf2 with the DejaVu fonts the badges use, like
the communiqué) and a CSV (one row per figure, every cell guarded against formulas)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from fpdf import FPDF

from alyansa.assemblies.badges import FONTS
from alyansa.members.exporting import safe_cells
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
    writer = csv.writer(buffer)
    for row in report_rows(report):
        writer.writerow(safe_cells(row))
    return buffer.getvalue()


class _ReportPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(18, 18, 18)
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_text_shaping(True)
        self.add_page()

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(3)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def row(self, cells: list[str], widths: list[float], bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 9)
        for number, (text, width) in enumerate(zip(cells, widths, strict=True)):
            self.cell(width, 5.5, text, align="L" if number == 0 else "R")
        self.ln(5.5)


def report_pdf(report: Report, *, title: str, status: str = "") -> bytes:
    """The report on A4, section by section, with the totals of each currency."""
    pdf = _ReportPDF()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.heading(title, 15)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0, 6, _("From %(start)s to %(end)s") % {"start": report.start, "end": report.end}
    )
    if status:
        pdf.multi_cell(0, 6, status)
    titles = section_titles()
    columns = [width * 0.5, width * 0.25, width * 0.25]
    for section in SECTIONS:
        lines: list[Line] = getattr(report, section)
        pdf.heading(titles[section])
        budgeted = section in ("income", "expenses")
        pdf.row([_("Account"), _("Amount"), _("Budget") if budgeted else ""], columns, bold=True)
        for line in lines:
            budget = str(line.budget) if budgeted and line.budget is not None else ""
            pdf.row([f"{line.account}", str(line.money), budget], columns)
        for currency in report.currencies:
            total = report.total(section, currency)
            pdf.row([_("Total"), _money(total, currency), ""], columns, bold=True)
    pdf.heading(_("Surplus or deficit"))
    for currency in report.currencies:
        pdf.row([currency, _money(report.surplus(currency), currency), ""], columns)
    if report.funds:
        pdf.heading(_("Restricted funds"))
        fund_columns = [width * 0.4, width * 0.2, width * 0.2, width * 0.2]
        pdf.row([_("Fund"), _("Received"), _("Spent"), _("Left")], fund_columns, bold=True)
        for fund in report.funds:
            pdf.row(
                [
                    fund.fund,
                    _money(fund.received_minor, fund.currency),
                    _money(fund.spent_minor, fund.currency),
                    _money(fund.balance_minor, fund.currency),
                ],
                fund_columns,
            )
    pdf.heading(_("Dues"))
    for currency, minor in sorted(report.dues_collected.items()):
        pdf.row([_("Collected in the period"), _money(minor, currency), ""], columns)
    if report.arrears_by_region:
        pdf.row([_("Arrears by region"), _("Overdue"), _("Organizations")], columns, bold=True)
        for region in report.arrears_by_region:
            for currency, minor in sorted(region.arrears.items()):
                pdf.row(
                    [region.region, _money(minor, currency), str(region.organizations)], columns
                )
    return bytes(pdf.output())
