"""Writing copied pages and their revisions into the target schema in bulk (a merge, ``restructuring.merge``).

Wagtail's ``add_child`` + ``save_revision().publish()`` costs a dozen queries and two index updates per
page; a commune holds a thousand pages. Here a batch of pages is written set-wise instead:

1. ids are drawn from the target's sequences first (``allocate_ids``) for every page and revision of
   the batch, so every reference between them (a page's latest and live revision, a link from one
   moved page to another, a revision naming its page) is rewritten before anything is written;
2. the tree positions are computed in one pass, parents first (treebeard's materialised paths: the
   next free step under each target parent, then 1, 2, … under a page of the batch), with
   ``url_path`` and ``numchild``;
3. the rows go in with one ``INSERT`` per table and batch: ``wagtailcore_page``, then each concrete
   page table of the batch's types (multi-table inheritance, parents first), the child rows
   (modelcluster ``ParentalKey``), the ``ParentalManyToManyField`` rows and the revisions, their
   content (the page as it was at that revision) rewritten like the page. Foreign keys of
   PostgreSQL are checked at commit (Django declares them ``DEFERRABLE INITIALLY DEFERRED``), so
   the order of the tables does not matter inside the source's transaction;
4. the parents that were already on the target get their ``numchild`` raised.

No Wagtail signal is sent per page: the caller records the search outbox rows and rebuilds Wagtail's
own indexes once (``core.wagtail_indexes``). Content types are matched by name in the target schema
(each schema has its own table; the process-wide ``ContentType`` cache is not trusted across schemas).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision

from .references import IdMap, remap_model_data

BATCH = 500
# Page fields set here, not taken from the source (its tree, its editorial locks, its aliases).
SET_HERE = {"id", "pk", "path", "depth", "numchild", "url_path", "content_type", "page_ptr", "alias_of"}
SET_HERE |= {"locked", "locked_at", "locked_by", "live"}


@dataclass
class Placement:
    """One page of a batch: where it goes on the target."""

    source_id: int
    slug: str
    parent: int | None = None  # a page already on the target
    parent_source: int | None = None  # (or) the source id of a page of the same batch, placed before it
    live: bool = True


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh ids from the sequence of ``model``'s table in the current schema."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def content_type_ids(wanted: set[type[models.Model]]) -> dict[type[models.Model], int]:
    """Content type ids of ``wanted`` in the current schema, read from its own table."""
    found: dict[type[models.Model], int] = {}
    for model in wanted:
        meta = model._meta
        row, _ = ContentType.objects.get_or_create(app_label=meta.app_label, model=meta.model_name)
        found[model] = row.pk
    return found


class _Tree:
    """Free positions under target pages, handed out parents first."""

    def __init__(self) -> None:
        self.slots: dict[int, list] = {}  # page id → [path, depth, url_path, next step]
        self.added: dict[int, int] = {}  # existing target page id → children added

    def existing(self, page_id: int) -> None:
        if page_id in self.slots:
            return
        path, depth, url_path = Page.objects.filter(pk=page_id).values_list("path", "depth", "url_path").get()
        last = (
            Page.objects.filter(path__startswith=path, depth=depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        self.slots[page_id] = [path, depth, url_path, step]
        self.added[page_id] = 0

    def place(self, parent_id: int, page_id: int, slug: str) -> tuple[str, int, str]:
        parent = self.slots[parent_id]
        path = Page._get_path(parent[0], parent[1] + 1, parent[3])
        parent[3] += 1
        if parent_id in self.added:
            self.added[parent_id] += 1
        url_path = f"{parent[2]}{slug}/"
        self.slots[page_id] = [path, parent[1] + 1, url_path, 1]
        return path, parent[1] + 1, url_path


def write_pages(
    placements: list[Placement],
    pages: dict[int, tuple[type[Page], dict]],
    revisions: list[dict],
    ids: IdMap,
) -> list[Page]:
    """Write the pages of ``placements`` (parents first) and their ``revisions`` (rows of the source's
    ``wagtailcore_revision``) with ids already allocated in ``ids`` (``Page`` and ``Revision``).
    Returns the written pages (specific instances, as on the target)."""
    tree = _Tree()
    user_model = get_user_model()
    written: list[Page] = []
    children: dict[int, int] = {}
    for place in placements:
        model, raw = pages[place.source_id]
        new_id = ids.get(Page, place.source_id)
        if place.parent_source is not None:
            parent_id = ids.get(Page, place.parent_source)
            children[parent_id] = children.get(parent_id, 0) + 1
        else:
            parent_id = place.parent
            tree.existing(parent_id)
        values = {k: v for k, v in remap_model_data(model, raw, ids).items() if k not in SET_HERE}
        values.update(slug=place.slug, pk=new_id)
        page = model.from_serializable_data(values, check_fks=False, strict_fks=False)
        page.pk = page.id = new_id
        page.merge_source_id = place.source_id
        for parent_link in model._meta.parents.values():
            if parent_link is not None:
                setattr(page, parent_link.attname, new_id)
        page.path, page.depth, page.url_path = tree.place(parent_id, new_id, place.slug)
        page.live = place.live
        page.locked, page.locked_at, page.locked_by_id, page.alias_of_id = False, None, None, None
        page.draft_title = page.draft_title or page.title
        page._merge_links = {  # ParentalManyToManyField → target ids (already rewritten)
            f.name: values.get(f.name) or [] for f in model._meta.get_fields() if isinstance(f, ParentalManyToManyField)
        }
        written.append(page)
    for page in written:
        page.numchild = children.get(page.pk, 0)
    types = content_type_ids({type(page) for page in written} | {Page})
    for page in written:
        page.content_type_id = types[type(page)]
    base_fields = Page._meta.concrete_fields
    Page.objects.bulk_create(
        [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in written], batch_size=BATCH
    )
    _insert_specific_rows(written)
    _insert_child_rows(written)
    _insert_revisions(written, pages, revisions, ids, types, user_model)
    for parent_id, count in tree.added.items():
        if count:
            Page.objects.filter(pk=parent_id).update(numchild=models.F("numchild") + count)
    return written


def _insert_specific_rows(written: list[Page]) -> None:
    by_model: dict[type[Page], list[Page]] = {}
    for page in written:
        by_model.setdefault(type(page), []).append(page)
    for model, objs in by_model.items():
        tables = [cls for cls in reversed(model._meta.get_parent_list()) if cls is not Page] + [model]
        for cls in tables:
            if cls is Page:
                continue
            fields = list(cls._meta.local_concrete_fields)
            for start in range(0, len(objs), BATCH):
                cls._base_manager._insert(objs[start : start + BATCH], fields=fields, raw=True)


def _insert_child_rows(written: list[Page]) -> None:
    rows: dict[type[models.Model], list[models.Model]] = {}
    links: dict[type[models.Model], list[models.Model]] = {}
    for page in written:
        model = type(page)
        for relation in get_all_child_relations(model):
            for row in getattr(page, relation.get_accessor_name()).all():
                row.pk = None
                if hasattr(row, "id"):
                    row.id = None
                setattr(row, relation.field.attname, page.pk)
                rows.setdefault(relation.related_model, []).append(row)
        for name, targets in page._merge_links.items():
            through = model._meta.get_field(name).remote_field.through
            field = model._meta.get_field(name)
            own = through._meta.get_field(field.m2m_field_name()).attname
            other = through._meta.get_field(field.m2m_reverse_field_name()).attname
            links.setdefault(through, []).extend(through(**{own: page.pk, other: pk}) for pk in targets)
    for model, objs in list(rows.items()) + list(links.items()):
        model._base_manager.bulk_create(objs, batch_size=BATCH)


def _insert_revisions(written, pages, revisions, ids: IdMap, types, user_model) -> None:
    by_source = {ids.get(Page, source_id): source_id for source_id in pages}
    by_page = {page.pk: page for page in written}
    out = []
    for row in revisions:
        new_page_id = ids.get(Page, row["object_id"])
        page = by_page.get(new_page_id)
        if page is None:
            continue
        model = pages[by_source[new_page_id]][0]
        content = remap_model_data(model, row["content"] or {}, ids)
        content.update(
            pk=page.pk,
            path=page.path,
            depth=page.depth,
            numchild=page.numchild,
            url_path=page.url_path,
            content_type=types[model],
            locked=False,
            locked_by=None,
            alias_of=None,
        )
        values = {f.attname: row[f.attname] for f in Revision._meta.concrete_fields if f.attname in row}
        values.update(
            id=ids.get(Revision, row["id"]),
            content_type_id=types[model],
            base_content_type_id=types[Page],
            object_id=str(page.pk),
            user_id=ids.get(user_model, row["user_id"]),
            content=content,
        )
        out.append(Revision(**values))
    Revision.objects.bulk_create(out, batch_size=BATCH)


def copy_index_rows(source_schema: str, target_schema: str, ids: IdMap, extra: dict[str, dict[int, int]]) -> None:
    """Wagtail's search index entries and reference index rows of the copied objects, copied set-wise
    from the source schema with their ids rewritten (the copies hold the same text and the same
    references; rebuilding both indexes costs ~60 ms a page). ``extra``: label → source id → target
    id beyond ``ids`` (e.g. a page's specific label, the reference lists matched by name). A
    reference to an object that did not move is left out, as it is in the copied content."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.models import IndexEntry

    labels, olds, news = [], [], []
    for mapping in (ids.ids, extra):
        for label, pairs in mapping.items():
            for old, new in pairs.items():
                if new is not None:
                    labels.append(label), olds.append(str(old)), news.append(str(new))
    q = connection.ops.quote_name
    src, dst = q(source_schema), q(target_schema)
    entry_columns = [
        f.column for f in IndexEntry._meta.concrete_fields if f.attname not in ("id", "content_type_id", "object_id")
    ]
    ref_columns = ["model_path", "content_path", "content_path_hash"]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS restructuring_ids")
        cursor.execute("CREATE TEMP TABLE restructuring_ids (label text, old text, new text) ON COMMIT DROP")
        cursor.execute(
            "INSERT INTO restructuring_ids SELECT * FROM unnest(%s::text[], %s::text[], %s::text[])",
            [labels, olds, news],
        )
        cursor.execute("CREATE INDEX ON restructuring_ids (label, old)")
        cursor.execute(
            f"""
            INSERT INTO {dst}.{q(IndexEntry._meta.db_table)} (content_type_id, object_id, {", ".join(map(q, entry_columns))})
            SELECT tct.id, m.new, {", ".join("e." + q(c) for c in entry_columns)}
            FROM {src}.{q(IndexEntry._meta.db_table)} e
            JOIN {src}.django_content_type sct ON sct.id = e.content_type_id
            JOIN {dst}.django_content_type tct ON tct.app_label = sct.app_label AND tct.model = sct.model
            JOIN restructuring_ids m ON m.label = sct.app_label || '.' || sct.model AND m.old = e.object_id
            ON CONFLICT DO NOTHING
            """
        )
        cursor.execute(
            f"""
            INSERT INTO {dst}.{q(ReferenceIndex._meta.db_table)}
                (content_type_id, base_content_type_id, object_id, to_content_type_id, to_object_id,
                 {", ".join(ref_columns)})
            SELECT tct.id, tbct.id, m.new, ttct.id, mto.new, {", ".join("r." + c for c in ref_columns)}
            FROM {src}.{q(ReferenceIndex._meta.db_table)} r
            JOIN {src}.django_content_type sct ON sct.id = r.content_type_id
            JOIN {src}.django_content_type sbct ON sbct.id = r.base_content_type_id
            JOIN {src}.django_content_type stct ON stct.id = r.to_content_type_id
            JOIN {dst}.django_content_type tct ON tct.app_label = sct.app_label AND tct.model = sct.model
            JOIN {dst}.django_content_type tbct ON tbct.app_label = sbct.app_label AND tbct.model = sbct.model
            JOIN {dst}.django_content_type ttct ON ttct.app_label = stct.app_label AND ttct.model = stct.model
            JOIN restructuring_ids m ON m.label = sbct.app_label || '.' || sbct.model AND m.old = r.object_id
            JOIN restructuring_ids mto ON mto.label = stct.app_label || '.' || stct.model AND mto.old = r.to_object_id
            ON CONFLICT DO NOTHING
            """
        )
        cursor.execute("DROP TABLE restructuring_ids")


def index_objects(objects: list[models.Model]) -> None:
    """Wagtail's two indexes for the few objects a merge creates the Wagtail way (the archive page,
    a section copied for translation, a reference list created by name) while per-save updates are off."""
    from wagtail.models import ReferenceIndex
    from wagtail.search import index

    for obj in objects:
        index.insert_or_update_object(obj)
        ReferenceIndex.create_or_update_for_object(obj)
