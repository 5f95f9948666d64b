"""The dry run of a merge: what moves from each source, the conflicts, and how each is resolved.

``plan_merge`` only reads (the sources' schemas, the target's, the public tenant tree); it is the
preview the console and ``manage.py tenants merge --dry-run`` show, and the exact list ``run_merge``
carries out (the real merge replays a plan, it never re-decides).

Placement rule: each top-level section of a source (a child of its home page) whose type — and, for
a typed section, category — the target also has at its top level is *merged into* the target's
section: the source section itself is not copied, its pages go beneath the target's (a slug already
taken there gets the source's slug appended). Every other section goes, with its subtree, under one
archive page per source, "<source name> (trước sáp nhập)", created under the target's home page.
The source's home page is never copied (two home pages): its address leads to the target's home.
A partial merge applies the same rule to the chosen pages of one source (each with its subtree).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django_tenants.utils import schema_context
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision, Site

from participation.models import (
    ConsultationComment,
    Question,
    QuestionCitation,
    QuestionForwarding,
    QuestionIndexPage,
    SiteRating,
    VisitDay,
)
from tenants.models import Tenant
from tenants.services.errors import TenantError
from tenants.services.provisioning import TenantSpec, validate_spec
from tenants.services.registry import get_tenant

MERGEABLE_KINDS = {Tenant.Kind.COMMUNE}
# Pages without sub-pages that still gather rows of their own: two of them become one (the target's).
GATHERING_PAGES = (QuestionIndexPage,)


@dataclass
class Conflict:
    kind: str  # slug | username | home | directory | page | tracking_code | redirect
    detail: str
    resolution: str


@dataclass
class PageMove:
    """A page copied to the target (its subtree follows through ``parent``)."""

    source_id: int
    title: str
    model: str  # app_label.ModelName
    old_path: str  # path on the source site, e.g. "/tin-tuc/le-hoi/"
    new_path: str  # path on the target site
    slug: str  # its slug on the target
    parent: int | None = None  # source id of its parent when that is copied too
    place: str = ""  # tops only: "archive", "home", or "target:<page ref>" (see ``SectionMatch.target``)
    live: bool = True
    translations: list[int] = field(default_factory=list)  # source ids of its versions in other languages


@dataclass
class SectionMatch:
    """A source page whose role a target page takes (not copied; its address leads there)."""

    source_id: int
    title: str
    model: str
    old_path: str
    target: int | str | None  # a target page id; "<source path>#<page id>": the copy of a page an earlier
    # source brings (a section the target lacked); None: the home page of a site still to be created
    new_path: str
    keeps_subpaths: bool = False


@dataclass
class EditorMove:
    username: str
    new_username: str
    groups: list[str] = field(default_factory=list)


@dataclass
class SourcePlan:
    path: str
    name: str
    schema_name: str
    pages: list[PageMove] = field(default_factory=list)
    matched: list[SectionMatch] = field(default_factory=list)
    archive_title: str = ""
    archive_slug: str = ""
    images: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)  # tracking codes (askers' data travels with them)
    citations: int = 0  # legal documents the moved answers cite, among the moved pages
    forwardings: int = 0  # forwardings of the moved questions to units (the units travel with them)
    consultation_comments: int = 0
    ratings: int = 0
    visit_days: int = 0
    redirects: list[str] = field(default_factory=list)  # old paths of the source's redirects carried over
    revisions: int = 0  # page revisions (history) of the moved pages and of their other-language versions
    editors: list[EditorMove] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def pages_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for move in self.pages:
            counts[move.model] = counts.get(move.model, 0) + 1
        if self.archive_slug:
            counts[ARCHIVE_MODEL] = counts.get(ARCHIVE_MODEL, 0) + 1
        return dict(sorted(counts.items()))

    def translations(self) -> int:
        """Other-language versions (English) of the moved pages, moved with them."""
        return sum(len(move.translations) for move in self.pages)


@dataclass
class NewSite:
    slug: str
    name: str
    parent_path: str | None
    name_en: str = ""


def new_site_for(sources: list[str], slug: str, name: str, name_en: str = "", parent: str | None = None) -> NewSite:
    """The new commune a merge creates; without a parent it goes where the first source is."""
    if not parent:
        parent = (sources[0].rpartition(".")[0] if sources else "") or None
    return NewSite(slug=slug, name=name or "", name_en=name_en or "", parent_path=parent)


@dataclass
class MergePlan:
    target_path: str
    target_name: str
    sources: list[SourcePlan]
    new_site: NewSite | None = None
    partial: bool = False

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> MergePlan:
        sources = []
        for raw in data["sources"]:
            raw = dict(raw)
            raw["pages"] = [PageMove(**p) for p in raw["pages"]]
            raw["matched"] = [SectionMatch(**m) for m in raw["matched"]]
            raw["editors"] = [EditorMove(**e) for e in raw["editors"]]
            raw["conflicts"] = [Conflict(**c) for c in raw["conflicts"]]
            sources.append(SourcePlan(**raw))
        new_site = NewSite(**data["new_site"]) if data.get("new_site") else None
        return cls(data["target_path"], data["target_name"], sources, new_site, data.get("partial", False))

    def lines(self) -> list[str]:
        """The preview as text (the command prints it; the console shows the same facts)."""
        out = [f"Đích (target): {self.target_name} [{self.target_path}]" + (" — mới (new)" if self.new_site else "")]
        for src in self.sources:
            out.append(f"Nguồn (source): {src.name} [{src.path}]")
            out.append(f"  Trang (pages): {sum(src.pages_by_type().values())}")
            out.extend(f"    {model}: {count}" for model, count in src.pages_by_type().items())
            out.extend(f"  Gộp vào (merged into) {m.old_path} → {m.new_path}" for m in src.matched)
            if src.archive_slug:
                out.append(f"  Trang lưu trữ (archive page): “{src.archive_title}” /{src.archive_slug}/")
            out.append(
                f"  Bản tiếng Anh (English versions): {src.translations()}; phiên bản trang (page revisions): "
                f"{src.revisions}"
            )
            out.append(f"  Ảnh (images): {len(src.images)}; tài liệu (documents): {len(src.documents)}")
            out.append(
                f"  Hỏi đáp (Q&A, with askers' data): {len(src.questions)}; văn bản được dẫn (citations): "
                f"{src.citations}; lần chuyển đơn vị (forwardings): {src.forwardings}; ý kiến dự thảo (comments): "
                f"{src.consultation_comments}; đánh giá (ratings): {src.ratings}; "
                f"ngày truy cập (visitor days): {src.visit_days}; chuyển hướng (redirects): {len(src.redirects)}"
            )
            out.append(
                f"  Biên tập viên (editors, disabled on the target): {', '.join(e.new_username for e in src.editors) or '—'}"
            )
            out.extend(f"  ! {c.kind}: {c.detail} → {c.resolution}" for c in src.conflicts)
        return out


ARCHIVE_MODEL = "portal.SectionIndexPage"


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _key(page) -> tuple[str, str]:
    """What makes two top-level sections the same section."""
    return _label(type(page)), getattr(page, "category", "") or ""


def _mergeable(page) -> bool:
    """An index page (it names the page types it holds) or a page gathering rows (Q&A)."""
    return bool(getattr(type(page), "subpage_types", None)) or isinstance(page, GATHERING_PAGES)


def _keeps_subpaths(page) -> bool:
    return hasattr(type(page), "get_subpage_urls")  # a routable page: paths beneath it are its routes


def _home() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise TenantError("Đơn vị chưa có trang chủ (the site has no home page).")
    return site.root_page.specific


def _relative(page: Page, home: Page) -> str:
    return page.url_path[len(home.url_path) - 1 :]


@dataclass
class _TargetTree:
    """The target's top level as the plan sees it (empty for a site still to be created)."""

    home_id: int | None
    sections: dict[tuple[str, str], tuple[int | str, str, bool]]  # key → (page ref, path, keeps sub-paths)
    slugs: dict[int | str | None, set[str]]  # parent ref → child slugs taken
    usernames: set[str]
    codes: set[str]
    models: set[str]  # page models present at the top level


