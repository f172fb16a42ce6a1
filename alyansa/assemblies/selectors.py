"""Reads of assemblies that check access, and the numbers the live pages show.

For the voting app: assembly_strength(assembly) -> Strength (present voting strength and the
quorum), voting_rights(assembly) -> the votes each present delegate may cast (own + proxies),
speakers_state(item) -> SpeakersState (who speaks, the clock, how many wait),
agenda(assembly), assembly_public_get(slug), assembly_for_chair(user, slug).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role, scopes_of
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import (
    AgendaItem,
    Allocation,
    Amendment,
    Assembly,
    Credential,
    Participant,
    Proxy,
    SpeakerRequest,
    VoteMode,
    hash_secret,
)
from alyansa.assemblies.restrictions import VotingRestriction, restrictions_for
from alyansa.members.models import MembershipCategory, Organization

# Who reads: these selectors check access themselves, so any visitor may ask.
Visitor = User | AnonymousUser


def is_chair(user: Visitor | None) -> bool:
    """Officers and the secretariat chair sessions (both alliance-wide roles)."""
    return has_role(user, Role.SECRETARIAT) or has_role(user, Role.OFFICER)


# ---------------------------------------------------------------------------------------------
# Assemblies


def assemblies_public() -> QuerySet[Assembly]:
    return Assembly.objects.public().order_by("-starts_at")


def assembly_public_get(slug: str, user: Visitor | None = None) -> Assembly:
    """An announced (or later) assembly; drafts only for the chair and secretariat."""
    assembly = Assembly.objects.filter(slug=slug).first()
    if assembly is None or (assembly.status == Assembly.Status.DRAFT and not is_chair(user)):
        raise Http404
    return assembly


def assembly_for_chair(user: Visitor, slug: str) -> Assembly:
    """The chair's console: an officer or the secretariat."""
    if not is_chair(user):
        raise PermissionDenied
    assembly = Assembly.objects.filter(slug=slug).first()
    if assembly is None:
        raise Http404
    return assembly


def assembly_for_secretariat(user: Visitor, slug: str) -> Assembly:
    if not has_role(user, Role.SECRETARIAT):
        raise PermissionDenied
    assembly = Assembly.objects.filter(slug=slug).first()
    if assembly is None:
        raise Http404
    return assembly


def agenda(assembly: Assembly) -> list[AgendaItem]:
    """The items in order with their amendments (two queries)."""
    return list(
        assembly.items.select_related("organization", "constitution_version")
        .prefetch_related(Prefetch("amendments", queryset=Amendment.objects.order_by("position")))
        .order_by("position")
    )


