"""Reads of the treasury that check access.

Who sees what: the treasurer keeps the books; officers and the secretariat read them (the
secretariat staffs the check-in desk, where standing decides the vote); a coordinator sees
their own organization's dues and payments and nothing else. Everyone else: nothing, and an
address that names an organization answers 404 whether it exists or not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404

from alyansa.accounts.permissions import has_role, scopes_of
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import AgendaItem, Assembly, ItemKind, Outcome
from alyansa.members.models import Organization
from alyansa.treasury.models import (
    Account,
    Entry,
    EntryKind,
    FrozenReport,
    Leg,
    Receipt,
    StandingWaiver,
)
from alyansa.treasury.money import Money
from alyansa.treasury.standing import Standing, loses_vote, rule_on, standing_on

READERS = (Role.TREASURER, Role.OFFICER, Role.SECRETARIAT)
# Who records what the statutes and the assembly decided about standing.
STANDING_KEEPERS = (Role.TREASURER, Role.SECRETARIAT)


def is_treasurer(user: Any) -> bool:
    return has_role(user, Role.TREASURER)


def may_read(user: Any) -> bool:
    return any(has_role(user, role) for role in READERS)


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied


def require_treasurer(user: Any) -> None:
    if not is_treasurer(user):
        raise PermissionDenied


def may_keep_standing(user: Any) -> bool:
    return any(has_role(user, role) for role in STANDING_KEEPERS)


def require_standing_keeper(user: Any) -> None:
    if not may_keep_standing(user):
        raise PermissionDenied


def coordinated_organization_ids(user: Any) -> list[int]:
    prefix = "members.organization:"
    return [
        int(scope[len(prefix) :])
        for scope in scopes_of(user, Role.COORDINATOR)
        if scope.startswith(prefix)
    ]


def may_see_organization(user: Any, organization_id: int) -> bool:
    return may_read(user) or organization_id in coordinated_organization_ids(user)


def organization_for(user: Any, organization_id: int) -> Organization:
    """The organization whose dues the user may see: any for readers, their own for a
    coordinator. 404 otherwise, so an address reveals nothing."""
    if not may_see_organization(user, organization_id):
        raise Http404
    organization = (
        Organization.objects.select_related("country", "region", "membership")
        .filter(pk=organization_id)
        .first()
    )
    if organization is None:
        raise Http404
    return organization


def own_organizations(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=coordinated_organization_ids(user)).order_by("name")


@dataclass
class Statement:
    """An organization's dues and payments: what it sees, and the treasurer too."""

    organization: Organization
    standing: Standing
    entries: list[Entry]
    votes: bool | None  # None: standing decides no vote today


def organization_statement(organization: Organization, day: datetime.date) -> Statement:
    """Its dues by year and every entry that concerns it (posted, waiting or not confirmed),
    newest first (four queries)."""
    standing = standing_on(day, [organization.pk]).get(organization.pk) or Standing(
        organization_id=organization.pk, day=day
    )
    entries = list(
        Entry.objects.filter(organization=organization)
        .select_related("posting", "reversed_by")
        .prefetch_related(Prefetch("legs", queryset=Leg.objects.select_related("account")))
        .order_by("-date", "-id")
    )
    rule = rule_on(day)
    votes = None if rule is None or not rule.active else not loses_vote(standing, rule)
    return Statement(organization=organization, standing=standing, entries=entries, votes=votes)


def entries_list(kind: str = "", account: Account | None = None) -> QuerySet[Entry]:
    """The journal, newest first; paginate it (legs in one more query per page)."""
    entries = Entry.objects.select_related("organization", "posting", "reversed_by").order_by(
        "-date", "-id"
    )
    if kind in EntryKind.values:
        entries = entries.filter(kind=kind)
    if account is not None:
        entries = entries.filter(legs__account=account).distinct()
    return entries.prefetch_related(
        Prefetch("legs", queryset=Leg.objects.select_related("account", "fund"))
    )


