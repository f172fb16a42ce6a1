from django.urls import include, path, re_path

from alyansa.api import api
from alyansa.portal.views import healthz, media_file
from alyansa.statements.feeds import sitemap_index
from alyansa.statements.views import legacy_redirect

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("members/", include("alyansa.members.urls")),
    path("bodies/", include("alyansa.governance.urls")),
    path("statements/", include("alyansa.statements.urls")),
    path("assemblies/", include("alyansa.assemblies.urls")),
    path("voting/", include("alyansa.voting.urls")),
    path("treasury/", include("alyansa.treasury.urls")),
    path("campaigns/", include("alyansa.campaigns.urls")),
    path("engagements/", include("alyansa.engagements.urls")),
    path("programs/", include("alyansa.programs.urls")),
    path("", include("alyansa.portal.urls")),
    re_path(r"^media/(?P<path>.+)$", media_file),
]
handler400 = "alyansa.core.bad_request.bad_request"
handler500 = "alyansa.core.bad_request.server_error"
# Last: addresses of an imported old site redirect to their statements; anything else is a 404.
urlpatterns += [re_path(r"^(?P<path>.+)$", legacy_redirect)]
