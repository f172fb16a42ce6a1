from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "alyansa.campaigns"
    verbose_name = _("Campaigns and calls to action")
    default_auto_field = "django.db.models.BigAutoField"
