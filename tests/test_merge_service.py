"""Merging communes (restructuring): the dry run, the real merge, the old hostnames, search, Q&A codes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context, tenant_context
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from participation.models import ConsultationComment, Question, SiteRating, VisitDay
from restructuring.merge import run_merge
from restructuring.plan import NewSite, plan_merge
from search.indexer import drain_schema
from search.models import Entry
from sites.models import ContactDirectoryPage, NewsPage
from tenants.models import MovedPath, Tenant
from tenants.services.errors import TenantError

from .localization_helpers import translate
from .merge_support import row_counts

pytestmark = pytest.mark.django_db


def target_counts(target) -> dict[str, int]:
    with tenant_context(target):
        return {
            "pages": Page.objects.filter(depth__gt=1).count(),
            "images": get_image_model().objects.count(),
            "documents": get_document_model().objects.count(),
            "questions": Question.objects.count(),
            "comments": ConsultationComment.objects.count(),
            "ratings": SiteRating.objects.count(),
            "visit_days": VisitDay.objects.count(),
            "users": get_user_model().objects.count(),
        }


def test_dry_run_changes_no_row_in_any_schema(communes, capsys):
    before = row_counts()
    plan = plan_merge([communes.a.tenant.path, communes.b.tenant.path], into=communes.target.path)
    call_command("tenants", "merge", communes.a.tenant.path, "--into", communes.target.path, "--dry-run")
    assert row_counts() == before
    source = plan.sources[0]
    assert source.pages_by_type()["portal.NewsPage"] == 1
    assert [m.old_path for m in source.matched] == ["/", "/tin-tuc/", "/hoi-dap/"]
    assert {c.kind for c in source.conflicts} >= {"home", "slug", "directory", "username"}
    assert [e.new_username for e in source.editors] == ["bientap.xaa"]
    assert "Trang lưu trữ" in capsys.readouterr().out


def test_real_merge_moves_exactly_what_the_preview_listed(communes):
    plan = plan_merge([communes.a.tenant.path, communes.b.tenant.path], into=communes.target.path)
    before = target_counts(communes.target)
    run_merge(plan)
    after = target_counts(communes.target)
    expected = {
        "pages": sum(sum(s.pages_by_type().values()) for s in plan.sources),
        "images": sum(len(s.images) for s in plan.sources),
        "documents": sum(len(s.documents) for s in plan.sources),
        "questions": sum(len(s.questions) for s in plan.sources),
        "comments": sum(s.consultation_comments for s in plan.sources),
        "ratings": sum(s.ratings for s in plan.sources),
        "visit_days": sum(s.visit_days for s in plan.sources),
        "users": sum(len(s.editors) for s in plan.sources),
    }
    assert {k: after[k] - before[k] for k in after} == expected
    with tenant_context(communes.target):
        story = NewsPage.objects.get(title="Lễ hội đình A")
        assert story.live and story.url_path.endswith("/tin-tuc/le-hoi-xaa/")
        assert story.last_published_at == communes.a.story.last_published_at
        assert story.lead_image.title == "Ảnh A" and story.lead_image.file.read()[:4] == b"\x89PNG"
        blocks = {block.block_type: block.value for block in story.body}
        assert blocks["image"]["image"].pk == story.lead_image_id
        assert blocks["attachment"]["document"].title == "Tài liệu A"
        assert f'id="{blocks["attachment"]["document"].pk}"' in story.body[0].value.source
        directory = ContactDirectoryPage.objects.get(url_path__contains="truoc-sap-nhap")
        assert [o.name for o in directory.officials.all()] == ["Cán bộ A"]
        editor = get_user_model().objects.get(username="bientap.xaa")
        assert not editor.is_active and not editor.is_superuser and editor.check_password("Mat-khau-2026")
        assert get_user_model().objects.get(username="bientap").check_password("Khac-2026")  # the target's own
    with schema_context("public"):
        for source in (communes.a.tenant, communes.b.tenant):
            source.refresh_from_db()
            assert (source.status, source.successor_id) == (Tenant.Status.MERGED, communes.target.pk)


def test_after_the_merge_old_urls_search_and_tracking_codes_lead_to_the_target(communes, client):
    for tenant in (communes.a.tenant, communes.b.tenant, communes.target):
        drain_schema(tenant.schema_name)
    with schema_context("public"):
        assert Entry.objects.filter(tenant=communes.a.tenant, title="Lễ hội đình A").exists()
    run_merge(plan_merge([communes.a.tenant.path, communes.b.tenant.path], into=communes.target.path))
    new_host = communes.target.primary_hostname
    # every old URL answers 301 to the corresponding page, which answers 200
    cases = {
        "/tin-tuc/le-hoi/": "/tin-tuc/le-hoi-xaa/",
        "/tin-tuc/": "/tin-tuc/",
        "/lay-y-kien/du-thao/": "/lay-y-kien/du-thao/",  # a section the target lacked becomes its own
        "/gioi-thieu/": "/xaa-truoc-sap-nhap/gioi-thieu/",  # the source's introduction: archived
        "/tin-cu/": "/tin-tuc/le-hoi-xaa/",  # the source's own redirect, carried over
        "/khong-co/trang-nay/": "/",  # unknown old path → the target's home
        "/": "/",
    }
    for old, new in cases.items():
        response = client.get(old, HTTP_HOST=communes.a.host)
        assert response.status_code == 301, old
        assert response["Location"] == f"http://{new_host}{new}", old
        assert client.get(new, HTTP_HOST=new_host).status_code == 200, new
    response = client.get("/tin-tuc/le-hoi/", HTTP_HOST=communes.b.host)
    assert response["Location"] == f"http://{new_host}/tin-tuc/le-hoi-xab/"
    # the search aggregate holds the moved page under its new URL only
    drain_schema(communes.target.schema_name)
    with schema_context("public"):
        entries = Entry.objects.filter(title="Lễ hội đình A")
        assert [(e.tenant_id, e.url) for e in entries] == [
            (communes.target.pk, f"http://{new_host}/tin-tuc/le-hoi-xaa/")
        ]
        assert not Entry.objects.filter(tenant__in=[communes.a.tenant, communes.b.tenant]).exists()
    # a citizen's tracking code from a source works on the target, and from the old address
    response = client.get("/hoi-dap/tra-cuu/", {"ma": communes.a.code}, HTTP_HOST=new_host)
    assert response.status_code == 200
    assert response.context["question"].title == "Hồ sơ tách thửa đất ở"  # found (404 when not)
    old = client.get("/hoi-dap/tra-cuu/", {"ma": communes.a.code}, HTTP_HOST=communes.a.host)
    assert old["Location"] == f"http://{new_host}/hoi-dap/tra-cuu/?ma={communes.a.code}"


def test_merge_into_a_new_commune(communes, client):
    plan = plan_merge(
        [communes.a.tenant.path, communes.b.tenant.path],
        new_site=NewSite(slug="xamoi", name="Xã Hòa Bình", parent_path=communes.province.path),
    )
    result = run_merge(plan)
    assert result.target.path == f"{communes.province.path}.xamoi"
    with tenant_context(result.target):
        paths = dict(NewsPage.objects.values_list("title", "url_path"))
        assert paths == {
            "Lễ hội đình A": "/trang-chu/tin-tuc/le-hoi/",
            "Lễ hội đình B": "/trang-chu/tin-tuc/le-hoi-xab/",
        }
    with schema_context("public"):
        assert MovedPath.objects.filter(new_tenant=result.target).count() == sum(
            len(s.pages) + len(s.matched) + len(s.redirects) for s in plan.sources
        )
    response = client.get("/tin-tuc/le-hoi/", HTTP_HOST=communes.b.host)
    assert response["Location"] == f"http://{result.target.primary_hostname}/tin-tuc/le-hoi-xab/"


def test_bad_input_is_refused_and_changes_nothing(communes, make_tenant, capsys):
    agency = make_tenant("sokhcn", kind="agency", parent=communes.province, name="Sở Khoa học và Công nghệ")
    a, b, target = communes.a.tenant.path, communes.b.tenant.path, communes.target.path
    run_merge(plan_merge([b], into=target))
    call_command("tenants", "list")  # the tree names a merged site's successor
    line = next(row for row in capsys.readouterr().out.splitlines() if b in row)
    assert line.strip().startswith("⇢") and line.endswith(f"→ {target})")
    before = row_counts()
    cases = [
        (([target], target), "chính nó"),  # a site into itself
        (([agency.path], target), "only communes"),  # an agency into a commune
        (([a], agency.path), "target must be a commune"),
        (([b], target), "already merged"),
        (([a], b), "not active"),  # into a merged site
        (([a, a], target), "listed twice"),
    ]
    for (sources, into), message in cases:
        with pytest.raises(TenantError, match=message):
            plan_merge(sources, into=into)
    with pytest.raises(TenantError, match="partial merge takes exactly one source"):
        plan_merge([a, b], into=target, pages=["/tin-tuc/"])
    with pytest.raises(TenantError, match="page not found"):
        plan_merge([a], into=target, pages=["/khong-co/"])
    with pytest.raises(CommandError, match="chính nó"):
        call_command("tenants", "merge", target, "--into", target)
    for action in ("resume", "suspend", "archive"):  # a merged site keeps its status (and redirects)
        with pytest.raises(CommandError, match="merged site"):
            call_command("tenants", action, b)
    assert row_counts() == before
    stale = plan_merge([a], into=target)
    with tenant_context(communes.a.tenant):
        Page.objects.get(pk=communes.a.story.pk).delete()  # the source changes after its preview
    before = row_counts()
    with pytest.raises(TenantError, match="preview again"):
        run_merge(stale)
    assert row_counts() == before


def test_partial_merge_moves_the_chosen_section_and_leaves_redirects(communes, client):
    a = communes.a
    plan = plan_merge([a.tenant.path], into=communes.target.path, pages=["/tin-tuc/"])
    assert [m.title for m in plan.sources[0].pages] == ["Lễ hội đình A"]
    assert plan.sources[0].questions == [] and plan.sources[0].editors == []
    run_merge(plan)
    with schema_context("public"):
        a.tenant.refresh_from_db()
        assert a.tenant.status == Tenant.Status.ACTIVE  # the rest stays online
    with tenant_context(a.tenant):
        assert not NewsPage.objects.exists()
        assert Question.objects.count() == 1  # the Q&A page did not move
    response = client.get("/tin-tuc/le-hoi/", HTTP_HOST=a.host)
    new_url = f"http://{communes.target.primary_hostname}/tin-tuc/le-hoi-xaa/"
    assert (response.status_code, response["Location"]) == (301, new_url)
    assert client.get("/hoi-dap/", HTTP_HOST=a.host).status_code == 200


def test_the_merge_job_reports_progress_and_writes_one_log(communes, capsys):
    from restructuring import jobs
    from restructuring.tasks import run_merge_job

    plan = plan_merge([communes.a.tenant.path], into=communes.target.path)
    job = jobs.create_job(plan)
    run_merge_job.apply(args=[job.pk])  # what the worker runs
    job.refresh_from_db()
    total = len(plan.sources[0].pages)
    assert job.status == "done" and jobs.progress_of(job.pk) == {"done": total, "total": total, "message": "done"}
    assert "phutho.xaa" in job.log and "merged into" in job.log and job.finished_at
    again = jobs.create_job(plan)  # the same plan run twice: refused, recorded
    with pytest.raises(TenantError, match="already merged"):
        jobs.execute(again.pk)
    again.refresh_from_db()
    assert again.status == "failed" and "already merged" in again.log
    call_command("tenants", "merge", communes.b.tenant.path, "--into", communes.target.path, "--here")
    out = capsys.readouterr().out
    assert "phutho.xab" in out and "(merge job" in out and ": done)." in out
    with schema_context("public"):
        assert Tenant.objects.get(path=communes.b.tenant.path).status == Tenant.Status.MERGED


def test_english_versions_and_revisions_move_with_their_pages(communes, client):
    a = communes.a
    english = translate(a.tenant, a.story.pk, {"Lễ hội đình A": "Village festival A"})
    with tenant_context(a.tenant):
        story = Page.objects.get(pk=a.story.pk).specific
        story.title = "Lễ hội đình A (bản nháp)"
        story.save_revision()  # a draft after the publication: two revisions, the latest one not live
        revisions = list(Revision.page_revisions.filter(object_id=str(story.pk)).order_by("pk"))
        old_en_path = english.url_path[len(Page.objects.get(depth=2, locale__language_code="en").url_path) - 1 :]
    assert len(revisions) >= 2
    plan = plan_merge([a.tenant.path], into=communes.target.path)
    move = next(m for m in plan.sources[0].pages if m.source_id == a.story.pk)
    assert move.translations == [english.pk]
    assert plan.sources[0].translations() == 1
    assert "Bản tiếng Anh (English versions): 1" in "\n".join(plan.lines())
    run_merge(plan)
    with tenant_context(communes.target):
        copy = NewsPage.objects.get(url_path__endswith="/tin-tuc/le-hoi-xaa/", locale__language_code="vi")
        assert copy.title == "Lễ hội đình A" and copy.draft_title == "Lễ hội đình A (bản nháp)"
        assert copy.has_unpublished_changes and copy.live
        moved = list(Revision.page_revisions.filter(object_id=str(copy.pk)).order_by("created_at"))
        assert [r.created_at for r in moved] == [r.created_at for r in revisions]
        assert copy.latest_revision_id == moved[-1].pk and copy.live_revision_id == moved[-2].pk
        assert moved[-1].content["pk"] == copy.pk and moved[-1].content["title"] == "Lễ hội đình A (bản nháp)"
        assert moved[-1].as_object().lead_image_id == copy.lead_image_id  # the image as it is on the target
        en_copy = NewsPage.objects.get(translation_key=copy.translation_key, locale__language_code="en")
        assert en_copy.title == "Village festival A" and en_copy.live
        assert Revision.page_revisions.filter(object_id=str(en_copy.pk)).exists()
        assert en_copy.get_parent().specific.translation_key == copy.get_parent().translation_key
        new_en_path = en_copy.url_path[len(Page.objects.get(depth=2, locale__language_code="en").url_path) - 1 :]
    new_host = communes.target.primary_hostname
    assert client.get(f"/en{new_en_path}", HTTP_HOST=new_host).status_code == 200
    response = client.get(f"/en{old_en_path}", HTTP_HOST=a.host)
    assert (response.status_code, response["Location"]) == (301, f"http://{new_host}/en{new_en_path}")


def test_the_preview_counts_exactly_what_moves(communes):
    a = communes.a
    translate(a.tenant, a.story.pk, {"Lễ hội đình A": "Village festival A"})
    plan = plan_merge([a.tenant.path, communes.b.tenant.path], into=communes.target.path)
    with tenant_context(communes.target):
        before = set(Page.objects.values_list("pk", flat=True))
        revisions_before = set(Revision.page_revisions.values_list("pk", flat=True))
    run_merge(plan)
    with tenant_context(communes.target):
        new = Page.objects.exclude(pk__in=before).select_related("locale", "content_type")
        keys = {p.translation_key for p in new if p.locale.language_code == "vi"}
        by_type: dict[str, int] = {}
        for page in new.filter(locale__language_code="vi"):
            label = f"{page.specific_class._meta.app_label}.{page.specific_class.__name__}"
            by_type[label] = by_type.get(label, 0) + 1
        english = new.filter(locale__language_code="en", translation_key__in=keys).count()
        archives = [s.archive_slug for s in plan.sources if s.archive_slug]
        copied = [p.pk for p in new if p.translation_key in keys and p.slug not in archives]
        moved_revisions = Revision.page_revisions.exclude(pk__in=revisions_before).filter(
            object_id__in=[str(pk) for pk in copied]
        )
        revision_count = moved_revisions.count()
    expected: dict[str, int] = {}
    for source in plan.sources:
        for label, count in source.pages_by_type().items():
            expected[label] = expected.get(label, 0) + count
    assert by_type == expected
    assert english == sum(s.translations() for s in plan.sources) == 1
    assert revision_count == sum(s.revisions for s in plan.sources)


def test_wagtail_indexes_of_the_target_are_those_a_rebuild_makes(communes):
    """The search and reference index rows are copied set-wise, not rebuilt: the same rows a rebuild makes."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.models import IndexEntry

    from core.wagtail_indexes import rebuild_wagtail_indexes

    translate(communes.a.tenant, communes.a.story.pk, {"Lễ hội đình A": "Village festival A"})
    run_merge(plan_merge([communes.a.tenant.path, communes.b.tenant.path], into=communes.target.path))

    def rows() -> tuple[list, list]:
        references = ReferenceIndex.objects.values_list(
            "content_type_id", "base_content_type_id", "object_id", "to_content_type_id", "to_object_id", "content_path"
        )
        entries = IndexEntry.objects.values_list("content_type_id", "object_id", "title_text", "body_text")
        root = Page.get_first_root_node()  # never indexed by a save (the template's), indexed by a rebuild
        return sorted(references), sorted(e for e in entries if e[:2] != (root.content_type_id, str(root.pk)))

    with tenant_context(communes.target):
        merged = rows()
        story = NewsPage.objects.get(url_path__endswith="/tin-tuc/le-hoi-xaa/")
        assert story in list(NewsPage.objects.search("Lễ hội đình A"))
        assert {r.to_object_id for r in ReferenceIndex.get_references_for_object(story)} >= {str(story.lead_image_id)}
        rebuild_wagtail_indexes()
        rebuilt = rows()
        for ours, theirs in zip(merged, rebuilt, strict=True):
            assert (sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))) == ([], [])


