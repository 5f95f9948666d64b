"""Running a merge plan (``restructuring.plan``): all-or-nothing per source, one log.

For each source, in one database transaction (the schemas are switched on one connection):

1. *read* the source schema: the pages of the plan (Wagtail's ``serializable_data``, child rows
   included), images and documents with their files, the reference lists they name, Q&A with the
   askers' data, consultation comments, ratings, visitor days, redirects, editors;
2. *write* the target schema: images and documents (files copied into the target's media folder,
   storage is per schema: ``tenants.storage``), the archive page, the pages parents first with every
   id rewritten (``restructuring.references``) and published like the source's, Q&A rows keeping
   their tracking codes, comments, ratings, visitor days (added per day), the editors as *disabled*
   accounts (the target's head enables them) with their groups;
3. *public schema*: a full merge records each moved path (``tenants.MovedPath``: routing answers
   the old hostnames with 301s) and sets the source to ``merged`` with its successor, which takes
   its entries out of the search aggregate (``tenant_status_changed``); the target's new pages reach
   the aggregate through its outbox, under their new URLs. A partial merge instead deletes the moved
   pages from the source and leaves a Wagtail redirect to the new URL at each old path.

A failure rolls the source back (files written for it are removed) and stops the merge; sources
done before it stay merged. A new target is provisioned first (``tenants.services.provisioning``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site, TranslatableMixin

from participation.models import ConsultationComment, Question, SiteRating, VisitDay
from sites.models import SectionIndexPage
from tenants.models import MovedPath, Tenant
from tenants.services.errors import TenantError
from tenants.services.provisioning import TenantSpec, provision_tenant
from tenants.services.registry import get_tenant
from tenants.signals import tenant_status_changed

from .plan import EditorMove, MergePlan, PageMove, SourcePlan, check_sources
from .references import TREE_FIELDS, IdMap, remap_model_data

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
SKIPPED_MEDIA_FIELDS = {"id", "file", "collection", "uploaded_by_user"}


@dataclass
class _SourceData:
    """Everything read from one source schema, ids still the source's."""

    pages: dict[int, tuple[type[Page], dict]] = field(default_factory=dict)
    routable: set[int] = field(default_factory=set)
    media: dict[type, list[tuple[dict, str, bytes]]] = field(default_factory=dict)
    snippets: dict[tuple[str, int], dict] = field(default_factory=dict)
    locales: dict[int, str] = field(default_factory=dict)
    questions: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    redirects: list[tuple[str, int]] = field(default_factory=list)
    users: list[tuple[dict, EditorMove]] = field(default_factory=list)


@dataclass
class MergeResult:
    target: Tenant
    log: list[str]


def run_merge(plan: MergePlan, progress: Progress | None = None, lines: list[str] | None = None) -> MergeResult:
    """Carry out ``plan``; ``progress(done, total, message)`` is called as pages are copied and the log
    is written to ``lines`` as it goes (kept by the caller when the merge fails half-way). The sources
    are checked again (a plan may be run later than previewed, or twice)."""
    lines = [] if lines is None else lines
    check_sources([s.path for s in plan.sources], plan.target_path)

    def note(message: str) -> None:
        lines.append(f"{timezone.now():%Y-%m-%d %H:%M:%S} {message}")
        log.info("merge → %s: %s", plan.target_path, message)

    target = _target(plan, note)
    total = sum(len(src.pages) for src in plan.sources) or 1
    done = [0]

    def step(message: str) -> None:
        done[0] += 1
        if progress:
            progress(done[0], total, message)

    created: dict[str, int] = {}  # "<source path>#<page id>" → the target page copied from it
    for source_plan in plan.sources:
        source = get_tenant(source_plan.path)
        written: list[str] = []
        try:
            with transaction.atomic():
                _merge_source(plan, source_plan, source, target, step, note, written, created)
        except BaseException:
            _remove_files(target, written)
            note(f"LỖI (failed): {source.path} — rolled back, nothing of it changed")
            raise
    note(f"Xong (done): {', '.join(s.path for s in plan.sources)} → {plan.target_path}")
    if progress:
        progress(total, total, "done")
    return MergeResult(target, lines)


