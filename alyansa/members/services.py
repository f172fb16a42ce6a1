"""Every change to the member registry. Each one is one transaction with one audit row.

The rules these functions keep are the registry's rules: a membership's history only moves
forward in time, only certain steps follow others (see TRANSITIONS), dues arrears never end a
membership by themselves (nothing here reacts to dues), and a person's name and contact never
enter the audit trail.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import User, hash_token
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role, scope_key
from alyansa.accounts.services import role_grant, role_revoke, user_create
from alyansa.accounts.tasks import email_queue
from alyansa.audit.models import AuditEvent
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.errors import RuleError
from alyansa.core.text import single_line
from alyansa.members import public, reference
from alyansa.members.models import (
    ERASED_LABEL,
    MEMBER_STATUSES,
    Application,
    Chapter,
    ChapterName,
    Country,
    Language,
    Membership,
    MembershipCategory,
    MembershipEvent,
    MembershipStatus,
    Organization,
    Person,
    PublicField,
    Region,
    Sector,
)


class MembershipRuleError(RuleError):
    """A step that the membership rules do not allow (said in words a secretariat understands)."""


# Which status may follow which. "applied" may follow an ended membership: a new application.
TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({MembershipStatus.APPLIED, MembershipStatus.ADMITTED}),
    MembershipStatus.APPLIED: frozenset({MembershipStatus.ADMITTED, MembershipStatus.DECLINED}),
    MembershipStatus.DECLINED: frozenset({MembershipStatus.APPLIED}),
    MembershipStatus.ADMITTED: frozenset(
        {MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}
    ),
    MembershipStatus.REINSTATED: frozenset(
        {MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}
    ),
    MembershipStatus.SUSPENDED: frozenset(
        {MembershipStatus.REINSTATED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}
    ),
    MembershipStatus.WITHDRAWN: frozenset({MembershipStatus.APPLIED, MembershipStatus.ADMITTED}),
    MembershipStatus.EXPELLED: frozenset({MembershipStatus.APPLIED, MembershipStatus.ADMITTED}),
}


# ---------------------------------------------------------------------------------------------
# Reference data


@transaction.atomic
def reference_data_load(*, acting_user: Any = None) -> dict[str, int]:
    """Create the regions, countries, languages and sectors that are missing. Idempotent: rows
    that exist (and any edits made to them) are left alone."""
    from babel import Locale

    created = {"regions": 0, "countries": 0, "languages": 0, "sectors": 0}
    region_of: dict[str, Region] = {}
    for position, (slug, name, codes) in enumerate(reference.REGIONS):
        region, made = Region.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "names": reference.REGION_NAMES.get(slug, {}),
            },
        )
        created["regions"] += made
        for code in codes.split():
            region_of[code] = region
    existing = set(Country.objects.values_list("code", flat=True))
    iso_codes: list[str] = sorted(
        str(code)
        for code in Locale("en").territories
        if len(str(code)) == 2 and str(code).isalpha() and code not in reference.NOT_COUNTRIES
    )
    new = [
        Country(code=code, region=region_of.get(code)) for code in iso_codes if code not in existing
    ]
    Country.objects.bulk_create(new)
    created["countries"] = len(new)
    known = set(Language.objects.values_list("code", flat=True))
    new_languages = [Language(code=code) for code in reference.LANGUAGES if code not in known]
    Language.objects.bulk_create(new_languages)
    created["languages"] = len(new_languages)
    for slug, name in reference.SECTORS:
        created["sectors"] += Sector.objects.get_or_create(
            slug=slug, defaults={"name": name, "names": reference.SECTOR_NAMES.get(slug, {})}
        )[1]
    if any(created.values()):
        audit_record(actor=acting_user, action="reference.load", changes=created)
    return created


# ---------------------------------------------------------------------------------------------
# Organizations


@dataclass
class Profile:
    """An organization's profile as forms, the API and the importer hand it over."""

    name: str
    country: Country
    acronym: str = ""
    city: str = ""
    region: Region | None = None
    website: str = ""
    email: str = ""
    description: dict[str, str] | None = None
    sectors: Iterable[Sector] = ()
    nationalities: Iterable[Country] = ()
    languages: Iterable[Language] = ()
    public_fields: list[str] | None = None
    at_risk: bool = False


