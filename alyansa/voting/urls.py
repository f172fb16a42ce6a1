from django.urls import path

from alyansa.voting import views

app_name = "voting"
urlpatterns = [
    # The delegate's phone (a credential session).
    path("me/", views.ballots, name="ballots"),
    path("me/nominations/", views.my_nominations, name="my_nominations"),
    # No voter key in the address (addresses are logged): the held vote is the form's field.
    path("me/<id:poll_id>/", views.ballot, name="ballot"),
    # Public once closed: the bulletin board and the ballots as files.
    path("polls/<id:poll_id>/", views.board, name="board"),
    path("polls/<id:poll_id>/ballots.<str:form>", views.ballots_file, name="ballots_file"),
    # Every ballot in full, for the poll's runners (whatever the public board shows).
    path(
        "polls/<id:poll_id>/all-ballots.<str:form>",
        views.ballots_file_full,
        name="ballots_file_full",
    ),
    # The poll's runner: the chair, or the election committee for an election.
    path("polls/<id:poll_id>/open/", views.poll_open, name="poll_open"),
    path("polls/<id:poll_id>/close/", views.poll_close, name="poll_close"),
    path("polls/<id:poll_id>/annul/", views.poll_annul, name="poll_annul"),
    path("polls/<id:poll_id>/rerun/", views.poll_rerun, name="poll_rerun"),
    path("polls/<id:poll_id>/paper/", views.paper, name="paper"),
    path("elections/<id:election_id>/", views.election, name="election"),
    path("elections/<id:election_id>/act/", views.election_act, name="election_act"),
    path("elections/<id:election_id>/nominations/", views.nominations, name="nominations"),
    path(
        "elections/<id:election_id>/nominations/<id:nomination_id>/answer/",
        views.nomination_answer,
        name="nomination_answer",
    ),
    path("<slug:slug>/projector/", views.projector, name="projector"),
    path("<slug:slug>/hall/", views.hall, name="hall"),
    path("<slug:slug>/hall/link/", views.hall_link, name="hall_link"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/console/", views.console, name="console"),
    path("<slug:slug>/console/polls/", views.poll_add, name="poll_add"),
    path("<slug:slug>/communique/", views.communique, name="communique"),
    path("<slug:slug>/communique.pdf", views.communique_pdf, name="communique_pdf"),
]
