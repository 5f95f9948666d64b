"""A collaborator's submission in Debian Chromium on the demo province (issue 15 item 3): the Cộng tác viên
signs in to the admin, writes a news draft in the "Tin tức" section and submits it to the board's
workflow; no publish action is offered to him at any point; the board member of the workflow's next step,
"Biên tập" (the Phó trưởng ban: a Biên tập viên drafts like the collaborator and has no step to review),
finds it in the queue "Chờ bạn duyệt" on his dashboard."""

import re

import pytest

from demo.province import site_password

from .demo_support import query

pytestmark = pytest.mark.browser
COMMUNE = "sonhung.phutho.localhost"
TITLE = "Hội thi gói bánh chưng bản Mường"
NEWS_INDEX = """
from django_tenants.utils import schema_context
from sites.models import NewsIndexPage
from tenants.models import Tenant
with schema_context(Tenant.objects.get(path="phutho.sonhung").schema_name):
    result = NewsIndexPage.objects.get(slug="tin-tuc").pk
"""
SUBMITTED = """
from django_tenants.utils import schema_context
from sites.models import NewsPage
from tenants.models import Tenant
with schema_context(Tenant.objects.get(path="phutho.sonhung").schema_name):
    page = NewsPage.objects.get(title=%r)
    state = page.current_workflow_state
    result = [page.pk, page.live, page.owner.username, state.status if state else None,
              state.current_task_state.task.name if state else None]
"""


def sign_in(page, server, username: str) -> None:
    page.goto(server.url(COMMUNE, "/admin/login/"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_placeholder("Nhập mật khẩu").fill(site_password("sonhung"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def no_publish_action(page) -> bool:
    """Neither a visible button nor a form action publishes, even with the action menu open."""
    return (
        page.locator("[name='action-publish']").count() == 0
        and page.get_by_role("button", name=re.compile("Xuất bản")).count() == 0
    )


def test_a_collaborator_submits_a_news_draft_the_board_finds_in_its_queue(demo_server, browser):
    news_index = query(demo_server, NEWS_INDEX)
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    try:
        sign_in(page, demo_server, "congtacvien")
        page.goto(demo_server.url(COMMUNE, f"/admin/pages/add/portal/newspage/{news_index}/"))
        page.get_by_role("textbox", name=re.compile("^Tiêu đề")).first.fill(TITLE)
        page.get_by_role("textbox", name=re.compile("Nguồn tin")).first.fill("Cộng tác viên thôn Mường")
        page.get_by_role("textbox", name=re.compile("Tóm tắt")).first.fill(
            "Các chi hội phụ nữ thi gói bánh chưng đón Tết."
        )
        body = page.locator("[data-contentpath='body']")
        body.get_by_role("button", name=re.compile("Chèn khối|Insert a block")).first.click()
        page.get_by_role("option", name=re.compile("đoạn văn", re.I)).click()
        body.get_by_role("textbox").first.fill("Sáng 20/1, hội thi diễn ra tại nhà văn hóa bản Mường.")

        # The actions offered to him: save a draft, submit to the workflow — never publish.
        page.get_by_role("button", name="Thao tác khác").click()
        submit = page.get_by_role("button", name=re.compile("^Gửi vào"))
        submit.wait_for()
        assert no_publish_action(page)
        submit.click()
        page.get_by_text("đang ở bước").first.wait_for()

        page_id, live, owner, status, step = query(demo_server, SUBMITTED % TITLE)
        assert (live, owner, status, step) == (False, "congtacvien", "in_progress", "Biên tập (Phó trưởng ban)")
        page.goto(demo_server.url(COMMUNE, f"/admin/pages/{page_id}/edit/"))
        page.get_by_role("heading", name=re.compile(TITLE)).first.wait_for()
        assert no_publish_action(page)  # his own page in the workflow: still nothing publishes it

        # The board member of that step ("Biên tập", the deputy head): the draft waits in his queue.
        context.clear_cookies()
        sign_in(page, demo_server, "photruongban")
        queue = page.locator("section", has=page.get_by_role("heading", name="Chờ bạn duyệt"))
        queue.get_by_role("link", name=TITLE).first.wait_for()
        assert "congtacvien" in queue.inner_text()  # who submitted it
    finally:
        context.close()
