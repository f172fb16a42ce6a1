from django.urls import path

app_name = "statements"
urlpatterns: list = []
