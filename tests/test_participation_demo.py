"""Demo content of citizen interaction: every page type renders, and loading twice changes nothing."""

import pytest
from django_tenants.utils import tenant_context

from demo.province import SITES
from participation import demo_content
from participation.models import ConsultationComment, ConsultationPage, Question, QuestionIndexPage, SiteRating
from tests.participation_helpers import PERSONAL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]
STEPS = (demo_content.questions_and_answers, demo_content.consultations, demo_content.ratings)


def counts():
    return (
        QuestionIndexPage.objects.count(),
        Question.objects.count(),
        ConsultationPage.objects.count(),
        ConsultationComment.objects.count(),
        SiteRating.objects.count(),
    )


def test_demo_steps_are_registered_idempotent_and_render(client, province):
    from demo.loader import CONTENT_STEPS

    assert all(step in CONTENT_STEPS for step in STEPS)
    with tenant_context(province):
        for step in STEPS:
            step(province, SITES[0])
        first = counts()
        for step in STEPS:
            step(province, SITES[0])
        assert counts() == first == (1, 4, 2, 3, 6)
        assert Question.objects.public().count() == 3
        assert Question.objects.filter(status="received").count() == 1
        open_now = [p for p in ConsultationPage.objects.all() if p.is_open()]
        assert len(open_now) == 1
    host = province.primary_hostname
    for path in (
        "/hoi-dap/",
        "/hoi-dap/tra-cuu/",
        "/lay-y-kien/",
        "/lay-y-kien/du-thao-quy-che-dan-chu/",
        "/lay-y-kien/du-thao-ke-hoach-nong-thon-moi/",
        "/danh-gia-trang/",
    ):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, path
        assert not any(value in response.content.decode() for value in PERSONAL)
    listing = client.get("/hoi-dap/", HTTP_HOST=host).content.decode()
    assert "Nguyễn Văn Hùng" not in listing and "Khu 3" not in listing  # demo askers stay private too