PROFILE_FIELDS = [
    "name",
    "acronym",
    "country",
    "city",
    "region",
    "website",
    "email",
    "description",
    "public_fields",
    "at_risk",
]
PROFILE_RELATIONS = ["sectors", "nationalities", "languages"]
# Names that must stay on one line (they go into e-mail subjects, CSV cells, titles).
SINGLE_LINE_FIELDS = frozenset({"name", "acronym", "city"})


# Addresses that pages use beside the slugs (/members/chapters/new/, ...).
RESERVED_SLUGS = frozenset({"new", "edit", "manage", "members", "constitution"})


def unique_slug(model: type[models.Model], text: str, *, taken: set[str] | None = None) -> str:
    """A slug for `text` that no row of `model` (and nothing in `taken`) uses yet."""
    base = slugify(text)[:70] or "org"
    slug, number = base, 1
    while (
        slug in RESERVED_SLUGS
        or (taken is not None and slug in taken)
        or model._default_manager.filter(slug=slug).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    if taken is not None:
        taken.add(slug)
    return slug


def at_risk_slug() -> str:
    """An at-risk organization's address: random, so that nobody finds its page, or learns
    that it exists, by guessing its acronym (its page answers 404 to the public anyway)."""
    return f"o-{secrets.token_hex(10)}"


def _region_for(country: Country, region: Region | None) -> Region:
    if region is not None:
        return region
    if country.region_id is None:
        raise MembershipRuleError(
            _("%(country)s belongs to no region yet: choose the region.") % {"country": country}
        )
    return country.region  # type: ignore[return-value]


def _public_fields(value: list[str] | None) -> list[str]:
    if value is None:
        from alyansa.members.models import DEFAULT_PUBLIC_FIELDS

        return [str(field) for field in DEFAULT_PUBLIC_FIELDS]
    valid = set(PublicField.values)
    return [field for field in value if field in valid]


def _new_organization(profile: Profile) -> Organization:
    organization = Organization.objects.create(
        name=single_line(profile.name),
        acronym=single_line(profile.acronym),
        slug=at_risk_slug()
        if profile.at_risk
        else unique_slug(Organization, profile.acronym or profile.name),
        country=profile.country,
        city=single_line(profile.city),
        region=_region_for(profile.country, profile.region),
        website=profile.website,
        email=profile.email,
        description={k: v for k, v in (profile.description or {}).items() if v.strip()},
        public_fields=_public_fields(profile.public_fields),
        at_risk=profile.at_risk,
    )
    organization.sectors.set(list(profile.sectors))
    organization.nationalities.set(list(profile.nationalities))
    organization.languages.set(list(profile.languages))
    return organization


@transaction.atomic
def organization_create(*, profile: Profile, acting_user: Any) -> Organization:
    """Add an organization to the registry (without a membership: see membership_record)."""
    organization = _new_organization(profile)
    audit_record(actor=acting_user, action="organization.create", obj=organization)
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, changes: dict[str, Any], acting_user: Any
) -> Organization:
    """Change an organization's profile. Every changed field, relations included, is audited.
    An organization newly marked at risk gets a new, random address (`at_risk_slug`): the old
    one, often its acronym, then answers like any unknown address."""
    unknown = set(changes) - set(PROFILE_FIELDS) - set(PROFILE_RELATIONS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    before = {name: getattr(organization, name) for name in PROFILE_FIELDS}
    simple = [name for name in changes if name in PROFILE_FIELDS]
    for name in simple:
        value = changes[name]
        if name == "public_fields":
            value = _public_fields(value)
        elif name == "description":
            value = {k: v for k, v in (value or {}).items() if v and v.strip()}
        elif name in SINGLE_LINE_FIELDS:
            value = single_line(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(organization, name, value)
    if "country" in changes and "region" not in changes:
        organization.region = _region_for(organization.country, None)
    diff = model_changes(organization, before, PROFILE_FIELDS)
    if organization.at_risk and not before["at_risk"]:
        organization.slug = at_risk_slug()
        simple.append("slug")
    if organization.at_risk != before["at_risk"]:
        public.naming_changed()
    for name in PROFILE_RELATIONS:
        if name not in changes:
            continue
        manager = getattr(organization, name)
        old = sorted(str(item) for item in manager.all())
        manager.set(list(changes[name]))
        new = sorted(str(item) for item in changes[name])
        if old != new:
            diff[name] = [old, new]
    if diff:
        organization.updated_at = timezone.now()
        organization.save(update_fields=[*simple, "region", "updated_at"])
        audit_record(
            actor=acting_user, action="organization.update", obj=organization, changes=diff
        )
    return organization


# ---------------------------------------------------------------------------------------------
# Memberships


def _decider(decided_by: models.Model | str | None) -> tuple[str, str]:
    """The deciding body's name and reference: a model (a body, an assembly) or plain words."""
    if decided_by is None:
        return "", ""
    if isinstance(decided_by, str):
        return decided_by.strip()[:200], ""
    return str(decided_by)[:200], scope_key(decided_by)


def _record(
    *,
    organization: Organization,
    status: MembershipStatus,
    date: datetime.date,
    decided_by: models.Model | str | None,
    note: str,
    category: MembershipCategory | str | None,
    acting_user: Any,
) -> MembershipEvent:
    """The one place that moves a membership: checks the step and the date, writes the event,
    the membership's current state and the audit row."""
    membership = Membership.objects.select_for_update().filter(organization=organization).first()
    current = membership.status if membership else None
    category_change = (
        membership is not None
        and status == current
        and category is not None
        and category != membership.category
        and current in MEMBER_STATUSES
    )
    if status not in TRANSITIONS[current] and not category_change:
        raise MembershipRuleError(
            _("A membership that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": MembershipStatus(current).label if current else _("not recorded"),
                "new": MembershipStatus(status).label,
            }
        )
    if membership is not None and date < membership.status_since:
        raise MembershipRuleError(
            _("The date %(date)s is before the membership's last step (%(last)s).")
            % {"date": date.isoformat(), "last": membership.status_since.isoformat()}
        )
    if date > timezone.localdate() + datetime.timedelta(days=1):
        raise MembershipRuleError(_("A decision cannot be recorded for a future date."))
    category = MembershipCategory(category or (membership.category if membership else "full"))
    if membership is None:
        membership = Membership.objects.create(
            organization=organization, category=category, status=status, status_since=date
        )
    else:
        membership.status, membership.status_since, membership.category = status, date, category
        membership.save(update_fields=["status", "status_since", "category"])
    name, ref = _decider(decided_by)
    event = MembershipEvent.objects.create(
        membership=membership,
        status=status,
        category=category,
        date=date,
        decided_by_name=name,
        decided_by_ref=ref,
        note=note.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action=f"membership.{status}",
        obj=organization,
        changes={
            "status": [current, str(status)],
            "date": date.isoformat(),
            "category": str(category),
            "decided_by": name,
        },
    )
    return event


@transaction.atomic
def membership_record(
    *,
    organization: Organization,
    status: MembershipStatus,
    date: datetime.date,
    decided_by: models.Model | str | None = None,
    note: str = "",
    category: MembershipCategory | str | None = None,
    acting_user: Any,
) -> MembershipEvent:
    """Record any step of a membership's history (the importer and past records use this)."""
    return _record(
        organization=organization,
        status=status,
        date=date,
        decided_by=decided_by,
        note=note,
        category=category,
        acting_user=acting_user,
    )


@transaction.atomic
def membership_admit(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    category: MembershipCategory | str | None = None,
    note: str = "",
) -> MembershipEvent:
    """Admit an organization, by the decision of a body (an assembly, or the body the statutes
    let admit between assemblies). The assemblies app calls this for admissions on its agenda.

    If the organization applied through the public form, the applicant becomes its coordinator
    and is sent a link to choose a password."""
    if not (decided_by if isinstance(decided_by, str) else str(decided_by)).strip():
        raise MembershipRuleError(_("Say which body decided the admission."))
    event = _record(
        organization=organization,
        status=MembershipStatus.ADMITTED,
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=category,
        acting_user=acting_user,
    )
    application = Application.objects.filter(
        organization=organization, confirmed_at__isnull=False
    ).first()
    if application is not None:
        _coordinator_from_application(application, acting_user=acting_user)
    return event


@transaction.atomic
def membership_category_change(
    *,
    organization: Organization,
    category: MembershipCategory | str,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Move a member between full and associate membership; the history keeps the step, so
    counts by category for any date stay right."""
    # From the database: the organization's cached membership may be older than a step just
    # recorded through another service.
    membership = Membership.objects.filter(organization=organization).first()
    if membership is None or not membership.is_member:
        raise MembershipRuleError(_("Only a member's category can change."))
    if category not in MembershipCategory.values:
        raise MembershipRuleError(_("Choose the new category."))
    if MembershipCategory(category) == membership.category:
        raise MembershipRuleError(_("The membership already has this category."))
    return _record(
        organization=organization,
        status=MembershipStatus(membership.status),
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=category,
        acting_user=acting_user,
    )


@transaction.atomic
def membership_decline(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Decline an application; the applicant is told (the note is not sent: it is internal)."""
    event = _record(
        organization=organization,
        status=MembershipStatus.DECLINED,
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=None,
        acting_user=acting_user,
    )
    application = Application.objects.filter(organization=organization).first()
    if application is not None:
        email_queue(
            subject=_("Your application to join the alliance"),
            body=_(
                "The application of %(organization)s was not accepted this time "
                "(decided by %(body)s). The secretariat can tell you more.\n"
            )
            % {"organization": organization.name, "body": event.decided_by_name},
            to=[application.contact_email],
        )
    return event


def _status_step(
    status: MembershipStatus,
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None,
    note: str,
) -> MembershipEvent:
    with transaction.atomic():
        return _record(
            organization=organization,
            status=status,
            date=date or timezone.localdate(),
            decided_by=decided_by,
            note=note,
            category=None,
            acting_user=acting_user,
        )


# Dues arrears are not among these: an unpaid membership continues until a body decides.
# Each records one step of the membership (TRANSITIONS says which steps may follow which).


def membership_suspend(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that a body suspended the membership."""
    return _status_step(
        MembershipStatus.SUSPENDED,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


def membership_reinstate(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that a body reinstated a suspended membership."""
    return _status_step(
        MembershipStatus.REINSTATED,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


def membership_withdraw(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that the organization withdrew from the alliance."""
    return _status_step(
        MembershipStatus.WITHDRAWN,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


def membership_expel(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: Any,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that a body expelled the organization."""
    return _status_step(
        MembershipStatus.EXPELLED,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


# ---------------------------------------------------------------------------------------------
# Applications


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def application_submit(
    *,
    profile: Profile,
    contact_name: str,
    contact_email: str,
    category: MembershipCategory | str = MembershipCategory.FULL,
    motivation: str = "",
) -> tuple[Application, str]:
    """Receive a public application. Nothing is shown to the secretariat until the applicant
    confirms the address (the link's secret is returned once and only its hash is kept)."""
    organization = _new_organization(profile)
    secret = secrets.token_urlsafe(32)
    application = Application.objects.create(
        organization=organization,
        contact_name=single_line(contact_name),
        contact_email=contact_email.strip().lower(),
        category=MembershipCategory(category),
        motivation=motivation.strip(),
        token_hash=hash_token(secret),
    )
    link = _absolute(reverse("members:apply_confirm", kwargs={"secret": secret}))
    email_queue(
        subject=_("Confirm your application to join the alliance"),
        body=_(
            "Someone, hopefully you, applied for %(organization)s to join the alliance.\n\n"
            "To confirm the application, open this link:\n%(link)s\n\n"
            "If you did not apply, ignore this message: nothing will happen."
        )
        % {"organization": organization.name, "link": link},
        to=[application.contact_email],
    )
    audit_record(actor=None, action="application.submit", obj=organization)
    return application, secret


@transaction.atomic
def application_confirm(*, secret: str) -> Application | None:
    """Confirm an application's address; it then waits in the secretariat's review queue.
    Confirming twice changes nothing. Unknown links give None."""
    application = (
        Application.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if application is None or application.confirmed_at is not None:
        return application
    application.confirmed_at = timezone.now()
    application.save(update_fields=["confirmed_at"])
    _record(
        organization=application.organization,
        status=MembershipStatus.APPLIED,
        date=timezone.localdate(),
        decided_by=None,
        note="",
        category=application.category,
        acting_user=None,
    )
    return application


def _password_link(user: User) -> str:
    """A link for a new account to choose its password (allauth's password-reset link)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return _absolute(path)


def _coordinator_from_application(application: Application, *, acting_user: Any) -> User:
    """The applicant becomes the organization's coordinator; a new account gets a link to
    choose its password (allauth's password-reset link)."""
    user = User.objects.filter(email=application.contact_email).first()
    created = user is None
    if user is None:
        # The applicant proved the address by following our link.
        user = user_create(
            email=application.contact_email,
            display_name=application.contact_name,
            acting_user=acting_user,
            email_verified=True,
        )
    role_grant(
        user=user, role=Role.COORDINATOR, scope=application.organization, acting_user=acting_user
    )
    if created:
        body = _(
            "%(organization)s is now a member of the alliance. Welcome!\n\n"
            "You are its coordinator. Choose a password to sign in:\n%(link)s\n"
        ) % {"organization": application.organization.name, "link": _password_link(user)}
    else:
        body = _(
            "%(organization)s is now a member of the alliance. Welcome!\n\n"
            "Sign in with your account: you are its coordinator.\n"
        ) % {"organization": application.organization.name}
    email_queue(
        subject=_("Your organization was admitted"), body=body, to=[application.contact_email]
    )
    return user


@transaction.atomic
def coordinator_appoint(
    *, organization: Organization, email: str, display_name: str, acting_user: Any
) -> User:
    """Make someone an organization's coordinator (an account is created if the address has
    none) and tell them by e-mail: a new account gets a link to choose its password, so the
    link also proves the address the secretariat gave."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = user_create(
            email=email,
            display_name=single_line(display_name),
            acting_user=acting_user,
            email_verified=True,
        )
    elif has_role(user, Role.COORDINATOR, scope=organization):
        raise MembershipRuleError(_("This account already coordinates the organization."))
    role_grant(user=user, role=Role.COORDINATOR, scope=organization, acting_user=acting_user)
    if created:
        body = _(
            "The secretariat made you a coordinator of %(organization)s: you keep its profile "
            "and its people up to date.\n\nChoose a password to sign in:\n%(link)s\n"
        ) % {"organization": organization.name, "link": _password_link(user)}
    else:
        body = _(
            "The secretariat made you a coordinator of %(organization)s: you keep its profile "
            "and its people up to date.\n\nSign in with your account to start.\n"
        ) % {"organization": organization.name}
    email_queue(
        subject=_("You coordinate %(organization)s") % {"organization": organization.name},
        body=body,
        to=[user.email],
    )
    return user


@transaction.atomic
def coordinator_remove(*, organization: Organization, user: User, acting_user: Any) -> None:
    """Take the coordinator role for one organization from an account (the account stays)."""
    if not role_revoke(
        user=user, role=Role.COORDINATOR, scope=organization, acting_user=acting_user
    ):
        raise MembershipRuleError(_("This account does not coordinate the organization."))


# ---------------------------------------------------------------------------------------------
# Chapters


@transaction.atomic
def chapter_create(
    *,
    name: str,
    kind: Chapter.Kind | str,
    region: Region,
    acting_user: Any,
    acronym: str = "",
    country: Country | None = None,
    organizations: Iterable[Organization] = (),
    email: str = "",
    description: dict[str, str] | None = None,
) -> Chapter:
    """A national chapter or regional coordinating body: a group of members that acts and
    publishes in its own name."""
    if Chapter.Kind(kind) == Chapter.Kind.NATIONAL and country is None:
        raise MembershipRuleError(_("A national chapter needs its country."))
    chapter = Chapter.objects.create(
        name=single_line(name),
        acronym=single_line(acronym),
        kind=kind,
        region=region,
        country=country,
        slug=unique_slug(Chapter, acronym or name),
        email=email,
        description=description or {},
    )
    chapter.organizations.set(list(organizations))
    audit_record(
        actor=acting_user,
        action="chapter.create",
        obj=chapter,
        changes={"organizations": chapter.organizations.count()},
    )
    return chapter


CHAPTER_FIELDS = ["name", "acronym", "kind", "region", "country", "email", "description"]


@transaction.atomic
def chapter_update(
    *,
    chapter: Chapter,
    changes: dict[str, Any],
    acting_user: Any,
    renamed_on: datetime.date | None = None,
) -> Chapter:
    """Rename a chapter or change its details (kind, region, country, e-mail, description).

    The address (slug) stays, so that links to the chapter and to what it published keep
    working. A new name or acronym keeps the old ones among the chapter's former names, used
    until the day before `renamed_on` (today if not given); renamings follow each other in
    time. A national chapter keeps a country."""
    unknown = set(changes) - set(CHAPTER_FIELDS)
    if unknown:
        raise ValueError(f"Not chapter fields: {sorted(unknown)}")
    # One change at a time; and the values compared are the database's, not a stale copy's.
    Chapter.objects.select_for_update().filter(pk=chapter.pk).first()
    chapter.refresh_from_db(fields=CHAPTER_FIELDS)
    before = {name: getattr(chapter, name) for name in CHAPTER_FIELDS}
    for name, value in changes.items():
        if name == "description":
            value = {k: v.strip() for k, v in (value or {}).items() if v and v.strip()}
        elif name in SINGLE_LINE_FIELDS:
            value = single_line(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(chapter, name, value)
    if not chapter.name:
        raise MembershipRuleError(_("A chapter needs a name."))
    if Chapter.Kind(chapter.kind) == Chapter.Kind.NATIONAL and chapter.country is None:
        raise MembershipRuleError(_("A national chapter needs its country."))
    diff = model_changes(chapter, before, CHAPTER_FIELDS)
    if not diff:
        return chapter
    if "name" in diff or "acronym" in diff:
        today = timezone.localdate()
        day = renamed_on or today
        if day > today + datetime.timedelta(days=1):
            raise MembershipRuleError(_("A renaming cannot be recorded for a future date."))
        last = chapter.former_names.order_by("-until").first()
        if last is not None and day <= last.until + datetime.timedelta(days=1):
            raise MembershipRuleError(
                _("The chapter was already renamed on %(date)s: a new name comes after it.")
                % {"date": (last.until + datetime.timedelta(days=1)).isoformat()}
            )
        ChapterName.objects.create(
            chapter=chapter,
            name=before["name"],
            acronym=before["acronym"],
            until=day - datetime.timedelta(days=1),
        )
        diff["renamed_on"] = day.isoformat()
    chapter.save(update_fields=[name for name in CHAPTER_FIELDS if name in diff])
    audit_record(actor=acting_user, action="chapter.update", obj=chapter, changes=diff)
    return chapter


@transaction.atomic
def chapter_set_organizations(
    *, chapter: Chapter, organizations: Iterable[Organization], acting_user: Any
) -> Chapter:
    old = set(chapter.organizations.values_list("pk", flat=True))
    new_list = list(organizations)
    chapter.organizations.set(new_list)
    new = {org.pk for org in new_list}
    audit_record(
        actor=acting_user,
        action="chapter.organizations",
        obj=chapter,
        changes={"added": sorted(new - old), "removed": sorted(old - new)},
    )
    return chapter


# ---------------------------------------------------------------------------------------------
# People


@transaction.atomic
def person_create(
    *, display_name: str, organization: Organization | None, acting_user: Any, contact: str = ""
) -> Person:
    """Add a person. The audit trail records that someone was added, never their name."""
    person = Person.objects.create(
        display_name=single_line(display_name), organization=organization, contact=contact.strip()
    )
    audit_record(
        actor=acting_user,
        action="person.create",
        obj=None,
        changes={"person": person.pk, "organization": getattr(organization, "pk", None)},
    )
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    acting_user: Any,
    display_name: str | None = None,
    contact: str | None = None,
) -> Person:
    if person.erased_at is not None:
        raise MembershipRuleError(_("This person's data was erased."))
    changed = []
    if display_name is not None and single_line(display_name) != person.display_name:
        person.display_name = single_line(display_name)
        changed.append("display_name")
    if contact is not None and contact.strip() != person.contact:
        person.contact = contact.strip()
        changed.append("contact")
    if changed:
        person.save(update_fields=changed)
        # Which fields changed, never their values: the trail must not keep a person's data.
        audit_record(
            actor=acting_user,
            action="person.update",
            obj=None,
            changes={"person": person.pk, "fields": changed},
        )
    return person


def person_export(*, person: Person) -> dict[str, Any]:
    """Everything held about a person, for the person (a read; no change): the registry's
    record, the public offices, and every record another app keeps that names them
    (members/person_records.py: nominations, delegate records, lists of speakers...)."""
    from alyansa.members.person_records import records_naming

    mandates = []
    if hasattr(person, "mandates"):
        mandates = [
            {
                "seat": str(m.seat),
                "body": str(m.seat.body),
                "term": m.term.label,
                "name_on_record": m.public_name,
                "from": m.starts_on.isoformat(),
                "until": m.ends_on.isoformat() if m.ends_on else None,
            }
            for m in person.mandates.select_related("seat__body", "term")
        ]
    return {
        "display_name": person.display_name,
        "organization": str(person.organization) if person.organization else None,
        "contact": person.contact,
        "account_email": person.user.email if person.user else None,
        "created_at": person.created_at.isoformat(),
        "erased_at": person.erased_at.isoformat() if person.erased_at else None,
        "public_offices": mandates,
        **records_naming(person),
    }


@transaction.atomic
def person_erase(*, person: Person, acting_user: Any) -> Person:
    """Erase a person: name and contact are blanked and shown everywhere as a neutral label.
    Published records of public office (a mandate's name on the record) are kept, as the
    privacy page says; everything else that named the person is rewritten."""
    if person.erased_at is not None:
        return person
    person.display_name = ""
    person.contact = ""
    person.user = None
    person.erased_at = timezone.now()
    person.save(update_fields=["display_name", "contact", "user", "erased_at"])
    public.naming_changed()
    # Older trails may hold the name in the object's label; replace it.
    AuditEvent.objects.for_object(person).update(object_repr=str(ERASED_LABEL))
    audit_record(actor=acting_user, action="person.erase", obj=None, changes={"person": person.pk})
    return person


# ---------------------------------------------------------------------------------------------
# Import


# Rows per INSERT: fewer round trips; SQLite's variable limit is handled by Django itself.
IMPORT_BATCH = 5000


@transaction.atomic
def organizations_import(*, rows: list[Any], acting_user: Any, source: str = "") -> int:
    """Write checked rows (alyansa.members.importing.check_rows) in bulk: all or nothing.
    Returns how many organizations were created or updated.

    A new organization's history starts with the imported status on its date, decided by the
    body the row names. An organization already in the registry gets the file's values for the
    columns the file has, and a new status or category as the next step of its history. Refuses
    if any row has an error, and if a membership changed since the rows were checked, so that
    the dry run's preview is what gets written."""
    bad = [row for row in rows if not row.ok]
    if bad:
        raise MembershipRuleError(
            _("%(count)d rows have errors; nothing was written.") % {"count": len(bad)}
        )
    now = timezone.now()
    recorded_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    new_rows = [row for row in rows if row.organization_id is None]
    changed_rows = [row for row in rows if row.organization_id is not None and row.changes]
    _import_new(new_rows, now=now, recorded_by=recorded_by)
    _import_changes(changed_rows, now=now, recorded_by=recorded_by)
    audit_record(
        actor=acting_user,
        action="organization.import",
        changes={
            "count": len(new_rows) + len(changed_rows),
            "created": len(new_rows),
            "updated": sorted(row.organization_id for row in changed_rows),
            "unchanged": len(rows) - len(new_rows) - len(changed_rows),
            "source": source[:200],
        },
    )
    return len(new_rows) + len(changed_rows)


_RELATION_COLUMN = {
    "sectors": "sector_id",
    "nationalities": "country_id",
    "languages": "language_id",
}


def _import_new(rows: list[Any], *, now: datetime.datetime, recorded_by: Any) -> None:
    if not rows:
        return
    taken = set(Organization.objects.values_list("slug", flat=True))
    organizations = []
    for row in rows:
        v = row.values
        if v["at_risk"]:
            slug = at_risk_slug()
        else:
            base = slugify(v["acronym"] or v["name"])[:70] or "org"
            slug, number = base, 1
            while slug in taken or slug in RESERVED_SLUGS:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
        organizations.append(
            Organization(
                name=v["name"],
                acronym=v["acronym"],
                slug=slug,
                country=v["country"],
                city=v["city"],
                region=v["region"],
                website=v["website"],
                email=v["email"],
                description=v["description"],
                at_risk=v["at_risk"],
                public_fields=_public_fields(None),
                created_at=now,
                updated_at=now,
            )
        )
    # PostgreSQL and SQLite (3.35+) both return the new primary keys from bulk_create.
    Organization.objects.bulk_create(organizations, batch_size=IMPORT_BATCH)
    for relation, column in _RELATION_COLUMN.items():
        through = getattr(Organization, relation).through
        through.objects.bulk_create(
            [
                through(organization_id=organization.pk, **{column: item.pk})
                for organization, row in zip(organizations, rows, strict=True)
                for item in row.values[relation]
            ],
            batch_size=IMPORT_BATCH,
        )
    memberships = [
        Membership(
            organization=organization,
            category=row.values["category"],
            status=row.values["status"],
            status_since=row.values["since"],
        )
        for organization, row in zip(organizations, rows, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=IMPORT_BATCH)
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                membership=membership,
                status=membership.status,
                category=membership.category,
                date=membership.status_since,
                decided_by_name=row.values["decided_by"],
                note=_("Imported"),
                recorded_by=recorded_by,
                recorded_at=now,
            )
            for membership, row in zip(memberships, rows, strict=True)
        ],
        batch_size=IMPORT_BATCH,
    )


def _import_changes(rows: list[Any], *, now: datetime.datetime, recorded_by: Any) -> None:
    """Apply checked updates: profile fields in bulk, changed relations replaced, and each
    membership step appended to the history."""
    if not rows:
        return
    ids = [row.organization_id for row in rows]
    organizations: dict[int, Organization] = {}
    memberships: dict[int, Membership] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        organizations.update(Organization.objects.in_bulk(chunk))
        for locked in Membership.objects.select_for_update().filter(organization_id__in=chunk):
            memberships[locked.organization_id] = locked
    profile_fields = ["acronym", "country", "city", "region", "website", "email", "at_risk"]
    updated: list[Organization] = []
    relinks: dict[str, list[Any]] = {relation: [] for relation in _RELATION_COLUMN}
    steps: list[Membership] = []
    events: list[MembershipEvent] = []
    for row in rows:
        organization = organizations.get(row.organization_id)
        if organization is None:
            raise MembershipRuleError(
                _("%(name)s was deleted since the file was checked; check it again.")
                % {"name": row.name}
            )
        v = row.values
        # Only the columns that change: a column the file lacks keeps its value.
        profile = [name for name in [*profile_fields, "description"] if name in row.changes]
        if "at_risk" in profile and v["at_risk"] and not organization.at_risk:
            organization.slug = at_risk_slug()
        for name in profile:
            setattr(organization, name, v[name])
        if profile or any(relation in row.changes for relation in _RELATION_COLUMN):
            organization.updated_at = now
            updated.append(organization)
        for relation in _RELATION_COLUMN:
            if relation in row.changes:
                relinks[relation].append(row)
        if not v["step"]:
            continue
        membership = memberships.get(organization.pk)
        state = (
            (membership.status, membership.status_since, membership.category)
            if membership
            else (None, None, None)
        )
        if state != v["expected"]:
            raise MembershipRuleError(
                _("The membership of %(name)s changed since the file was checked; check it again.")
                % {"name": row.name}
            )
        if membership is None:
            membership = Membership.objects.create(
                organization=organization,
                category=v["category"],
                status=v["status"],
                status_since=v["since"],
            )
        else:
            membership.status = v["status"]
            membership.category = v["category"]
            membership.status_since = v["since"]
            steps.append(membership)
        events.append(
            MembershipEvent(
                membership=membership,
                status=v["status"],
                category=v["category"],
                date=v["since"],
                decided_by_name=v["decided_by"],
                note=_("Imported"),
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
    Organization.objects.bulk_update(
        updated, [*profile_fields, "slug", "description", "updated_at"], batch_size=500
    )
    if any("at_risk" in row.changes for row in rows):
        public.naming_changed()
    for relation, relation_rows in relinks.items():
        through = getattr(Organization, relation).through
        column = _RELATION_COLUMN[relation]
        changed_ids = [row.organization_id for row in relation_rows]
        for start in range(0, len(changed_ids), 500):
            through.objects.filter(organization_id__in=changed_ids[start : start + 500]).delete()
        through.objects.bulk_create(
            [
                through(organization_id=row.organization_id, **{column: item.pk})
                for row in relation_rows
                for item in row.values[relation]
            ],
            batch_size=IMPORT_BATCH,
        )
    Membership.objects.bulk_update(steps, ["status", "category", "status_since"], batch_size=500)
    MembershipEvent.objects.bulk_create(events, batch_size=IMPORT_BATCH)


@transaction.atomic
def applications_forget_unconfirmed(*, older_than: datetime.timedelta, now: Any = None) -> int:
    """Delete applications never confirmed (and the organization profile they carried) once
    they are `older_than` old: an unconfirmed address may not even be the applicant's."""
    cutoff = (now or timezone.now()) - older_than
    stale = Organization.objects.filter(
        application__confirmed_at__isnull=True,
        application__submitted_at__lt=cutoff,
        membership__isnull=True,
    )
    count = stale.count()
    if count:
        stale.delete()
        audit_record(actor=None, action="application.forget_unconfirmed", changes={"count": count})
    return count
