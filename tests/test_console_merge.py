"""Merging communes from the province-IT console (issue 11 item 4), over HTTP as a console account with
its second factor: the form, the dry-run preview (changes nothing), the confirmation that starts the
merge job, the job page with progress and log; bad input → a clear error and nothing changed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from console.models import AuditEntry
from restructuring.models import MergeJob
from restructuring.tasks import run_merge_job
from tenants.models import Tenant

from .console_helpers import HOST, console_staff, verified_login
from .merge_support import row_counts

URL = "/sap-nhap/"


@pytest.fixture
def officer(client, db):
    return verified_login(client, console_staff("cntt_tinh"))


@pytest.fixture
def worker(monkeypatch):
    """The Celery worker, in this process: a queued job runs as the worker runs it."""
    monkeypatch.setattr(run_merge_job, "delay", lambda job_id: run_merge_job.apply(args=[job_id]))


def status_of(tenant) -> str:
    with schema_context("public"):
        return Tenant.objects.get(pk=tenant.pk).status


def test_the_preview_lists_what_moves_and_changes_nothing(officer, communes):
    form = officer.get(URL, {"nguon": communes.a.tenant.path}, **HOST)
    assert form.status_code == 200 and communes.a.tenant.path in form.content.decode()
    before = row_counts()
    data = {"sources": f"{communes.a.tenant.path}\n{communes.b.tenant.path}", "into": communes.target.path}
    preview = officer.post(URL, data, **HOST)
    assert row_counts() == before
    html = preview.content.decode()
    assert preview.status_code == 200 and "Xác nhận sáp nhập" in html
    for expected in (
        "Xã Hòa An (phutho.xaa)",
        "Xã Bình Yên (phutho.xab)",
        "portal.NewsPage",
        communes.a.code,  # Q&A tracking codes
        "bientap.xaa",  # the duplicate username and how it is resolved
        "le-hoi-xaa",  # the slug collision's resolution
        "Xã Hòa An (trước sáp nhập)",  # the archive page
        "/tin-tuc/le-hoi/</code> → <code>/tin-tuc/le-hoi-xaa/",
        "<dt>Văn bản pháp luật được dẫn trong câu trả lời</dt><dd>0</dd>",  # the merge carries them too
        "<dt>Lần chuyển câu hỏi đến đơn vị xử lý</dt><dd>0</dd>",
    ):
        assert expected in html, expected
    with schema_context("public"):
        assert not MergeJob.objects.exists()


def test_confirming_runs_the_job_and_old_deep_paths_answer_301(officer, communes, worker):
    a, target = communes.a, communes.target
    data = {"sources": a.tenant.path, "into": target.path, "confirm": "1"}
    done = officer.post(URL, data, **HOST)
    with schema_context("public"):
        job = MergeJob.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/sap-nhap/{job.pk}/"
    assert job.status == "done" and job.request["actor"] == "cntt_tinh"
    page = officer.get(done["Location"], **HOST).content.decode()
    assert "Hoàn thành" in page and "merged into" in page and "<progress" in page
    assert status_of(a.tenant) == Tenant.Status.MERGED
    response = Client().get("/tin-tuc/le-hoi/", HTTP_HOST=a.host)
    new_url = f"http://{target.primary_hostname}/tin-tuc/le-hoi-xaa/"
    assert (response.status_code, response["Location"]) == (301, new_url)
    assert Client().get("/tin-tuc/le-hoi-xaa/", HTTP_HOST=target.primary_hostname).status_code == 200
    with schema_context("public"):
        [entry] = AuditEntry.objects.filter(action="merge")
    assert (entry.actor, entry.via, entry.site_path) == ("cntt_tinh", "console", a.tenant.path)
    assert entry.before == {"status": "active"} and entry.after["target"] == target.path
    listed = officer.get(URL, **HOST).content.decode()
    assert f'href="/sap-nhap/{job.pk}/"' in listed and "Các lần sáp nhập gần đây" in listed
    # The same merge from the command line is logged as the command's.
    call_command("tenants", "merge", communes.b.tenant.path, "--into", target.path, "--here")
    with schema_context("public"):
        by_command = AuditEntry.objects.get(action="merge", site_path=communes.b.tenant.path)
    assert by_command.via == "command" and by_command.actor.startswith("manage.py")
    # The merged site is refused the second time, nothing changed.
    before = row_counts()
    again = officer.post(URL, data, **HOST)
    assert again.status_code == 400 and "already merged" in again.content.decode()
    assert row_counts() == before


def test_merge_into_a_new_commune_and_a_partial_merge(officer, communes, worker):
    a, b = communes.a, communes.b
    new = {
        "sources": b.tenant.path,
        "new_slug": "xamoi",
        "new_name": "Xã Hòa Bình",
        "new_name_en": "Hoa Binh Commune",
    }
    preview = officer.post(URL, new, **HOST)
    assert preview.status_code == 200 and "đơn vị mới" in preview.content.decode()
    with schema_context("public"):
        assert not Tenant.objects.filter(path="phutho.xamoi").exists()
    assert officer.post(URL, {**new, "confirm": "1"}, **HOST).status_code == 302
    with schema_context("public"):
        created = Tenant.objects.get(path="phutho.xamoi")
    assert created.name_en == "Hoa Binh Commune" and status_of(b.tenant) == Tenant.Status.MERGED
    partial = {"sources": a.tenant.path, "into": communes.target.path, "pages": "/tin-tuc/"}
    html = officer.post(URL, partial, **HOST).content.decode()
    assert "sáp nhập một phần" in html and "Lễ hội đình A" in html
    assert officer.post(URL, {**partial, "confirm": "1"}, **HOST).status_code == 302
    assert status_of(a.tenant) == Tenant.Status.ACTIVE  # the rest stays online
    response = Client().get("/tin-tuc/le-hoi/", HTTP_HOST=a.host)
    assert response.status_code == 301
    assert response["Location"] == f"http://{communes.target.primary_hostname}/tin-tuc/le-hoi-xaa/"


def test_bad_input_is_refused_with_nothing_changed(officer, communes, make_tenant, worker):
    agency = make_tenant("sokhcn", kind="agency", parent=communes.province, name="Sở Khoa học và Công nghệ")
    old = make_tenant("xad", kind="commune", parent=communes.province, name="Xã Đã Lưu Trữ")
    with schema_context("public"):
        Tenant.objects.filter(pk=old.pk).update(status=Tenant.Status.ARCHIVED)
    a, target = communes.a.tenant.path, communes.target.path
    cases = [
        ({"sources": target, "into": target}, "chính nó"),  # a site into itself
        ({"sources": agency.path, "into": target}, "only communes"),  # an agency into a commune
        ({"sources": a, "into": agency.path}, "target must be a commune"),
        ({"sources": "phutho.khongco", "into": target}, "tenant not found"),  # an unknown path
        ({"sources": a, "into": "phutho.khongco"}, "tenant not found"),
        ({"sources": old.path, "into": target}, "archived or already merged"),  # an inactive source
        ({"sources": f"{a} {a}", "into": target}, "listed twice"),
        ({"sources": a}, "give either a target or a new site"),
        ({"sources": a, "into": target, "new_slug": "xamoi", "new_name": "Xã Mới"}, "give either"),
        ({"sources": a, "into": target, "pages": "/khong-co/"}, "page not found"),
        ({"sources": ""}, "bắt buộc"),
    ]
    before = row_counts()
    for data, message in cases:
        for confirm in ({}, {"confirm": "1"}):
            answer = officer.post(URL, {**data, **confirm}, **HOST)
            html = answer.content.decode()
            assert answer.status_code == 400 and message in html, (data, html[:3000])
    assert row_counts() == before
    # A merged source: refused too.
    officer.post(URL, {"sources": communes.b.tenant.path, "into": target, "confirm": "1"}, **HOST)
    before = row_counts()
    answer = officer.post(URL, {"sources": communes.b.tenant.path, "into": target}, **HOST)
    assert answer.status_code == 400 and "already merged" in answer.content.decode()
    assert "Không thực hiện được — không có gì thay đổi." in answer.content.decode()
    assert row_counts() == before


def test_a_commune_editor_and_an_unverified_account_cannot_merge(communes):
    with tenant_context(communes.a.tenant):
        editor = get_user_model().objects.get(username="bientap")
        client = Client()
        client.force_login(editor)
    data = {"sources": communes.a.tenant.path, "into": communes.target.path, "confirm": "1"}
    password_only = Client()
    password_only.force_login(console_staff())  # second factor never given
    for someone in (client, password_only):
        assert someone.get(URL, **HOST).status_code == 302
        refused = someone.post(URL, data, **HOST)
        assert refused.status_code == 302 and refused["Location"].startswith("/dang-nhap/")
    assert status_of(communes.a.tenant) == Tenant.Status.ACTIVE
    with schema_context("public"):
        assert not MergeJob.objects.exists()
