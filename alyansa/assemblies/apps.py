from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from alyansa.members.models import Person


class AssembliesConfig(AppConfig):
    name = "alyansa.assemblies"
    label = "assemblies"
    verbose_name = _("General assemblies")

    def ready(self) -> None:
        # Imported once the app registry is ready (this module is read before any model is).
        from alyansa.members.person_records import register

        register("delegate_records", _participations_of)


def _participations_of(person: Person) -> list[dict[str, Any]]:
    """The person's records at assemblies, for their data export: delegate or guest records
    of their organization under their name, with the check-in, the proxies and the requests for
    the floor (a delegate record linked through a nomination is in the voting app's section)."""
    # Models are imported at call time: this module is read before the app registry is ready.
    from alyansa.assemblies.models import Attendance, Participant

    if person.erased_at is not None or not person.display_name:
        return []
    participants = Participant.objects.filter(
        display_name__iexact=person.display_name, organization=person.organization
    ).select_related("assembly")
    records = []
    for one in participants:
        attendance = Attendance.objects.filter(participant=one).first()
        records.append(
            {
                "assembly": one.assembly.title,
                "kind": one.kind,
                "name": one.display_name,
                "registered_at": one.registered_at.isoformat(),
                "withdrawn_at": one.withdrawn_at.isoformat() if one.withdrawn_at else None,
                "checked_in_at": attendance.checked_in_at.isoformat()
                if attendance and attendance.checked_in_at
                else None,
                "proxies_given_to": [p.holder.display_name for p in one.proxies_given.all()],
                "proxies_held_for": [p.giver.display_name for p in one.proxies_held.all()],
                "asked_for_the_floor": [
                    {"item": r.item.local_title, "at": r.requested_at.isoformat()}
                    for r in one.speaker_requests.select_related("item")
                ],
            }
        )
    return records
