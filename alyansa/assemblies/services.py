"""Every change to an assembly: one transaction and one audit row each.

Public API for the voting app (it may import from here; this app never imports voting):

    assembly_create(...)                      set-up (title, dates, zone, vote mode, quota, ...)
    assembly_set_status(assembly=, status=)   draft → announced → in session → closed
    delegate_register(assembly=, organization=, display_name=, acting_user=) -> Participant
    participant_register(..., kind=Participant.Kind.GUEST)
    credential_issue(participant=, acting_user=) -> (Credential, secret)   reissue revokes
    credential_revoke(credential=, reason=, acting_user=)
    attendance_check_in(participant=, method=, acting_user=)    door or online
    proxy_grant(giver=, holder=, acting_user=) / proxy_revoke(proxy=, acting_user=)
    item_create(...) / item_open(item=, acting_user=)
    item_decide(item=, outcome=, additions="", acting_user=, decided_on=None)
        call it when a poll's verdict is known: admissions call the registry's
        membership_admit (or membership_decline), constitutional amendments call governance's
        constitution_amend.
    amendment_add(...) / amendment_decide(amendment=, outcome=, acting_user=)
    speaker_request(item=, participant=) / speaker_call_next(item=, acting_user=)

Reads are in selectors.py (assembly_strength, speakers_state, agenda, ...); the delegate
session is in permissions.py (delegate_from_request, delegate_required).

Delegate actions (no account) pass acting_user=None; their audit rows name the participant.
"""

from __future__ import annotations

import datetime
import secrets
import threading
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import hash_token
from alyansa.assemblies.decisions import item_decided
from alyansa.assemblies.models import (
    OUTCOMES_BY_KIND,
    THRESHOLD_FIELD_BY_KIND,
    AgendaItem,
    Allocation,
    Amendment,
    Assembly,
    Attendance,
    Credential,
    ItemKind,
    Outcome,
    Participant,
    Proxy,
    ProxyScope,
    QuorumBasisChoice,
    SpeakerRequest,
    ThresholdChoice,
    VoteMode,
    hash_secret,
    validate_time_zone,
)
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.errors import RuleError
from alyansa.core.text import single_line
from alyansa.members.models import MembershipStatus, Organization

# Crockford-like alphabet: no 0/O, 1/I/L, so a code read aloud or typed from a badge survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20  # 20 symbols of 31: about 99 bits


class AssemblyRuleError(RuleError):
    """A step the assembly's rules do not allow, said in words the secretariat understands."""


def normalize_code(text: str) -> str:
    """A typed or scanned code (with dashes, spaces, lower case, or a whole link) → the secret."""
    text = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch in CODE_ALPHABET)


def format_code(secret: str) -> str:
    return "-".join(secret[i : i + 4] for i in range(0, len(secret), 4))


_live = threading.local()


def assembly_announce(assembly: Assembly, event: str, data: dict[str, Any] | None = None) -> None:
    """Tell live pages that something changed. The channel `assembly:<id>` carries its whole
    state each time (counts and ids, never lists of people: selectors.live_state), plus what
    `data` adds, through alyansa.core.live.

    The state is read after the commit, outside the write transaction (short writes matter on
    SQLite), and once per transaction however many changes it made: only the last
    announcement of an assembly is sent. If that last change is rolled back while an earlier
    one commits, nothing is sent; pages catch up at their next event or reload."""
    pending: dict[int, tuple[int, str, dict[str, Any]]] = _live.__dict__.setdefault("pending", {})
    sequence = pending.get(assembly.pk, (0, "", {}))[0] + 1
    pending[assembly.pk] = (sequence, event, data or {})
    transaction.on_commit(lambda: _announce_now(assembly.pk, sequence))


def _announce_now(assembly_id: int, sequence: int) -> None:
    from alyansa.assemblies.selectors import live_state
    from alyansa.core.live import publish

    pending: dict[int, tuple[int, str, dict[str, Any]]] = _live.__dict__.setdefault("pending", {})
    entry = pending.get(assembly_id)
    if entry is None or entry[0] != sequence:
        # A later change announces the state: in the same transaction, or already (an
        # announcement made from another commit hook goes out at once and takes the entry).
        return
    _latest, event, data = entry
    pending.pop(assembly_id, None)
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is not None:
        publish(f"assembly:{assembly_id}", event, {**live_state(assembly), **data})


def _delegate_actor(participant: Participant) -> dict[str, Any]:
    return {"by_participant": participant.pk}


