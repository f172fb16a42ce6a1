from django.urls import path

app_name = "assemblies"
urlpatterns: list = []
