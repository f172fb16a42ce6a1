"""The member registry: regions, countries, organizations, chapters, memberships and people.

Organizations are the members, not people. People are kept only as far as the alliance needs
them (a display name, their organization, an optional private contact), and never with anything
about immigration status, passports or ID numbers.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def translated(names: dict[str, str], fallback: str) -> str:
    """The name in the current language, else in the base language, else the fallback."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return names.get(language) or names.get(settings.LANGUAGE_CODE) or fallback


# Django says "tl" for Tagalog; CLDR (Babel) knows the same language as "fil" (Filipino).
_BABEL_ALIASES = {"tl": "fil"}


@functools.lru_cache(maxsize=32)
def _babel_locale(language: str) -> Any:
    code = _BABEL_ALIASES.get(language, language).replace("-", "_")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(settings.LANGUAGE_CODE)


def _current_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def babel_territory(code: str) -> str:
    """A country's name in the current language, from Babel's CLDR data (no extra dependency)."""
    return _babel_locale(_current_language()).territories.get(code) or code


def babel_language(code: str) -> str:
    """A language's name in the current language, from Babel's CLDR data."""
    return _babel_locale(_current_language()).languages.get(code) or code


class Region(models.Model):
    """A region of the alliance. Regions matter for representation: each has its caucus and seat."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # {"tl": "...", "ar": "..."}: the name in other languages; the `name` is the fallback.
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated(self.names, self.name)


class Country(models.Model):
    """A country by its ISO 3166-1 alpha-2 code; its name comes translated from Babel."""

    code = models.CharField(_("ISO 3166 code"), max_length=2, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="countries",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return babel_territory(self.code)


class Language(models.Model):
    """A language by its ISO 639 code (as Babel knows it); its name comes translated from Babel."""

    code = models.CharField(_("language code"), max_length=12, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return babel_language(self.code)


class Sector(models.Model):
    """Whom an organization organizes: domestic workers, seafarers, refugees, ..."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("name in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated(self.names, self.name)


class MembershipCategory(models.TextChoices):
    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Application declined")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPELLED = "expelled", _("Expelled")


# A suspended organization is still a member (it has lost rights, not membership).
MEMBER_STATUSES = frozenset(
    {MembershipStatus.ADMITTED, MembershipStatus.SUSPENDED, MembershipStatus.REINSTATED}
)
ENDED_STATUSES = frozenset({MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED})


# The profile fields an organization may choose to show the public. Name, acronym, country and
# region are always shown for a listed organization: the directory is useless without them.
class PublicField(models.TextChoices):
    CITY = "city", _("City")
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("E-mail address")
    DESCRIPTION = "description", _("Description")
    SECTORS = "sectors", _("Sectors")
    NATIONALITIES = "nationalities", _("Nationalities organized")
    LANGUAGES = "languages", _("Languages")
    CHAPTERS = "chapters", _("Chapters")


DEFAULT_PUBLIC_FIELDS = [
    PublicField.CITY,
    PublicField.WEBSITE,
    PublicField.DESCRIPTION,
    PublicField.SECTORS,
    PublicField.NATIONALITIES,
    PublicField.LANGUAGES,
    PublicField.CHAPTERS,
]


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def members_on(self, day: datetime.date) -> OrganizationQuerySet:
        """Organizations that were members on `day`, by their history, not their current row."""
        return self.annotate(
            status_on=Subquery(
                MembershipEvent.objects.filter(
                    membership__organization=OuterRef("pk"), date__lte=day
                )
                .order_by("-date", "-id")
                .values("status")[:1]
            )
        ).filter(status_on__in=[s.value for s in MEMBER_STATUSES])

    def current_members(self) -> OrganizationQuerySet:
        return self.filter(membership__status__in=[s.value for s in MEMBER_STATUSES])

    def listed(self) -> OrganizationQuerySet:
        """What the public directory shows: current members that are not at risk."""
        return self.current_members().filter(at_risk=False)


