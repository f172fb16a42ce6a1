"""Statements: the alliance's voice, in many languages, with their history and their endorsers.

A `Statement` is the group; each language is a `StatementTranslation` (one of them is the
source). Every edit of a translation is kept as a `StatementVersion`. Organizations sign on as
`Endorsement`s, confirmed by e-mail and moderated before they are shown.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from alyansa.members import public


def in_language(names: dict[str, str], default: str, language: str | None = None) -> str:
    """The name in `language` (or the reader's), then in its base language (pt-br → pt),
    else `default`."""
    code = (language or get_language() or "").lower()
    return names.get(code) or names.get(code.split("-")[0]) or default


class NamedInLanguages(models.Model):
    """What statements are filed under and found by (a topic, an occasion): an address that
    never changes (`slug`, used by links and feeds), a default name, and its name per language.
    Readers see the name in their language, then its base language, then the default name."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # The default name, shown in any language that has no name of its own.
    name = models.CharField(_("name"), max_length=120)
    # {"ar": "...", "tl": "..."}: the name in other languages. Kept on the row (not in a table
    # of its own) so that lists, filters and feeds show it without another query.
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.local_name

    def name_in(self, language: str | None) -> str:
        return in_language(self.names, self.name, language)

    @property
    def local_name(self) -> str:
        """The name in the reader's language, else the default name."""
        return self.name_in(None)


class Topic(NamedInLanguages):
    """What a statement is about: wages, detention, the kafala system, ..."""

    class Meta(NamedInLanguages.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Occasion(NamedInLanguages):
    """A day the alliance speaks on: International Migrants Day, Human Rights Day, ..."""

    class Meta(NamedInLanguages.Meta):
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")


class StatementQuerySet(models.QuerySet["Statement"]):
    def published(self, now: Any = None) -> StatementQuerySet:
        """Public now: published (or corrected) and its publication time has passed.

        Scheduled publishing is this condition, not a job: nothing is lost if the worker is down.
        """
        return self.filter(
            status=Statement.Status.PUBLISHED, published_at__lte=now or timezone.now()
        )

    def readable(self, now: Any = None) -> StatementQuerySet:
        """Reachable at its address: published, or withdrawn after publication (with its note)."""
        return self.filter(
            status__in=[Statement.Status.PUBLISHED, Statement.Status.WITHDRAWN],
            published_at__lte=now or timezone.now(),
        )


class Statement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Issuer(models.TextChoices):
        ALLIANCE = "alliance", _("The alliance")
        CHAPTER = "chapter", _("A chapter or coordinating body")
        JOINT = "joint", _("Several organizations jointly")

    slug = models.SlugField(_("address"), max_length=120, unique=True)
    source_language = models.CharField(_("source language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    issued_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    issuer_kind = models.CharField(
        _("issued by"), max_length=20, choices=Issuer.choices, default=Issuer.ALLIANCE
    )
    # The name as printed, for joint statements and imported ones whose issuer is not (yet) a
    # chapter or organization in the registry.
    issuer_name = models.CharField(_("issuer's name"), max_length=300, blank=True)
    issuer_chapter = models.ForeignKey(
        "members.Chapter",
        verbose_name=_("issuing chapter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
    )
    issuer_organizations = models.ManyToManyField(
        "members.Organization",
        verbose_name=_("issuing organizations"),
        blank=True,
        related_name="issued_statements",
    )
    contact = models.CharField(_("reference / contact"), max_length=300, blank=True)
    occasion = models.ForeignKey(
        Occasion,
        verbose_name=_("occasion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="statements"
    )
    campaign = models.CharField(_("campaign"), max_length=200, blank=True)
    open_for_endorsement = models.BooleanField(_("open for endorsement"), default=False)
    # People signing in the issuer's name: [{"name", "role", "organization"}], in order.
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    # Kept by the services, so that the public page needs no query when there is nothing to show.
    endorsement_count = models.PositiveIntegerField(_("endorsements shown"), default=0)
    corrected_at = models.DateTimeField(_("last corrected"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Public from this moment; may be in the future (scheduled publishing).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_note = models.TextField(_("why it was withdrawn"), blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        # One index on the date only, on purpose: with an index led by `status` (which nearly
        # every row shares) SQLite scans it instead of looking up the few rows a search found.
        indexes = [models.Index(fields=["issued_on"], name="statement_issued_on")]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("statements:detail", kwargs={"slug": self.slug})

    def is_public(self, now: Any = None) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN)
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    def issuer_display(self) -> str:
        """Who issued it, as the page prints it: the name as printed if there is one, else the
        chapter, the organizations (joint) or the alliance (the site's name)."""
        if self.issuer_name:
            return self.issuer_name
        if self.issuer_chapter_id:
            # The name the chapter had when it issued the statement, not today's.
            return self.issuer_chapter.name_on(self.issued_on)  # type: ignore[union-attr]
        if self.issuer_kind == self.Issuer.JOINT:
            # Through the public projection: one marked at risk after the fact is counted,
            # never named.
            names = public.organizations(self.issuer_organizations.all())
            return ", ".join([*(n.name for n in names), *filter(None, [names.unnamed_label])])
        if self.issuer_kind == self.Issuer.ALLIANCE:
            return str(settings.ALYANSA_SITE_NAME)
        return str(self.get_issuer_kind_display())

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


def language_is_bidi(code: str) -> bool:
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return code.split("-")[0] in {"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb"}


class StatementTranslation(models.Model):
    """One language of a statement. `source_revision` is the source's revision it follows."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("slogans / subtitle"), max_length=500, blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    # One demand per item, shown as a numbered list.
    demands = models.JSONField(_("demands"), default=list, blank=True)
    revision = models.PositiveIntegerField(default=1)
    # For a translation: the source's `revision` it was made from. Out of date when lower.
    source_revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    def get_absolute_url(self) -> str:
        return reverse(
            "statements:detail_language",
            kwargs={"slug": self.statement.slug, "language": self.language},
        )

    @property
    def is_source(self) -> bool:
        return self.language == self.statement.source_language

    @property
    def bidi(self) -> bool:
        return language_is_bidi(self.language)

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"

    def is_outdated(self, source: StatementTranslation | None) -> bool:
        return source is not None and not self.is_source and self.source_revision < source.revision


class StatementVersion(models.Model):
    """A translation as it was after one edit. Never changed or deleted."""

    translation = models.ForeignKey(
        StatementTranslation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)
    demands = models.JSONField(default=list, blank=True)
    # What the page printed around the text at that time: {"issued_on", "place", "issuer",
    # "signatories"} (see services.printed_details). Empty in versions saved before it was kept.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.translation} v{self.number}"

    def as_text(self) -> str:
        demands = "\n".join(f"{i}. {d}" for i, d in enumerate(self.demands, 1))
        text = f"# {self.title}\n{self.subtitle}\n\n{self.body}\n\n{demands}\n"
        if not self.details:
            return text
        details = self.details
        head = [
            f"{gettext('Date')}: {details.get('issued_on', '')}",
            f"{gettext('Place')}: {details.get('place', '')}",
            f"{gettext('Issued by')}: {details.get('issuer', '')}",
            *[f"{gettext('Signed by')}: {person}" for person in details.get("signatories", [])],
        ]
        return "\n".join(head) + "\n\n" + text


class Correction(models.Model):
    """A public note saying what was corrected in a published statement, and when."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="corrections")
    language = models.CharField(max_length=10)
    note = models.TextField(_("correction"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.statement}: {self.note[:40]}"


class EndorsementQuerySet(models.QuerySet["Endorsement"]):
    def public(self) -> EndorsementQuerySet:
        """Approved: counted in public. Those of at-risk members are counted, never named."""
        return self.filter(status=Endorsement.Status.APPROVED)

    def named(self) -> EndorsementQuerySet:
        """Approved and nameable: what a public list of endorsers shows by name."""
        return self.public().exclude(public.hidden("organization"))

    def unnamed(self) -> EndorsementQuerySet:
        """Approved endorsements of organizations that cannot be named (counted only)."""
        return self.public().filter(public.hidden("organization"))

    def awaiting_moderation(self) -> EndorsementQuerySet:
        return self.filter(status=Endorsement.Status.CONFIRMED)


class Endorsement(models.Model):
    """An organization signing on. Pending until the e-mail link is followed, then moderated.

    The e-mail address is kept only until confirmation (to send the link); after that only a
    keyed hash of it remains, so the same address cannot sign twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("Waiting for moderation")
        APPROVED = "approved", _("Shown")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member organization")
        ALLY = "ally", _("Allied organization")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="endorsements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ALLY)
    organization_name = models.CharField(_("organization"), max_length=300)
    # Set when the name is a member organization's (by name or acronym); allies have none.
    organization = models.ForeignKey(
        "members.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="endorsements",
    )
    # Lower case, accents, punctuation and spaces folded: "K.A.S.A.M.A.  " == "kasama".
    normalized_name = models.CharField(max_length=300)
    country = models.CharField(_("country"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    email_hash = models.CharField(max_length=64)
    # The e-mailed link is an HMAC of (id, nonce) under SECRET_KEY: neither the database nor the
    # task queue holds it. A new nonce (when the form is sent again) cancels the old link.
    nonce = models.CharField(max_length=32)
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["organization_name", "id"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "normalized_name"], name="one_endorsement_per_organization"
            ),
            models.UniqueConstraint(
                fields=["statement", "email_hash"], name="one_endorsement_per_address"
            ),
        ]
        indexes = [models.Index(fields=["statement", "status"])]

    def __str__(self) -> str:
        return self.organization_name


class LegacyRedirect(models.Model):
    """An address of the old site (imported) that now points at a statement."""

    old_path = models.CharField(max_length=500, unique=True)
    translation = models.ForeignKey(
        StatementTranslation, on_delete=models.CASCADE, related_name="legacy_paths"
    )

    def __str__(self) -> str:
        return self.old_path


def image_path(instance: StatementImage, filename: str) -> str:
    return f"statements/{timezone.now():%Y/%m}/{instance.key}.jpg"


class StatementImage(models.Model):
    """An uploaded picture, re-encoded without EXIF/GPS and resized, served from MEDIA_URL."""

    key = models.CharField(max_length=32, unique=True)
    # width and height are written by the upload service (it knows them after re-encoding).
    image = models.ImageField(upload_to=image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(_("description (alt text)"), max_length=300, blank=True)
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="images"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.image.name


class ImportJob(models.Model):
    """A file the secretariat uploaded to import statements from: checked first (a dry run that
    saves nothing), then imported once someone confirms. Both run in the background.

    The upload lives under DATA_DIR/imports/ until the import has finished or is discarded.
    The real run keeps its place (`position`, counted inside each item's transaction) and the
    statement each translation group became (ImportGroup), so an import that stopped halfway
    (the worker restarted) resumes where it was, without importing anything twice.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Stopped by an error")
        DISCARDED = "discarded", _("Discarded")

    class Kind(models.TextChoices):
        WXR = "wxr", _("WordPress export (WXR)")
        MARKDOWN = "markdown", _("Markdown files")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CHECKING
    )
    filename = models.CharField(_("file"), max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    # The folder under DATA_DIR/imports/statements/ that holds the upload; emptied when done.
    folder = models.CharField(max_length=40, unique=True)
    default_language = models.CharField(_("language of posts that do not say"), max_length=10)
    # The uploader's interface language: the reports are written in it.
    language = models.CharField(max_length=10, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Each (re)start of a check or a run takes the next number; a task whose number is no longer
    # the job's stops (so a resumed job never runs twice at once).
    attempt = models.PositiveIntegerField(default=1)
    # Items read so far by the current check or run, and when that was last said.
    position = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # The dry run's report: counts, topics it would make, examples (see importing.ImportReport).
    check_report = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # What the real run did, counted inside each item's transaction.
    statements = models.PositiveIntegerField(default=0)
    translations = models.PositiveIntegerField(default=0)
    redirects = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    new_topics = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("statements:import_job", kwargs={"job_id": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    def is_stalled(self, now: Any = None, minutes: int = 15) -> bool:
        """Checking or importing, but nothing was heard of it for `minutes` (the worker is not
        running, or it restarted in the middle)."""
        return self.is_running and self.heartbeat_at < (now or timezone.now()) - timedelta(
            minutes=minutes
        )


class ImportProblem(models.Model):
    """An item of an import that could not be read or saved, and why."""

    class Phase(models.TextChoices):
        CHECK = "check", _("Check")
        RUN = "run", _("Import")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    phase = models.CharField(max_length=5, choices=Phase.choices)
    where = models.CharField(max_length=300)
    message = models.TextField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.where}: {self.message[:60]}"


class ImportGroup(models.Model):
    """During a real import: the statement a translation group of the file became, and the
    languages it has so far (so a resumed import still adds later translations to it)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="groups")
    key = models.CharField(max_length=200)
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    languages = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "key"], name="one_import_group_per_key")
        ]

    def __str__(self) -> str:
        return self.key
