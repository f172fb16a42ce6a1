from django.urls import path

from alyansa.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.bodies, name="bodies"),
    path("constitution/", views.constitution, name="constitution"),
    path("constitution/<int:number>/", views.constitution_version, name="constitution_version"),
    path("constitution/amend/", views.constitution_amend, name="constitution_amend"),
    path("<slug:slug>/", views.body, name="body"),
    path("<slug:slug>/manage/", views.body_manage, name="body_manage"),
]