# ---------------------------------------------------------------------------------------------
# Set-up


# Addresses under /assemblies/ that are not assemblies.
RESERVED_SLUGS = frozenset({"new", "signin", "signout", "me", "participants"})

SETUP_FIELDS = [
    "title",
    "theme",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "hybrid",
    "vote_mode",
    "delegate_quota",
    "proxy_scope",
    "proxy_cap",
    "quorum_percent",
    "quorum_basis",
    *THRESHOLD_FIELD_BY_KIND.values(),
    "speaking_seconds",
]


def _check_setup(assembly: Assembly) -> None:
    try:
        validate_time_zone(assembly.time_zone)
    except ValidationError as error:
        raise AssemblyRuleError(error.messages[0]) from error
    if assembly.ends_at < assembly.starts_at:
        raise AssemblyRuleError(_("An assembly cannot end before it starts."))
    if assembly.quorum_percent > 100:
        raise AssemblyRuleError(_("The quorum is a percentage, at most 100."))
    VoteMode(assembly.vote_mode)
    ProxyScope(assembly.proxy_scope)
    if assembly.quorum_basis not in QuorumBasisChoice.values:
        raise AssemblyRuleError(_("Not a known way of counting the quorum."))
    for name in THRESHOLD_FIELD_BY_KIND.values():
        if getattr(assembly, name) not in ThresholdChoice.values:
            raise AssemblyRuleError(_("Not a known majority."))


@transaction.atomic
def assembly_create(
    *,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    acting_user: Any,
    theme: str = "",
    venue: str = "",
    hybrid: bool = False,
    vote_mode: str = VoteMode.PER_DELEGATE,
    delegate_quota: int = 2,
    proxy_scope: str = ProxyScope.REGION,
    proxy_cap: int = 1,
    quorum_percent: int = 50,
    quorum_basis: str = QuorumBasisChoice.PRESENT_VOTING_DELEGATES,
    threshold_procedural: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_admission: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_report: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_motion: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_constitutional: str = ThresholdChoice.TWO_THIRDS,
    speaking_seconds: int = 180,
    slug: str = "",
) -> Assembly:
    """Prepare an assembly (a draft until announced). Times must be aware; they are kept in
    UTC and shown in the assembly's own zone. The thresholds are the majorities that decisions
    on each kind of item need, as the statutes say (docs/rules/motions.md)."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise AssemblyRuleError(_("Give the times with their time zone."))
    base = slugify(slug or title)[:70] or "assembly"
    if base in RESERVED_SLUGS:
        base = f"assembly-{base}"
    candidate, number = base, 1
    while Assembly.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    assembly = Assembly(
        slug=candidate,
        title=single_line(title),
        theme=theme.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        venue=venue.strip(),
        hybrid=hybrid,
        vote_mode=vote_mode,
        delegate_quota=delegate_quota,
        proxy_scope=proxy_scope,
        proxy_cap=proxy_cap,
        quorum_percent=quorum_percent,
        quorum_basis=quorum_basis,
        speaking_seconds=speaking_seconds,
        threshold_procedural=threshold_procedural,
        threshold_admission=threshold_admission,
        threshold_report=threshold_report,
        threshold_motion=threshold_motion,
        threshold_constitutional=threshold_constitutional,
    )
    _check_setup(assembly)
    assembly.save()
    audit_record(actor=acting_user, action="assembly.create", obj=assembly)
    return assembly


@transaction.atomic
def assembly_update(*, assembly: Assembly, changes: dict[str, Any], acting_user: Any) -> Assembly:
    """Change the set-up. The vote mode is fixed once the assembly is in session. The majorities
    and the quorum may change at any time (an assembly adopts its rules of procedure in
    session); polls already prepared keep the rules they were prepared with."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    before = {name: getattr(assembly, name) for name in SETUP_FIELDS}
    for name, value in changes.items():
        if name not in SETUP_FIELDS:
            raise AssemblyRuleError(_("This field cannot be changed here: %s") % name)
        setattr(assembly, name, value)
    in_session_or_after = assembly.status in (Assembly.Status.IN_SESSION, Assembly.Status.CLOSED)
    if in_session_or_after and before["vote_mode"] != assembly.vote_mode:
        raise AssemblyRuleError(_("The vote mode cannot change once the assembly is in session."))
    _check_setup(assembly)
    diff = model_changes(assembly, before, SETUP_FIELDS)
    if diff:
        assembly.save(update_fields=list(diff))
        audit_record(actor=acting_user, action="assembly.update", obj=assembly, changes=diff)
    return assembly


