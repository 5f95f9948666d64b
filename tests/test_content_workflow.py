"""Editorial workflow (D18): update (Biên tập viên) → edit (Phó trưởng ban) → approve (Trưởng ban), through
the Wagtail admin with three accounts; a page that is not approved is never public, in RSS or the sitemap."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from sites.models import NewsIndexPage, NewsPage

from .content_helpers import add_index, host, make_board, signed_in

TITLE = "Khánh thành cầu treo bản Mường"

pytest_plugins = ["tests.content_fixtures"]


@pytest.fixture
def board_site(make_tenant, content_media):
    tenant = make_tenant("quytrinh")
    with tenant_context(tenant):
        index = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        make_board()
    return tenant, index.pk


def public_view(tenant) -> tuple[int, str, str]:
    anonymous = Client()
    page = anonymous.get("/tin-tuc/khanh-thanh-cau-treo/", HTTP_HOST=host(tenant)).status_code
    rss = anonymous.get("/tin-tuc/rss/", HTTP_HOST=host(tenant)).content.decode()
    sitemap = anonymous.get("/sitemap.xml", HTTP_HOST=host(tenant)).content.decode()
    return page, rss, sitemap


def assert_not_public(tenant) -> None:
    status, rss, sitemap = public_view(tenant)
    assert status == 404 and TITLE not in rss and "khanh-thanh-cau-treo" not in sitemap
    listing = Client().get("/tin-tuc/", HTTP_HOST=host(tenant)).content.decode()
    assert TITLE not in listing


def approve(client: Client, tenant, page_id: int, task_state_id: int):
    return client.post(
        f"/admin/pages/workflow/action/{page_id}/approve/{task_state_id}/", {"comment": ""}, HTTP_HOST=host(tenant)
    )


def current_task(tenant, page_id: int):
    with tenant_context(tenant):
        page = NewsPage.objects.get(pk=page_id)
        state = page.current_workflow_state
        return page.live, state.status if state else None, state.current_task_state if state else None


def news_form() -> dict:
    """The admin form of the news page the board moves through its workflow."""
    return nested_form_data(
        {
            "title": TITLE,
            "slug": "khanh-thanh-cau-treo",
            "date": "2026-03-02 09:00",
            "source": "Ban Biên tập",
            "event_kind": "event",  # pre-selected in the form (deadline of an event's news)
            "summary": "Cầu treo dài 80 m nối hai bờ suối.",
            "body": streamfield([("paragraph", rich_text("<p>Sáng 2/3, cầu treo bản Mường được khánh thành.</p>"))]),
            "contributors": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def submit(editor: Client, tenant, index_id: int) -> int:
    """The editor drafts the news page and submits it for moderation; its id."""
    response = editor.post(
        f"/admin/pages/add/portal/newspage/{index_id}/",
        {**news_form(), "action-submit": "Gửi duyệt"},
        HTTP_HOST=host(tenant),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(tenant):
        return NewsPage.objects.get(slug="khanh-thanh-cau-treo").pk


def test_three_step_workflow_update_edit_approve(board_site):
    tenant, index_id = board_site
    editor, deputy, head = (signed_in(tenant, name) for name in ("bientap", "photruongban", "truongban"))
    data = news_form()
    # 1. Update: the editor drafts and submits for moderation; publishing is not in his power.
    page_id = submit(editor, tenant, index_id)
    live, status, task_state = current_task(tenant, page_id)
    assert not live and status == "in_progress" and task_state.task.name == "Biên tập (Phó trưởng ban)"
    assert_not_public(tenant)
    editor.post(f"/admin/pages/{page_id}/edit/", {**data, "action-publish": "Xuất bản"}, HTTP_HOST=host(tenant))
    assert not current_task(tenant, page_id)[0]
    # Nobody skips a step: neither the editor nor the head can approve the deputy's task.
    approve(editor, tenant, page_id, task_state.pk)
    approve(head, tenant, page_id, task_state.pk)
    assert current_task(tenant, page_id)[2].pk == task_state.pk
    # 2. Edit: the deputy head approves his step; the page is still not public.
    assert approve(deputy, tenant, page_id, task_state.pk).status_code == 302
    live, status, task_state = current_task(tenant, page_id)
    assert not live and task_state.task.name == "Duyệt (Trưởng ban)"
    assert_not_public(tenant)
    approve(deputy, tenant, page_id, task_state.pk)  # the deputy cannot give the final approval
    assert not current_task(tenant, page_id)[0]
    assert_not_public(tenant)
    # 3. Approve: the head publishes.
    assert approve(head, tenant, page_id, task_state.pk).status_code == 302
    live, status, _state = current_task(tenant, page_id)
    with tenant_context(tenant):
        final = NewsPage.objects.get(pk=page_id).workflow_states.get()
        approvers = [state.finished_by.username for state in final.task_states.order_by("pk")]
    assert live and status is None and final.status == "approved"
    assert approvers == ["photruongban", "truongban"]
    page_status, rss, sitemap = public_view(tenant)
    assert page_status == 200 and TITLE in rss and "/tin-tuc/khanh-thanh-cau-treo/" in sitemap


def test_the_head_sees_the_status_of_every_step_awaiting_his_review(board_site):
    """Dashboard panel "Chờ bạn duyệt" of the step-2 reviewer: each step's icon says its status in Vietnamese to a
    screen reader too — the step waiting for him included (Wagtail 8's template left that label empty)."""
    tenant, index_id = board_site
    deputy, head = signed_in(tenant, "photruongban"), signed_in(tenant, "truongban")
    page_id = submit(signed_in(tenant, "bientap"), tenant, index_id)
    assert approve(deputy, tenant, page_id, current_task(tenant, page_id)[2].pk).status_code == 302
    dashboard = html.unescape(head.get("/admin/", HTTP_HOST=host(tenant)).content.decode())
    panel = re.search(r'<section[^>]*id="awaiting-review-section".*?</section>', dashboard, re.S)
    assert panel and TITLE in panel.group(0)
    tasks = re.search(r'<td class="tasks">(.*?)</td>', panel.group(0), re.S).group(1)
    tooltips = re.findall(r'data-w-tooltip-content-value="([^"]*)"', tasks)
    labels = [" ".join(label.split()) for label in re.findall(r'<span class="w-sr-only">(.*?)</span>', tasks, re.S)]
    assert tooltips == ["Biên tập (Phó trưởng ban): Đã được phê chuẩn", "Duyệt (Trưởng ban): Đang xử lý"]
    assert labels == ["Đã được phê chuẩn", "Đang xử lý"]


def test_the_review_panel_override_is_wagtails_template_with_the_one_fix():
    """``templates/wagtailadmin/home/workflow_objects_to_moderate.html`` stays Wagtail's own template but for the
    label of the waiting step: a Wagtail upgrade that changes its template (or fixes it) fails here."""
    from pathlib import Path

    import wagtail.admin
    from django.conf import settings

    name = "wagtailadmin/home/workflow_objects_to_moderate.html"
    theirs = (Path(wagtail.admin.__file__).parent / "templates" / name).read_text(encoding="utf-8")
    ours = (Path(settings.BASE_DIR) / "templates" / name).read_text(encoding="utf-8")
    broken = '{% icon "radio-empty" title=status_display classname="default" %}'
    assert theirs.count(broken) == 1
    fixed = theirs.replace(broken, broken.replace("title=status_display", "title=task.status_display"))
    assert ours.split("{% endcomment %}\n", 1)[1] == fixed
