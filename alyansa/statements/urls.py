from django.urls import path

from alyansa.statements import feeds, views

app_name = "statements"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("feed/rss/", feeds.feed_rss, name="feed_rss"),
    path("feed/atom/", feeds.feed_atom, name="feed_atom"),
    path("feed/json/", feeds.feed_json, name="feed_json"),
    path("sitemap.xml", feeds.sitemap, name="sitemap"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.create, name="create"),
    path("manage/endorsements/", views.moderation, name="moderation"),
    path("manage/endorsements/<id:endorsement_id>/", views.moderate, name="moderate"),
    # Topics and occasions are named on the same pages (views.NAMED_PAGES).
    path("manage/topics/", views.named_list, {"kind": "topics"}, name="topics"),
    path("manage/topics/<slug:slug>/", views.named_edit, {"kind": "topics"}, name="topic_edit"),
    path("manage/occasions/", views.named_list, {"kind": "occasions"}, name="occasions"),
    path(
        "manage/occasions/<slug:slug>/",
        views.named_edit,
        {"kind": "occasions"},
        name="occasion_edit",
    ),
    path("manage/import/", views.import_start, name="import"),
    path("manage/import/<id:job_id>/", views.import_job, name="import_job"),
    path("manage/import/<id:job_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("manage/import/<id:job_id>/resume/", views.import_resume, name="import_resume"),
    path("manage/import/<id:job_id>/discard/", views.import_discard, name="import_discard"),
    path("manage/<slug:slug>/", views.workflow, name="workflow"),
    path("manage/<slug:slug>/submit/", views.submit, name="submit"),
    path("manage/<slug:slug>/approve/", views.approve, name="approve"),
    path("manage/<slug:slug>/return/", views.return_to_draft, name="return_to_draft"),
    path("manage/<slug:slug>/publish/", views.publish, name="publish"),
    path("manage/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("manage/<slug:slug>/images/", views.image_upload, name="image_upload"),
    path("manage/<slug:slug>/details/", views.details, name="details"),
    path("manage/<slug:slug>/<str:language>/edit/", views.edit, name="edit"),
    path("manage/<slug:slug>/<str:language>/versions/", views.versions, name="versions"),
    path("endorse/confirm/<str:token>/", views.endorse_confirm, name="endorse_confirm"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/endorse/", views.endorse, name="endorse"),
    path("<slug:slug>/endorse/member/", views.endorse_member, name="endorse_member"),
    path("<slug:slug>/endorsers/", views.endorsers, name="endorsers"),
    path("<slug:slug>/<str:language>/", views.detail_language, name="detail_language"),
]