def _read_target(target: Tenant | None) -> _TargetTree:
    if target is None:
        return _TargetTree(None, {}, {None: set()}, set(), set(), set())
    with schema_context(target.schema_name):
        home = _home()
        sections, slugs, models = {}, {home.pk: set()}, set()
        for child in home.get_children().specific().order_by("path"):
            slugs[home.pk].add(child.slug)
            models.add(_label(type(child)))
            if _mergeable(child) and _key(child) not in sections:
                sections[_key(child)] = (child.pk, _relative(child, home), _keeps_subpaths(child))
                slugs[child.pk] = set(Page.objects.child_of(child).values_list("slug", flat=True))
        users = set(get_user_model().objects.values_list("username", flat=True))
        codes = set(Question.objects.values_list("tracking_code", flat=True))
    return _TargetTree(home.pk, sections, slugs, users, codes, models)


def check_sources(paths: list[str], target_path: str | None) -> list[Tenant]:
    if not paths:
        raise TenantError("Cần ít nhất một đơn vị nguồn (at least one source is required).")
    if len(set(paths)) != len(paths):
        raise TenantError("Một đơn vị nguồn được nêu hai lần (a source is listed twice).")
    sources = [get_tenant(path) for path in paths]
    for source in sources:
        if source.path == target_path:
            raise TenantError(f"Không thể sáp nhập “{source.name}” vào chính nó (a site cannot be merged into itself).")
        if source.status in (Tenant.Status.ARCHIVED, Tenant.Status.MERGED):
            raise TenantError(
                f"“{source.name}” đang ở trạng thái {source.get_status_display()}: không thể sáp nhập "
                f"(an archived or already merged site cannot be merged)."
            )
        if source.kind not in MERGEABLE_KINDS:
            raise TenantError(
                f"Chỉ sáp nhập được xã, phường; “{source.name}” là {source.get_kind_display()} "
                f"(only communes can be merged; {source.path} is a {source.kind})."
            )
    return sources


