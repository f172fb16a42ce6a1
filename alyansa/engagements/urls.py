from django.urls import path

from alyansa.engagements.views import calendar, manage, private, report

app_name = "engagements"

urlpatterns = [
    # The public calendar and its feeds.
    path("", calendar.engagement_list, name="list"),
    path("<year:year>/<month:month>/", calendar.month, name="month"),
    path("<id:engagement_id>/", calendar.detail, name="detail"),
    path("calendar.ics", calendar.feed, name="feed"),
    path("bodies/<slug:slug>/calendar.ics", calendar.body_feed, name="body_feed"),
    path("regions/<slug:slug>/calendar.ics", calendar.region_feed, name="region_feed"),
    path("languages/<str:code>/calendar.ics", calendar.language_feed, name="language_feed"),
    path("private/<str:secret>/calendar.ics", calendar.private_feed, name="private_feed"),
    # The secretariat's records.
    path("manage/", manage.overview, name="overview"),
    path("new/", manage.create, name="create"),
    path("<id:engagement_id>/manage/", manage.manage, name="manage"),
    path("<id:engagement_id>/cancel/", manage.cancel, name="cancel"),
    path("<id:engagement_id>/outcome/", manage.outcome, name="outcome"),
    path("<id:engagement_id>/delegation/", manage.delegate_add, name="delegate_add"),
    path(
        "<id:engagement_id>/delegation/<id:member_id>/",
        manage.delegate_edit,
        name="delegate_edit",
    ),
    path(
        "<id:engagement_id>/delegation/<id:member_id>/remove/",
        manage.delegate_remove,
        name="delegate_remove",
    ),
    path("<id:engagement_id>/interventions/", manage.intervention_add, name="intervention_add"),
    path("<id:engagement_id>/follow-ups/", manage.follow_up_add, name="follow_up_add"),
    path("tasks/", manage.tasks, name="tasks"),
    path("tasks/<id:task_id>/", manage.follow_up_mark, name="follow_up_mark"),
    # Private calendar addresses.
    path("my-calendar/", private.own_calendar, name="own_calendar"),
    path("people/<id:person_id>/calendar/", private.person_calendar, name="person_calendar"),
    path(
        "people/<id:person_id>/calendar/new/",
        private.person_calendar_issue,
        name="person_calendar_issue",
    ),
    path(
        "people/<id:person_id>/calendar/revoke/",
        private.person_calendar_revoke,
        name="person_calendar_revoke",
    ),
    # The report to the assembly.
    path("report/", report.report, name="report"),
    path("report/attach/", report.report_attach, name="report_attach"),
    path("reports/<id:report_id>/", report.attached_report, name="attached_report"),
]
