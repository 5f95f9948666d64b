"""The JSON endpoint of the visitor counter on every tenant site (one URL for every language)."""

from django.urls import path

from .views.visitors import visitor_counter_api

app_name = "participation_api"
urlpatterns = [path("api/v1/visitors", visitor_counter_api, name="visitors")]
