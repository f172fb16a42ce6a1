from django.urls import path

from alyansa.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.program_new, name="new"),
    path("<id:program_id>/", views.program, name="program"),
    path("<id:program_id>/edit/", views.program_edit, name="edit"),
    path("<id:program_id>/edit/areas/new/", views.area_change, name="area_new"),
    path("<id:program_id>/edit/areas/<id:area_id>/", views.area_change, name="area_edit"),
    path("<id:program_id>/edit/areas/<id:area_id>/goals/new/", views.goal_change, name="goal_new"),
    path("<id:program_id>/edit/goals/<id:goal_id>/", views.goal_change, name="goal_edit"),
    path(
        "<id:program_id>/edit/goals/<id:goal_id>/targets/new/",
        views.target_change,
        name="target_new",
    ),
    path("<id:program_id>/edit/targets/<id:target_id>/", views.target_change, name="target_edit"),
    path("<id:program_id>/internal/", views.internal, name="internal"),
    path("<id:program_id>/targets/<id:target_id>/", views.target, name="target"),
    path("<id:program_id>/targets/<id:target_id>/state/", views.target_state, name="target_state"),
    path(
        "<id:program_id>/targets/<id:target_id>/figure/", views.target_figure, name="target_figure"
    ),
    path("<id:program_id>/reports/new/", views.report_draft, name="report_draft"),
    path("<id:program_id>/reports/<id:report_id>/", views.report, name="report"),
    path("<id:program_id>/reports/<id:report_id>/pdf/", views.report_document, name="report_pdf"),
    path("<id:program_id>/reports/<id:report_id>/edit/", views.report_edit, name="report_edit"),
    path(
        "<id:program_id>/reports/<id:report_id>/present/",
        views.report_present,
        name="report_present",
    ),
]
