"""People in the registry: added, changed, exported for themselves and erased. A person's name
and contact never enter the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record, audit_rename_object
from alyansa.core.text import single_line
from alyansa.members import public
from alyansa.members.audit_actions import Action
from alyansa.members.models import ERASED_LABEL, Organization, Person
from alyansa.members.person_records import records_naming
from alyansa.members.services.common import MembershipRuleError


@transaction.atomic
def person_create(
    *,
    display_name: str,
    organization: Organization | None,
    acting_user: User | None,
    contact: str = "",
) -> Person:
    """Add a person. The audit trail records that someone was added, never their name."""
    person = Person.objects.create(
        display_name=single_line(display_name), organization=organization, contact=contact.strip()
    )
    audit_record(
        actor=acting_user,
        action=Action.PERSON_CREATE,
        obj=None,
        changes={"person": person.pk, "organization": getattr(organization, "pk", None)},
    )
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    acting_user: User,
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
            action=Action.PERSON_UPDATE,
            obj=None,
            changes={"person": person.pk, "fields": changed},
        )
    return person


def person_export(*, person: Person) -> dict[str, Any]:
    """Everything held about a person, for the person (a read; no change): the registry's
    record, the public offices, and every record another app keeps that names them
    (members/person_records.py: nominations, delegate records, lists of speakers...)."""
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
def person_erase(*, person: Person, acting_user: User) -> Person:
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
    audit_rename_object(person, str(ERASED_LABEL))
    audit_record(
        actor=acting_user, action=Action.PERSON_ERASE, obj=None, changes={"person": person.pk}
    )
    return person