STATUS_STEPS = {
    Assembly.Status.DRAFT: {Assembly.Status.ANNOUNCED},
    Assembly.Status.ANNOUNCED: {Assembly.Status.DRAFT, Assembly.Status.IN_SESSION},
    Assembly.Status.IN_SESSION: {Assembly.Status.CLOSED},
    Assembly.Status.CLOSED: {Assembly.Status.IN_SESSION},
}


@transaction.atomic
def assembly_set_status(*, assembly: Assembly, status: str, acting_user: Any) -> Assembly:
    """Announce (public page), open the session, close it (reopen only if closed by mistake)."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    status = Assembly.Status(status)
    if status not in STATUS_STEPS[Assembly.Status(assembly.status)]:
        raise AssemblyRuleError(
            _("An assembly that is “%(old)s” cannot become “%(new)s”.")
            % {"old": Assembly.Status(assembly.status).label, "new": status.label}
        )
    old = assembly.status
    assembly.status = status
    assembly.save(update_fields=["status"])
    audit_record(
        actor=acting_user, action="assembly.status", obj=assembly, changes={"status": [old, status]}
    )
    assembly_announce(assembly, "assembly.status", {"status": status.value})
    return assembly


@transaction.atomic
def hall_link_create(*, assembly: Assembly, acting_user: Any) -> str:
    """The chair makes the hall display's secret link (returned once; only its hash is kept).
    A new link revokes the one before: displays opened with it go dark at their next load."""
    secret = secrets.token_urlsafe(24)
    assembly.hall_link_hash = hash_token(secret)
    assembly.save(update_fields=["hall_link_hash"])
    audit_record(actor=acting_user, action="assembly.hall_link_create", obj=assembly)
    return secret


@transaction.atomic
def hall_link_revoke(*, assembly: Assembly, acting_user: Any) -> Assembly:
    """No display opens the projector any more, except for signed-in assembly staff."""
    assembly.hall_link_hash = ""
    assembly.save(update_fields=["hall_link_hash"])
    audit_record(actor=acting_user, action="assembly.hall_link_revoke", obj=assembly)
    return assembly


def hall_link_matches(assembly: Assembly, secret: str) -> bool:
    return bool(assembly.hall_link_hash) and constant_time_compare(
        assembly.hall_link_hash, hash_token(secret)
    )


@transaction.atomic
def allocation_set(
    *,
    assembly: Assembly,
    organization: Organization,
    acting_user: Any,
    quota: int | None = None,
    weight: int = 1,
) -> Allocation:
    """An organization's own quota (None: the assembly's default) and its vote's weight."""
    allocation, _created = Allocation.objects.update_or_create(
        assembly=assembly, organization=organization, defaults={"quota": quota, "weight": weight}
    )
    audit_record(
        actor=acting_user,
        action="assembly.allocation",
        obj=assembly,
        changes={"organization": organization.pk, "quota": quota, "weight": weight},
    )
    return allocation


def quota_for(assembly: Assembly, organization: Organization) -> int:
    allocation = Allocation.objects.filter(assembly=assembly, organization=organization).first()
    if allocation is not None and allocation.quota is not None:
        return allocation.quota
    return assembly.delegate_quota


# ---------------------------------------------------------------------------------------------
# Participants and credentials


def _is_member(organization: Organization) -> bool:
    membership = getattr(organization, "membership", None)
    return membership is not None and membership.is_member


@transaction.atomic
def participant_register(
    *,
    assembly: Assembly,
    kind: str,
    display_name: str,
    acting_user: Any,
    organization: Organization | None = None,
    country: Any = None,
) -> Participant:
    """Register a delegate (votes; a member organization's, within its quota) or a guest or
    observer (no vote). A pseudonym is fine: nothing else about the person is kept."""
    kind = Participant.Kind(kind)
    name = single_line(display_name)
    if not name:
        raise AssemblyRuleError(_("Give a name or a pseudonym."))
    # Lock the assembly so that two coordinators registering at once cannot pass the quota.
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.status == Assembly.Status.CLOSED:
        raise AssemblyRuleError(_("This assembly is closed."))
    if kind == Participant.Kind.DELEGATE:
        if organization is None:
            raise AssemblyRuleError(_("A delegate represents a member organization."))
        organization = Organization.objects.select_related("membership").get(pk=organization.pk)
        if not _is_member(organization):
            raise AssemblyRuleError(_("Only member organizations send delegates."))
        taken = Participant.objects.delegates().filter(assembly=assembly, organization=organization)
        quota = quota_for(assembly, organization)
        if taken.count() >= quota:
            raise AssemblyRuleError(
                _("%(organization)s has already registered its %(quota)d delegates.")
                % {"organization": organization.name, "quota": quota}
            )
    participant = Participant.objects.create(
        assembly=assembly,
        kind=kind,
        organization=organization,
        country=country or (organization.country if organization else None),
        display_name=name,
        registered_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action="participant.register",
        obj=participant,
        changes={"assembly": assembly.pk, "kind": kind.value},
    )
    return participant


