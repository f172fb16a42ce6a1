from django.urls import path

from alyansa.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.bodies, name="bodies"),
    path("new/", views.body_create, name="body_create"),
    path("constitution/", views.constitution, name="constitution"),
    path("constitution/<id:number>/", views.constitution_version, name="constitution_version"),
    path("constitution/amend/", views.constitution_amend, name="constitution_amend"),
    path("<slug:slug>/", views.body, name="body"),
    path("<slug:slug>/manage/", views.body_manage, name="body_manage"),
    path("<slug:slug>/manage/edit/", views.body_edit, name="body_edit"),
    path("<slug:slug>/manage/seats/", views.seats, name="seats"),
    path("<slug:slug>/manage/seats/<id:seat_id>/", views.seat_edit, name="seat_edit"),
    path("<slug:slug>/manage/seats/<id:seat_id>/remove/", views.seat_remove, name="seat_remove"),
]
