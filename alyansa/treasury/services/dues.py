"""Dues: income groups, the schedule of each year (adopted by a decision), the yearly
assessment of every member organization, waivers and grace periods."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.members import public
from alyansa.members.models import Country, MembershipCategory, Organization
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.chart import DUES_INCOME, DUES_RECEIVABLE, DUES_WAIVED
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import (
    CountryIncomeGroup,
    Decision,
    DuesRate,
    DuesSchedule,
    Entry,
    EntryKind,
    GracePeriod,
    IncomeGroup,
)
from alyansa.treasury.money import Money, check_currency
from alyansa.treasury.services.ledger import LegSpec, standard_account, write_entry
from alyansa.treasury.standing import standing_on

# The World Bank's four groups, which many federations use (names as the Bank writes them).
STANDARD_GROUPS = [
    ("low", "Low income"),
    ("lower-middle", "Lower-middle income"),
    ("upper-middle", "Upper-middle income"),
    ("high", "High income"),
]


@transaction.atomic
def income_groups_standard(*, acting_user: User) -> list[IncomeGroup]:
    """Create the World Bank's four income groups if they are not there yet."""
    groups = []
    for position, (slug, name) in enumerate(STANDARD_GROUPS):
        group, created = IncomeGroup.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        if created:
            audit_record(
                actor=acting_user,
                action=AuditAction.INCOME_GROUP_SET,
                obj=group,
                changes={"created": slug},
            )
        groups.append(group)
    return groups


@transaction.atomic
def income_group_set(*, country: Country, group: IncomeGroup, acting_user: User) -> None:
    """Put a country in an income group (it is in one only). Dues already assessed keep the
    amounts they were assessed with."""
    before = (
        CountryIncomeGroup.objects.filter(country=country)
        .values_list("group__slug", flat=True)
        .first()
    )
    CountryIncomeGroup.objects.update_or_create(country=country, defaults={"group": group})
    audit_record(
        actor=acting_user,
        action=AuditAction.INCOME_GROUP_SET,
        obj=country,
        changes={"group": [before, group.slug]},
    )


@transaction.atomic
def dues_schedule_adopt(
    *,
    year: int,
    currency: str,
    due_on: datetime.date,
    rates: Mapping[tuple[str, IncomeGroup], Money],
    decision: Decision,
    acting_user: User,
) -> DuesSchedule:
    """A new version of a year's dues, by membership category and income group, as a decision
    adopted them. The latest version is the one assessments use."""
    currency = check_currency(currency)
    if not 1900 < year < 2200:
        raise TreasuryRuleError(_("Give the year the dues are for."))
    if not rates:
        raise TreasuryRuleError(_("Give the dues of at least one category and income group."))
    for (category, _group), money in rates.items():
        MembershipCategory(category)
        if money.currency != currency:
            raise TreasuryRuleError(_("Every amount of a schedule is in its currency."))
        if money.minor < 0:
            raise TreasuryRuleError(_("Dues cannot be negative."))
    schedule = DuesSchedule.objects.create(
        year=year, currency=currency, due_on=due_on, decision=decision, adopted_by=acting_user
    )
    DuesRate.objects.bulk_create(
        DuesRate(schedule=schedule, category=category, group=group, amount_minor=money.minor)
        for (category, group), money in rates.items()
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.DUES_SCHEDULE_ADOPT,
        obj=schedule,
        changes={
            "year": year,
            "decision": decision.pk,
            "rates": {
                f"{category}/{group.slug}": str(money) for (category, group), money in rates.items()
            },
        },
    )
    return schedule


def schedule_for(year: int) -> DuesSchedule | None:
    """The version of the year's dues in force: the latest adopted."""
    return DuesSchedule.objects.filter(year=year).order_by("-id").first()


def assessed_organizations(year: int) -> set[int]:
    """Organizations whose dues for `year` are assessed and not reversed."""
    return set(
        Entry.objects.posted()
        .filter(kind=EntryKind.ASSESSMENT, dues_year=year, reversed_by__isnull=True)
        .values_list("organization_id", flat=True)
    )


