from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from alyansa.api import api
from alyansa.portal.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("members/", include("alyansa.members.urls")),
    path("bodies/", include("alyansa.governance.urls")),
    path("statements/", include("alyansa.statements.urls")),
    path("", include("alyansa.portal.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
