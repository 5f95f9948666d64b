"""The Wagtail admin a board member uses is Vietnamese (issue 15 item 6): every screen of the editorial
work — dashboard, pages, editor, history, workflow, images, documents, Q&A, comments, intake, reports —
is walked as each board role and as a collaborator, and no message of Wagtail's, Django's or a library's catalogue that is
left untranslated in Vietnamese may show on it. The login error reads as a Vietnamese sentence."""

from __future__ import annotations

import datetime
import html
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import tenant_context
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.editorial_board import COLLABORATOR_GROUP
from sites.models import NewsIndexPage, NewsPage

from .compliance_helpers import question
from .content_helpers import BOARD, BOARD_PASSWORD, add_index, host, make_board, make_user, signed_in

pytest_plugins = ["tests.content_fixtures"]
pytestmark = pytest.mark.django_db

# Catalogues whose English messages the admin renders (the project's own msgids are Vietnamese).
CATALOGUE_ROOTS = [Path(wagtail.__file__).parent, Path(django.__file__).parent]
# Words that read the same in Vietnamese or are names, never translated.
SAME_IN_VIETNAMESE = {"Wagtail", "Email", "URL", "ID", "PDF", "CSV", "OK", "Slug", "SEO", "HTML", "Tags", "Logo"}


class _ShownText(HTMLParser):
    """The text a board member reads or hears: text nodes outside scripts, styles and templates, and
    the attributes a screen reader or a tooltip shows."""

    HIDDEN = {"script", "style", "template"}
    SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        self.nodes.extend(value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.nodes.append(data)


def shown_text(page: str) -> list[str]:
    parser = _ShownText()
    parser.feed(page)
    return [text for text in (re.sub(r"\s+", " ", node).strip() for node in parser.nodes) if text]


@cache
def untranslated_messages() -> tuple[tuple[str, re.Pattern], ...]:
    """The English messages of those catalogues that have no Vietnamese translation in this project
    (its LOCALE_PATHS first, then the libraries' own Vietnamese catalogues), each with the pattern of
    a text node that shows it: the whole node for a short message, a part of it for a sentence."""
    msgids: set[tuple[str | None, str]] = set()
    for root in CATALOGUE_ROOTS:
        for po in root.glob("**/locale/en/LC_MESSAGES/django.po"):
            msgids.update(
                (entry.msgctxt, entry.msgid)
                for entry in polib.pofile(str(po))
                if entry.msgid and not entry.msgid_plural
            )
    messages = []
    with translation.override("vi"):
        for context, msgid in sorted(msgids, key=lambda pair: (pair[1], pair[0] or "")):
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if shown != msgid or msgid in SAME_IN_VIETNAMESE or "/" in msgid:
                continue
            literal = [piece.strip() for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", msgid)]
            words = re.findall(r"[A-Za-z]{2,}", " ".join(literal))
            placeholders = len(literal) > 1
            if not words or (placeholders and len(words) < 2):
                continue  # "Add %s", "%s MB": too little of the message to tell it from other text
            body = r"\s*.{0,80}?\s*".join(re.escape(piece) for piece in literal)
            whole = len(words) < 3  # a word or two: only a whole text node is that message
            pattern = rf"^{body}[.:…]?$" if whole else rf"(?<![\w-]){body}(?![\w-])"
            messages.append((msgid, re.compile(pattern)))
    return tuple(messages)


def english_on(page: str) -> list[str]:
    nodes = shown_text(page)
    return sorted({msgid for msgid, pattern in untranslated_messages() if any(pattern.search(node) for node in nodes)})


@pytest.fixture
def board_site(make_tenant, content_media):
    """A commune with the three board accounts and a bit of everything they work on."""
    tenant = make_tenant("vietngu")
    with tenant_context(tenant):
        make_board()
        make_user("congtacvien", COLLABORATOR_GROUP)
        news = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        article = NewsPage(
            title="Hội nghị giao ban tháng 11",
            slug="giao-ban",
            summary="Giao ban.",
            date=timezone.now(),
            source="Ban Biên tập",
        )
        news.add_child(instance=article)
        article.save_revision().publish()
        article.title = "Hội nghị giao ban tháng 11 (sửa)"
        draft = article.save_revision()
        article.get_workflow().start(article, draft.user or get_user_model().objects.get(username="bientap"))
        asked = question(timezone.now() - datetime.timedelta(days=2))
    return tenant, {"news": news.pk, "article": article.pk, "question": asked.pk}


def screens(ids: dict[str, int]) -> list[str]:
    news, article, asked = ids["news"], ids["article"], ids["question"]
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{news}/",
        f"/admin/pages/{article}/edit/",
        f"/admin/pages/add/portal/newspage/{news}/",
        f"/admin/pages/{article}/history/",
        f"/admin/pages/{article}/revisions/compare/earliest...latest/",
        f"/admin/pages/{article}/workflow_history/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/cau-hoi/",
        f"/admin/cau-hoi/edit/{asked}/",
        f"/admin/cau-hoi/history/{asked}/",
        "/admin/don-vi-xu-ly/",
        "/admin/don-vi-xu-ly/new/",
        "/admin/gop-y-du-thao/",
        "/admin/tin-bai-gui-den/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/site-history/",
        "/admin/ban-bien-tap/",
    ]


@pytest.mark.parametrize("username", [*BOARD, "congtacvien"])
def test_every_screen_of_the_board_is_in_vietnamese(board_site, username):
    tenant, ids = board_site
    client = signed_in(tenant, username)
    english: dict[str, list[str]] = {}
    walked = 0
    for path in screens(ids):
        response = client.get(path, HTTP_HOST=host(tenant))
        if response.status_code in (302, 403, 404):
            continue  # not this role's screen (or not on this site)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        walked += 1
        found = english_on(response.content.decode())
        if found:
            english[path] = found
    assert walked >= (9 if username == "congtacvien" else 12)  # the collaborator has no Q&A, intake, comments
    assert not english, "English in the Vietnamese admin:\n" + "\n".join(
        f"{path}: {sorted(set(found))}" for path, found in english.items()
    )


def test_the_login_error_reads_as_one_vietnamese_sentence(board_site):
    tenant, _ids = board_site
    refused = Client().post(
        "/admin/login/", {"username": "bientap", "password": BOARD_PASSWORD + "x"}, HTTP_HOST=host(tenant)
    )
    body = re.sub(r"\s+", " ", html.unescape(refused.content.decode()))
    assert refused.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại." in body
    assert "Tên người dùng" not in body and "nhậpkhông" not in body


def test_the_login_page_has_no_english_label_and_no_run_together_words(board_site):
    tenant, _ids = board_site
    page = Client().get("/admin/login/", HTTP_HOST=host(tenant))
    body = re.sub(r"\s+", " ", html.unescape(page.content.decode()))
    assert page.status_code == 200
    assert 'placeholder="Nhập tên đăng nhập"' in body and 'placeholder="Nhập mật khẩu"' in body
    assert re.search(r"<label[^>]*>\s*Mật khẩu", body), "the password field's label is not Vietnamese"
    assert not re.search(r"<label[^>]*>\s*Password", body) and "nhậpcủa" not in body


def test_a_submission_says_which_step_the_page_moved_to_and_the_next_role_sees_its_queue(board_site):
    tenant, ids = board_site
    editor = signed_in(tenant, "bientap")
    data = nested_form_data(
        {
            "title": "Ra quân làm đường giao thông nông thôn",
            "slug": "ra-quan-lam-duong",
            "date": "2026-11-30 08:00",
            "source": "Ban Biên tập",
            "event_kind": "event",
            "summary": "Toàn xã ra quân làm đường.",
            "body": streamfield([("paragraph", rich_text("<p>Sáng 30/11, toàn xã ra quân.</p>"))]),
            "comments": inline_formset([]),
            "contributors": inline_formset([]),
        }
    )
    submitted = editor.post(
        f"/admin/pages/add/portal/newspage/{ids['news']}/",
        {**data, "action-submit": "Gửi duyệt"},
        HTTP_HOST=host(tenant),
        follow=True,
    )
    shown = html.unescape(submitted.content.decode())
    assert "Đã tạo trang 'Ra quân làm đường giao thông nông thôn' và gửi duyệt." in shown
    assert "đang ở bước “Biên tập (Phó trưởng ban)”" in shown and "Người xử lý tiếp theo: Phó trưởng ban." in shown
    assert "submitted for moderation" not in shown

    with tenant_context(tenant):
        late = question(timezone.now() - datetime.timedelta(days=40), title="Hỏi về hỗ trợ làm nhà")
    dashboard = html.unescape(signed_in(tenant, "photruongban").get("/admin/", HTTP_HOST=host(tenant)).content.decode())
    assert "Ra quân làm đường giao thông nông thôn" in dashboard  # waiting for the deputy's step
    # each step of the workflow with its status, the one not reached yet too ("Nhiệm vụ" column)
    assert "Biên tập (Phó trưởng ban): Đang xử lý" in dashboard and "Duyệt (Trưởng ban): Chưa bắt đầu" in dashboard
    assert "Not started" not in dashboard
    with tenant_context(tenant):
        created = NewsPage.objects.get(slug="ra-quan-lam-duong")
    history = html.unescape(editor.get(f"/admin/pages/{created.pk}/history/", HTTP_HOST=host(tenant)).content.decode())
    assert "Đã tạo" in history and "Ngày tạo" not in history  # the action, not a date column's header
    queue = re.search(r"<section[^>]*question-queue-heading.*?</section>", dashboard, re.S).group(0)
    assert f"{late.tracking_code} — Hỏi về hỗ trợ làm nhà" in queue and "Quá hạn" in queue
    assert "1 câu hỏi quá hạn" in queue