class Organization(models.Model):
    """A member organization (or one that applied). What the public sees, it chose."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="organizations"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="organizations"
    )
    nationalities = models.ManyToManyField(
        Country,
        verbose_name=_("nationalities organized"),
        help_text=_("The countries of origin of the migrants the organization organizes."),
        blank=True,
        related_name="organizations_reaching",
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="organizations"
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # {"en": "...", "tl": "..."}: a short description in as many languages as the members write.
    description = models.JSONField(_("short description"), default=dict, blank=True)
    public_fields = models.JSONField(_("fields shown to the public"), default=list, blank=True)
    at_risk = models.BooleanField(
        _("at risk"),
        default=False,
        help_text=_(
            "Never name the organization to anyone but the secretariat and its own "
            "coordinators: not in the directory, on any page, feed, file or API answer. Its "
            "address becomes random."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["at_risk", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def shows(self, field: str) -> bool:
        return field in self.public_fields

    @property
    def description_text(self) -> str:
        return translated(self.description, next(iter(self.description.values()), ""))


class Chapter(models.Model):
    """A group of member organizations (a national chapter or a regional coordinating body) that
    acts and publishes in its own name. The tree is region → chapter."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National chapter")
        REGIONAL = "regional", _("Regional coordinating body")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="chapters"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chapters",
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("member organizations"), blank=True, related_name="chapters"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    description = models.JSONField(_("short description"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region__position", "kind", "name"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return self.name

    @property
    def description_text(self) -> str:
        return translated(self.description, next(iter(self.description.values()), ""))

    def name_on(self, day: datetime.date) -> str:
        """The name the chapter used on `day` (for what it published then). Reads the former
        names through `former_names.all()`, so a prefetch serves a whole list."""
        earlier = [former for former in self.former_names.all() if former.until >= day]
        return min(earlier, key=lambda former: former.until).name if earlier else self.name


class ChapterName(models.Model):
    """A name (and acronym) a chapter used before it was renamed, and until when: what it
    published under that name stays recognisable, and its page says what it was called."""

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    until = models.DateField(_("used until"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-until", "-id"]
        verbose_name = _("former name of a chapter")
        verbose_name_plural = _("former names of chapters")

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(status__in=[s.value for s in MEMBER_STATUSES])

    def awaiting_decision(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.APPLIED)


class Membership(models.Model):
    """An organization's membership: its category and current status. The history of how it got
    there is in MembershipEvent; `status` and `category` are the latest event's, kept here so
    that lists need no subquery."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=MembershipCategory.choices,
        default=MembershipCategory.FULL,
    )
    status = models.CharField(_("status"), max_length=16, choices=MembershipStatus.choices)
    status_since = models.DateField(_("since"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_status_display()}"

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES


class MembershipEvent(models.Model):
    """One step in a membership's history: what happened, on which date, decided by whom.

    The deciding body lives in a higher layer (governance, assemblies), so it is referred to by a
    scope key ('governance.body:3') and its name at the time, which stays readable if it goes."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("status"), max_length=16, choices=MembershipStatus.choices)
    category = models.CharField(_("category"), max_length=16, choices=MembershipCategory.choices)
    date = models.DateField(_("date"))
    decided_by_name = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_by_ref = models.CharField(max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        indexes = [models.Index(fields=["membership", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_status_display()}"


class Application(models.Model):
    """A public application to join: the organization's profile waits here, unconfirmed, until
    the applicant follows the link sent to the contact address. Only the hash of the link's
    secret is stored."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="application"
    )
    contact_name = models.CharField(_("your name"), max_length=120)
    contact_email = models.EmailField(_("your e-mail address"))
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=MembershipCategory.choices,
        default=MembershipCategory.FULL,
    )
    motivation = models.TextField(_("why your organization wants to join"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return str(self.organization)


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to_org(self, organization: Organization) -> PersonQuerySet:
        return self.filter(organization=organization)


class Person(models.Model):
    """A person as far as the alliance needs one: a display name (a pseudonym is fine), the
    organization, and an optional contact that only the secretariat and the person's own
    organization see. There is deliberately no field for immigration status or any ID number.

    Erasure blanks the name and contact; records of public office keep the name they published.
    """

    display_name = models.CharField(_("display name"), max_length=120)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "An e-mail address or phone number. Only the secretariat and the person's own "
            "organization see it."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.erased_at is not None:
            return str(ERASED_LABEL)
        return self.display_name


ERASED_LABEL = _("Former participant")