def test_a_private_page_stays_private_on_the_target(communes, client):
    from wagtail.models import PageViewRestriction

    with tenant_context(communes.a.tenant):
        PageViewRestriction.objects.create(page=communes.a.story, restriction_type="password", password="bimat")
    run_merge(plan_merge([communes.a.tenant.path], into=communes.target.path))
    with tenant_context(communes.target):
        copy = NewsPage.objects.get(url_path__endswith="/tin-tuc/le-hoi-xaa/")
        assert list(PageViewRestriction.objects.filter(page=copy).values_list("password", flat=True)) == ["bimat"]
    response = client.get("/tin-tuc/le-hoi-xaa/", HTTP_HOST=communes.target.primary_hostname)
    body = response.content.decode()  # the password form, not the page
    assert response.status_code == 200 and 'type="password"' in body and "Kế hoạch" not in body


def cite_and_forward(source) -> None:
    """On source A: its question's answer cites a legal document and the question went to a unit."""
    from participation.models import ProcessingUnit
    from participation.services import citations, forwarding
    from tests import factories as f

    with tenant_context(source.tenant):
        register = f.LegalDocumentIndexPageFactory()
        decision = f.LegalDocumentPageFactory(parent=register, number="7/2026/QĐ-UBND", summary="Về tách thửa")
        question = Question.objects.get(tracking_code=source.code)
        citations.cite(question, [decision])
        unit = ProcessingUnit.objects.create(name="Phòng Kinh tế", email="kinhte@xaa.example.vn")
        forwarding.forward(question, unit, user=source.extras.editor)  # its e-mail is never queued here


