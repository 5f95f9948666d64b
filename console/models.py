"""The console's own tables (public schema): the audit log, the site register's figures, the
province-wide account index and notes on a site (the reason it was suspended)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One console action or lifecycle command: who, when, what, on which site, before → after.

    ``site_path`` is text, not a foreign key: the entry outlives a deleted or re-parented site."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.CharField(_("người thực hiện"), max_length=150)
    action = models.CharField(_("thao tác"), max_length=40, db_index=True)
    site_path = models.CharField(_("đơn vị"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("trước"), default=dict, blank=True)
    after = models.JSONField(_("sau"), default=dict, blank=True)
    via = models.CharField(_("qua"), max_length=16, default="console")  # console | command

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.site_path}"


class SiteFigures(models.Model):
    """What the register shows of one site that lives in its schema, kept here so the register
    is a couple of queries over 3,500 sites (refreshed by ``console.services.figures``)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="console_figures")
    editors = models.PositiveIntegerField(_("biên tập viên"), default=0)
    pages = models.PositiveIntegerField(_("trang"), default=0)
    last_published_at = models.DateTimeField(_("xuất bản gần nhất"), null=True, blank=True)
    english_ok = models.PositiveIntegerField(default=0)
    english_total = models.PositiveIntegerField(default=0)
    search_key = models.TextField(default="", blank=True)  # core.text.fold of names, path and hostnames
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.pages} pages"

    @property
    def english_percent(self) -> int | None:
        return round(100 * self.english_ok / self.english_total) if self.english_total else None


class SiteNote(models.Model):
    """The console's notes on a site: why it was suspended (shown on its 503 page)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="console_note")
    suspension_reason = models.CharField(_("lý do tạm dừng"), max_length=500, blank=True)

    def __str__(self) -> str:
        return self.suspension_reason


class SiteAccount(models.Model):
    """Index of every site's editor accounts (the accounts themselves stay in each site's schema):
    the province-wide "which sites can this person edit?" search reads it."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="console_accounts")
    user_id = models.IntegerField()
    username = models.CharField(max_length=150)
    full_name = models.CharField(max_length=300, blank=True)
    email = models.CharField(max_length=254, blank=True)
    roles = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    last_login = models.DateTimeField(null=True, blank=True)
    has_2fa = models.BooleanField(default=False)
    search_key = models.TextField(default="", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "user_id"], name="console_account_unique")]

    def __str__(self) -> str:
        return self.username
