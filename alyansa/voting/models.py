"""Polls, elections and secret, checkable ballots.

The secrecy of the ballot rests on the shape of these tables (docs/security/voting.md):

- `HasVoted` records THAT someone voted (poll, voter key, receipt hash), unique per poll and
  voter: the database, not the application, enforces one person, one vote.
- `CastBallot` holds what was voted while a poll is open, sealed with the poll's public key
  (ballotbox.py), with no key to the voter and no time.
- At the close every cast ballot is opened and rewritten in a random order into `Ballot`, the
  cast-time rows are deleted in the same transaction, and the private key is destroyed: what
  was written next to a `HasVoted` row (in the table, its dead rows and the WAL) can no longer
  be read.

Casting is the one write that does not go through services.py: see castpath.py and
docs/decisions/0003-casting-path.md.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The majorities and quorum bases are the assembly's rules (Assembly.threshold_for); a poll
# keeps its own copy, fixed when it is prepared.
from alyansa.assemblies.models import QuorumBasisChoice, ThresholdChoice


class PollKind(models.TextChoices):
    MOTION = "motion", _("Yes / No / Abstain")
    SINGLE = "single", _("Single choice")
    APPROVAL = "approval", _("Approval")
    BLOCK = "block", _("Block vote (one mark per seat)")
    RANKED = "ranked", _("Ranked choices")


class RankedMethod(models.TextChoices):
    SCOTTISH_STV = "scottish-stv", _("Single transferable vote (Scottish rules)")
    MEEK_STV = "meek-stv", _("Single transferable vote (Meek)")
    ERS97_STV = "ers97", _("Single transferable vote (ERS97 rules)")
    IRV = "irv", _("Instant runoff")
    SCHULZE = "schulze", _("Schulze")


class BoardShows(models.TextChoices):
    """What the public bulletin board of a ranked poll shows (docs/security/voting.md: a full
    ranking can be dictated by a coercer and found again among the published ballots)."""

    STAGES = "stages", _("The count's stages only (full ballots to the poll's runners)")
    COUNTED = "counted", _("Each ballot up to the last preference the count used")
    BALLOTS = "ballots", _("Every ballot in full")


class Electorate(models.TextChoices):
    PRESENT = "present", _("All voting delegates present")
    REGION = "region", _("One region's caucus")
    ASSOCIATE = "associate", _("The associate members' caucus")
    BODY = "body", _("The members of a body")


class Election(models.Model):
    """An election for one seat rule of a body (a region's seat, the associate seat, the
    at-large seats) or one office. Offices are elected one at a time: `follows` chains them,
    and someone elected to an earlier office of the chain is not a candidate for a later one."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional caucus seat")
        ASSOCIATE = "associate", _("Associate members' seat")
        AT_LARGE = "at_large", _("At-large seats")
        OFFICE = "office", _("Office")

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("Taking nominations")
        VOTING = "voting", _("Voting")
        CERTIFIED = "certified", _("Certified")

    assembly = models.ForeignKey(
        "assemblies.Assembly", on_delete=models.CASCADE, related_name="elections"
    )
    item = models.ForeignKey(
        "assemblies.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elections",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    seat = models.ForeignKey("governance.Seat", on_delete=models.PROTECT, related_name="elections")
    term = models.ForeignKey("governance.Term", on_delete=models.PROTECT, related_name="elections")
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_by"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING
    )
    # A by-election fills a seat in a term already running: its mandates start on this day,
    # or (empty) on the day the result is certified (mandates_start).
    mandates_start_on = models.DateField(
        _("mandates start on"),
        null=True,
        blank=True,
        help_text=_("For a by-election: empty means on the day the result is certified."),
    )
    certified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assembly", "pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.title

    @property
    def is_by_election(self) -> bool:
        """An election to a term that began before its assembly did: the seat had holders."""
        first_day = self.assembly.local(self.assembly.starts_at).date()  # type: ignore[union-attr]
        return self.term.starts_on < first_day

    def mandates_start(self) -> datetime.date:
        """The day the elected's mandates start: the day the election sets; for a by-election
        the day of certification, in the assembly's zone (the old holder sat until then); else
        the term's first day."""
        if self.mandates_start_on is not None:
            return self.mandates_start_on
        if self.is_by_election:
            return self.assembly.today()
        return self.term.starts_on

    def chain(self) -> list[Election]:
        """The earlier elections of this chain of offices, nearest first."""
        found: list[Election] = []
        current = self.follows
        while current is not None and current not in found:
            found.append(current)
            current = current.follows
        return found