def _target(plan: MergePlan, note) -> Tenant:
    if plan.new_site is None:
        return get_tenant(plan.target_path)
    new = plan.new_site
    tenant = provision_tenant(
        TenantSpec(name=new.name, name_en=new.name_en, slug=new.slug, kind="commune", parent_path=new.parent_path)
    )
    note(f"Đã tạo đơn vị mới (created) {tenant.path} — {tenant.primary_hostname}")
    return tenant


def _merge_source(
    plan, source_plan: SourcePlan, source: Tenant, target: Tenant, step, note, written, created: dict[str, int]
) -> None:
    note(f"Bắt đầu (start) {source.path}: {len(source_plan.pages)} trang (pages)")
    with schema_context(source.schema_name):
        data = _read_source(source_plan)
    with schema_context(target.schema_name):
        ids = IdMap()
        ids.resolve = _resolver(data)
        home = Site.objects.get(is_default_site=True).root_page
        for match in source_plan.matched:
            ids.put(Page, match.source_id, _page_ref(match.target, home, created))
        _copy_media(data, ids, written)
        note(f"  ảnh, tài liệu (images, documents): {sum(len(v) for v in data.media.values())}")
        _copy_users(data, ids)
        new_pages = _copy_pages(source_plan, data, ids, home, step, created)
        note(f"  trang (pages): {len(new_pages)}")
        _copy_rows(source_plan, data, ids)
        note(
            f"  hỏi đáp (Q&A) {len(data.questions)}, ý kiến (comments) {len(data.comments)}, "
            f"đánh giá (ratings) {len(data.ratings)}, ngày truy cập (visitor days) {len(data.visits)}, "
            f"biên tập viên (editors, disabled) {len(data.users)}"
        )
    if plan.partial:
        _leave_redirects(source, target, source_plan)
        note(f"  {source.path}: các trang đã chuyển được thay bằng chuyển hướng (moved pages replaced by redirects)")
        return
    _record_moved_paths(source, target, source_plan, data)
    with schema_context("public"):
        old = source.status
        source.status, source.successor = Tenant.Status.MERGED, target
        source.save(update_fields=["status", "successor", "updated_at"])
        tenant_status_changed.send(sender=Tenant, tenant=source, old=old, new=source.status)
    note(f"  {source.path}: trạng thái “đã sáp nhập” vào (merged into) {target.path}")


# --- reading the source -------------------------------------------------------------------------


def _read_source(plan: SourcePlan) -> _SourceData:
    data = _SourceData()
    ids = [move.source_id for move in plan.pages]
    for page in Page.objects.filter(pk__in=ids).specific():
        data.pages[page.pk] = (type(page), page.serializable_data())
        if hasattr(type(page), "get_subpage_urls"):
            data.routable.add(page.pk)
    missing = set(ids) - set(data.pages)
    if missing:
        raise TenantError(
            f"Đơn vị nguồn đã thay đổi sau khi xem trước ({len(missing)} trang không còn); hãy xem trước lại "
            "(the source changed since the preview: preview again)."
        )
    data.routable.update(m.source_id for m in plan.matched if m.keeps_subpaths)
    for model, wanted in ((get_image_model(), plan.images), (get_document_model(), plan.documents)):
        rows = []
        for item in model.objects.filter(pk__in=wanted).order_by("pk"):
            values = {f.attname: getattr(item, f.attname) for f in model._meta.concrete_fields}
            with item.file.open("rb") as handle:
                rows.append((values, os.path.basename(item.file.name), handle.read()))
        data.media[model] = rows
    data.locales = dict(Locale.objects.values_list("pk", "language_code"))
    for model in _snippet_models():
        for row in model.objects.values():
            data.snippets[(model._meta.label_lower, row["id"])] = row
    data.questions = list(Question.objects.filter(tracking_code__in=plan.questions).values())
    data.comments = list(ConsultationComment.objects.filter(consultation_id__in=ids).values())
    if plan.ratings:
        data.ratings = list(SiteRating.objects.values())
    if plan.visit_days:
        data.visits = list(VisitDay.objects.values("date", "visits"))
    if plan.redirects:
        data.redirects = list(
            Redirect.objects.filter(old_path__in=plan.redirects).values_list("old_path", "redirect_page_id")
        )
    wanted_users = {e.username: e for e in plan.editors}
    for user in get_user_model().objects.filter(username__in=wanted_users).values():
        data.users.append((user, wanted_users[user["username"]]))
    return data


