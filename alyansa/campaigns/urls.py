from django.urls import path

from alyansa.campaigns.views import answers, public, staff

app_name = "campaigns"

urlpatterns = [
    path("", public.index, name="index"),
    path("dashboard/", staff.dashboard, name="dashboard"),
    path("reminders/run/", staff.reminders_run, name="reminders_run"),
    path("new/", staff.campaign_edit, name="campaign_new"),
    path("calls/new/", staff.call_edit, name="call_new"),
    path("calls/<id:call_id>/", public.call, name="call"),
    path("calls/<id:call_id>/edit/", staff.call_edit, name="call_edit"),
    path("calls/<id:call_id>/board/", staff.board, name="board"),
    path("calls/<id:call_id>/board.csv", staff.board_csv, name="board_csv"),
    path("calls/<id:call_id>/report/", public.combined_report, name="combined_report"),
    path("calls/<id:call_id>/report.pdf", public.combined_report_pdf, name="combined_report_pdf"),
    path("calls/<id:call_id>/<slug:step>/", staff.call_step, name="call_step"),
    path("r/<str:token>/", answers.report_link, name="report_link"),
    path("link-expired/", answers.link_expired, name="link_expired"),
    path("answers/<id:answer_id>/", answers.answer, name="answer"),
    path("photos/<slug:key>.jpg", answers.photo, name="photo"),
    path("organizations/<id:organization_id>/", answers.organization_calls, name="organization"),
    path("calendars/<str:token>.ics", answers.organization_calendar, name="organization_calendar"),
    path("<slug:slug>/", public.campaign, name="campaign"),
    path("<slug:slug>/edit/", staff.campaign_edit, name="campaign_edit"),
    path("<slug:slug>/calendar.ics", public.campaign_calendar, name="campaign_calendar"),
]