def _check_target(target: Tenant) -> None:
    if target.kind not in MERGEABLE_KINDS:
        raise TenantError(
            f"Chỉ sáp nhập được vào một xã, phường; “{target.name}” là {target.get_kind_display()} "
            f"(the target must be a commune; {target.path} is a {target.kind})."
        )
    if target.status != Tenant.Status.ACTIVE:
        raise TenantError(f"Đơn vị đích “{target.name}” không hoạt động (the target is {target.status}, not active).")


def plan_merge(
    sources: list[str],
    into: str | None = None,
    new_site: NewSite | None = None,
    pages: list[str] | None = None,
) -> MergePlan:
    """Preview the merge of the sites at ``sources`` (tree paths) into the site ``into`` or into a
    site to be created (``new_site``). ``pages`` (paths on the one source, e.g. ``/tin-tuc/``)
    makes it a partial merge: only those pages and their subtrees move, the source stays online.
    Raises ``TenantError`` (bilingual) on bad input. Reads only: nothing is changed."""
    if (into is None) == (new_site is None):
        raise TenantError("Chọn một đơn vị đích hoặc tạo đơn vị mới (give either a target or a new site).")
    if pages is not None and len(sources) != 1:
        raise TenantError("Sáp nhập một phần chỉ từ một đơn vị nguồn (a partial merge takes exactly one source).")
    if pages is not None and new_site is not None:
        raise TenantError("Sáp nhập một phần cần một đơn vị đích có sẵn (a partial merge needs an existing target).")
    target = None
    if into is not None:
        target = get_tenant(into)
        _check_target(target)
        target_path, target_name = target.path, target.name
    else:
        checked = validate_spec(
            TenantSpec(
                name=new_site.name,
                name_en=new_site.name_en,
                slug=new_site.slug,
                kind=Tenant.Kind.COMMUNE,
                parent_path=new_site.parent_path,
            )
        )
        new_site.name, target_path, target_name = checked.spec.name, checked.path, checked.spec.name
    tenants = check_sources(sources, target_path)
    tree = _read_target(target)
    plans = [_plan_source(source, tree, pages) for source in tenants]
    return MergePlan(target_path, target_name, plans, new_site, pages is not None)


def _plan_source(source: Tenant, tree: _TargetTree, chosen: list[str] | None) -> SourcePlan:
    plan = SourcePlan(source.path, source.name, source.schema_name)
    with schema_context(source.schema_name):
        home = _home()
        if chosen is None:
            tops = list(home.get_children().specific().order_by("path"))
            plan.matched.append(SectionMatch(home.pk, home.title, _label(type(home)), "/", tree.home_id, "/"))
            plan.conflicts.append(
                Conflict(
                    "home", "hai trang chủ (two home pages)", "giữ trang chủ của đơn vị đích (the target's home stays)"
                )
            )
        else:
            tops = [_chosen_page(home, path) for path in chosen]
        copied_ids = _place_tops(plan, source, home, tops, tree)
        _plan_translations(plan)
        _plan_rows(plan, source, copied_ids, full=chosen is None, tree=tree)
    return plan


