"""General assemblies: set-up, participants, credentials, attendance, proxies, agenda, speakers.

Delegates are not users. A delegate holds a personal credential (a secret, stored only as its
SHA-256 hash) that signs a phone into a delegate session for one assembly. Polls and ballots are
the voting app's (it links its polls to AgendaItem and calls services.item_decide).
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alyansa.members import public
from votecount.motion import QuorumBasis, Threshold


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Not a known time zone (for example Asia/Manila).")) from exc


def hash_secret(secret: str) -> str:
    """Credentials carry 100 random bits, so one fast hash is enough (as for API tokens)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class VoteMode(models.TextChoices):
    PER_DELEGATE = "per_delegate", _("One vote per delegate")
    PER_ORGANIZATION = "per_organization", _("One weighted vote per organization")


class ProxyScope(models.TextChoices):
    ORGANIZATION = "organization", _("A delegate of the same organization")
    REGION = "region", _("A delegate of the same organization or region")


class ThresholdChoice(models.TextChoices):
    """The majority a Yes/No/Abstain decision needs (counted by votecount.motion)."""

    MAJORITY_OF_VOTES_CAST = (
        Threshold.MAJORITY_OF_VOTES_CAST.value,
        _("More than half of the votes cast"),
    )
    MAJORITY_EXCLUDING_ABSTENTIONS = (
        Threshold.MAJORITY_EXCLUDING_ABSTENTIONS.value,
        _("More yes than no"),
    )
    TWO_THIRDS = Threshold.TWO_THIRDS.value, _("Two thirds of the yes and no votes")
    THREE_QUARTERS = Threshold.THREE_QUARTERS.value, _("Three quarters of the yes and no votes")
    ABSOLUTE_MAJORITY_OF_ELECTORATE = (
        Threshold.ABSOLUTE_MAJORITY_OF_ELECTORATE.value,
        _("More than half of everyone entitled to vote"),
    )


class QuorumBasisChoice(models.TextChoices):
    """What the quorum counts when a decision is taken."""

    PRESENT_VOTING_DELEGATES = (
        QuorumBasis.PRESENT_VOTING_DELEGATES.value,
        _("Voting delegates present"),
    )
    BALLOTS_CAST = QuorumBasis.BALLOTS_CAST.value, _("Ballots cast")


def _threshold_field(
    verbose_name: Any, default: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS
) -> models.CharField:
    return models.CharField(
        verbose_name, max_length=40, choices=ThresholdChoice.choices, default=default
    )


class AssemblyQuerySet(models.QuerySet["Assembly"]):
    def public(self) -> AssemblyQuerySet:
        return self.exclude(status=Assembly.Status.DRAFT)


class Assembly(models.Model):
    """One General Assembly. Times are stored in UTC and shown in the assembly's own zone."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        ANNOUNCED = "announced", _("Announced")
        IN_SESSION = "in_session", _("In session")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    hybrid = models.BooleanField(_("delegates may also take part online"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    vote_mode = models.CharField(
        _("votes"), max_length=20, choices=VoteMode.choices, default=VoteMode.PER_DELEGATE
    )
    delegate_quota = models.PositiveSmallIntegerField(
        _("delegates per member organization"), default=2
    )
    proxy_scope = models.CharField(
        _("a proxy may go to"), max_length=16, choices=ProxyScope.choices, default=ProxyScope.REGION
    )
    proxy_cap = models.PositiveSmallIntegerField(_("proxies one delegate may hold"), default=1)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of the registered voting strength)"), default=50
    )
    quorum_basis = models.CharField(
        _("the quorum counts"),
        max_length=30,
        choices=QuorumBasisChoice.choices,
        default=QuorumBasisChoice.PRESENT_VOTING_DELEGATES,
    )
    # The majority each kind of decision needs, as the statutes say (threshold_for).
    threshold_procedural = _threshold_field(_("majority for procedural approvals"))
    threshold_admission = _threshold_field(_("majority to admit a member organization"))
    threshold_report = _threshold_field(_("majority to approve a report"))
    threshold_motion = _threshold_field(_("majority for motions and other questions"))
    threshold_constitutional = _threshold_field(
        _("majority for constitutional amendments"), default=ThresholdChoice.TWO_THIRDS
    )
    speaking_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), default=180)
    current_item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current item"),
    )
    # The hall display's secret link (only its hash): the projector is for the hall, not the
    # public. The chair makes it, and revokes it by making another or clearing it.
    hall_link_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssemblyQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="asm_ends"
            ),
            models.CheckConstraint(condition=Q(quorum_percent__lte=100), name="asm_quorum_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def threshold_for(self, kind: str | None) -> str:
        """The majority a decision on an item of this kind needs at this assembly. Questions
        not tied to an item (and kinds that are not voted on) take the motions' rule."""
        name = THRESHOLD_FIELD_BY_KIND.get(kind or "", "threshold_motion")
        return str(getattr(self, name))

    @property
    def rules(self) -> list[tuple[str, str]]:
        """(kind of decision, majority it needs) for the pages that show the rules."""
        return [
            (str(ItemKind(kind).label), str(ThresholdChoice(getattr(self, name)).label))
            for kind, name in THRESHOLD_FIELD_BY_KIND.items()
        ]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> datetime.date:
        """Today in the assembly's own zone: its decisions, admissions and communiqué are dated
        where it sits (in Manila a UTC evening is already tomorrow). Every other date is the
        site's, from django.utils.timezone (localdate(), now())."""
        return timezone.localdate(timezone.now(), self.zone)

    def local(self, moment: datetime.datetime | None) -> datetime.datetime | None:
        """A stored (UTC) moment in the assembly's own zone, for display."""
        return timezone.localtime(moment, self.zone) if moment else None


