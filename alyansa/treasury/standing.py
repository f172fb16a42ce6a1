"""Standing: what each organization owes on a day, computed from the posted ledger (arrears
are never stored), and whether the statutes then take its vote.

Dues are charged per year (assessments, less waivers and reversals of them, on the dues
receivable account); every other movement on that account (payments, their reversals) pays
the oldest year first. A year is in arrears on a day when something of it is still unpaid
after the day it fell due, or the end of a grace period decided for it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alyansa.assemblies.models import Assembly
from alyansa.assemblies.restrictions import Evidence, VotingRestriction
from alyansa.treasury.chart import DUES_RECEIVABLE
from alyansa.treasury.models import (
    EntryKind,
    GracePeriod,
    Leg,
    StandingRule,
    StandingWaiver,
    unposted_entry_ids,
)
from alyansa.treasury.money import Money


@dataclass(frozen=True)
class YearOwed:
    """One year of an organization's dues, on the day standing is judged."""

    year: int
    currency: str
    charged_minor: int
    outstanding_minor: int
    due_on: datetime.date | None
    assessment_id: int | None

    @property
    def charged(self) -> Money:
        return Money.from_minor(self.charged_minor, self.currency)

    @property
    def outstanding(self) -> Money:
        return Money.from_minor(self.outstanding_minor, self.currency)


class _Charge(NamedTuple):
    year: int
    currency: str
    total: int
    due_on: datetime.date | None
    assessment_id: int | None


@dataclass
class Standing:
    organization_id: int
    day: datetime.date
    years: list[YearOwed] = field(default_factory=list)
    # Paid beyond what is charged (a credit towards later years), by currency.
    credit_minor: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> list[YearOwed]:
        return [
            year
            for year in self.years
            if year.outstanding_minor > 0 and year.due_on is not None and year.due_on < self.day
        ]

    @property
    def years_in_arrears(self) -> int:
        return len(self.overdue)

    def owed(self) -> list[Money]:
        """Everything unpaid, overdue or not, per currency."""
        totals: dict[str, int] = defaultdict(int)
        for year in self.years:
            totals[year.currency] += year.outstanding_minor
        return [Money.from_minor(minor, code) for code, minor in sorted(totals.items()) if minor]

    def arrears(self) -> list[Money]:
        totals: dict[str, int] = defaultdict(int)
        for year in self.overdue:
            totals[year.currency] += year.outstanding_minor
        return [Money.from_minor(minor, code) for code, minor in sorted(totals.items())]


def _graces(
    day: datetime.date,
) -> tuple[dict[int, datetime.date], dict[tuple[int, int], datetime.date]]:
    """The latest grace decided for each year: for everyone, and per organization."""
    general: dict[int, datetime.date] = {}
    own: dict[tuple[int, int], datetime.date] = {}
    for organization_id, year, until in GracePeriod.objects.filter(
        decision__decided_on__lte=day
    ).values_list("organization_id", "dues_year", "until"):
        if organization_id is None:
            general[year] = max(until, general.get(year, until))
        else:
            key = (organization_id, year)
            own[key] = max(until, own.get(key, until))
    return general, own


