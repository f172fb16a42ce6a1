"""The voting strength and the quorum: who is present, who may vote, with how many votes."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, Q

from alyansa.assemblies.models import Allocation, Assembly, Participant, Proxy, VoteMode
from alyansa.assemblies.restrictions import VotingRestriction, restrictions_for
from alyansa.members.models import MembershipCategory, Organization


@dataclass(frozen=True)
class Strength:
    """The numbers behind "is the assembly quorate": counts only, never names.

    In per-delegate mode a vote is a delegate's; in per-organization mode a vote is an
    organization's, counted with its weight (an organization votes when one of its delegates
    is present, or holds its proxy)."""

    vote_mode: str
    registered_delegates: int
    present_delegates: int
    present_participants: int
    active_proxies: int
    registered_votes: int
    present_votes: int
    quorum_votes: int
    # Delegates registered for organizations that may not vote here (restrictions.py).
    restricted_delegates: int = 0

    @property
    def quorate(self) -> bool:
        return self.present_votes >= self.quorum_votes

    @property
    def weight(self) -> int:
        """The present voting strength (the number polls are measured against)."""
        return self.present_votes


def _full_member(participant: Participant) -> bool:
    membership = getattr(participant.organization, "membership", None)
    return membership is not None and membership.category == MembershipCategory.FULL


def voting_rights(assembly: Assembly) -> dict[int, int]:
    """For each present delegate (participant id): how many votes they may cast in a plenary
    poll, their own plus the proxies they hold from delegates who are not present. In
    per-organization mode a present delegate's organization weight goes to the first present
    delegate of that organization (by id). Associate members' delegates have no plenary vote
    (they vote in their own caucus), nor have those of an organization that a restriction
    (restrictions.py: the treasury's standing) keeps from voting. Three queries and the
    restrictions'."""
    restricted = set(restrictions_for(assembly))

    def votes(participant: Participant) -> bool:
        return _full_member(participant) and participant.organization_id not in restricted

    delegates = list(
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .select_related("attendance", "organization__membership")
    )
    by_pk = {one.pk: one for one in delegates}
    present = {
        one.pk: one
        for one in delegates
        if getattr(one, "attendance", None) is not None and one.attendance.present
    }
    proxies = list(
        Proxy.objects.active().filter(assembly=assembly).values_list("giver_id", "holder_id")
    )
    rights: dict[int, int] = {pk: 1 for pk, one in present.items() if votes(one)}
    for giver_id, holder_id in proxies:
        if giver_id in present or holder_id not in rights:
            continue  # A present giver votes in person; an absent holder casts nothing.
        giver = by_pk.get(giver_id)
        if giver is not None and votes(giver):
            rights[holder_id] += 1
    if assembly.vote_mode == VoteMode.PER_ORGANIZATION:
        weights = dict(
            Allocation.objects.filter(assembly=assembly).values_list("organization_id", "weight")
        )
        by_org: dict[int, int] = {}
        for pk in sorted(rights):
            org_id = present[pk].organization_id
            if org_id is not None and org_id not in by_org:
                by_org[org_id] = pk
        # Organizations voting only through a proxy: their holder carries their weight.
        givers = {g: h for g, h in proxies if g not in present and h in rights}
        for giver_id, holder_id in givers.items():
            giver = by_pk.get(giver_id)
            if giver is not None and giver.organization_id not in by_org and votes(giver):
                by_org[giver.organization_id] = holder_id  # type: ignore[index]
        rights = {}
        for org_id, pk in by_org.items():
            rights[pk] = rights.get(pk, 0) + weights.get(org_id, 1)
    return rights


PRESENT = Q(attendance__checked_in_at__isnull=False, attendance__checked_out_at__isnull=True)


def assembly_strength(assembly: Assembly) -> Strength:
    """Registered and present voting strength and the quorum, counted by the database (five
    queries whatever the number of delegates, and the restrictions'; the per-organization mode
    reads the delegates). Delegates of an organization that may not vote here
    (restrictions.py) count as present but carry no vote, nor do the proxies they give."""
    delegates = Participant.objects.delegates().filter(assembly=assembly)
    restricted = list(restrictions_for(assembly))
    full = Q(organization__membership__category=MembershipCategory.FULL) & ~Q(
        organization_id__in=restricted
    )
    counts = delegates.aggregate(
        restricted=Count("pk", filter=Q(organization_id__in=restricted)),
        registered=Count("pk"),
        present=Count("pk", filter=PRESENT),
        full_registered=Count("pk", filter=full),
        full_present=Count("pk", filter=PRESENT & full),
    )
    present_participants = Participant.objects.present().filter(assembly=assembly).count()
    proxies = Proxy.objects.active().filter(assembly=assembly)
    active_proxies = proxies.count()
    if assembly.vote_mode == VoteMode.PER_ORGANIZATION:
        weights = dict(
            Allocation.objects.filter(assembly=assembly).values_list("organization_id", "weight")
        )
        orgs = set(delegates.filter(full).values_list("organization_id", flat=True))
        registered_votes = sum(weights.get(org_id, 1) for org_id in orgs)
        present_votes = sum(voting_rights(assembly).values())
    else:
        registered_votes = counts["full_registered"]
        # A proxy adds a vote when its giver is away and its holder present (both full members).
        carried = (
            proxies.filter(
                holder__attendance__checked_in_at__isnull=False,
                holder__attendance__checked_out_at__isnull=True,
                holder__organization__membership__category=MembershipCategory.FULL,
                giver__organization__membership__category=MembershipCategory.FULL,
            )
            .exclude(holder__organization_id__in=restricted)
            .exclude(giver__organization_id__in=restricted)
            .exclude(
                giver__attendance__checked_in_at__isnull=False,
                giver__attendance__checked_out_at__isnull=True,
            )
            .count()
        )
        present_votes = counts["full_present"] + carried
    return Strength(
        vote_mode=assembly.vote_mode,
        registered_delegates=counts["registered"],
        present_delegates=counts["present"],
        present_participants=present_participants,
        active_proxies=active_proxies,
        registered_votes=registered_votes,
        present_votes=present_votes,
        quorum_votes=math.ceil(registered_votes * assembly.quorum_percent / 100),
        restricted_delegates=counts["restricted"],
    )


def restricted_organizations(assembly: Assembly) -> list[tuple[Organization, VotingRestriction]]:
    """The organizations with delegates registered here that may not vote, and why (the
    check-in desk shows it, for those who staff it)."""
    registered = set(
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .values_list("organization_id", flat=True)
    )
    found = restrictions_for(assembly, registered)
    organizations = Organization.objects.filter(pk__in=list(found)).order_by("name")
    return [(organization, found[organization.pk]) for organization in organizations]
