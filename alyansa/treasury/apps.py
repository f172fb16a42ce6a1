from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreasuryConfig(AppConfig):
    name = "alyansa.treasury"
    label = "treasury"
    verbose_name = _("Treasury")

    def ready(self) -> None:
        # The assemblies app sits below the treasury and never imports it: the treasury
        # tells it, through its extension point, which organizations have lost their vote.
        # Imported in ready(), once the app registry is loaded: both modules read models.
        from alyansa.assemblies.restrictions import register_restriction_provider
        from alyansa.treasury.standing import arrears_restrictions

        register_restriction_provider("treasury", arrears_restrictions)
