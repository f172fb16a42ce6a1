from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "alyansa.core"
    label = "core"

    def ready(self) -> None:
        # Imported here, not above: bounds imports ninja and Django's forms, which need the
        # settings this module is read before.
        from alyansa.core.bounds import IdConverter, MonthConverter, YearConverter

        # Before any URL conf is read: every app's patterns name ids as <id:...>.
        register_converter(IdConverter, "id")
        register_converter(YearConverter, "year")
        register_converter(MonthConverter, "month")
