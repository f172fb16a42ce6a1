"""The combined report of a call after its deadline, in the reader's language, as Markdown
(shown as HTML and printed as PDF through core/pdf.py). Built only from public reports and
public names: an organization at risk counts in the totals and is never named."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alyansa.campaigns.ledger import public_totals
from alyansa.campaigns.models import CallToAction


def _escape(text: str) -> str:
    """Text from a report, kept as text in the Markdown (no headings, links or HTML of its own)."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|" else c for c in text)


def combined_report_markdown(call: CallToAction) -> str:
    totals = public_totals([call])
    lines = [
        f"# {_escape(call.local_title)}",
        "",
        _(
            "%(actions)d actions in %(cities)d cities in %(countries)d countries, "
            "%(participants)s taking part."
        )
        % {
            "actions": totals.actions,
            "cities": totals.cities,
            "countries": totals.countries,
            "participants": f"{totals.participants:,}",
        },
        "",
    ]
    for country, reports in totals.by_country.items():
        lines += [f"## {_escape(country)}", ""]
        for report in reports:
            when = date_format(report.held_on, "DATE_FORMAT")
            heading = f"**{_escape(report.city)}**, {when}: {_escape(report.name)}"
            if report.participants:
                heading += " " + _("(%(number)s taking part)") % {"number": report.participants}
            lines += [heading, "", _escape(report.summary), ""]
    return "\n".join(lines)
