"""Running a merge plan (``restructuring.plan``): all-or-nothing per source, one log.

For each source, in one database transaction (the schemas are switched on one connection):

1. *read* the source schema: the pages of the plan and their versions in other languages (Wagtail's
   ``serializable_data``, child rows included; one query per page type), their revisions, images
   and documents with their files, the reference lists they name, Q&A with the askers' data, the
   legal documents the answers cite, the forwardings to units and the site's list of units,
   consultation comments, ratings, visitor days, redirects, editors;
2. *write* the target schema, Wagtail's per-save index updates off (``core.wagtail_indexes``):
   images and documents (files copied into the target's media folder, storage is per schema:
   ``tenants.storage``), the editors as *disabled* accounts (the target's head enables them) with
   their groups, the archive page; then the pages in bulk (``restructuring.bulk``: ids drawn first,
   every id rewritten by ``restructuring.references``, tree paths computed in one pass, one INSERT
   per table), published as on the source with their revisions, then their English versions under
   the English versions of their new parents (a target section without one gets one, copied for
   translation); Q&A rows keeping their tracking codes, with their citations pointing at the
   documents' new ids (a citation of a page that did not move is dropped, as a link to it would be),
   the units (matched by name: a unit the target already has keeps its e-mail) and the forwardings
   (who forwarded: the editor's copy, else empty), comments, ratings, visitor days (added per
   day); last, Wagtail's search and reference index rows of all of it, copied set-wise from the
   source with the ids rewritten (a rebuild costs ~60 ms a page), and the search outbox rows;
3. *public schema*: a full merge records each moved path, English ones included (``tenants.MovedPath``:
   routing answers the old hostnames with 301s), and sets the source to ``merged`` with its
   successor, which takes its entries out of the search aggregate (``tenant_status_changed``); the
   target's new pages reach the aggregate through its outbox, under their new URLs. A partial merge
   instead deletes the moved pages (and their English versions) from the source and leaves a Wagtail
   redirect to the new URL at each old path.

No Wagtail signal is sent per copied page: one ``page_published`` per source lets the receivers that
act per site (the console's figures, the page cache) follow.

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
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Revision, Site, TranslatableMixin
from wagtail.signals import page_published

from core.wagtail_indexes import wagtail_index_updates_off
from participation.models import (
    ConsultationComment,
    ProcessingUnit,
    Question,
    QuestionCitation,
    QuestionForwarding,
    SiteRating,
    VisitDay,
)
from search.outbox.models import OutboxItem
from search.outbox.recording import record
from sites.models import SectionIndexPage
from tenants.models import MovedPath, Tenant
from tenants.services.errors import TenantError
from tenants.services.provisioning import TenantSpec, provision_tenant
from tenants.services.registry import get_tenant
from tenants.signals import changed, tenant_status_changed

from .bulk import Placement, allocate_ids, copy_index_rows, index_objects, write_pages
from .plan import EditorMove, MergePlan, PageMove, SourcePlan, check_sources
from .references import IdMap

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
SKIPPED_MEDIA_FIELDS = {"id", "file", "collection", "uploaded_by_user"}


@dataclass
class _SourceData:
    """Everything read from one source schema, ids still the source's."""

    pages: dict[int, tuple[type[Page], dict]] = field(default_factory=dict)  # moved pages and their versions
    revisions: list[dict] = field(default_factory=list)
    restrictions: list[tuple[dict, list[str]]] = field(default_factory=list)  # view restrictions, group names
    language_homes: dict[int, str] = field(default_factory=dict)  # locale id → url_path of the home in it
    translated_paths: list[tuple[str, str, bool]] = field(default_factory=list)  # old → new (other languages)
    routable: set[int] = field(default_factory=set)
    media: dict[type, list[tuple[dict, str, bytes]]] = field(default_factory=dict)
    snippets: dict[tuple[str, int], dict] = field(default_factory=dict)
    locales: dict[int, str] = field(default_factory=dict)
    questions: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)  # the legal documents answers cite
    units: list[dict] = field(default_factory=list)  # the site's list of units questions go to
    forwardings: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    redirects: list[tuple[str, int]] = field(default_factory=list)
    users: list[tuple[dict, EditorMove]] = field(default_factory=list)


@dataclass
class MergeResult:
    target: Tenant
    log: list[str]