class Nomination(models.Model):
    """A candidate for an election. Only accepted nominations stand."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "members.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The delegate who stands, when the candidate is one: the officers' elections take their
    # electorate (the new body's members) from here.
    participant = models.ForeignKey(
        "assemblies.Participant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_by = models.CharField(_("nominated by"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="vot_nominate_once")
        ]

    def __str__(self) -> str:
        return self.person.display_name

    @property
    def standing(self) -> bool:
        return self.accepted_at is not None and self.declined_at is None


class PollQuerySet(models.QuerySet["Poll"]):
    def open(self) -> PollQuerySet:
        return self.filter(status=Poll.Status.OPEN)

    def counted(self) -> PollQuerySet:
        return self.filter(status=Poll.Status.CLOSED)


class Poll(models.Model):
    """One vote on one question. Its rules (kind, method, threshold, quorum, electorate) are
    fixed when it opens; annulled polls are kept with their reason and may be run again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not yet open")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        ANNULLED = "annulled", _("Annulled")

    class Weighting(models.TextChoices):
        PER_DELEGATE = "per_delegate", _("One vote per delegate")
        PER_ORGANIZATION = "per_organization", _("One weighted vote per organization")

    assembly = models.ForeignKey(
        "assemblies.Assembly", on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    item = models.ForeignKey(
        "assemblies.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
    )
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    title = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    method = models.CharField(
        _("counting method"), max_length=16, blank=True, choices=RankedMethod.choices
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    alternates = models.PositiveSmallIntegerField(_("alternates to rank"), default=0)
    threshold = models.CharField(
        _("majority needed"),
        max_length=40,
        choices=ThresholdChoice.choices,
        default=ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    )
    quorum_required = models.PositiveIntegerField(_("quorum"), default=0)
    quorum_basis = models.CharField(
        _("quorum counts"),
        max_length=30,
        choices=QuorumBasisChoice.choices,
        default=QuorumBasisChoice.PRESENT_VOTING_DELEGATES,
    )
    electorate = models.CharField(
        _("who votes"), max_length=10, choices=Electorate.choices, default=Electorate.PRESENT
    )
    region = models.ForeignKey(
        "members.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        "governance.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    weighting = models.CharField(
        _("votes"), max_length=20, choices=Weighting.choices, default=Weighting.PER_DELEGATE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Fixed at the opening: how many may vote, and their total weight.
    electorate_size = models.PositiveIntegerField(default=0)
    electorate_weight = models.PositiveIntegerField(default=0)
    present_at_open = models.PositiveIntegerField(default=0)
    # Filled at the close (and again when paper ballots are merged).
    result = models.JSONField(default=dict, blank=True)
    result_html = models.TextField(blank=True)
    seed = models.BigIntegerField(null=True, blank=True)
    paper_merged = models.BooleanField(default=False)
    board_shows = models.CharField(
        _("the public board shows"),
        max_length=8,
        choices=BoardShows.choices,
        default=BoardShows.STAGES,
    )
    # The public half of the poll's ballot box key (ballotbox.py), made at the opening; the
    # private half is never in the database.
    ballot_box_key = models.CharField(max_length=64, blank=True)
    annulled_reason = models.TextField(_("reason"), blank=True)
    rerun_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reruns"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [models.Index(fields=["assembly", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def public_title(self) -> str:
        """The title as the public may see it: the vote on admitting an organization that
        cannot be named is titled like its agenda item (members/public.py)."""
        if self.item_id is not None and self.item.unnameable:  # type: ignore[union-attr]
            return self.item.local_title  # type: ignore[union-attr]
        return self.title


class PollOption(models.Model):
    """A choice on the ballot paper: a candidate (with their nomination) or an option."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("label"), max_length=200)
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="vot_option_position"),
            models.UniqueConstraint(fields=["poll", "label"], name="vot_option_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Entitlement(models.Model):
    """Who may cast which vote in a poll, fixed when the poll opens.

    `voter_key` names the vote ("d12": delegate 12's own vote; "o7": organization 7's weighted
    vote); `holder` is the delegate whose credential may cast it (the delegate, their proxy
    holder, or for an organization's vote each of its present delegates)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="entitlements")
    voter_key = models.CharField(max_length=24)
    holder = models.ForeignKey("assemblies.Participant", on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveIntegerField(default=1)
    # Set when the holder casts this vote for another delegate (a proxy).
    proxy_for = models.ForeignKey(
        "assemblies.Participant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter_key", "holder"], name="vot_entitlement_once"
            )
        ]
        indexes = [models.Index(fields=["poll", "holder"])]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.voter_key}"


class HasVoted(models.Model):
    """THAT a vote was used in a poll, and the hash of the receipt handed out; never what was
    voted. No time is stored. The unique constraint is the one-person-one-vote rule."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    voter_key = models.CharField(max_length=24)
    receipt_hash = models.CharField(max_length=64, blank=True)
    # Marked when the delegate was handed a paper ballot (their ballot comes from the box).
    paper = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "voter_key"], name="vot_vote_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.voter_key}"


class CastBallot(models.Model):
    """A ballot while its poll is open, sealed with the poll's ballot box key (ballotbox.py):
    no key to the voter, no time, nothing readable without the key. Emptied at the close."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    content = models.TextField()
    weight = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"ballot {self.pk}"


class Ballot(models.Model):
    """A ballot after the close, rewritten in a random order (see the module docstring).
    These rows are the published, anonymous ballots of the bulletin board."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    content = models.CharField(max_length=400)
    weight = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"ballot {self.pk}"


class PaperBallotEntry(models.Model):
    """One paper ballot from the box as typed by one teller. Each ballot is entered by two
    tellers; only ballots both entered alike are merged into the count. No names."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_entries")
    teller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("number of the paper ballot"))
    content = models.CharField(max_length=400)

    class Meta:
        ordering = ["poll", "number", "teller"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "teller", "number"], name="vot_paper_once")
        ]

    def __str__(self) -> str:
        return f"paper ballot {self.number}"


class Communique(models.Model):
    """The draft communiqué and minutes of an assembly, generated from the record, editable."""

    assembly = models.OneToOneField(
        "assemblies.Assembly", on_delete=models.CASCADE, related_name="communique"
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    generated_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    statement = models.ForeignKey(
        "statements.Statement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.title


__all__ = [
    "Ballot",
    "BoardShows",
    "CastBallot",
    "Communique",
    "Election",
    "Electorate",
    "Entitlement",
    "HasVoted",
    "Nomination",
    "PaperBallotEntry",
    "Poll",
    "PollKind",
    "PollOption",
    "QuorumBasisChoice",
    "ThresholdChoice",
]