def delegate_register(
    *, assembly: Assembly, organization: Organization, display_name: str, acting_user: Any
) -> Participant:
    """Register a voting delegate of a member organization (see participant_register)."""
    return participant_register(
        assembly=assembly,
        kind=Participant.Kind.DELEGATE,
        organization=organization,
        display_name=display_name,
        acting_user=acting_user,
    )


@transaction.atomic
def participant_withdraw(*, participant: Participant, acting_user: Any) -> Participant:
    """Take a participant off the list: their credential and proxies end with it."""
    now = timezone.now()
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.withdrawn_at is None:
        participant.withdrawn_at = now
        participant.save(update_fields=["withdrawn_at"])
        participant.credentials.filter(revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason="withdrawn"
        )
        Proxy.objects.active().filter(giver=participant).update(revoked_at=now)
        Proxy.objects.active().filter(holder=participant).update(revoked_at=now)
        audit_record(actor=acting_user, action="participant.withdraw", obj=participant)
    return participant


def _new_secret() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def credential_issue(*, participant: Participant, acting_user: Any) -> tuple[Credential, str]:
    """Issue a delegate's credential; returns it and the secret, which is never stored (only its
    hash) and cannot be shown again. A reissue (lost badge) revokes the previous credential."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.kind != Participant.Kind.DELEGATE:
        raise AssemblyRuleError(_("Only delegates receive a credential."))
    if participant.withdrawn_at is not None:
        raise AssemblyRuleError(_("This delegate has been withdrawn."))
    now = timezone.now()
    replaced = list(
        participant.credentials.filter(revoked_at__isnull=True).values_list("pk", flat=True)
    )
    participant.credentials.filter(pk__in=replaced).update(
        revoked_at=now, revoked_reason="reissued"
    )
    secret = _new_secret()
    credential = Credential.objects.create(
        participant=participant,
        secret_hash=hash_secret(secret),
        hint=secret[:4],
        issued_at=now,
        issued_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action="credential.reissue" if replaced else "credential.issue",
        obj=credential,
        changes={"participant": participant.pk, "replaces": replaced},
    )
    return credential, secret


@transaction.atomic
def credential_revoke(*, credential: Credential, acting_user: Any, reason: str = "") -> Credential:
    """Stop a credential from working (its sessions end at their next request)."""
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.revoked_reason = reason.strip()[:200] or "revoked"
        credential.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(actor=acting_user, action="credential.revoke", obj=credential)
    return credential


# ---------------------------------------------------------------------------------------------
# Attendance


@transaction.atomic
def attendance_check_in(
    *, participant: Participant, method: str, acting_user: Any = None
) -> Attendance:
    """Mark a participant present: at the door (scanned or typed badge) or online (the delegate
    confirms from their phone; only at a hybrid assembly). Checking in twice changes nothing."""
    method = Attendance.Method(method)
    participant = Participant.objects.select_related("assembly").get(pk=participant.pk)
    assembly = participant.assembly
    if participant.withdrawn_at is not None:
        raise AssemblyRuleError(_("This participant has been withdrawn."))
    if assembly.status not in (Assembly.Status.ANNOUNCED, Assembly.Status.IN_SESSION):
        raise AssemblyRuleError(_("Check-in is open only before and during the assembly."))
    if method == Attendance.Method.ONLINE and not assembly.hybrid:
        raise AssemblyRuleError(_("This assembly meets in person: check in at the door."))
    attendance = Attendance.objects.select_for_update().filter(participant=participant).first()
    if attendance is not None and attendance.present:
        return attendance
    now = timezone.now()
    by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if attendance is None:
        attendance = Attendance.objects.create(
            participant=participant, method=method, checked_in_at=now, checked_in_by=by
        )
    else:
        attendance.method, attendance.checked_in_at, attendance.checked_in_by = method, now, by
        attendance.checked_out_at = None
        attendance.save(
            update_fields=["method", "checked_in_at", "checked_in_by", "checked_out_at"]
        )
    audit_record(
        actor=acting_user,
        action="attendance.check_in",
        obj=participant,
        changes={"method": method.value, **({} if by else _delegate_actor(participant))},
    )
    assembly_announce(assembly, "attendance")
    return attendance


@transaction.atomic
def attendance_check_out(*, participant: Participant, acting_user: Any = None) -> Attendance | None:
    """A participant leaves: they no longer count towards the present strength."""
    attendance = Attendance.objects.select_for_update().filter(participant=participant).first()
    if attendance is None or not attendance.present:
        return attendance
    attendance.checked_out_at = timezone.now()
    attendance.save(update_fields=["checked_out_at"])
    audit_record(actor=acting_user, action="attendance.check_out", obj=participant)
    assembly = participant.assembly
    assembly_announce(assembly, "attendance")
    return attendance


# ---------------------------------------------------------------------------------------------
# Proxies


def _same_region(a: Participant, b: Participant) -> bool:
    region_a = a.organization.region_id if a.organization else None
    region_b = b.organization.region_id if b.organization else None
    return region_a is not None and region_a == region_b


@transaction.atomic
def proxy_grant(*, giver: Participant, holder: Participant, acting_user: Any = None) -> Proxy:
    """A delegate hands their vote to another present delegate of the same organization (or,
    if the assembly allows it, the same region), who holds at most `proxy_cap` proxies. No
    chains: a holder cannot give their votes on, and a giver cannot hold. A new grant replaces
    the giver's earlier one. The giver grants it from their phone (acting_user None), or the
    secretariat records a written proxy handed in at the desk (acting_user: who typed it)."""
    assembly = Assembly.objects.select_for_update().get(pk=giver.assembly_id)
    related = ("organization", "attendance")
    giver = Participant.objects.select_related(*related).get(pk=giver.pk)
    holder = Participant.objects.select_related(*related).get(pk=holder.pk)
    if giver.pk == holder.pk:
        raise AssemblyRuleError(_("A delegate cannot be their own proxy."))
    if holder.assembly_id != assembly.pk:
        raise AssemblyRuleError(_("Both delegates must be at the same assembly."))
    for one in (giver, holder):
        if one.kind != Participant.Kind.DELEGATE or one.withdrawn_at is not None:
            raise AssemblyRuleError(_("Only registered delegates give or hold proxies."))
    if assembly.status == Assembly.Status.CLOSED:
        raise AssemblyRuleError(_("This assembly is closed."))
    attendance = getattr(holder, "attendance", None)
    if attendance is None or not attendance.present:
        raise AssemblyRuleError(_("A proxy goes to a delegate who is present."))
    same_org = giver.organization_id == holder.organization_id
    if not same_org and not (
        assembly.proxy_scope == ProxyScope.REGION and _same_region(giver, holder)
    ):
        raise AssemblyRuleError(
            _("A proxy goes to a delegate of the same organization or region.")
            if assembly.proxy_scope == ProxyScope.REGION
            else _("A proxy goes to a delegate of the same organization.")
        )
    if Proxy.objects.active().filter(giver=holder).exists():
        raise AssemblyRuleError(_("This delegate has given their own vote away."))
    if Proxy.objects.active().filter(holder=giver).exists():
        raise AssemblyRuleError(_("A delegate who holds proxies cannot give their vote away."))
    held = Proxy.objects.active().filter(holder=holder).exclude(giver=giver).count()
    if held >= assembly.proxy_cap:
        raise AssemblyRuleError(
            _("This delegate already holds %(cap)d proxies, the most allowed.")
            % {"cap": assembly.proxy_cap}
        )
    now = timezone.now()
    replaced = list(Proxy.objects.active().filter(giver=giver).values_list("pk", flat=True))
    Proxy.objects.filter(pk__in=replaced).update(revoked_at=now)
    by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    proxy = Proxy.objects.create(
        assembly=assembly, giver=giver, holder=holder, granted_at=now, recorded_by=by
    )
    audit_record(
        actor=acting_user,
        action="proxy.grant",
        obj=proxy,
        changes={
            "giver": giver.pk,
            "holder": holder.pk,
            "replaces": replaced,
            **({"paper": True} if by else _delegate_actor(giver)),
        },
    )
    assembly_announce(assembly, "proxies")
    return proxy


@transaction.atomic
def proxy_revoke(*, proxy: Proxy, acting_user: Any = None) -> Proxy:
    """The giver takes their vote back (or the secretariat ends the proxy)."""
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy.revoked_at is None:
        proxy.revoked_at = timezone.now()
        proxy.revoked_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        proxy.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=acting_user,
            action="proxy.revoke",
            obj=proxy,
            changes={"giver": proxy.giver_id, "holder": proxy.holder_id},
        )
        assembly_announce(proxy.assembly, "proxies")
    return proxy


# ---------------------------------------------------------------------------------------------
# Agenda


@transaction.atomic
def item_create(
    *,
    assembly: Assembly,
    kind: str,
    title: str,
    acting_user: Any,
    text: str = "",
    organization: Organization | None = None,
    constitution_text: str = "",
) -> AgendaItem:
    """Add an item at the end of the agenda. An admission names the organization; a
    constitutional amendment carries the whole constitution as amended."""
    kind = ItemKind(kind)
    if not single_line(title):
        raise AssemblyRuleError(_("Give the item a title."))
    if kind == ItemKind.ADMISSION and organization is None:
        raise AssemblyRuleError(_("Say which organization is to be admitted."))
    if kind == ItemKind.CONSTITUTIONAL and not constitution_text.strip():
        raise AssemblyRuleError(_("Give the text of the constitution as amended."))
    Assembly.objects.select_for_update().filter(pk=assembly.pk).first()
    last = assembly.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        assembly=assembly,
        position=last + 1,
        kind=kind,
        title=single_line(title),
        text=text,
        organization=organization if kind == ItemKind.ADMISSION else None,
        constitution_text=constitution_text if kind == ItemKind.CONSTITUTIONAL else "",
    )
    audit_record(actor=acting_user, action="item.create", obj=item, changes={"kind": kind.value})
    return item


ITEM_FIELDS = ["title", "text", "notes", "constitution_text"]


@transaction.atomic
def item_update(*, item: AgendaItem, changes: dict[str, Any], acting_user: Any) -> AgendaItem:
    """Edit an item's title, text, or its notes for the minutes."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = {name: getattr(item, name) for name in ITEM_FIELDS}
    for name, value in changes.items():
        if name not in ITEM_FIELDS:
            raise AssemblyRuleError(_("This field cannot be changed here: %s") % name)
        setattr(item, name, value)
    diff = model_changes(item, before, ITEM_FIELDS)
    if diff:
        item.save(update_fields=list(diff))
        # Notes and texts can be long: the trail records which fields changed, not the text.
        audit_record(
            actor=acting_user, action="item.update", obj=item, changes={"fields": list(diff)}
        )
    return item


