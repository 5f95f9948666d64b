"""The JSON search API of every tenant site (one URL for every language: the language is a parameter)."""

from django.urls import path

from . import views

app_name = "search_api"
urlpatterns = [path("api/v1/search", views.search_api, name="api")]