def item_get(assembly: Assembly, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(assembly=assembly, pk=item_id).first()
    if item is None:
        raise Http404
    return item


# ---------------------------------------------------------------------------------------------
# Registration (coordinators see their own organizations only)


def organizations_registrable_by(user: Visitor) -> QuerySet[Organization]:
    """Member organizations whose participants the user may register: all of them for the
    secretariat, the coordinator's own for a coordinator."""
    members = Organization.objects.current_members().select_related("country")
    if has_role(user, Role.SECRETARIAT):
        return members.order_by("name")
    keys = scopes_of(user, Role.COORDINATOR)
    ids = [int(key.rsplit(":", 1)[1]) for key in keys if key.startswith("members.organization:")]
    return members.filter(pk__in=ids).order_by("name")


def organization_for_registrar(user: Visitor, slug: str) -> Organization:
    """The organization, if the user may register its participants; 404 otherwise (so a
    coordinator learns nothing about another organization)."""
    organization = Organization.objects.filter(slug=slug).select_related("country").first()
    if organization is None:
        raise Http404
    if has_role(user, Role.SECRETARIAT) or has_role(user, Role.COORDINATOR, scope=organization):
        return organization
    raise Http404


def may_register_for(user: Visitor, organization: Organization | None) -> bool:
    if has_role(user, Role.SECRETARIAT):
        return True
    return organization is not None and has_role(user, Role.COORDINATOR, scope=organization)


def participants_of(assembly: Assembly, organization: Organization) -> list[Participant]:
    """An organization's participants with their live credential (two queries)."""
    return list(
        Participant.objects.active()
        .filter(assembly=assembly, organization=organization)
        .select_related("attendance")
        .prefetch_related(
            Prefetch("credentials", queryset=Credential.objects.usable(), to_attr="live")
        )
        .order_by("kind", "display_name")
    )


def participant_for_registrar(user: Visitor, participant_id: int) -> Participant:
    participant = (
        Participant.objects.select_related("assembly", "organization")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not may_register_for(user, participant.organization):
        raise Http404
    return participant


def participants_all(assembly: Assembly) -> QuerySet[Participant]:
    """Everyone registered (the secretariat's list and check-in desk)."""
    return (
        Participant.objects.active()
        .filter(assembly=assembly)
        .select_related("organization", "country", "attendance")
        .order_by("organization__name", "display_name")
    )


def delegates_without_credential(assembly: Assembly) -> list[Participant]:
    """Delegates who have no usable credential yet (to print their badges in one go)."""
    return list(
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .exclude(pk__in=Credential.objects.usable().values("participant_id"))
        .select_related("organization", "country")
        .order_by("organization__name", "display_name")
    )


def credential_find(secret: str) -> Credential | None:
    """The usable credential with this secret, or None (revoked and withdrawn ones fail)."""
    if not secret:
        return None
    return (
        Credential.objects.usable()
        .select_related("participant__assembly", "participant__organization")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def quota_of(assembly: Assembly, organization: Organization) -> int:
    allocation = Allocation.objects.filter(assembly=assembly, organization=organization).first()
    if allocation is not None and allocation.quota is not None:
        return allocation.quota
    return assembly.delegate_quota


# ---------------------------------------------------------------------------------------------
# Strength and quorum


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


def live_state(assembly: Assembly) -> dict[str, Any]:
    """The assembly channel's whole state for live pages: counts and ids, never names."""
    strength = assembly_strength(assembly)
    return {
        "present_delegates": strength.present_delegates,
        "present_participants": strength.present_participants,
        "present_votes": strength.present_votes,
        "registered_votes": strength.registered_votes,
        "quorum_votes": strength.quorum_votes,
        "quorate": strength.quorate,
        "active_proxies": strength.active_proxies,
        **live_position(assembly, _current_speakers(assembly)),
    }


def _current_speakers(assembly: Assembly) -> SpeakersState | None:
    item = assembly.current_item
    return speakers_state(item) if item is not None else None


def live_position(assembly: Assembly, speakers: SpeakersState | None) -> dict[str, Any]:
    """Where the assembly is (status, item, who speaks, how many wait): the part of the live
    state that pages show by name and reload for. `speakers` are the current item's (None when
    no item is under discussion), which the pages have at hand already."""
    item = assembly.current_item
    return {
        "status": assembly.status,
        "item": item.pk if item else None,
        "item_status": item.status if item else None,
        "item_outcome": item.outcome if item else None,
        "speaking": speakers.speaking.pk if speakers and speakers.speaking else None,
        "speaking_ends_at": speakers.ends_at if speakers else None,
        "waiting": len(speakers.waiting) if speakers else 0,
    }


def proxies_of(assembly: Assembly) -> QuerySet[Proxy]:
    return (
        Proxy.objects.active()
        .filter(assembly=assembly)
        .select_related("giver__organization", "holder__organization")
    )


def proxies_all(assembly: Assembly) -> list[Proxy]:
    """Every proxy of the assembly, the revoked ones too, newest first, with who recorded or
    ended it (the secretariat's proxies page; one query)."""
    return list(
        Proxy.objects.filter(assembly=assembly)
        .select_related("giver__organization", "holder__organization", "recorded_by", "revoked_by")
        .order_by("-granted_at", "-pk")
    )


def proxy_get(assembly: Assembly, proxy_id: int) -> Proxy:
    proxy = Proxy.objects.filter(assembly=assembly, pk=proxy_id).first()
    if proxy is None:
        raise Http404
    return proxy


def delegates_for_proxies(assembly: Assembly) -> QuerySet[Participant]:
    """The registered delegates, with their organization and whether they are present, for the
    secretariat's proxy form."""
    return (
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .select_related("organization", "attendance")
        .order_by("display_name", "pk")
    )


def proxy_candidates(delegate: Participant) -> list[Participant]:
    """Present delegates this delegate may hand their vote to (same organization or region)."""
    assembly = delegate.assembly
    same = Q(organization_id=delegate.organization_id)
    if assembly.proxy_scope == "region" and delegate.organization is not None:
        same |= Q(organization__region_id=delegate.organization.region_id)
    return list(
        Participant.objects.delegates()
        .present()
        .filter(same, assembly=assembly)
        .exclude(pk=delegate.pk)
        .select_related("organization")
        .order_by("display_name")[:200]
    )


# ---------------------------------------------------------------------------------------------
# Speakers


@dataclass
class SpeakersState:
    """Who has the floor on an item, the clock, and the queue (for the projector and phones)."""

    item: AgendaItem
    speaking: SpeakerRequest | None
    waiting: list[SpeakerRequest] = field(default_factory=list)
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.speaking is None or self.speaking.called_at is None:
            return None
        return self.speaking.called_at + datetime.timedelta(
            seconds=self.speaking.allowed_seconds or 0
        )

    @property
    def remaining_seconds(self) -> int | None:
        """Seconds left (negative when over time), rendered server-side."""
        ends = self.ends_at
        return None if ends is None else math.floor((ends - self.now).total_seconds())

    @property
    def over_time(self) -> bool:
        return (self.remaining_seconds or 0) < 0

    @property
    def clock(self) -> str:
        remaining = self.remaining_seconds
        if remaining is None:
            return ""
        sign = "-" if remaining < 0 else ""
        minutes, seconds = divmod(abs(remaining), 60)
        return f"{sign}{minutes}:{seconds:02d}"

    def place_of(self, participant: Participant) -> int | None:
        for number, request in enumerate(self.waiting, start=1):
            if request.participant_id == participant.pk:
                return number
        return None


def speakers_state(item: AgendaItem) -> SpeakersState:
    """The floor on this item (two queries)."""
    speaking = (
        item.speakers.filter(called_at__isnull=False, finished_at__isnull=True)
        .select_related("participant__organization")
        .order_by("-called_at")
        .first()
    )
    waiting = list(item.speakers.waiting().select_related("participant__organization"))
    return SpeakersState(item=item, speaking=speaking, waiting=waiting)