@transaction.atomic
def item_translate(
    *, item: AgendaItem, language: str, title: str, text: str, acting_user: Any
) -> AgendaItem:
    """Add or replace the item's title and text in one language (empty both: remove it)."""
    from django.conf import settings

    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise AssemblyRuleError(_("Not one of the site's languages."))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    translations = dict(item.translations)
    if title.strip() or text.strip():
        translations[language] = {"title": single_line(title), "text": text}
    else:
        translations.pop(language, None)
    item.translations = translations
    item.save(update_fields=["translations"])
    audit_record(
        actor=acting_user, action="item.translate", obj=item, changes={"language": language}
    )
    return item


@transaction.atomic
def item_move(*, item: AgendaItem, position: int, acting_user: Any) -> AgendaItem:
    """Move an item to another place in the agenda; the others close ranks."""
    Assembly.objects.select_for_update().filter(pk=item.assembly_id).first()
    items = list(AgendaItem.objects.filter(assembly_id=item.assembly_id).order_by("position"))
    ordered = [one for one in items if one.pk != item.pk]
    position = max(1, min(position, len(items)))
    ordered.insert(position - 1, next(one for one in items if one.pk == item.pk))
    # Two steps so that the unique (assembly, position) holds at every moment.
    AgendaItem.objects.filter(assembly_id=item.assembly_id).update(position=F("position") + 10000)
    for number, one in enumerate(ordered, start=1):
        AgendaItem.objects.filter(pk=one.pk).update(position=number)
    item.refresh_from_db()
    audit_record(actor=acting_user, action="item.move", obj=item, changes={"position": position})
    return item


