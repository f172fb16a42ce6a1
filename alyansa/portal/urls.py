from django.urls import path

from alyansa.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("settings/tokens/", views.access_tokens, name="access_tokens"),
    path(
        "settings/tokens/<id:token_id>/revoke/",
        views.access_token_revoke,
        name="access_token_revoke",
    ),
]
