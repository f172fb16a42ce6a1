from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "alyansa.programs"
    label = "programs"
    verbose_name = _("Program of action")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The assemblies app sits below this one and never imports it: it tells it, through its
        # extension point, that an agenda item was decided (a program adopted, a report judged).
        # Imported in ready(), once the app registry is loaded: both modules read models.
        from alyansa.assemblies.decisions import register_decision_listener
        from alyansa.programs.services import on_item_decided

        register_decision_listener("programs", on_item_decided)