@transaction.atomic
def item_open(*, item: AgendaItem, acting_user: Any) -> AgendaItem:
    """The chair moves to this item: it becomes the assembly's current item. The item left
    behind is done if decided, else back to come."""
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    if assembly.status != Assembly.Status.IN_SESSION:
        raise AssemblyRuleError(_("Open the session first."))
    previous = assembly.current_item
    if (
        previous is not None
        and previous.pk != item.pk
        and previous.status == AgendaItem.Status.OPEN
    ):
        previous.status = AgendaItem.Status.DONE if previous.outcome else AgendaItem.Status.PENDING
        previous.save(update_fields=["status"])
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.status != AgendaItem.Status.OPEN:
        item.status = AgendaItem.Status.OPEN
        item.opened_at = item.opened_at or timezone.now()
        item.save(update_fields=["status", "opened_at"])
    assembly.current_item = item
    assembly.save(update_fields=["current_item"])
    audit_record(actor=acting_user, action="item.open", obj=item)
    assembly_announce(assembly, "item", {"item": item.pk})
    return item


@transaction.atomic
def item_decide(
    *,
    item: AgendaItem,
    outcome: str,
    acting_user: Any,
    additions: str = "",
    decided_on: datetime.date | None = None,
) -> AgendaItem:
    """Record the assembly's decision on an item (the voting app calls this with a poll's
    verdict). An approved admission admits the organization in the member registry; a rejected
    one declines its application. An approved constitutional amendment ratifies a new
    constitution version. Additions are recorded with a report or motion approved with them.
    A decision is final: a second one is refused."""
    from alyansa.governance.services import constitution_amend
    from alyansa.members.services import membership_admit, membership_decline

    outcome = Outcome(outcome)
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("assembly", "organization")
        .get(pk=item.pk)
    )
    assembly = item.assembly
    if item.outcome:
        raise AssemblyRuleError(_("This item has already been decided."))
    if assembly.status != Assembly.Status.IN_SESSION:
        raise AssemblyRuleError(_("Decisions are taken while the assembly is in session."))
    if outcome not in OUTCOMES_BY_KIND[item.kind]:
        raise AssemblyRuleError(
            _("“%(outcome)s” is not a possible outcome for this kind of item.")
            % {"outcome": outcome.label}
        )
    if outcome == Outcome.APPROVED_WITH_ADDITIONS and not additions.strip():
        raise AssemblyRuleError(_("Record the additions that were approved with it."))
    day = decided_on or assembly.today()
    changes: dict[str, Any] = {"outcome": outcome.value}
    if item.kind == ItemKind.ADMISSION and item.organization is not None:
        if outcome == Outcome.APPROVED:
            membership_admit(
                organization=item.organization,
                decided_by=assembly,
                date=day,
                acting_user=acting_user,
            )
            changes["admitted"] = item.organization.pk
        else:
            membership = getattr(item.organization, "membership", None)
            if membership is not None and membership.status == MembershipStatus.APPLIED:
                membership_decline(
                    organization=item.organization,
                    decided_by=assembly,
                    date=day,
                    acting_user=acting_user,
                )
    if item.kind == ItemKind.CONSTITUTIONAL and outcome == Outcome.APPROVED:
        version = constitution_amend(
            title=item.title,
            text=item.constitution_text,
            summary=item.text,
            adopted_on=day,
            ratified_by=assembly,
            acting_user=acting_user,
        )
        item.constitution_version = version
        changes["constitution_version"] = version.number
    item.outcome = outcome
    item.additions = additions.strip() if outcome == Outcome.APPROVED_WITH_ADDITIONS else ""
    item.decided_at = timezone.now()
    if assembly.current_item_id != item.pk:
        item.status = AgendaItem.Status.DONE
    item.save(
        update_fields=["outcome", "additions", "decided_at", "status", "constitution_version"]
    )
    audit_record(actor=acting_user, action="item.decide", obj=item, changes=changes)
    # Apps above (the program of action) act on the decision in this same transaction.
    item_decided(item, acting_user=acting_user)
    assembly_announce(assembly, "item.decided", {"item": item.pk, "outcome": outcome.value})
    return item


