"""The page contract (core.page_contract): every page type of the content app and of citizen interaction
gives search a typed SearchDocument of its declared kind, has the print view and stores revisions in NFC;
page models reach their views through a registry, and imports inside the apps run one way."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

import grimp
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django_tenants.utils import tenant_context
from wagtail.models import Page

from core.kinds import KIND_LABELS, KINDS, Kind, kind_label
from core.page_contract import PortalPageMixin, SearchDocument
from core.page_views import PageViews
from tests.participation_helpers import add_consultation

pytest_plugins = ["tests.content_fixtures"]

EXPECTED_KINDS = {
    "portal.HomePage": Kind.PAGE,
    "portal.SectionIndexPage": Kind.PAGE,
    "portal.ArticlePage": Kind.PAGE,
    "portal.WorkSchedulePage": Kind.PAGE,
    "portal.ScienceProgrammePage": Kind.PAGE,
    "portal.StatisticsReportPage": Kind.STATISTICS,
    "portal.ContactDirectoryPage": Kind.CONTACT,
    "portal.LinksPage": Kind.PAGE,
    "portal.IntroductionPage": Kind.INTRODUCTION,
    "portal.LegalDocumentIndexPage": Kind.PAGE,
    "portal.LegalDocumentPage": Kind.DOCUMENT,
    "portal.GazettePage": Kind.PAGE,
    "portal.NewsIndexPage": Kind.PAGE,
    "portal.NewsPage": Kind.NEWS,
    "portal.ProjectIndexPage": Kind.PAGE,
    "portal.ProjectPage": Kind.PROJECT,
    "portal.ServiceIndexPage": Kind.PAGE,
    "portal.ServicePage": Kind.SERVICE,
    "participation.QuestionIndexPage": Kind.QUESTION,
    "participation.ConsultationIndexPage": Kind.PAGE,
    "participation.ConsultationPage": Kind.CONSULTATION,
}
NFC = "Cộng hòa xã hội chủ nghĩa Việt Nam — lấy ý kiến nhân dân"
NFD = unicodedata.normalize("NFD", NFC)


def page_models() -> dict[str, type[Page]]:
    return {
        model._meta.label: model
        for label in ("portal", "participation")
        for model in apps.get_app_config(label).get_models()
        if issubclass(model, Page)
    }


def test_every_page_type_follows_the_contract_with_its_declared_kind():
    models = page_models()
    assert set(models) == set(EXPECTED_KINDS)  # a new page type is listed here with its kind
    for label, model in models.items():
        assert issubclass(model, PortalPageMixin), label
        assert model.search_kind == EXPECTED_KINDS[label], label


def test_content_kinds_have_one_list_with_vietnamese_and_english_labels():
    from django.utils import translation

    assert set(KINDS) == set(KIND_LABELS) == set(Kind.values) and len(KINDS) == 10
    assert kind_label("document") == "Văn bản" and kind_label("unknown") == "unknown"
    with translation.override("vi"):
        vietnamese = {kind: kind_label(kind) for kind in KINDS}
    with translation.override("en"):
        english = {kind: kind_label(kind) for kind in KINDS}
    assert english["news"] == "News" and vietnamese["news"] == "Tin tức"
    assert all(english[kind] != vietnamese[kind] for kind in KINDS), english  # every label translated


def test_a_search_document_refuses_an_unknown_kind():
    assert SearchDocument(kind="news", title="Tin").kind == "news"
    with pytest.raises(ValueError, match="Unknown content kind 'blog'"):
        SearchDocument(kind="blog", title="Bài viết")


@pytest.mark.django_db
def test_a_page_returning_an_untyped_document_is_refused(monkeypatch, province):
    from search.documents import page_document
    from sites.models import HomePage

    monkeypatch.setattr(HomePage, "search_document", lambda self: {"kind": "page", "title": self.title})
    with tenant_context(province):
        home = HomePage.objects.get()
        with pytest.raises(TypeError, match="must return a SearchDocument"):
            page_document(home, "http://example.vn")


@pytest.mark.django_db
def test_every_live_page_gives_a_search_document_of_its_kind(content_site):
    from participation.models import ConsultationIndexPage, QuestionIndexPage
    from sites.models import DocumentStatus, LegalDocumentPage

    with tenant_context(content_site):
        home = Page.objects.get(depth=2)
        qa = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap", intro="<p>Gửi câu hỏi về thủ tục</p>")
        consultations = ConsultationIndexPage(title="Lấy ý kiến", slug="lay-y-kien", intro="<p>Các dự thảo</p>")
        for page in (qa, consultations):
            home.add_child(instance=page)
            page.save_revision().publish()
    add_consultation(SimpleNamespace(tenant=content_site, consultations=consultations))
    seen = set()
    with tenant_context(content_site):
        for page in Page.objects.filter(depth__gt=1).live().specific():
            label = page._meta.label
            document = page.search_document()
            if isinstance(page, LegalDocumentPage) and page.status == DocumentStatus.WITHDRAWN:
                assert document is None  # out of search
                continue
            assert isinstance(document, SearchDocument), label
            assert document.kind == EXPECTED_KINDS[label] and document.title == page.title, label
            assert isinstance(document.meta, dict)
            seen.add(label)
        assert QuestionIndexPage.objects.get().search_document().body == "Gửi câu hỏi về thủ tục"
        assert ConsultationIndexPage.objects.get().search_document().body == "Các dự thảo"  # its text stays findable
    assert {"participation.QuestionIndexPage", "participation.ConsultationPage", "portal.LegalDocumentPage"} <= seen


@pytest.mark.django_db
def test_participation_pages_have_the_print_view_and_dublin_core(client, citizen_site, participation_redis):
    page = add_consultation(citizen_site)
    urls = ["/hoi-dap/", "/hoi-dap/tra-cuu/", "/lay-y-kien/", f"/lay-y-kien/{page.slug}/"]
    for url in urls:
        normal = client.get(url, HTTP_HOST=citizen_site.host)
        printed = client.get(url + "?print=1", HTTP_HOST=citizen_site.host)
        assert normal.status_code == printed.status_code == 200, url
        assert "print-view" not in normal.content.decode().split("<body", 1)[1].split(">", 1)[0], url
        assert "print-view" in printed.content.decode().split("<body", 1)[1].split(">", 1)[0], url
    body = client.get(urls[-1], HTTP_HOST=citizen_site.host).content.decode()
    assert 'name="DC.description" content="Quy chế văn hóa công sở tại cơ quan."' in body


@pytest.mark.django_db
def test_participation_revisions_are_stored_in_nfc(citizen_site):
    from participation.models import ConsultationPage, QuestionIndexPage

    consultation = add_consultation(citizen_site)
    with tenant_context(citizen_site.tenant):
        for page in (QuestionIndexPage.objects.get(), ConsultationPage.objects.get(pk=consultation.pk)):
            page.title = NFD  # edited in memory, straight into a revision (no save() in between)
            page.intro = f"<p>{NFD}</p>" if hasattr(page, "intro") else ""
            revision = page.save_revision()
            assert NFD not in str(revision.content) and NFC in str(revision.content), type(page)


def test_a_page_view_that_was_never_registered_is_a_clear_configuration_error():
    views = PageViews("tests.Page")

    @views.register("index")
    def index(page, request):
        return ("index", page, request)

    assert views.call("index", "page", "request") == ("index", "page", "request")
    assert views.names() == {"index"}
    with pytest.raises(ImproperlyConfigured, match="no view named 'ask'"):
        views.call("ask", "page", "request")
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        views.register("index")(lambda page, request: None)


def test_page_models_reach_their_views_through_the_registry():
    from participation.models import ConsultationPage, QuestionIndexPage
    from sites.models import LegalDocumentIndexPage

    assert QuestionIndexPage.page_views.names() == {"index", "ask", "received", "status", "detail"}
    assert ConsultationPage.page_views.names() == {"form", "comment"}
    assert LegalDocumentIndexPage.page_views.names() == {"register"}


@pytest.mark.parametrize("package", ["sites", "participation", "search", "localization", "workdays", "core"])
def test_imports_inside_an_app_run_one_way(package):
    """No import circle inside an app (function-local imports included: grimp sees them too)."""
    graph = grimp.build_graph(package)
    circles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                circles.append(" → ".join([module, *chain]))
    assert circles == []
