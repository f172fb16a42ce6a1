"""Who may vote in a poll: the entitlements fixed when it opens (present delegates in the
poll's electorate, proxies, one weighted vote per organization) and the members of a body
that votes."""

from __future__ import annotations

from collections.abc import Iterable

from alyansa.assemblies.models import Allocation, Participant, Proxy
from alyansa.assemblies.restrictions import restrictions_for
from alyansa.members.models import MembershipCategory
from alyansa.voting.models import Election, Electorate, Entitlement, Poll


def _in_scope(poll: Poll, delegate: Participant, body_members: set[int]) -> bool:
    membership = getattr(delegate.organization, "membership", None)
    category = membership.category if membership is not None else None
    if poll.electorate == Electorate.BODY:
        return delegate.pk in body_members
    if poll.electorate == Electorate.ASSOCIATE:
        return category == MembershipCategory.ASSOCIATE
    if category != MembershipCategory.FULL:
        return False  # associate members vote only in their own caucus
    if poll.electorate == Electorate.REGION:
        return delegate.organization is not None and delegate.organization.region_id == (
            poll.region_id
        )
    return True


def entitlements_for(poll: Poll, body_members: Iterable[Participant] = ()) -> list[Entitlement]:
    """Who may cast which vote, by the rules of assemblies.selectors.voting_rights: present
    delegates in the poll's electorate cast their own vote; an absent delegate's vote is cast
    separately by the present holder of their proxy; with one vote per organization, its
    weighted vote goes to its first present delegate (or the holder of one of its proxies)."""
    assembly = poll.assembly
    if assembly is None:
        return []
    members = {one.pk for one in body_members}
    delegates = list(
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .select_related("attendance", "organization__membership")
        .order_by("pk")
    )
    present = {
        one.pk
        for one in delegates
        if getattr(one, "attendance", None) is not None and one.attendance.present
    }
    # The delegates of an organization that may not vote at this assembly (its standing,
    # restrictions.py) cast no vote, theirs or a proxy's; a body's members vote as members.
    restricted = set() if poll.electorate == Electorate.BODY else set(restrictions_for(assembly))
    present -= {one.pk for one in delegates if one.organization_id in restricted}
    in_scope = [
        one
        for one in delegates
        if one.organization_id not in restricted and _in_scope(poll, one, members)
    ]
    proxies = dict(
        Proxy.objects.active().filter(assembly=assembly).values_list("giver_id", "holder_id")
    )
    # Who casts each delegate's vote: themselves if present, else their present proxy holder.
    casts: list[tuple[Participant, int, int | None]] = []
    for delegate in in_scope:
        if delegate.pk in present:
            casts.append((delegate, delegate.pk, None))
        elif proxies.get(delegate.pk) in present:
            casts.append((delegate, proxies[delegate.pk], delegate.pk))
    if poll.weighting == Poll.Weighting.PER_ORGANIZATION:
        weights = dict(
            Allocation.objects.filter(assembly=assembly).values_list("organization_id", "weight")
        )
        by_org: dict[int, tuple[int, int | None]] = {}
        for delegate, holder, proxy_for in sorted(casts, key=lambda c: (c[2] is not None, c[1])):
            if delegate.organization_id is not None:
                by_org.setdefault(delegate.organization_id, (holder, proxy_for))
        return [
            Entitlement(
                poll=poll,
                voter_key=f"o{org_id}",
                holder_id=holder,
                proxy_for_id=proxy_for,
                weight=weights.get(org_id, 1),
            )
            for org_id, (holder, proxy_for) in sorted(by_org.items())
        ]
    return [
        Entitlement(
            poll=poll, voter_key=f"d{delegate.pk}", holder_id=holder, proxy_for_id=proxy_for
        )
        for delegate, holder, proxy_for in casts
    ]


def body_members_elected(poll: Poll) -> list[Participant]:
    """The delegates elected (and certified) at this assembly to the body that votes: the new
    coordinating body electing its officers."""
    if poll.body_id is None or poll.assembly_id is None:
        return []
    members: list[Participant] = []
    elections = Election.objects.filter(
        assembly_id=poll.assembly_id, seat__body_id=poll.body_id, status=Election.Status.CERTIFIED
    )
    for election in elections:
        closed = election.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
        if closed is None:
            continue
        elected = set(closed.result.get("elected", []))
        for option in closed.options.select_related("nomination__participant"):
            nomination = option.nomination
            if option.label in elected and nomination and nomination.participant:
                members.append(nomination.participant)
    return members