def run_merge(
    plan: MergePlan, progress: Progress | None = None, lines: list[str] | None = None, actor: str | None = None
) -> MergeResult:
    """Carry out ``plan``; ``progress(done, total, message)`` is called as pages are copied and the log
    is written to ``lines`` as it goes (kept by the caller when the merge fails half-way). The sources
    are checked again (a plan may be run later than previewed, or twice). Each source merged is
    announced as ``changed("merge", …)`` inside its transaction (the audit log; ``actor`` names who
    asked when the merge runs away from them, in the worker)."""
    lines = [] if lines is None else lines
    check_sources([s.path for s in plan.sources], plan.target_path)

    def note(message: str) -> None:
        lines.append(f"{timezone.now():%Y-%m-%d %H:%M:%S} {message}")
        log.info("merge → %s: %s", plan.target_path, message)

    target = _target(plan, note)
    total = sum(len(src.pages) + src.translations() for src in plan.sources) or 1
    done = [0]

    def advance(count: int, message: str) -> None:
        done[0] += count
        if progress:
            progress(done[0], total, message)

    created: dict[str, int] = {}  # "<source path>#<page id>" → the target page copied from it
    for source_plan in plan.sources:
        source = get_tenant(source_plan.path)
        written: list[str] = []
        try:
            with transaction.atomic():
                _merge_source(plan, source_plan, source, target, advance, note, written, created, actor)
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
    plan,
    source_plan: SourcePlan,
    source: Tenant,
    target: Tenant,
    advance,
    note,
    written,
    created: dict[str, int],
    actor: str | None,
) -> None:
    note(
        f"Bắt đầu (start) {source.path}: {len(source_plan.pages)} trang (pages), "
        f"{source_plan.translations()} bản tiếng Anh (English versions)"
    )
    with schema_context(source.schema_name):
        data = _read_source(source_plan)
    with schema_context(target.schema_name), wagtail_index_updates_off():
        ids = IdMap()
        ids.resolve = _resolver(data)
        home = Site.objects.get(is_default_site=True).root_page
        for match in source_plan.matched:
            ids.put(Page, match.source_id, _page_ref(match.target, home, created))
        _copy_media(data, ids, written)
        note(f"  ảnh, tài liệu (images, documents): {sum(len(v) for v in data.media.values())}")
        _copy_users(data, ids)
        made_here: list[Page] = []
        new_pages, translated = _copy_pages(source_plan, data, ids, home, advance, created, made_here)
        note(
            f"  trang (pages): {len(new_pages)}; bản tiếng Anh (English versions): {len(translated)}; "
            f"phiên bản (revisions): {len(data.revisions)}"
        )
        _copy_rows(source_plan, data, ids)
        _copy_index_rows(source, target, data, ids, made_here)
        note(
            f"  hỏi đáp (Q&A) {len(data.questions)}, văn bản được dẫn (citations) {len(data.citations)}, "
            f"lần chuyển đơn vị (forwardings) {len(data.forwardings)}, ý kiến (comments) {len(data.comments)}, "
            f"đánh giá (ratings) {len(data.ratings)}, ngày truy cập (visitor days) {len(data.visits)}, "
            f"biên tập viên (editors, disabled) {len(data.users)}"
        )
    audit = {"target": target.path, "partial": plan.partial, "pages": len(source_plan.pages)}
    if plan.partial:
        _leave_redirects(source, target, source_plan, data)
        changed("merge", source.path, {"status": source.status}, {**audit, "status": source.status}, actor=actor)
        note(f"  {source.path}: các trang đã chuyển được thay bằng chuyển hướng (moved pages replaced by redirects)")
        return
    _record_moved_paths(source, target, source_plan, data)
    with schema_context("public"):
        old = source.status
        source.status, source.successor = Tenant.Status.MERGED, target
        source.save(update_fields=["status", "successor", "updated_at"])
        tenant_status_changed.send(sender=Tenant, tenant=source, old=old, new=source.status)
        changed("merge", source.path, {"status": old}, {**audit, "status": source.status}, actor=actor)
    note(f"  {source.path}: trạng thái “đã sáp nhập” vào (merged into) {target.path}")


# --- reading the source -------------------------------------------------------------------------


