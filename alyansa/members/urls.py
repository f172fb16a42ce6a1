from django.urls import path

from alyansa.members import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("nationalities/", views.nationalities, name="nationalities"),
    path("chapters/", views.chapters, name="chapters"),
    path("chapters/new/", views.chapter_new, name="chapter_new"),
    path("chapters/<slug:slug>/", views.chapter, name="chapter"),
    path("chapters/<slug:slug>/members/", views.chapter_members, name="chapter_members"),
    path("chapters/<slug:slug>/edit/", views.chapter_edit, name="chapter_edit"),
    path("apply/", views.apply, name="apply"),
    path("apply/sent/", views.apply_sent, name="apply_sent"),
    path("apply/confirm/<str:secret>/", views.apply_confirm, name="apply_confirm"),
    path("applications/", views.review_queue, name="review_queue"),
    path(
        "applications/<id:application_id>/decide/",
        views.application_decide,
        name="application_decide",
    ),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.csv", views.statistics_csv, name="statistics_csv"),
    path("growth.svg", views.growth_svg, name="growth_svg"),
    path("export/", views.export, name="export"),
    path("import/", views.import_members, name="import"),
    path("import/<slug:token>/", views.import_preview, name="import_preview"),
    path("import/<slug:token>/report.csv", views.import_report, name="import_report"),
    path("mine/", views.mine, name="mine"),
    path("people/<id:person_id>/export/", views.person_download, name="person_export"),
    path("people/<id:person_id>/erase/", views.person_erase_view, name="person_erase"),
    path("organizations/<slug:slug>/", views.organization, name="organization"),
    path("organizations/<slug:slug>/edit/", views.organization_edit, name="organization_edit"),
    path(
        "organizations/<slug:slug>/manage/", views.organization_manage, name="organization_manage"
    ),
    path("organizations/<slug:slug>/membership/", views.membership_step, name="membership_step"),
    path("organizations/<slug:slug>/people/", views.person_add, name="person_add"),
    path(
        "organizations/<slug:slug>/coordinators/",
        views.coordinator_add,
        name="coordinator_add",
    ),
    path(
        "organizations/<slug:slug>/coordinators/<id:user_id>/remove/",
        views.coordinator_remove_view,
        name="coordinator_remove",
    ),
]
