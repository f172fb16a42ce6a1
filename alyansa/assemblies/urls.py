from django.urls import path

from alyansa.assemblies import views

app_name = "assemblies"
urlpatterns = [
    path("", views.assembly_list, name="list"),
    path("new/", views.assembly_create, name="create"),
    # The delegate's phone (a credential session, no account).
    path("signin/", views.signin_form, name="signin_form"),
    path("signout/", views.signout, name="signout"),
    path("me/", views.me, name="me"),
    path("me/check-in/", views.me_check_in, name="me_check_in"),
    path("me/floor/", views.floor, name="floor"),
    path("me/proxy/", views.proxy, name="proxy"),
    # Registration by coordinators (their own organization) and the secretariat.
    path(
        "participants/<id:participant_id>/credential/",
        views.credential_issue,
        name="credential_issue",
    ),
    path(
        "participants/<id:participant_id>/revoke/",
        views.credential_revoke,
        name="credential_revoke",
    ),
    path(
        "participants/<id:participant_id>/withdraw/",
        views.participant_withdraw,
        name="participant_withdraw",
    ),
    path("participants/<id:participant_id>/badge.pdf", views.badge, name="badge"),
    path("<slug:slug>/", views.assembly_detail, name="detail"),
    path("<slug:slug>/edit/", views.assembly_edit, name="edit"),
    path("<slug:slug>/status/", views.assembly_status, name="status"),
    path("<slug:slug>/console/", views.console, name="console"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/proxies/", views.proxies, name="proxies"),
    path("<slug:slug>/proxies/<id:proxy_id>/end/", views.proxy_end, name="proxy_end"),
    path("<slug:slug>/allocation/", views.allocation, name="allocation"),
    path("<slug:slug>/badges.pdf", views.badges, name="badges"),
    path("<slug:slug>/register/", views.register, name="register"),
    path(
        "<slug:slug>/register/<slug:org>/",
        views.register_organization,
        name="register_organization",
    ),
    path("<slug:slug>/items/add/", views.item_add, name="item_add"),
    path("<slug:slug>/items/<id:item_id>/open/", views.item_open, name="item_open"),
    path("<slug:slug>/items/<id:item_id>/decide/", views.item_decide, name="item_decide"),
    path("<slug:slug>/items/<id:item_id>/move/", views.item_move, name="item_move"),
    path("<slug:slug>/items/<id:item_id>/edit/", views.item_edit, name="item_edit"),
    path(
        "<slug:slug>/items/<id:item_id>/translate/",
        views.item_translate,
        name="item_translate",
    ),
    path(
        "<slug:slug>/items/<id:item_id>/amendments/",
        views.amendment_add,
        name="amendment_add",
    ),
    path(
        "<slug:slug>/amendments/<id:amendment_id>/decide/",
        views.amendment_decide,
        name="amendment_decide",
    ),
    path("<slug:slug>/items/<id:item_id>/speakers/", views.speaker_next, name="speaker_next"),
]