@transaction.atomic
def amendment_add(
    *, item: AgendaItem, text: str, acting_user: Any, proposed_by: str = ""
) -> Amendment:
    """An amendment to a motion or report, in the order moved."""
    if item.kind not in (ItemKind.MOTION, ItemKind.REPORT, ItemKind.CONSTITUTIONAL):
        raise AssemblyRuleError(_("Only motions and reports take amendments."))
    if item.outcome:
        raise AssemblyRuleError(_("This item has already been decided."))
    if not text.strip():
        raise AssemblyRuleError(_("Give the amendment's text."))
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    last = item.amendments.aggregate(last=Max("position"))["last"] or 0
    amendment = Amendment.objects.create(
        item=item, position=last + 1, text=text.strip(), proposed_by=proposed_by.strip()[:200]
    )
    audit_record(actor=acting_user, action="amendment.add", obj=amendment)
    return amendment


@transaction.atomic
def amendment_translate(
    *, amendment: Amendment, language: str, text: str, acting_user: Any
) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    translations = dict(amendment.translations)
    if text.strip():
        translations[language] = text.strip()
    else:
        translations.pop(language, None)
    amendment.translations = translations
    amendment.save(update_fields=["translations"])
    audit_record(
        actor=acting_user,
        action="amendment.translate",
        obj=amendment,
        changes={"language": language},
    )
    return amendment


