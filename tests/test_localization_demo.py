"""The demo's English versions (demo/builders/english.py): most sites translated, two left missing, one
made stale, so the coverage report shows every state. Against the demo database of ``demo_server``."""

import pytest

from demo.builders.english import ENGLISH_INTROS, LEAVE_UNTRANSLATED, MAKE_STALE

from .demo_support import get, query

pytestmark = pytest.mark.demo


def test_demo_translates_most_sites_and_leaves_missing_and_stale_ones(demo_server):
    from localization.services.coverage import MISSING, OK, STALE

    statuses = query(
        demo_server,
        """
        from localization.services.coverage import coverage_report
        result = {site.path.rsplit(".", 1)[-1]: sorted({item.status for item in site.items})
                  for site in coverage_report()}
        """,
    )
    assert len(statuses) == 10  # 9 sites and the commune of the demo merge (merged ones are not listed)
    for slug, found in statuses.items():
        if slug in LEAVE_UNTRANSLATED:
            assert found == [MISSING], slug
        elif slug == MAKE_STALE:
            assert STALE in found and MISSING not in found, slug
        else:
            assert found == [OK], slug


def test_demo_english_home_page(demo_server):
    status, body = get(demo_server, "www.phutho.localhost", "/en/")
    assert status == 200
    assert "Phu Tho Province" in body and ENGLISH_INTROS["phutho"] in body
    assert get(demo_server, "sonvi.phutho.localhost", "/en/")[0] == 404  # left without English