def test_the_preview_counts_the_citations_and_forwardings_the_merge_carries(communes, capsys):
    from participation.models import QuestionCitation, QuestionForwarding

    cite_and_forward(communes.a)
    plan = plan_merge([communes.a.tenant.path, communes.b.tenant.path], into=communes.target.path)
    a, b = plan.sources
    assert (a.citations, a.forwardings, b.citations, b.forwardings) == (1, 1, 0, 0)
    assert "văn bản được dẫn (citations): 1; lần chuyển đơn vị (forwardings): 1" in "\n".join(plan.lines())
    call_command("tenants", "merge", communes.a.tenant.path, "--into", communes.target.path, "--dry-run")
    assert "văn bản được dẫn (citations): 1; lần chuyển đơn vị (forwardings): 1" in capsys.readouterr().out
    run_merge(plan)
    with tenant_context(communes.target):
        assert QuestionCitation.objects.count() == a.citations + b.citations
        assert QuestionForwarding.objects.count() == a.forwardings + b.forwardings


def test_a_partial_merge_counts_no_citation_of_a_document_left_behind(communes):
    """Only the Q&A page moves: the forwarding goes with its question, the cited document stays (not cited)."""
    from participation.models import QuestionCitation

    cite_and_forward(communes.a)
    plan = plan_merge([communes.a.tenant.path], into=communes.target.path, pages=["/hoi-dap/"])
    [source] = plan.sources
    assert (source.questions, source.citations, source.forwardings) == ([communes.a.code], 0, 1)
    run_merge(plan)
    with tenant_context(communes.target):
        assert QuestionCitation.objects.count() == 0
        assert Question.objects.get(tracking_code=communes.a.code).forwardings.count() == 1