def _snippet_models() -> list[type[models.Model]]:
    """The reference lists pages point to (translatable snippets with a name, e.g. news categories)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("portal").get_models()
        if issubclass(model, TranslatableMixin) and not issubclass(model, Page) and _has_field(model, "name")
    ]


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


# --- writing the target -------------------------------------------------------------------------


def _resolver(data: _SourceData):
    """Ids of models not copied but matched: locales by language, reference lists by name (created
    on the target when missing); anything else (users who are not editors, revisions) becomes empty."""
    cache: dict[tuple[str, int], int | None] = {}

    def resolve(model, old: int) -> int | None:
        key = (model._meta.label_lower, old)
        if key in cache:
            return cache[key]
        found = None
        if model is Locale:
            code = data.locales.get(old)
            found = Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
        elif key in data.snippets:
            row = dict(data.snippets[key])
            locale_id = resolve(Locale, row["locale_id"])
            found = model.objects.filter(name=row["name"], locale_id=locale_id).values_list("pk", flat=True).first()
            if found is None:
                row.pop("id"), row.pop("translation_key")
                row["locale_id"] = locale_id
                found = model.objects.create(**row).pk
        cache[key] = found
        return found

    return resolve


def _copy_media(data: _SourceData, ids: IdMap, written: list[str]) -> None:
    collection = Collection.get_first_root_node()
    for model, rows in data.media.items():
        for values, name, content in rows:
            kept = {k: v for k, v in values.items() if k.removesuffix("_id") not in SKIPPED_MEDIA_FIELDS}
            item = model(collection=collection)
            item.file.save(name, ContentFile(content), save=False)
            written.append(item.file.name)
            for key, value in kept.items():  # after the file: saving it resets the dimension fields
                setattr(item, key, value)
            item.save()
            ids.put(model, values["id"], item.pk)


def _copy_users(data: _SourceData, ids: IdMap) -> None:
    """Editors become disabled accounts (same password hash, never superusers) in their groups."""
    user_model = get_user_model()
    for row, move in data.users:
        values = {k: v for k, v in row.items() if k not in {"id", "is_superuser", "is_active", "last_login"}}
        values["username"] = move.new_username
        user = user_model.objects.create(**values, is_active=False, is_superuser=False)
        user.groups.set(Group.objects.filter(name__in=move.groups))
        ids.put(user_model, row["id"], user.pk)


def _page_ref(ref: int | str | None, home: Page, created: dict[str, int]) -> int:
    if ref is None:
        return home.pk
    return created[ref] if isinstance(ref, str) else ref


def _copy_pages(plan: SourcePlan, data: _SourceData, ids: IdMap, home: Page, step, created) -> list[Page]:
    archive = None
    if plan.archive_slug:
        archive = SectionIndexPage(
            title=plan.archive_title,
            slug=plan.archive_slug,
            category="general",
            intro=f"<p>Nội dung của {plan.name} trước khi sáp nhập (content of {plan.name} before the merge).</p>",
        )
        home.add_child(instance=archive)
        archive.save_revision().publish(log_action=False)
    made: list[Page] = []
    for move in plan.pages:
        model, raw = data.pages[move.source_id]
        page = _new_page(model, raw, move, ids)
        parent = _parent(move, ids, archive, home, created)
        parent.add_child(instance=page)
        ids.put(Page, move.source_id, page.pk)
        created[f"{plan.path}#{move.source_id}"] = page.pk
        if move.live:
            published_at = raw.get("last_published_at")
            page.save_revision().publish(log_action=False)
            if published_at:  # the source's publication date, not the merge's
                Page.objects.filter(pk=page.pk).update(last_published_at=published_at)
        made.append(page)
        step(move.new_path)
    return made


def _new_page(model: type[Page], raw: dict, move: PageMove, ids: IdMap) -> Page:
    values = {k: v for k, v in remap_model_data(model, raw, ids).items() if k not in TREE_FIELDS}
    values.update(pk=None, slug=move.slug)
    page = model.from_serializable_data(values, check_fks=False, strict_fks=False)
    page.pk = page.id = None
    for parent_link in model._meta.parents.values():
        if parent_link is not None:
            setattr(page, parent_link.attname, None)
    page.live = move.live
    page.has_unpublished_changes = not move.live
    return page


def _parent(move: PageMove, ids: IdMap, archive: Page | None, home: Page, created: dict[str, int]) -> Page:
    if move.parent is not None:
        pk = ids.get(Page, move.parent)
    elif move.place == "archive":
        pk = archive.pk
    elif move.place == "home":
        pk = home.pk
    else:
        ref = move.place.split(":", 1)[1]
        pk = _page_ref(ref if "#" in ref else int(ref), home, created)
    return Page.objects.get(pk=pk)


def _copy_rows(plan: SourcePlan, data: _SourceData, ids: IdMap) -> None:
    user_model = get_user_model()
    taken = set(Question.objects.filter(tracking_code__in=plan.questions).values_list("tracking_code", flat=True))
    questions = []
    for row in data.questions:
        if row["tracking_code"] in taken:
            continue  # listed as a conflict by the plan
        row = dict(row, id=None, page_id=ids.get(Page, row["page_id"]))
        row["answered_by_id"] = ids.get(user_model, row["answered_by_id"])
        questions.append(Question(**row))
    Question.objects.bulk_create(questions)
    ConsultationComment.objects.bulk_create(
        [
            ConsultationComment(**dict(row, id=None, consultation_id=ids.get(Page, row["consultation_id"])))
            for row in data.comments
        ]
    )
    SiteRating.objects.bulk_create([SiteRating(**dict(row, id=None)) for row in data.ratings])
    for row in data.visits:
        day, created = VisitDay.objects.get_or_create(date=row["date"], defaults={"visits": row["visits"]})
        if not created:
            VisitDay.objects.filter(pk=day.pk).update(visits=models.F("visits") + row["visits"])


# --- the public schema and the source afterwards -----------------------------------------------


def _record_moved_paths(source: Tenant, target: Tenant, plan: SourcePlan, data: _SourceData) -> None:
    rows = {
        m.old_path: MovedPath(old_path=m.old_path, new_path=m.new_path, keeps_subpaths=m.keeps_subpaths)
        for m in plan.matched
    }
    new_path_of = {m.source_id: m.new_path for m in plan.matched}
    for move in plan.pages:
        new_path_of[move.source_id] = move.new_path
        rows[move.old_path] = MovedPath(
            old_path=move.old_path, new_path=move.new_path, keeps_subpaths=move.source_id in data.routable
        )
    for old_path, page_id in data.redirects:
        path = old_path.rstrip("/") + "/"
        if path not in rows and page_id in new_path_of:
            rows[path] = MovedPath(old_path=path, new_path=new_path_of[page_id])
    with schema_context("public"):
        for row in rows.values():
            row.old_tenant, row.new_tenant = source, target
        MovedPath.objects.bulk_create(rows.values())


def _leave_redirects(source: Tenant, target: Tenant, plan: SourcePlan) -> None:
    from core.siteurl import site_origin

    origin = site_origin(target.primary_hostname)
    moved_tops = [move.source_id for move in plan.pages if move.parent is None]
    with schema_context(source.schema_name):
        for move in plan.pages:
            Redirect.objects.update_or_create(
                old_path=Redirect.normalise_path(move.old_path),
                site=None,
                defaults={"redirect_link": origin + move.new_path, "redirect_page": None, "is_permanent": True},
            )
        for page in Page.objects.filter(pk__in=moved_tops):
            page.delete()
        Question.objects.filter(tracking_code__in=plan.questions).delete()  # they live on the target now


def _remove_files(target: Tenant, names: list[str]) -> None:
    from django.core.files.storage import default_storage

    with schema_context(target.schema_name):
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                log.warning("merge: could not remove %s of %s", name, target.schema_name)