@transaction.atomic
def dues_assess(*, year: int, acting_user: User, on: datetime.date | None = None) -> list[Entry]:
    """Charge every organization that is a member on the day of assessment (by default the
    first of January of the year) the dues of its category and its country's income group, in
    one entry each. Organizations already assessed for the year are left as they are, so that
    assessing again after admitting a member charges only the newcomer, who then has as long
    to pay from that day as the others had from the first of January."""
    schedule = schedule_for(year)
    if schedule is None:
        raise TreasuryRuleError(_("No dues are adopted for %(year)d yet.") % {"year": year})
    DuesSchedule.objects.select_for_update().filter(pk=schedule.pk).first()
    day = on or datetime.date(year, 1, 1)
    rates = {(rate.category, rate.group_id): rate.amount_minor for rate in schedule.rates.all()}
    groups = dict(CountryIncomeGroup.objects.values_list("country_id", "group_id"))
    done = assessed_organizations(year)
    members = [
        organization
        for organization in Organization.objects.members_on(day)
        .select_related("membership", "country")
        .order_by("pk")
        if organization.pk not in done
    ]
    ungrouped = sorted({o.country.code for o in members if o.country_id not in groups})
    if ungrouped:
        raise TreasuryRuleError(
            _("Put these countries in an income group first: %(countries)s.")
            % {"countries": ", ".join(ungrouped)}
        )
    receivable, income = standard_account(DUES_RECEIVABLE), standard_account(DUES_INCOME)
    due_on = max(schedule.due_on, day + (schedule.due_on - datetime.date(year, 1, 1)))
    entries = []
    totals: dict[str, int] = defaultdict(int)
    for organization in members:
        minor = rates.get((organization.membership.category, groups[organization.country_id]), 0)
        if minor == 0:
            continue
        money = Money.from_minor(minor, schedule.currency)
        entries.append(
            write_entry(
                date=day,
                kind=EntryKind.ASSESSMENT,
                description=_("Dues %(year)d") % {"year": year},
                legs=[
                    LegSpec(account=receivable, money=money, organization=organization),
                    LegSpec(account=income, money=-money),
                ],
                organization=organization,
                dues_year=year,
                due_on=due_on,
                acting_user=acting_user,
            )
        )
        totals[schedule.currency] += minor
    audit_record(
        actor=acting_user,
        action=AuditAction.DUES_ASSESS,
        obj=schedule,
        changes={
            "year": year,
            "entries": [entry.pk for entry in entries],
            "total": {code: str(Money.from_minor(minor, code)) for code, minor in totals.items()},
        },
    )
    return entries


@transaction.atomic
def dues_waive(
    *,
    organization: Organization,
    year: int,
    decision: Decision,
    acting_user: User,
    date: datetime.date | None = None,
) -> Entry:
    """Forgive what an organization still owes for a year, as a decision says: the unpaid
    part is written off (an expense), so the year is no longer in arrears."""
    day = date or timezone.localdate()
    standing = standing_on(day, [organization.pk]).get(organization.pk)
    owed = [one for one in (standing.years if standing else []) if one.year == year]
    unpaid = [one for one in owed if one.outstanding_minor > 0]
    if not unpaid:
        raise TreasuryRuleError(
            _("%(organization)s owes nothing for %(year)d.")
            % {"organization": public.ledger_label(organization, acting_user), "year": year}
        )
    receivable, waived = standard_account(DUES_RECEIVABLE), standard_account(DUES_WAIVED)
    legs = []
    for one in unpaid:
        legs += [
            LegSpec(account=waived, money=one.outstanding),
            LegSpec(account=receivable, money=-one.outstanding, organization=organization),
        ]
    entry = write_entry(
        date=day,
        kind=EntryKind.WAIVER,
        description=_("Dues %(year)d waived") % {"year": year},
        legs=legs,
        organization=organization,
        dues_year=year,
        decision=decision,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.DUES_WAIVE,
        obj=entry,
        changes={
            "year": year,
            "decision": decision.pk,
            "amounts": [str(o.outstanding) for o in unpaid],
        },
    )
    return entry


@transaction.atomic
def grace_grant(
    *,
    dues_year: int,
    until: datetime.date,
    decision: Decision,
    acting_user: User,
    organization: Organization | None = None,
) -> GracePeriod:
    """A year's dues count as arrears only after `until`: for one organization, or for all."""
    if until < datetime.date(dues_year, 1, 1):
        raise TreasuryRuleError(_("A grace period ends after the year it is for begins."))
    grace = GracePeriod.objects.create(
        organization=organization, dues_year=dues_year, until=until, decision=decision
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.GRACE_GRANT,
        obj=grace,
        changes={
            "organization": organization.pk if organization else None,
            "year": dues_year,
            "until": until.isoformat(),
            "decision": decision.pk,
        },
    )
    return grace
