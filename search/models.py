"""The province-wide aggregate (public schema): one entry per published page and locale of every site.

Full-text vectors are *generated columns* computed by PostgreSQL from the stored text, so every
writer (the outbox drain, ``search_rebuild``, a bulk ``COPY`` in the benchmark) produces identical
vectors: text folded by ``public.congttdt_fold`` (NFC, ``unaccent`` incl. đ→d, lower case) and parsed
with the ``congttdt_vi`` configuration (``simple`` dictionary) or, for English pages, ``congttdt_en``
(``english`` stemming). See ``migrations/0001_initial.py``. Text read from a page's attached files is
its own column (``attachment``, weight D), so a match there is ranked below the page's own text and its
snippet says it was found in the attached file (migration 0005). ``group_key`` joins the entries of one public
service offered by many sites (same national procedure code, same language: ``search.documents.group_key``), which
the search shows as one result with the list of its sites (migration 0008).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

MARKS_SQL = "public.congttdt_marks(id, tenant_id, tenant_path::text, kind::text, language::text, year::int, date)"
META_TEXT_SQL = (
    "summary || ' ' || doc_number || ' ' || doc_type || ' ' || issuing_body || ' ' || service_code || ' ' "
    "|| service_sector"
)
TEXT_SQL = "setweight(to_tsvector(public.congttdt_cfg(language), public.congttdt_fold({column})), '{weight}')"


class VectorSQL(models.Func):
    """A generated tsvector: weighted text of the given columns plus the entry's marks.

    Marks are lexemes no text can produce (they start with "~"): scope (``~s`` + every ancestor path),
    tenant, kind, language, year, recency buckets (``~w`` week, ``~v`` 16 weeks) and uniform sample
    buckets of id blocks (``~r0`` 1/512 in runs of 64 ids, ``~q0`` 1/64 in runs of 512, ``~p0`` 1/8 in
    runs of 4096: few long runs keep the GIN intersection cheap) — so filters, scope, recency windows
    and samples are all intersections inside one GIN index. The week, block and sample-0 marks are
    repeated with each ancestor path as suffix (``~w2968@phutho.d3``), so a scoped recency slice or
    sample is one short posting list (migration 0003). See ``search.engines.postgres``.
    Generated-column expressions must be immutable: the functions used are SQL functions declared
    IMMUTABLE by the migration.
    """

    output_field = SearchVectorField()

    def __init__(self, *weighted_columns: tuple[str, str], **extra):
        self.weighted_columns = weighted_columns  # (column or SQL expression over columns, weight)
        super().__init__(models.F("title"), **extra)

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        return path, self.weighted_columns, kwargs

    def as_sql(self, compiler, connection, **extra):
        parts = [TEXT_SQL.format(column=column, weight=weight) for column, weight in self.weighted_columns]
        return " || ".join(parts + [MARKS_SQL]), []


class DocKeySQL(models.Func):
    """Folded document number without spaces: "09/QĐ-BBT" and "09 / qd-bbt" share the key "09/qd-bbt"."""

    output_field = models.CharField()
    template = "regexp_replace(public.congttdt_fold(%(expressions)s), '\\s+', '', 'g')"


class Entry(index.Indexed, models.Model):
    """One published page of one site, as the province-wide search sees it."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="search_entries")
    tenant_path = models.CharField(_("đường dẫn cây"), max_length=255)
    tenant_kind = models.CharField(_("cấp"), max_length=16)
    page_id = models.IntegerField(_("mã trang"))
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    kind = models.CharField(_("loại"), max_length=20, default="page")
    title = models.TextField(_("tiêu đề"))
    summary = models.TextField(_("tóm tắt"), blank=True, default="")
    body = models.TextField(_("nội dung"), blank=True, default="")
    attachment = models.TextField(
        _("nội dung tệp đính kèm"), blank=True, default="", db_default="", help_text=_("Văn bản đọc từ tệp đính kèm.")
    )
    url = models.CharField(_("địa chỉ"), max_length=1000)
    date = models.DateTimeField(_("ngày"), help_text=_("Ngày của nội dung (ban hành, đăng) — dùng để xếp hạng."))
    year = models.SmallIntegerField(_("năm"))
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    doc_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True, default="")
    doc_key = models.GeneratedField(
        expression=DocKeySQL(models.F("doc_number")), output_field=models.CharField(max_length=100), db_persist=True
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=100, blank=True, default="")
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True, default="")
    doc_status = models.CharField(_("tình trạng"), max_length=50, blank=True, default="")
    service_code = models.CharField(_("mã thủ tục"), max_length=100, blank=True, default="")
    service_sector = models.CharField(_("lĩnh vực"), max_length=255, blank=True, default="")
    service_level = models.CharField(_("mức độ"), max_length=50, blank=True, default="")
    group_key = models.CharField(
        _("khóa nhóm"),
        max_length=120,
        blank=True,
        default="",
        db_default="",
        help_text=_("Các mục cùng khóa là một thủ tục do nhiều đơn vị cung cấp: hiện thành một kết quả."),
    )
    meta = models.JSONField(default=dict, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)
    title_vector = models.GeneratedField(
        expression=VectorSQL(("title", "A")), output_field=SearchVectorField(), db_persist=True
    )
    vector = models.GeneratedField(
        expression=VectorSQL(("title", "A"), (META_TEXT_SQL, "B"), ("body", "C"), ("attachment", "D")),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # Written to Elasticsearch by the outbox drain only (search.engines.elastic.mirror), never by
    # Wagtail's save signals — those would index it into the per-tenant database backend.
    search_auto_update = False

    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("summary", boost=2),
        index.SearchField("doc_number", boost=6),
        index.SearchField("body"),
        index.SearchField("attachment"),
        index.AutocompleteField("title"),
        index.FilterField("tenant_path"),
        index.FilterField("tenant_id"),
        index.FilterField("kind"),
        index.FilterField("language"),
        index.FilterField("year"),
        index.FilterField("date"),
        index.FilterField("doc_key"),
        index.FilterField("collapse_key"),
    ]

    class Meta:
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("mục tìm kiếm")
        constraints = [models.UniqueConstraint(fields=["tenant", "page_id"], name="search_entry_unique_page")]
        indexes = [
            models.Index(fields=["tenant_path"], name="search_entry_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(
                fields=["doc_key"],
                name="search_entry_dockey_idx",
                opclasses=["varchar_pattern_ops"],
                condition=~models.Q(doc_key=""),
            ),
            models.Index(fields=["group_key"], name="search_entry_group_idx", condition=~models.Q(group_key="")),
            models.Index(fields=["-date"], name="search_entry_date_idx"),
            models.Index(fields=["kind", "-date"], name="search_entry_kind_date_idx"),
            models.Index(
                fields=["kind", "tenant_path"],
                name="search_entry_kind_path_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            GinIndex(fields=["vector"], name="search_entry_vector_gin"),
            GinIndex(fields=["title_vector"], name="search_entry_title_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_path}: {self.title}"

    @property
    def collapse_key(self) -> str:
        """What Elasticsearch collapses on (a keyword): the group key, or the entry itself when it has none."""
        return self.group_key or f"entry:{self.pk}"

    @classmethod
    def get_indexed_objects(cls):
        """What ``update_index`` sends: the aggregate only when Elasticsearch is its engine."""
        from django.conf import settings

        if getattr(settings, "SEARCH_BACKEND", "postgres") != "elasticsearch":
            return cls.objects.none()
        return cls.objects.select_related("tenant")


class WeekCount(models.Model):
    """How many entries a scope holds in one week, kept exact by triggers on the aggregate (see
    migration 0004): the engine sizes its recency slices from these counts. ``scope`` is a tenant
    path (the entries of its subtree) or "" (the whole aggregate); ``week`` is
    ``public.congttdt_week(date)`` (weeks since the epoch)."""

    scope = models.CharField(_("phạm vi"), max_length=255, blank=True)
    week = models.IntegerField(_("tuần"))
    n = models.IntegerField(_("số mục"), default=0)

    class Meta:
        verbose_name = _("số mục theo tuần")
        verbose_name_plural = _("số mục theo tuần")
        constraints = [models.UniqueConstraint(fields=["scope", "week"], name="search_weekcount_unique")]

    def __str__(self) -> str:
        return f"{self.scope or '*'} w{self.week}: {self.n}"


class Word(models.Model):
    """One word of the titles of a province's entries, with the number of entries holding it: the vocabulary of
    "did you mean" (``search.suggest``), rebuilt from the aggregate by ``refresh_vocabulary`` (hourly beat task,
    ``search_rebuild``). Looked up by trigram similarity (``pg_trgm``, migration 0007)."""

    province = models.CharField(_("tỉnh"), max_length=40)
    word = models.CharField(_("từ ngữ"), max_length=100)
    n = models.IntegerField(_("số mục"), default=0)

    class Meta:
        verbose_name = _("từ vựng tìm kiếm")
        verbose_name_plural = _("từ vựng tìm kiếm")
        constraints = [models.UniqueConstraint(fields=["province", "word"], name="search_word_unique")]
        indexes = [GinIndex(fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return f"{self.province}: {self.word} ({self.n})"