class Allocation(models.Model):
    """Per organization: a quota other than the assembly's default, and its weight when the
    assembly votes one weighted vote per organization."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="allocations")
    organization = models.ForeignKey(
        "members.Organization", on_delete=models.CASCADE, related_name="+"
    )
    quota = models.PositiveSmallIntegerField(_("delegates"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight of its vote"), default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assembly", "organization"], name="asm_alloc_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization} at {self.assembly}"


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def active(self) -> ParticipantQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def delegates(self) -> ParticipantQuerySet:
        return self.active().filter(kind=Participant.Kind.DELEGATE)

    def present(self) -> ParticipantQuerySet:
        return self.active().filter(
            attendance__checked_in_at__isnull=False, attendance__checked_out_at__isnull=True
        )


class Participant(models.Model):
    """A delegate (votes), guest or observer (no vote). The name may be a pseudonym; nothing
    else about the person is stored."""

    class Kind(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        GUEST = "guest", _("Guest")
        OBSERVER = "observer", _("Observer")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assembly_participants",
        verbose_name=_("organization"),
    )
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    display_name = models.CharField(_("name or pseudonym"), max_length=120)
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["assembly", "kind"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def votes(self) -> bool:
        return self.kind == self.Kind.DELEGATE


class DelegateManager(models.Manager.from_queryset(ParticipantQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> ParticipantQuerySet:
        return super().get_queryset().filter(kind=Participant.Kind.DELEGATE)


class Delegate(Participant):
    """A participant who votes (the same row; this proxy model only narrows the manager)."""

    objects = DelegateManager()  # type: ignore[misc]

    class Meta:
        proxy = True
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")


class CredentialQuerySet(models.QuerySet["Credential"]):
    def usable(self) -> CredentialQuerySet:
        return self.filter(revoked_at__isnull=True, participant__withdrawn_at__isnull=True)


class Credential(models.Model):
    """A delegate's sign-in secret (link and badge). Only its hash is stored; a reissue revokes
    the previous credential."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="credentials"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("first characters"), max_length=8)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # At most one usable credential per participant: a reissue revokes the old one.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(revoked_at__isnull=True),
                name="asm_one_live_credential",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.participant})"

    @property
    def usable(self) -> bool:
        return self.revoked_at is None


class Attendance(models.Model):
    """Whether a participant is in the assembly now: checked in at the door or online."""

    class Method(models.TextChoices):
        DOOR = "door", _("At the door")
        ONLINE = "online", _("Online")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_out_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.participant} ({self.method})"

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None and self.checked_out_at is None


class ProxyQuerySet(models.QuerySet["Proxy"]):
    def active(self) -> ProxyQuerySet:
        return self.filter(revoked_at__isnull=True)