def entry_get(entry_id: int) -> Entry:
    entry = (
        Entry.objects.select_related(
            "organization", "posting", "reversed_by", "reverses", "decision", "assembly"
        )
        .prefetch_related(
            Prefetch(
                "legs", queryset=Leg.objects.select_related("account", "fund", "organization")
            ),
            "receipts",
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def receipt_get(receipt_id: int) -> Receipt:
    receipt = Receipt.objects.filter(pk=receipt_id).first()
    if receipt is None:
        raise Http404
    return receipt


def pending_cash() -> list[Entry]:
    return list(
        Entry.objects.pending()
        .filter(assembly__isnull=False)
        .select_related("organization", "assembly", "recorded_by")
        .prefetch_related("legs")
        .order_by("date", "id")
    )


def cash_entry_get(entry_id: int) -> Entry:
    """Cash received at an assembly (the service says whether it still waits)."""
    entry = Entry.objects.filter(pk=entry_id, assembly__isnull=False).first()
    if entry is None:
        raise Http404
    return entry


@dataclass
class AccountBalance:
    account: Account
    balances: list[Money]


def accounts_with_balances(day: datetime.date) -> list[AccountBalance]:
    """The chart of accounts with each account's posted balance on `day` (two queries)."""
    sums: dict[int, list[Money]] = {}
    for account_id, currency, total in (
        Leg.objects.posted()
        .filter(date__lte=day)
        .values_list("account_id", "currency")
        .annotate(total=Sum("amount_minor"))
        .order_by("currency")
    ):
        if total:
            sums.setdefault(account_id, []).append(Money.from_minor(total, currency))
    return [
        AccountBalance(account=account, balances=sums.get(account.pk, []))
        for account in Account.objects.order_by("path")
    ]


@dataclass
class StandingRow:
    organization: Organization
    standing: Standing
    loses_vote: bool
    waived_at: list[str]


def standing_rows(day: datetime.date) -> list[StandingRow]:
    """Every member organization on `day` with what it owes and whether the statute in force
    then takes its vote (four queries). By name, those at risk last: they are listed by number
    to whom may not see them named, and their place among the names would hint at theirs."""
    standings = standing_on(day)
    rule = rule_on(day)
    waivers: dict[int, list[str]] = {}
    for organization_id, title in StandingWaiver.objects.values_list(
        "organization_id", "assembly__title"
    ):
        waivers.setdefault(organization_id, []).append(title)
    rows = []
    for organization in (
        Organization.objects.members_on(day)
        .select_related("country", "region")
        .order_by("at_risk", "name")
    ):
        standing = standings.get(organization.pk) or Standing(
            organization_id=organization.pk, day=day
        )
        rows.append(
            StandingRow(
                organization=organization,
                standing=standing,
                loses_vote=loses_vote(standing, rule),
                waived_at=waivers.get(organization.pk, []),
            )
        )
    return rows


def report_items() -> QuerySet[AgendaItem]:
    """Report items still to be decided, to put the treasurer's report to."""
    return (
        AgendaItem.objects.filter(kind=ItemKind.REPORT, outcome="")
        .exclude(assembly__status=Assembly.Status.CLOSED)
        .select_related("assembly")
        .order_by("assembly__starts_at", "position")
    )


def frozen_reports() -> QuerySet[FrozenReport]:
    return FrozenReport.objects.select_related("item__assembly", "frozen_by").order_by("-frozen_at")


def frozen_report_get(report_id: int) -> FrozenReport:
    report = frozen_reports().filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def decided_items() -> QuerySet[AgendaItem]:
    """Approved agenda items a treasury record may rest on."""
    return (
        AgendaItem.objects.filter(outcome__in=[Outcome.APPROVED, Outcome.APPROVED_WITH_ADDITIONS])
        .select_related("assembly")
        .order_by("-decided_at")
    )