def _read_source(plan: SourcePlan) -> _SourceData:
    data = _SourceData()
    ids = [move.source_id for move in plan.pages]
    every = ids + [pk for move in plan.pages for pk in move.translations]
    for page in _specific_pages(every):
        data.pages[page.pk] = (type(page), page.serializable_data())
        if hasattr(type(page), "get_subpage_urls"):
            data.routable.add(page.pk)
    data.revisions = list(
        Revision.page_revisions.filter(object_id__in=[str(pk) for pk in every]).order_by("pk").values()
    )
    for restriction in PageViewRestriction.objects.filter(page_id__in=every).prefetch_related("groups"):
        values = {f.attname: getattr(restriction, f.attname) for f in PageViewRestriction._meta.concrete_fields}
        data.restrictions.append((values, [group.name for group in restriction.groups.all()]))
    home = Site.objects.get(is_default_site=True).root_page
    data.language_homes = dict(
        Page.objects.filter(translation_key=home.translation_key).values_list("locale_id", "url_path")
    )
    missing = set(every) - set(data.pages)
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
    moved_questions = [row["id"] for row in data.questions]
    data.citations = list(QuestionCitation.objects.filter(question_id__in=moved_questions).order_by("pk").values())
    data.forwardings = list(QuestionForwarding.objects.filter(question_id__in=moved_questions).order_by("pk").values())
    data.units = list(ProcessingUnit.objects.order_by("pk").values())
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


def _specific_pages(ids: list[int]):
    """The pages as their own types, one query per type with their child rows and many-to-many
    prefetched (``serializable_data`` reads them: otherwise a query per page and relation)."""
    from django.apps import apps

    by_model: dict[type[Page], list[int]] = {}
    rows = Page.objects.filter(pk__in=ids).values_list("pk", "content_type__app_label", "content_type__model")
    for pk, app_label, model_name in rows:
        by_model.setdefault(apps.get_model(app_label, model_name), []).append(pk)
    for model, pks in by_model.items():
        related = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        related += [f.name for f in model._meta.get_fields() if isinstance(f, ParentalManyToManyField)]
        yield from model.objects.filter(pk__in=pks).prefetch_related(*related)


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
                made = model.objects.create(**row)
                resolve.created.append(made)
                found = made.pk
        cache[key] = found
        return found

    resolve.cache = cache  # (label, source id) → target id, for the index rows
    resolve.created = []  # made here: indexed at the end
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
            ids.put(Collection, values["collection_id"], collection.pk)  # everything lands in the root


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


def _copy_pages(plan: SourcePlan, data: _SourceData, ids: IdMap, home: Page, advance, created, made_here):
    """The moved pages, then their versions in other languages, in two bulk batches (``restructuring.bulk``)
    with their revisions; the archive page first, the Wagtail way (one page)."""
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
        made_here.append(archive)
    versions = [(move, pk) for move in plan.pages for pk in move.translations]
    for source_id, new_id in zip(
        [move.source_id for move in plan.pages] + [pk for _move, pk in versions],
        allocate_ids(Page, len(plan.pages) + len(versions)),
        strict=True,
    ):
        ids.put(Page, source_id, new_id)
    for row, new_id in zip(data.revisions, allocate_ids(Revision, len(data.revisions)), strict=True):
        ids.put(Revision, row["id"], new_id)
    for move in plan.pages:
        created[f"{plan.path}#{move.source_id}"] = ids.get(Page, move.source_id)
    tops = {move.source_id: _top_parent(move, archive, home, created) for move in plan.pages if move.parent is None}
    made = write_pages(
        [Placement(move.source_id, move.slug, tops.get(move.source_id), move.parent, move.live) for move in plan.pages],
        data.pages,
        data.revisions,
        ids,
    )
    advance(len(made), f"{len(made)} trang (pages)")
    placements = _translation_placements(plan, data, versions, ids, tops, made_here)
    translated = write_pages(placements, data.pages, data.revisions, ids)
    if translated:
        advance(len(translated), f"{len(translated)} bản tiếng Anh (English versions)")
    data.translated_paths = _translated_paths(data, translated, home)
    for values, groups in data.restrictions:  # a private page stays private
        restriction = PageViewRestriction.objects.create(
            **dict(values, id=None, page_id=ids.get(Page, values["page_id"]))
        )
        restriction.groups.set(Group.objects.filter(name__in=groups))
    written = made + translated
    record([p.pk for p in written if p.live], OutboxItem.Action.PUBLISH)  # the search aggregate, new URLs
    record([p.pk for p in written if not p.live], OutboxItem.Action.SAVE)
    first = next((p for p in written if p.live), None)
    if first is not None:  # once, not per page: the site's figures and cached pages follow (receivers)
        page_published.send(sender=type(first), instance=first, revision=None)
    return made, translated