def _chosen_page(home: Page, path: str) -> Page:
    path = "/" + path.strip("/") + "/"
    page = Page.objects.filter(url_path=home.url_path.rstrip("/") + path).specific().first()
    if page is None or path == "/":
        raise TenantError(f"Không tìm thấy trang “{path}” trên đơn vị nguồn (page not found on the source).")
    return page


def _place_tops(plan: SourcePlan, source: Tenant, home: Page, tops: list[Page], tree: _TargetTree) -> list[int]:
    archive_path = ""
    for top in tops:
        match = tree.sections.get(_key(top)) if _mergeable(top) else None
        if match is not None:
            ref, target_path, keeps = match
            plan.matched.append(
                SectionMatch(top.pk, top.title, _label(type(top)), _relative(top, home), ref, target_path, keeps)
            )
            taken = tree.slugs.setdefault(ref, set())
            for child in Page.objects.child_of(top).specific().order_by("path"):
                slug = _free_slug(plan, source, child, taken)
                _add_subtree(plan, home, child, slug, target_path, place=f"target:{ref}")
            continue
        if _mergeable(top):  # a section the target lacks: it becomes the target's (later sources join it)
            slug = _free_slug(plan, source, top, tree.slugs.setdefault(tree.home_id, set()))
            ref = f"{source.path}#{top.pk}"
            tree.sections[_key(top)] = (ref, f"/{slug}/", _keeps_subpaths(top))
            tree.slugs[ref] = {child.slug for child in top.get_children()}
            tree.models.add(_label(type(top)))
            _add_subtree(plan, home, top, slug, "/", place="home")
            continue
        if _label(type(top)) in tree.models:
            plan.conflicts.append(
                Conflict(
                    "directory" if "Directory" in type(top).__name__ else "page",
                    f"hai trang “{top.title}” cùng loại (two pages of type {_label(type(top))})",
                    "trang của đơn vị nguồn đặt dưới trang lưu trữ (the source's page goes under the archive page)",
                )
            )
        if not archive_path:
            archive_path = _plan_archive(plan, source, tree)
        _add_subtree(plan, home, top, top.slug, archive_path, place="archive")
    return [move.source_id for move in plan.pages]


def _plan_archive(plan: SourcePlan, source: Tenant, tree: _TargetTree) -> str:
    plan.archive_title = f"{source.name} (trước sáp nhập)"
    slug, taken = f"{source.slug}-truoc-sap-nhap", tree.slugs.setdefault(tree.home_id, set())
    if slug in taken:
        slug = f"{slug}-{len(taken)}"
    taken.add(slug)
    plan.archive_slug = slug
    return f"/{slug}/"


def _free_slug(plan: SourcePlan, source: Tenant, page: Page, taken: set[str]) -> str:
    slug = page.slug
    if slug in taken:
        slug = f"{page.slug}-{source.slug}"
        counter = 2
        while slug in taken:
            slug, counter = f"{page.slug}-{source.slug}-{counter}", counter + 1
        plan.conflicts.append(
            Conflict("slug", f"địa chỉ “{page.slug}” đã có trên đơn vị đích (slug taken)", f"đổi thành “{slug}”")
        )
    taken.add(slug)
    return slug


def _add_subtree(plan: SourcePlan, home: Page, top: Page, slug: str, parent_path: str, place: str) -> None:
    new_paths = {top.pk: f"{parent_path}{slug}/"}
    plan.pages.append(
        PageMove(
            top.pk, top.title, _label(type(top)), _relative(top, home), new_paths[top.pk], slug, None, place, top.live
        )
    )
    id_at = {top.path: top.pk}
    for page in top.get_descendants().specific().order_by("path"):
        id_at[page.path] = page.pk
        parent_id = id_at[page.path[: -Page.steplen]]  # parents come first in path order
        new_paths[page.pk] = f"{new_paths[parent_id]}{page.slug}/"
        plan.pages.append(
            PageMove(
                page.pk,
                page.title,
                _label(type(page)),
                _relative(page, home),
                new_paths[page.pk],
                page.slug,
                parent_id,
                "",
                page.live,
            )
        )