class Proxy(models.Model):
    """A delegate (giver) hands their vote to another delegate (holder), who casts it
    separately. One active proxy per giver; rows are kept when revoked, for the record."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="proxies_given")
    holder = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="proxies_held")
    granted_at = models.DateTimeField(default=timezone.now)
    # Who typed in a written proxy handed in at the desk; empty when the giver granted it
    # from their phone.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProxyQuerySet.as_manager()

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["giver"], condition=Q(revoked_at__isnull=True), name="asm_one_live_proxy"
            ),
            models.CheckConstraint(condition=~Q(giver=models.F("holder")), name="asm_proxy_other"),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class ItemKind(models.TextChoices):
    PROCEDURAL = "procedural", _("Procedural approval")
    ADMISSION = "admission", _("Admission of a member organization")
    REPORT = "report", _("Report")
    PRESENTATION = "presentation", _("Presentation")
    MOTION = "motion", _("Motion")
    CONSTITUTIONAL = "constitutional", _("Constitutional amendment")
    ELECTION = "election", _("Election")


# The assembly's majority that a poll on an item of each kind needs (Assembly.threshold_for).
# Presentations and elections are not decided by a Yes/No vote.
THRESHOLD_FIELD_BY_KIND: dict[str, str] = {
    ItemKind.PROCEDURAL: "threshold_procedural",
    ItemKind.ADMISSION: "threshold_admission",
    ItemKind.REPORT: "threshold_report",
    ItemKind.MOTION: "threshold_motion",
    ItemKind.CONSTITUTIONAL: "threshold_constitutional",
}


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_ADDITIONS = "approved_with_additions", _("Approved with additions")
    REJECTED = "rejected", _("Rejected")
    NOTED = "noted", _("Noted")


# Which outcomes each kind of item may have (presentations are only noted).
OUTCOMES_BY_KIND: dict[str, frozenset[str]] = {
    ItemKind.PROCEDURAL: frozenset({Outcome.APPROVED, Outcome.REJECTED}),
    ItemKind.ADMISSION: frozenset({Outcome.APPROVED, Outcome.REJECTED}),
    ItemKind.REPORT: frozenset(
        {Outcome.APPROVED, Outcome.APPROVED_WITH_ADDITIONS, Outcome.REJECTED}
    ),
    ItemKind.PRESENTATION: frozenset({Outcome.NOTED}),
    ItemKind.MOTION: frozenset(
        {Outcome.APPROVED, Outcome.APPROVED_WITH_ADDITIONS, Outcome.REJECTED}
    ),
    ItemKind.CONSTITUTIONAL: frozenset({Outcome.APPROVED, Outcome.REJECTED}),
    ItemKind.ELECTION: frozenset({Outcome.NOTED}),
}


UNNAMEABLE_ADMISSION = _("Admission of a member organization that cannot be named")


class AgendaItem(models.Model):
    """One item of the agenda. Texts can be translated: `translations` maps a language code
    to {"title": ..., "text": ...}."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To come")
        OPEN = "open", _("Under discussion")
        DONE = "done", _("Done")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # Admissions: the organization to admit. Constitutional amendments: the new version's text.
    organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization to admit"),
    )
    constitution_text = models.TextField(_("the constitution as amended"), blank=True)
    constitution_version = models.ForeignKey(
        "governance.ConstitutionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    additions = models.TextField(_("additions"), blank=True)
    notes = models.TextField(_("notes for the minutes"), blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assembly", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["assembly", "position"], name="asm_item_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.local_title}"

    @property
    def unnameable(self) -> bool:
        """An admission of an organization that may not be named to the public (at risk, even
        if marked after the item was written): its typed title and text are never shown."""
        return (
            self.kind == ItemKind.ADMISSION
            and self.organization_id is not None
            and not public.may_name(self.organization)  # type: ignore[arg-type]
        )

    def translated(self, field: str, language: str | None = None) -> str:
        """The title or text in the language asked (or the current one), else the original;
        through the public projection (`unnameable`)."""
        if self.unnameable:
            return str(UNNAMEABLE_ADMISSION) if field == "title" else ""
        language = (language or get_language() or "").split("-")[0]
        value = (self.translations.get(language) or {}).get(field)
        return value or getattr(self, field)

    @property
    def local_title(self) -> str:
        return self.translated("title")

    @property
    def local_text(self) -> str:
        return self.translated("text")

    @property
    def decided(self) -> bool:
        return bool(self.outcome)

    @property
    def majority(self) -> str:
        """The majority a vote on this item needs by its assembly's rules ("" for presentations
        and elections, which are not decided by Yes or No)."""
        if self.kind not in THRESHOLD_FIELD_BY_KIND:
            return ""
        return str(ThresholdChoice(self.assembly.threshold_for(self.kind)).label)


class Amendment(models.Model):
    """An amendment to a motion (or report), decided in its own order before the motion."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet decided")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="amendments")
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    proposed_by = models.CharField(_("proposed by"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="asm_amendment_position")
        ]

    def __str__(self) -> str:
        return f"{self.item} / {self.position}"

    def translated(self, language: str | None = None) -> str:
        language = (language or get_language() or "").split("-")[0]
        return self.translations.get(language) or self.text


class SpeakerRequestQuerySet(models.QuerySet["SpeakerRequest"]):
    def waiting(self) -> SpeakerRequestQuerySet:
        return self.filter(called_at__isnull=True, withdrawn_at__isnull=True).order_by(
            "requested_at", "pk"
        )


class SpeakerRequest(models.Model):
    """A delegate asking for the floor on one item; the chair calls them in order."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="speaker_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    called_at = models.DateTimeField(null=True, blank=True)
    allowed_seconds = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = SpeakerRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            # One place in the queue per delegate and item: a double tap asks only once.
            models.UniqueConstraint(
                fields=["item", "participant"],
                condition=Q(called_at__isnull=True, withdrawn_at__isnull=True),
                name="asm_one_waiting_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.item}"