@transaction.atomic
def amendment_decide(*, amendment: Amendment, outcome: str, acting_user: Any) -> Amendment:
    """Record an amendment's own outcome (adopted, rejected, withdrawn), before its motion's."""
    outcome = Amendment.Outcome(outcome)
    amendment = Amendment.objects.select_for_update().select_related("item").get(pk=amendment.pk)
    if outcome == Amendment.Outcome.PENDING:
        raise AssemblyRuleError(_("Choose an outcome."))
    if amendment.outcome != Amendment.Outcome.PENDING:
        raise AssemblyRuleError(_("This amendment has already been decided."))
    if amendment.item.outcome:
        raise AssemblyRuleError(_("This item has already been decided."))
    amendment.outcome = outcome
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["outcome", "decided_at"])
    audit_record(
        actor=acting_user,
        action="amendment.decide",
        obj=amendment,
        changes={"outcome": outcome.value},
    )
    return amendment


# ---------------------------------------------------------------------------------------------
# The list of speakers


@transaction.atomic
def speaker_request(*, item: AgendaItem, participant: Participant) -> SpeakerRequest:
    """A participant asks for the floor on the current item. Asking twice keeps one place."""
    if participant.withdrawn_at is not None or participant.assembly_id != item.assembly_id:
        raise AssemblyRuleError(_("You are not registered at this assembly."))
    assembly = Assembly.objects.get(pk=item.assembly_id)
    if assembly.current_item_id != item.pk or item.outcome:
        raise AssemblyRuleError(_("The floor is open only on the item under discussion."))
    waiting = SpeakerRequest.objects.waiting().filter(item=item, participant=participant).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(item=item, participant=participant)
    except IntegrityError:
        # Two taps at once: the other one won.
        return SpeakerRequest.objects.waiting().get(item=item, participant=participant)
    audit_record(
        actor=None, action="speaker.request", obj=request, changes=_delegate_actor(participant)
    )
    assembly_announce(assembly, "speakers")
    return request


@transaction.atomic
def speaker_withdraw(*, request: SpeakerRequest) -> SpeakerRequest:
    """A participant takes back their request before being called."""
    request = SpeakerRequest.objects.select_for_update().get(pk=request.pk)
    if request.called_at is None and request.withdrawn_at is None:
        request.withdrawn_at = timezone.now()
        request.save(update_fields=["withdrawn_at"])
        audit_record(actor=None, action="speaker.withdraw", obj=request)
        item = request.item
        assembly_announce(item.assembly, "speakers")
    return request


def _finish_current(item: AgendaItem, now: datetime.datetime) -> None:
    SpeakerRequest.objects.filter(
        item=item, called_at__isnull=False, finished_at__isnull=True
    ).update(finished_at=now)


@transaction.atomic
def speaker_call_next(*, item: AgendaItem, acting_user: Any) -> SpeakerRequest | None:
    """The chair ends the current speaker's turn and gives the floor to the first in line,
    whose speaking-time clock starts now. Returns None when nobody is waiting."""
    item = AgendaItem.objects.select_for_update().select_related("assembly").get(pk=item.pk)
    now = timezone.now()
    _finish_current(item, now)
    request = item.speakers.waiting().select_for_update().first()
    if request is not None:
        request.called_at = now
        request.allowed_seconds = item.assembly.speaking_seconds
        request.save(update_fields=["called_at", "allowed_seconds"])
    audit_record(
        actor=acting_user,
        action="speaker.call_next",
        obj=item,
        changes={"request": request.pk if request else None},
    )
    assembly_announce(item.assembly, "speakers")
    return request


@transaction.atomic
def speaker_finish(*, item: AgendaItem, acting_user: Any) -> None:
    """The chair ends the current speaker's turn without calling the next."""
    _finish_current(item, timezone.now())
    audit_record(actor=acting_user, action="speaker.finish", obj=item)
    assembly_announce(item.assembly, "speakers")