def standing_on(
    day: datetime.date, organization_ids: Collection[int] | None = None
) -> dict[int, Standing]:
    """Every organization's dues by year on `day` (or those asked for): four queries, whatever
    the size of the ledger's history."""
    legs = Leg.objects.posted(unposted_entry_ids()).filter(
        account__path=DUES_RECEIVABLE, date__lte=day
    )
    if organization_ids is not None:
        legs = legs.filter(organization_id__in=list(organization_ids))
    # Everything on the account, by organization (read from an index alone) ...
    totals = (
        legs.values("organization_id", "currency").annotate(total=Sum("amount_minor")).order_by()
    )
    # ... and what was charged for each year (the few entries with a dues year); the rest is
    # what was paid (payments and their reversals).
    charges = list(
        legs.filter(entry__dues_year__isnull=False)
        .values("organization_id", "entry__dues_year", "currency")
        .annotate(
            total=Sum("amount_minor"),
            due_on=Max("entry__due_on"),
            assessment=Max("entry_id", filter=Q(entry__kind=EntryKind.ASSESSMENT)),
        )
        .order_by()
    )
    charged_by: dict[tuple[int, str], int] = defaultdict(int)
    by_org: dict[int, list[_Charge]] = defaultdict(list)
    for row in charges:
        charge = _Charge(
            year=row["entry__dues_year"],
            currency=row["currency"],
            total=row["total"],
            due_on=row["due_on"],
            assessment_id=row["assessment"],
        )
        by_org[row["organization_id"]].append(charge)
        charged_by[(row["organization_id"], charge.currency)] += charge.total
    # What was paid: everything on the account that is not a charge.
    paid: dict[tuple[int, str], int] = {
        (row["organization_id"], row["currency"]): charged_by[
            (row["organization_id"], row["currency"])
        ]
        - row["total"]
        for row in totals
    }
    general, own = _graces(day)
    result: dict[int, Standing] = {}
    for organization_id in set(by_org) | {org for org, _currency in paid}:
        standing = Standing(organization_id=organization_id, day=day)
        available: dict[str, int] = {
            currency: amount for (org, currency), amount in paid.items() if org == organization_id
        }
        for charge in sorted(by_org.get(organization_id, []), key=lambda one: one.year):
            left = available.get(charge.currency, 0)
            applied = min(max(left, 0), max(charge.total, 0))
            # A year charged below zero (waived beyond its dues) frees money for later years.
            available[charge.currency] = left - applied - min(charge.total, 0)
            graces = [general.get(charge.year), own.get((organization_id, charge.year))]
            due_on = max([one for one in [charge.due_on, *graces] if one is not None], default=None)
            standing.years.append(
                YearOwed(
                    year=charge.year,
                    currency=charge.currency,
                    charged_minor=charge.total,
                    outstanding_minor=max(charge.total, 0) - applied,
                    due_on=due_on,
                    assessment_id=charge.assessment_id,
                )
            )
        standing.credit_minor = {code: amount for code, amount in available.items() if amount > 0}
        result[organization_id] = standing
    return result


def rule_on(day: datetime.date) -> StandingRule | None:
    """The statute in force on `day` (None: standing has never decided the vote)."""
    return (
        StandingRule.objects.filter(effective_from__lte=day, decision__decided_on__lte=day)
        .order_by("-effective_from", "-id")
        .first()
    )


def loses_vote(standing: Standing, rule: StandingRule | None) -> bool:
    if rule is None or rule.max_years_in_arrears is None:
        return False
    return standing.years_in_arrears > rule.max_years_in_arrears


def reason_for(standing: Standing, rule: StandingRule) -> str:
    return ngettext(
        "%(years)d year of dues unpaid; the statutes allow at most %(most)d.",
        "%(years)d years of dues unpaid; the statutes allow at most %(most)d.",
        standing.years_in_arrears,
    ) % {"years": standing.years_in_arrears, "most": rule.max_years_in_arrears}


def evidence_for(standing: Standing) -> tuple[Evidence, ...]:
    """The ledger lines behind the arrears: each unpaid year, what was charged, what is left,
    and the assessment entry it traces to."""
    return tuple(
        Evidence(
            day=year.due_on,  # type: ignore[arg-type]
            text=_("Dues %(year)d: %(charged)s charged, due by %(due)s")
            % {"year": year.year, "charged": year.charged, "due": year.due_on},
            amount=str(year.outstanding),
            reference=f"E{year.assessment_id}" if year.assessment_id else "",
        )
        for year in standing.overdue
    )


def arrears_restrictions(
    *, assembly: Assembly, day: datetime.date, organization_ids: Collection[int] | None
) -> dict[int, VotingRestriction]:
    """The provider registered with the assemblies (apps.py): organizations that the standing
    rule in force on the assembly's day takes the vote from, unless this assembly waived it."""
    rule = rule_on(day)
    if rule is None or rule.max_years_in_arrears is None:
        return {}
    losing = {
        organization_id: standing
        for organization_id, standing in standing_on(day, organization_ids).items()
        if loses_vote(standing, rule)
    }
    if not losing:
        return {}
    waived = set(
        StandingWaiver.objects.filter(
            assembly=assembly, organization_id__in=list(losing)
        ).values_list("organization_id", flat=True)
    )
    return {
        organization_id: VotingRestriction(
            organization_id=organization_id,
            reason=reason_for(standing, rule),
            evidence=evidence_for(standing),
            detail_url=reverse(
                "treasury:organization", kwargs={"organization_id": organization_id}
            ),
        )
        for organization_id, standing in losing.items()
        if organization_id not in waived
    }
