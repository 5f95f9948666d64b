"""URLs of the read-only JSON API (``/api/v1/``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="portal_api_index"),
    path("documents/", views.documents, name="portal_api_documents"),
    path("documents/<int:page_id>/", views.document_detail, name="portal_api_document"),
    path("services/", views.services, name="portal_api_services"),
    path("news/", views.news, name="portal_api_news"),
    path("contacts/", views.contacts, name="portal_api_contacts"),
]
