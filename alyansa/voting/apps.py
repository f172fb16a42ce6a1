from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "alyansa.voting"
    label = "voting"
    verbose_name = _("Polls and elections")

    def ready(self) -> None:
        # Imported here, as Django asks: models and the other apps are ready only now.
        # The assemblies' phone page says when a vote waits for the delegate, on every load,
        # without importing this app (alyansa/assemblies/phone.py).
        from alyansa.assemblies.phone import register_waiting_counter
        from alyansa.members.person_records import register
        from alyansa.voting.selectors import votes_waiting_for

        register_waiting_counter("voting", votes_waiting_for)
        # A person's data export holds their nominations (alyansa/members/person_records.py).
        register("nominations", _nominations_of)


def _nominations_of(person):  # type: ignore[no-untyped-def]
    """Every nomination of the person, for their data export."""
    # Imported here: this module is loaded before the app's models are.
    from alyansa.voting.models import Nomination

    return [
        {
            "election": n.election.title,
            "assembly": n.election.assembly.title if n.election.assembly else None,
            "nominated_by": n.nominated_by,
            "accepted_at": n.accepted_at.isoformat() if n.accepted_at else None,
            "declined_at": n.declined_at.isoformat() if n.declined_at else None,
            "as_delegate": n.participant.display_name if n.participant else None,
        }
        for n in Nomination.objects.filter(person=person).select_related(
            "election__assembly", "participant"
        )
    ]
