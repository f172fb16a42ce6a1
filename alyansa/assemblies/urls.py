from django.urls import path

from alyansa.assemblies.views import console, delegate, desk, public, registration, setup

app_name = "assemblies"
urlpatterns = [
    path("", public.assembly_list, name="list"),
    path("new/", setup.assembly_create, name="create"),
    # The delegate's phone (a credential session, no account).
    path("signin/", delegate.signin_form, name="signin_form"),
    path("signout/", delegate.signout, name="signout"),
    path("me/", delegate.me, name="me"),
    path("me/check-in/", delegate.me_check_in, name="me_check_in"),
    path("me/floor/", delegate.floor, name="floor"),
    path("me/proxy/", delegate.proxy, name="proxy"),
    # Registration by coordinators (their own organization) and the secretariat.
    path(
        "participants/<id:participant_id>/credential/",
        registration.credential_issue,
        name="credential_issue",
    ),
    path(
        "participants/<id:participant_id>/revoke/",
        registration.credential_revoke,
        name="credential_revoke",
    ),
    path(
        "participants/<id:participant_id>/withdraw/",
        registration.participant_withdraw,
        name="participant_withdraw",
    ),
    path("participants/<id:participant_id>/badge.pdf", registration.badge, name="badge"),
    path("<slug:slug>/", public.assembly_detail, name="detail"),
    path("<slug:slug>/edit/", setup.assembly_edit, name="edit"),
    path("<slug:slug>/status/", setup.assembly_status, name="status"),
    path("<slug:slug>/console/", console.console, name="console"),
    path("<slug:slug>/participants/", desk.participants, name="participants"),
    path("<slug:slug>/check-in/", desk.check_in, name="check_in"),
    path("<slug:slug>/proxies/", desk.proxies, name="proxies"),
    path("<slug:slug>/proxies/<id:proxy_id>/end/", desk.proxy_end, name="proxy_end"),
    path("<slug:slug>/allocation/", desk.allocation, name="allocation"),
    path("<slug:slug>/badges.pdf", desk.badges, name="badges"),
    path("<slug:slug>/register/", registration.register, name="register"),
    path(
        "<slug:slug>/register/<slug:org>/",
        registration.register_organization,
        name="register_organization",
    ),
    path("<slug:slug>/items/add/", console.item_add, name="item_add"),
    path("<slug:slug>/items/<id:item_id>/open/", console.item_open, name="item_open"),
    path("<slug:slug>/items/<id:item_id>/decide/", console.item_decide, name="item_decide"),
    path("<slug:slug>/items/<id:item_id>/move/", console.item_move, name="item_move"),
    path("<slug:slug>/items/<id:item_id>/edit/", console.item_edit, name="item_edit"),
    path(
        "<slug:slug>/items/<id:item_id>/translate/",
        console.item_translate,
        name="item_translate",
    ),
    path(
        "<slug:slug>/items/<id:item_id>/amendments/",
        console.amendment_add,
        name="amendment_add",
    ),
    path(
        "<slug:slug>/amendments/<id:amendment_id>/decide/",
        console.amendment_decide,
        name="amendment_decide",
    ),
    path("<slug:slug>/items/<id:item_id>/speakers/", console.speaker_next, name="speaker_next"),
]
