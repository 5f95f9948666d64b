"""What the demo sites draw from ``demo.builders.variety`` (computed, no database): the province and the
department have project and question pools of their own — no village road or commune-only wording on
them — and every site has its own officials, the board's pinned signer apart."""

import re

import pytest

from demo.builders import variety
from demo.province import FORMER_COMMUNES, MERGED_COMMUNE, SITES

# What only a commune or ward builds or is asked about: village roads and field canals, residential
# areas, cultural houses, commune health stations, hanging footbridges, the commune's own offices.
COMMUNE_ONLY = re.compile(
    r"liên thôn|nội đồng|\bthôn\b|\bbản\b|khu dân cư|nhà văn hóa|trạm y tế|cầu treo|mầm non|\bxóm\b|"
    r"UBND xã|cấp xã|công chức",
    re.IGNORECASE,
)
UPPER = [site for site in SITES if site.kind in ("province", "agency")]
ALL_SITES = [*SITES, *FORMER_COMMUNES, MERGED_COMMUNE]


def _texts_of(site) -> list[str]:
    """Titles of the site's projects and questions, and the askers' addresses, with its words filled in."""
    words = variety.place_words(site.name, site.kind)
    answered, pending, areas = variety.question_plan(site.slug, site.kind)
    texts = [spec.title.format(**words) for spec, _budget in variety.project_plan(site.slug, site.kind)]
    for spec, area in zip([*answered, pending], areas, strict=True):
        texts += [spec.title.format(**words), spec.address.format(n=area, **words)]
    return texts


def test_the_demo_has_one_province_and_one_department():
    assert sorted(site.kind for site in UPPER) == ["agency", "province"]


@pytest.mark.parametrize("site", UPPER, ids=lambda site: site.slug)
def test_the_province_and_the_department_draw_no_commune_wording(site):
    texts = _texts_of(site)
    assert len(texts) == 5 + 4 * 2  # five projects, four questions with their addresses
    assert not [text for text in texts if COMMUNE_ONLY.search(text)], texts
    # Nor anything of their kind's pool: whichever items a later seed picks.
    projects, (answered, pending) = variety.PROJECT_POOLS[site.kind], variety.QUESTION_POOLS[site.kind]
    titles = [spec.title for group in projects.values() for spec in group] + [q.title for q in [*answered, *pending]]
    assert not [title for title in titles if COMMUNE_ONLY.search(title)]


@pytest.mark.parametrize("site", UPPER, ids=lambda site: site.slug)
def test_the_province_and_the_department_have_pools_of_their_own(site):
    local_projects = {spec.title for group in variety.PROJECT_POOL.values() for spec in group}
    local_questions = {spec.title for spec in [*variety.QUESTION_POOL, *variety.PENDING_POOL]}
    projects = variety.project_plan(site.slug, site.kind)
    answered, pending, _areas = variety.question_plan(site.slug, site.kind)
    assert not {spec.title for spec, _budget in projects} & local_projects
    assert not {spec.title for spec in [*answered, pending]} & local_questions
    # The same shape as a commune's: two public investments, a procurement, an investment call, an ODA bid.
    kinds = [spec.project_type for spec, _budget in projects]
    assert kinds == ["public_investment", "public_investment", "procurement", "investment_call", "bidding"]
    assert projects[-1][0].funding == "oda" and projects[-1][0].donor
    assert len({spec.slug for spec, _budget in projects}) == 5
    # Every answer names a handling unit the site's Q&A has.
    assert {spec.unit for spec in answered} <= set(variety.question_units(site.kind))


def test_a_commune_keeps_the_commune_pools():
    assert variety.project_plan("sonhung") == variety.project_plan("sonhung", "commune")
    assert variety.question_plan("sonhung") == variety.question_plan("sonhung", "commune")
    local_projects = {spec.slug for group in variety.PROJECT_POOL.values() for spec in group}
    assert {spec.slug for spec, _budget in variety.project_plan("sonhung", "commune")} <= local_projects


def test_the_plans_are_stable():
    for site in UPPER:
        assert variety.project_plan(site.slug, site.kind) == variety.project_plan(site.slug, site.kind)
        assert variety.question_plan(site.slug, site.kind) == variety.question_plan(site.slug, site.kind)
        assert variety.officials(site.slug) == variety.officials(site.slug)


def test_every_site_has_officials_of_its_own_and_the_pinned_signer():
    names = {site.slug: variety.officials(site.slug) for site in ALL_SITES}
    for slug, officials in names.items():
        assert set(officials) == set(variety.OFFICIAL_ROLES)
        assert len(set(officials.values())) == len(officials), slug  # one person per role
        assert variety.PINNED_SIGNER not in officials.values()
        assert all(len(name.split()) == 3 for name in officials.values())  # the signed files' common name
    chairs = [officials["chair"] for officials in names.values()]
    assert len(set(chairs)) == len(chairs)  # no two sites share their chair
    people = [frozenset(officials.values()) for officials in names.values()]
    assert all(len(a & b) <= 1 for i, a in enumerate(people) for b in people[i + 1 :])

    for site in ALL_SITES:
        signers = {spec.slug: variety.document_signer(site.slug, spec) for spec, *_ in variety.document_plan(site.slug)}
        assert signers["qd-quy-che-cong-ttdt"] == "Trưởng ban Nguyễn Văn An"  # the signed decision's signer
        assert signers["kh-chuyen-doi-so"] == f"Chủ tịch UBND {names[site.slug]['chair']}"
        assert signers["nq-ke-hoach-ktxh"] == f"Chủ tịch HĐND {names[site.slug]['secretary']}"
        assert not [signer for signer in signers.values() if "{" in signer]


AGENCY = next(site for site in UPPER if site.kind == "agency")
COMMUNE_WORD = re.compile(r"UBND xã|(?<!hợp tác )\bxã\b(?! hội)", re.IGNORECASE)  # not "xã hội", "hợp tác xã"


def test_the_department_news_and_officials_draw_no_commune_wording():
    """Whatever the seed picks: no news title of the department's pool (nor its own subject) says "xã", and every
    position its schedule, introduction and contact directory name is the department's, not a commune's."""
    from demo.builders import content

    words = variety.place_words(AGENCY.name, AGENCY.kind)
    numbers = {"n1": 50, "n2": 90, "n3": 10}
    subjects = [*variety.NEWS_POOL["agency"], variety.LOCAL_NEWS[AGENCY.slug]]
    titles = [subject.title.format(**words, **numbers) for subject in subjects]
    assert not [title for title in titles if COMMUNE_WORD.search(title)], titles
    chairs = {chair for options in variety.SCHEDULE_POOL.values() for _time, _what, chair, *_rest in options}
    named = [variety.position(chair, AGENCY.kind) for chair in chairs]
    named += [variety.position(position, AGENCY.kind) for _role, position, *_rest in content.LEADERS]
    named += [variety.position(text, AGENCY.kind) for _role, *texts in content.OFFICIALS for text in texts]
    commune_office = re.compile(r"Ủy ban nhân dân|UBND|Chủ tịch(?! Công đoàn)|Mặt trận|Hộ tịch|Địa chính")
    assert not [text for text in named if commune_office.search(text) or COMMUNE_WORD.search(text)], named
    assert words["head"] == f"Giám đốc {AGENCY.name}"
    # A commune keeps its own wording.
    assert variety.position("Chủ tịch UBND", "commune") == "Chủ tịch UBND"
