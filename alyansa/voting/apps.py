from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "alyansa.voting"
    label = "voting"
    verbose_name = _("Polls and elections")

    def ready(self) -> None:
        # The assemblies' phone page says when a vote waits for the delegate, on every load,
        # without importing this app (alyansa/assemblies/phone.py).
        from alyansa.assemblies.phone import register_waiting_counter
        from alyansa.voting.selectors import votes_waiting_for

        register_waiting_counter("voting", votes_waiting_for)