def _plan_translations(plan: SourcePlan) -> None:
    """Each moved page takes its versions in other languages (same translation key) and the revisions
    of all of them."""
    ids = [move.source_id for move in plan.pages]
    keys = dict(Page.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
    others: dict = {}
    versions = Page.objects.filter(translation_key__in=set(keys.values())).exclude(pk__in=ids).order_by("path")
    for pk, key in versions.values_list("pk", "translation_key"):
        others.setdefault(key, []).append(pk)
    for move in plan.pages:
        move.translations = others.get(keys[move.source_id], [])
    every = [str(pk) for pk in ids + [pk for move in plan.pages for pk in move.translations]]
    plan.revisions = Revision.page_revisions.filter(object_id__in=every).count()


def _plan_rows(plan: SourcePlan, source: Tenant, copied: list[int], full: bool, tree: _TargetTree) -> None:
    page_ids = set(copied) | {m.source_id for m in plan.matched}
    if full:
        plan.images = list(get_image_model().objects.order_by("pk").values_list("pk", flat=True))
        plan.documents = list(get_document_model().objects.order_by("pk").values_list("pk", flat=True))
    else:
        plan.images, plan.documents = _referenced_media(copied)
    questions = Question.objects.order_by("pk")
    if not full:
        questions = questions.filter(page_id__in=page_ids)
    plan.questions = list(questions.values_list("tracking_code", flat=True))
    taken = set(plan.questions) & tree.codes
    for code in sorted(taken):
        plan.conflicts.append(
            Conflict("tracking_code", f"mã tra cứu {code} đã có trên đơn vị đích", "không chuyển câu hỏi này")
        )
    carried = questions.exclude(tracking_code__in=taken)  # a question whose code is taken stays behind
    tree.codes.update(plan.questions)
    moved_pages = page_ids | {pk for move in plan.pages for pk in move.translations}
    plan.citations = QuestionCitation.objects.filter(question__in=carried, document_id__in=moved_pages).count()
    plan.forwardings = QuestionForwarding.objects.filter(question__in=carried).count()
    plan.consultation_comments = ConsultationComment.objects.filter(consultation_id__in=copied).count()
    if not full:
        return
    plan.ratings = SiteRating.objects.count()
    plan.visit_days = VisitDay.objects.count()
    for redirect in Redirect.objects.order_by("old_path"):
        if redirect.redirect_page_id in page_ids:
            plan.redirects.append(redirect.old_path)
        else:
            plan.conflicts.append(
                Conflict(
                    "redirect",
                    f"chuyển hướng {redirect.old_path} tới địa chỉ ngoài (to a link, or a page that does not move)",
                    "không chuyển; địa chỉ cũ dẫn về trang chủ đơn vị đích (not carried; leads to the target home)",
                )
            )
    editors = get_user_model().objects.filter(Q(is_staff=True) | Q(groups__isnull=False)).distinct().order_by("pk")
    for user in editors.prefetch_related("groups"):
        new_username = user.username
        if new_username in tree.usernames:
            new_username = f"{user.username}.{source.slug}"
            plan.conflicts.append(
                Conflict(
                    "username",
                    f"tài khoản “{user.username}” đã có trên đơn vị đích (duplicate username)",
                    f"tạo tài khoản “{new_username}” (created as)",
                )
            )
        tree.usernames.add(new_username)
        plan.editors.append(EditorMove(user.username, new_username, sorted(g.name for g in user.groups.all())))


def _referenced_media(page_ids: list[int]) -> tuple[list[int], list[int]]:
    """Images and documents the given pages use (Wagtail's reference index)."""
    base = ContentType.objects.get_for_model(Page)
    refs = ReferenceIndex.objects.filter(base_content_type=base, object_id__in=[str(pk) for pk in page_ids])
    found = []
    for model in (get_image_model(), get_document_model()):
        ctype = ContentType.objects.get_for_model(model)
        ids = refs.filter(to_content_type=ctype).values_list("to_object_id", flat=True)
        found.append(sorted({int(pk) for pk in ids}))
    return found[0], found[1]
