"""The demo's citizen interaction (demo/builders/participation.py) on every demo site: questions with
published answers and one waiting, an open and a closed consultation, ratings; every page type renders
and no asker's personal data is shown. Against the demo database of ``demo_server``."""

import pytest

from demo.builders import variety

from .demo_support import get, query

pytestmark = pytest.mark.demo

COMMUNE = "sonhung.phutho.localhost"
ANSWERED, PENDING, AREAS = variety.question_plan("sonhung")  # the commune's own questions
WORDS = variety.place_words("Xã Sơn Hùng", "commune")
ASKERS = tuple(
    value
    for spec, area in zip([*ANSWERED, PENDING], AREAS, strict=True)
    for value in (spec.name.format(**WORDS), spec.address.format(n=area, **WORDS))
    if spec.kind == "individual"  # a person's name and address are never shown
)


def test_every_demo_site_has_questions_consultations_and_ratings(demo_server):
    counts = query(
        demo_server,
        """
        from django_tenants.utils import tenant_context
        from participation.models import ConsultationComment, ConsultationPage, Question, QuestionIndexPage, SiteRating
        from tenants.models import Tenant
        result = {}
        for tenant in Tenant.objects.exclude(schema_name="public").exclude(status="merged"):
            with tenant_context(tenant):
                result[tenant.path] = [
                    QuestionIndexPage.objects.count(), Question.objects.count(), Question.objects.public().count(),
                    Question.objects.filter(status="received").count(), ConsultationPage.objects.count(),
                    sum(page.is_open() for page in ConsultationPage.objects.all()),
                    ConsultationComment.objects.count(), SiteRating.objects.count(),
                ]
        """,
    )
    assert len(counts) == 10  # 9 sites and the commune of the demo merge (districts and old communes merged)
    from demo.builders.gaps import OVERDUE_QUESTION  # one more question, unanswered and overdue

    for path, figures in counts.items():
        extra = path.rsplit(".", 1)[-1] in OVERDUE_QUESTION
        assert tuple(figures) == (1, 4 + extra, 3, 1 + extra, 2, 1, 3, 6), path


def test_demo_interaction_pages_render_without_personal_data(demo_server):
    for path in (
        "/hoi-dap/",
        "/hoi-dap/tra-cuu/",
        "/lay-y-kien/",
        "/lay-y-kien/du-thao-quy-che-dan-chu/",
        "/lay-y-kien/du-thao-ke-hoach-nong-thon-moi/",
        "/danh-gia-trang/",
    ):
        status, body = get(demo_server, COMMUNE, path)
        assert status == 200, path
        assert not any(value in body for value in ASKERS), path
    listing = get(demo_server, COMMUNE, "/hoi-dap/")[1]
    assert ANSWERED[0].title.format(**WORDS) in listing  # a published answer is listed