def _top_parent(move: PageMove, archive: Page | None, home: Page, created: dict[str, int]) -> int:
    if move.place == "archive":
        return archive.pk
    if move.place == "home":
        return home.pk
    ref = move.place.split(":", 1)[1]
    return _page_ref(ref if "#" in ref else int(ref), home, created)


def _translation_placements(
    plan: SourcePlan, data: _SourceData, versions, ids: IdMap, tops, made_here: list[Page]
) -> list[Placement]:
    """Each other-language version goes under the version, in its language, of its page's new parent:
    one moved in the same batch, else the target's own (made by copying it for translation when the
    target lacks it, e.g. the archive page). A slug taken there gets the source's path appended."""
    version_of = {(move.source_id, data.pages[pk][1]["locale"]): pk for move, pk in versions}
    placements, taken = [], {}
    for move, pk in versions:
        raw = data.pages[pk][1]
        locale = raw["locale"]
        if move.parent is not None and (move.parent, locale) in version_of:
            parent_version = version_of[(move.parent, locale)]
            placements.append(Placement(pk, raw["slug"], None, parent_version, raw["live"]))
            continue
        vi_parent = ids.get(Page, move.parent) if move.parent is not None else tops[move.source_id]
        parent = _version_on_target(vi_parent, ids.get(Locale, locale), made_here)
        if parent not in taken:
            taken[parent] = set(Page.objects.child_of(Page.objects.get(pk=parent)).values_list("slug", flat=True))
        slugs, slug = taken[parent], raw["slug"]
        if slug in slugs:
            slug = f"{slug}-{plan.path.rsplit('.', 1)[-1]}"
        slugs.add(slug)
        placements.append(Placement(pk, slug, parent, None, raw["live"]))
    return placements


def _version_on_target(page_id: int, locale_id: int, made_here: list[Page]) -> int:
    page = Page.objects.get(pk=page_id)
    found = Page.objects.filter(translation_key=page.translation_key, locale_id=locale_id).values_list("pk", flat=True)
    if found:
        return found[0]
    copy = page.specific.copy_for_translation(Locale.objects.get(pk=locale_id), copy_parents=True)
    copy.save_revision().publish(log_action=False)
    made_here.extend(
        Page.objects.filter(
            translation_key__in=[p.translation_key for p in page.get_ancestors(inclusive=True)], locale_id=locale_id
        ).specific()
    )
    return copy.pk


def _copy_index_rows(source: Tenant, target: Tenant, data: _SourceData, ids: IdMap, made_here: list[Page]) -> None:
    """Wagtail's search and reference index rows of everything copied, rewritten set-wise; the few
    objects made here the Wagtail way are indexed one by one (per-save updates are off)."""
    extra: dict[str, dict[int, int]] = {}
    for source_id, (model, _raw) in data.pages.items():
        extra.setdefault(model._meta.label_lower, {})[source_id] = ids.get(Page, source_id)
    for (label, old), new in ids.resolve.cache.items():
        extra.setdefault(label, {})[old] = new
    copy_index_rows(source.schema_name, target.schema_name, ids, extra)
    index_objects([*made_here, *ids.resolve.created])


def _translated_paths(data: _SourceData, translated: list[Page], home: Page) -> list[tuple[str, str, bool]]:
    """Old → new addresses of the other-language versions ("/en/…"), for the 301s of a full merge."""
    if not translated:
        return []
    target_homes = dict(Page.objects.filter(translation_key=home.translation_key).values_list("locale_id", "url_path"))
    codes = dict(Locale.objects.values_list("pk", "language_code"))
    rows = []
    for page in translated:
        raw = data.pages[page.merge_source_id][1]
        old_home, new_home = data.language_homes.get(raw["locale"]), target_homes.get(page.locale_id)
        if not old_home or not new_home:
            continue
        prefix = "/" + codes[page.locale_id]
        rows.append(
            (
                prefix + raw["url_path"][len(old_home) - 1 :],
                prefix + page.url_path[len(new_home) - 1 :],
                page.merge_source_id in data.routable,
            )
        )
    return rows


