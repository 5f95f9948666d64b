"""The English demo step: most sites translated, some left missing, one made stale; idempotent."""

from django_tenants.utils import tenant_context
from wagtail.models import Locale, Revision

from demo.loader import LATE_STEPS
from demo.province import SITES
from localization.demo_content import ENGLISH_INTROS, english_versions
from localization.services.coverage import MISSING, OK, STALE, coverage_report
from sites.models import HomePage

from .localization_helpers import home_page, republish


def test_demo_step_translates_most_sites_and_leaves_missing_and_stale_ones(monkeypatch, make_tenant):
    monkeypatch.setattr(HomePage, "english_duty", "D1", raising=False)
    assert english_versions in LATE_STEPS  # runs after the content steps that create the pages
    demo = {site.slug: site for site in SITES}
    province = make_tenant("phutho", name=demo["phutho"].name, name_en=demo["phutho"].name_en)
    tenants = [province] + [  # communes straight under the province: fewer schemas, same behaviour
        make_tenant(slug, kind="commune", parent=province, name=demo[slug].name) for slug in ("tienluong", "sonvi")
    ]

    def run_step():
        for tenant in tenants:
            with tenant_context(tenant):
                english_versions(tenant, demo[tenant.slug])

    for tenant in tenants:
        republish(tenant, home_page(tenant).pk, intro=f"<p>{demo[tenant.slug].intro}</p>")
    run_step()
    report = {site.path.rsplit(".", 1)[-1]: site.items[0].status for site in coverage_report(tenants)}
    assert report == {"phutho": OK, "tienluong": STALE, "sonvi": MISSING}

    home = home_page(province)
    with tenant_context(province):
        english = home.get_translation(Locale.objects.get(language_code="en")).specific
        assert english.title == "Phu Tho Province" and english.live
        assert ENGLISH_INTROS["phutho"] in english.intro
        assert english.url == "/en/"

    def revisions():
        counts = []
        for tenant in tenants:
            with tenant_context(tenant):
                counts.append(Revision.objects.count())
        return counts

    before = revisions()
    run_step()
    assert revisions() == before
    assert {site.items[0].status for site in coverage_report(tenants)} == {OK, STALE, MISSING}
