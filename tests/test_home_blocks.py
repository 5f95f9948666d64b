"""The home page as the board's blocks (issue 16 item 1): a new site's home starts with the default
layout, which shows real content of every block on a tenant; an empty block says so in Vietnamese;
the Trưởng ban adds a banner and reorders the blocks in the admin and the public page follows; a
newly published document or consultation shows on the very next render (the blocks' kept HTML
follows the site's generation); the data migration gives an existing home the default layout."""

from __future__ import annotations

import datetime
import importlib
import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from participation.models import Question
from sites.blocks import default_home_body
from sites.models import HomePage
from tests import factories

from .content_helpers import host, make_board, signed_in

pytest_plugins = ["tests.content_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]

DEFAULT_KINDS = [kind for kind, _value in default_home_body()]


def home_of(tenant) -> HomePage:
    with tenant_context(tenant):
        return Site.objects.get(is_default_site=True).root_page.specific


def get_home(tenant, path: str = "/") -> str:
    response = Client().get(path, HTTP_HOST=host(tenant))
    assert response.status_code == 200
    return response.content.decode()


def main(body: str) -> str:
    return body.split("<main", 1)[1].split("</main>", 1)[0]


def section(body: str, css_class: str) -> str:
    start = body.index(f'class="home-block {css_class}') if f'class="home-block {css_class}' in body else None
    if start is None:
        start = body.index(css_class)
    return body[start : body.index("</section>", start)]


def fill_every_block(tenant) -> None:
    """One item of each kind a block of the default layout shows."""
    with tenant_context(tenant):
        news_index = factories.NewsIndexPageFactory()
        factories.NewsPageFactory(parent=news_index, title="Ra quân làm đường giao thông nông thôn")
        register = factories.LegalDocumentIndexPageFactory()
        factories.LegalDocumentPageFactory(parent=register, number="15/QĐ-UBND", summary="Về việc phê duyệt kế hoạch")
        sections = factories.SectionIndexPageFactory(title="Lịch công tác", slug="lich")
        schedule = factories.WorkSchedulePageFactory(parent=sections)
        factories.ScheduleEntryFactory(page=schedule, content="Họp giao ban đầu tuần", day=schedule.week_start)
        consultations = factories.ConsultationIndexPageFactory()
        factories.ConsultationPageFactory(parent=consultations, title="Dự thảo quy chế văn hóa công sở")
        questions = factories.QuestionIndexPageFactory()
        now = timezone.now()
        Question.objects.create(
            page=questions,
            asker_name="Nguyễn Văn An",
            asker_address="Khu 3",
            topic="Đất đai",
            title="Thủ tục cấp giấy chứng nhận quyền sử dụng đất",
            body="Thủ tục thế nào?",
            received_at=now - datetime.timedelta(days=2),
            status=Question.Status.ANSWERED,
            answer="Nộp hồ sơ tại bộ phận một cửa.",
            answered_at=now - datetime.timedelta(days=1),
            published=True,
            published_at=now,
        )
        factories.ServiceIndexPageFactory()
        factories.GovernmentLinkFactory(name="Cổng thông tin điện tử Chính phủ", url="https://chinhphu.vn")


def test_a_new_site_starts_with_the_default_layout_and_every_block_shows_its_content(commune):
    assert [child.block_type for child in home_of(commune).body] == DEFAULT_KINDS
    fill_every_block(commune)
    body = main(get_home(commune))
    for heading in (
        "Tin mới",
        "Văn bản mới",
        "Lịch công tác tuần này",
        "Lấy ý kiến dự thảo",
        "Hỏi đáp mới trả lời",
        "Dịch vụ công trực tuyến",
        "Kết quả giải quyết TTHC",
        "Liên kết website",
    ):
        assert f">{heading}</h2>" in body, heading
    assert "Ra quân làm đường giao thông nông thôn" in section(body, "home-news")
    assert "15/QĐ-UBND" in section(body, "home-documents") and 'href="/van-ban/"' in section(body, "home-documents")
    assert "Họp giao ban đầu tuần" in section(body, "home-schedule")
    assert "Dự thảo quy chế văn hóa công sở" in section(body, "home-consultations")
    questions = section(body, "home-questions")
    assert "Thủ tục cấp giấy chứng nhận quyền sử dụng đất" in questions and "/hoi-dap/cau-hoi/" in questions
    assert 'href="https://chinhphu.vn"' in section(body, "home-links")
    assert 'href="https://dichvucong.gov.vn"' in body
    # One h1, then every block's heading an h2 labelling its section (no level skipped).
    assert body.count("<h1") == 1 and "<h4" not in body
    for labelled in body.split('aria-labelledby="')[1:]:
        assert f'id="{labelled.split(chr(34), 1)[0]}"' in body
    assert "Trang thông tin điện tử thành phần" not in body  # a commune has no component sites


def test_empty_blocks_say_so_in_vietnamese(commune):
    body = main(get_home(commune))
    for message in (
        "Chưa có tin bài.",
        "Chưa có văn bản nào được đăng.",
        "Chưa có lịch công tác tuần này.",
        "Hiện không có dự thảo nào đang lấy ý kiến.",
        "Chưa có câu hỏi nào được trả lời.",
    ):
        assert message in body, message


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_new_document_and_consultation_show_on_the_next_render(commune):
    with tenant_context(commune):
        register = factories.LegalDocumentIndexPageFactory()
        consultations = factories.ConsultationIndexPageFactory()
    first = get_home(commune)
    assert "Chưa có văn bản nào được đăng." in first and "16/QĐ-UBND" not in first
    assert "Chưa có văn bản nào được đăng." in get_home(commune)  # kept between renders
    with tenant_context(commune):
        factories.LegalDocumentPageFactory(parent=register, number="16/QĐ-UBND", summary="Về việc thành lập tổ")
        factories.ConsultationPageFactory(parent=consultations, title="Dự thảo hương ước thôn")
    after = get_home(commune)
    assert "16/QĐ-UBND" in after and "Dự thảo hương ước thôn" in after


@pytest.fixture
def redis_trips(monkeypatch) -> list[list[tuple]]:
    """What is sent to Redis, one list of commands per round trip (a pipeline is one trip)."""
    from redis import Redis
    from redis.client import Pipeline

    trips: list[list[tuple]] = []
    command, execute = Redis.execute_command, Pipeline.execute

    def one_command(self, *args, **options):
        trips.append([args])
        return command(self, *args, **options)

    def pipeline(self, *args, **kwargs):
        trips.append([entry[0] for entry in self.command_stack])
        return execute(self, *args, **kwargs)

    monkeypatch.setattr(Redis, "execute_command", one_command)
    monkeypatch.setattr(Pipeline, "execute", pipeline)
    return trips


def block_keys(trip: list[tuple]) -> list[str]:
    """The home blocks' keys a round trip names (once each: a pipeline writes, then sets the expiry)."""
    named = (arg for command in trip for arg in command[1:] if isinstance(arg, str) and ":home-block:" in arg)
    return list(dict.fromkeys(named))


def block_trips(trips: list[list[tuple]]) -> tuple[list[list[str]], list[list[str]]]:
    """The round trips that read, and those that write, home blocks: the blocks' keys of each."""
    touching = [trip for trip in trips if block_keys(trip)]
    reads = [block_keys(trip) for trip in touching if trip[0][0] == "MGET"]
    return reads, [block_keys(trip) for trip in touching if trip[0][0] != "MGET"]


@override_settings(PAGE_CACHE_ENABLED=False)
def test_a_warm_home_reads_its_blocks_in_one_round_trip_and_a_new_document_makes_them_stale(commune, redis_trips):
    with tenant_context(commune):
        register = factories.LegalDocumentIndexPageFactory()
    get_home(commune)  # keeps every block
    redis_trips.clear()
    assert "Chưa có văn bản nào được đăng." in section(get_home(commune), "home-documents")
    reads, writes = block_trips(redis_trips)
    assert len(reads) == 1 and len(reads[0]) == len(DEFAULT_KINDS) and writes == []
    # A published document moves the site's generation: every kept block is stale, read in one trip,
    # rendered again and kept again in one more.
    with tenant_context(commune):
        factories.LegalDocumentPageFactory(parent=register, number="17/QĐ-UBND", summary="Về việc kiện toàn tổ")
    redis_trips.clear()
    assert "17/QĐ-UBND" in section(get_home(commune), "home-documents")
    reads, writes = block_trips(redis_trips)
    assert len(reads) == 1 and [sorted(keys) for keys in writes] == [sorted(reads[0])]
    # One block no longer kept: only that one is rendered and kept again.
    from pagecache.store import store

    lost = reads[0][1]
    store()._cache.get_client(lost, write=True).delete(lost)
    redis_trips.clear()
    assert "17/QĐ-UBND" in section(get_home(commune), "home-documents")
    reads, writes = block_trips(redis_trips)
    assert len(reads) == 1 and writes == [[lost]]


@pytest.mark.usefixtures("content_media")
def test_the_head_of_the_board_adds_a_banner_and_reorders_the_blocks(commune):
    with tenant_context(commune):
        make_board()
        image = factories.ImageFactory(title="Băng rôn chuyển đổi số")
        target = factories.SectionIndexPageFactory(title="Chuyển đổi số", slug="chuyen-doi-so")
        home = Site.objects.get(is_default_site=True).root_page.specific
    head = signed_in(commune, "truongban")
    edit = head.get(f"/admin/pages/{home.pk}/edit/", HTTP_HOST=host(commune))
    assert edit.status_code == 200
    banner = (
        "banner",
        {"image": image.pk, "alt_text": "Chung tay chuyển đổi số", "link_page": target.pk, "link_url": ""},
    )
    blocks = [
        banner,
        ("documents", {"heading": "Văn bản chỉ đạo, điều hành", "count": "3"}),
        ("news", {"heading": "", "pages": listblock([]), "count": "4"}),
        ("services", {"heading": ""}),
    ]
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "intro": rich_text("<p>Chào mừng.</p>"),
            "body": streamfield(blocks),
            "contributors": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = head.post(f"/admin/pages/{home.pk}/edit/", data, HTTP_HOST=host(commune))
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(commune):
        kinds = [child.block_type for child in HomePage.objects.get(pk=home.pk).body]
    assert kinds == ["banner", "documents", "news", "services"]
    body = main(get_home(commune))
    assert 'alt="Chung tay chuyển đổi số"' in body and 'href="/chuyen-doi-so/"' in body
    assert body.index("home-banner") < body.index("Văn bản chỉ đạo, điều hành") < body.index(">Tin mới</h2>")
    assert "Lấy ý kiến dự thảo" not in body  # removed by the board


def test_a_banner_needs_its_alternative_text_and_one_link():
    from django.core.exceptions import ValidationError

    from sites.blocks import BannerBlock

    block = BannerBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": None, "alt_text": "", "link_page": None, "link_url": ""}))


def listblock(items: list) -> dict:
    data = {f"{index}": {"value": value, "deleted": "", "order": str(index)} for index, value in enumerate(items)}
    return {"count": str(len(items)), **data}


def test_the_migration_gives_existing_homes_the_default_layout(commune):
    migration = importlib.import_module("sites.migrations.0018_home_blocks")
    with tenant_context(commune):
        home = Site.objects.get(is_default_site=True).root_page.specific
        HomePage.objects.filter(pk=home.pk).update(body=[])
        revision = home.latest_revision
        revision.content["body"] = "[]"
        revision.save(update_fields=["content"])
        from django.apps import apps

        migration.give_homes_the_default_layout(apps, connection.schema_editor())
        home.refresh_from_db()
        assert [child.block_type for child in home.body] == DEFAULT_KINDS
        content = type(revision).objects.get(pk=revision.pk).content
        assert [item["type"] for item in json.loads(content["body"])] == DEFAULT_KINDS
        assert [child.block_type for child in home.get_latest_revision_as_object().body] == DEFAULT_KINDS


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_uncached_home_with_every_block_filled_stays_within_the_budget(commune):
    from django.test.utils import CaptureQueriesContext

    from .test_page_cost import HOME_PAGE_STATEMENTS

    fill_every_block(commune)
    get_home(commune)  # fills the worker's caches and the blocks' kept HTML
    with CaptureQueriesContext(connection) as queries:
        body = get_home(commune)
    assert "Họp giao ban đầu tuần" in body and "Dự thảo quy chế văn hóa công sở" in body
    assert len(queries) <= HOME_PAGE_STATEMENTS, "\n".join(q["sql"][:160] for q in queries.captured_queries)
    shown = ("portal_legaldocumentpage", "participation_consultationpage", "participation_question", "scheduleentry")
    assert not [q for q in queries.captured_queries if any(table in q["sql"] for table in shown)]


def test_the_english_home_translates_the_boards_headings_and_defaults_follow_the_language(commune):
    from .localization_helpers import translate

    with tenant_context(commune):
        home = Site.objects.get(is_default_site=True).root_page.specific
        body = home.body
        body[2].value["heading"] = "Văn bản chỉ đạo, điều hành"
        home.body = body
        home.save_revision().publish()
    translate(commune, home.pk, {commune.name: "Son Hung Commune", "Văn bản chỉ đạo, điều hành": "Directives"})
    english = main(get_home(commune, "/en/"))
    assert ">Directives</h2>" in english and ">Latest news</h2>" in english
    assert "No documents have been published yet." in english
    vietnamese = main(get_home(commune))
    assert ">Văn bản chỉ đạo, điều hành</h2>" in vietnamese and ">Tin mới</h2>" in vietnamese