def _copy_rows(plan: SourcePlan, data: _SourceData, ids: IdMap) -> None:
    user_model = get_user_model()
    taken = set(Question.objects.filter(tracking_code__in=plan.questions).values_list("tracking_code", flat=True))
    questions, old_ids = [], []
    for row in data.questions:
        if row["tracking_code"] in taken:
            continue  # listed as a conflict by the plan
        old_ids.append(row["id"])
        row = dict(row, id=None, page_id=ids.get(Page, row["page_id"]))
        row["answered_by_id"] = ids.get(user_model, row["answered_by_id"])
        row["out_of_scope_by_id"] = ids.get(user_model, row["out_of_scope_by_id"])
        questions.append(Question(**row))
    comments = [
        ConsultationComment(**dict(row, id=None, consultation_id=ids.get(Page, row["consultation_id"])))
        for row in data.comments
    ]
    old_ids += [row["id"] for row in data.comments]
    for old, new in zip(
        old_ids,
        Question.objects.bulk_create(questions) + ConsultationComment.objects.bulk_create(comments),
        strict=True,
    ):
        ids.put(type(new), old, new.pk)  # for their reference index rows
    _copy_question_rows(data, ids)
    SiteRating.objects.bulk_create([SiteRating(**dict(row, id=None)) for row in data.ratings])
    for row in data.visits:
        day, created = VisitDay.objects.get_or_create(date=row["date"], defaults={"visits": row["visits"]})
        if not created:
            VisitDay.objects.filter(pk=day.pk).update(visits=models.F("visits") + row["visits"])


def _copy_question_rows(data: _SourceData, ids: IdMap) -> None:
    """The citations (to the cited documents' new ids), the units (matched by name) and the forwardings
    of the questions copied (a question skipped as a conflict keeps none)."""
    citations = []
    for row in data.citations:
        question, document = ids.get(Question, row["question_id"]), ids.get(Page, row["document_id"])
        if question is not None and document is not None:  # a document left on the source is not cited
            citations.append(QuestionCitation(**dict(row, id=None, question_id=question, document_id=document)))
    QuestionCitation.objects.bulk_create(citations)
    for row in data.units:
        unit = ProcessingUnit.objects.filter(name=row["name"]).first()
        if unit is None:
            unit = ProcessingUnit.objects.create(**dict(row, id=None))
        ids.put(ProcessingUnit, row["id"], unit.pk)
    user_model = get_user_model()
    forwardings = [
        QuestionForwarding(
            **dict(
                row,
                id=None,
                question_id=ids.get(Question, row["question_id"]),
                unit_id=ids.get(ProcessingUnit, row["unit_id"]),
                forwarded_by_id=ids.get(user_model, row["forwarded_by_id"]),
            )
        )
        for row in data.forwardings
        if ids.get(Question, row["question_id"]) is not None
    ]
    QuestionForwarding.objects.bulk_create(forwardings)


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
    for old_path, new_path, keeps in data.translated_paths:  # "/en/…": the language's home leads to the target's
        home = "/" + old_path.strip("/").split("/", 1)[0] + "/"
        rows.setdefault(home, MovedPath(old_path=home, new_path="/" + new_path.strip("/").split("/", 1)[0] + "/"))
        rows[old_path] = MovedPath(old_path=old_path, new_path=new_path, keeps_subpaths=keeps)
    for old_path, page_id in data.redirects:
        path = old_path.rstrip("/") + "/"
        if path not in rows and page_id in new_path_of:
            rows[path] = MovedPath(old_path=path, new_path=new_path_of[page_id])
    with schema_context("public"):
        for row in rows.values():
            row.old_tenant, row.new_tenant = source, target
        MovedPath.objects.bulk_create(rows.values())


def _leave_redirects(source: Tenant, target: Tenant, plan: SourcePlan, data: _SourceData) -> None:
    from core.siteurl import site_origin

    origin = site_origin(target.primary_hostname)
    moved = [move.source_id for move in plan.pages] + [pk for move in plan.pages for pk in move.translations]
    paths = [(move.old_path, move.new_path) for move in plan.pages]
    paths += [(old, new) for old, new, _keeps in data.translated_paths]
    with schema_context(source.schema_name):
        for old_path, new_path in paths:
            Redirect.objects.update_or_create(
                old_path=Redirect.normalise_path(old_path),
                site=None,
                defaults={"redirect_link": origin + new_path, "redirect_page": None, "is_permanent": True},
            )
        rows = list(Page.objects.filter(pk__in=moved).values_list("pk", "path"))
        moved_paths = {path for _pk, path in rows}
        tops = [pk for pk, path in rows if path[: -Page.steplen] not in moved_paths]  # their subtrees go with them
        for page in Page.objects.filter(pk__in=tops):
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
