"""Tenant (one site = one PostgreSQL schema) and its hostnames."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

SLUG_RE = re.compile(r"^[a-z][a-z0-9]{0,39}$")
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def validate_hostname(value: str) -> None:
    host = (value or "").strip().lower()
    labels = host.split(".")
    if not host or len(host) > 253 or not all(HOSTNAME_LABEL_RE.match(label) for label in labels):
        raise ValidationError(
            _("Tên miền “%(host)s” không hợp lệ (invalid hostname): chỉ dùng a–z, 0–9, dấu gạch nối và dấu chấm."),
            params={"host": value},
            code="invalid_hostname",
        )


class Tenant(TenantMixin):
    """One government site: the province portal, a district, a commune or an agency."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Nền tảng (public)")
        PROVINCE = "province", _("Tỉnh")
        DISTRICT = "district", _("Huyện")
        COMMUNE = "commune", _("Xã")
        AGENCY = "agency", _("Cơ quan")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        SUSPENDED = "suspended", _("Tạm dừng")
        ARCHIVED = "archived", _("Lưu trữ")
        MERGED = "merged", _("Đã sáp nhập")

    name = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    slug = models.CharField(_("mã ngắn"), max_length=40)
    kind = models.CharField(_("cấp"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("đơn vị cha")
    )
    path = models.CharField(_("đường dẫn cây"), max_length=255, unique=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_sites",
        verbose_name=_("đơn vị kế thừa"),
        help_text=_("Đơn vị mà đơn vị này đã được sáp nhập vào (trạng thái “Đã sáp nhập”)."),
    )
    emc_code = models.CharField(
        _("mã giám sát EMC"), max_length=200, blank=True, help_text=_("Mã theo dõi của hệ thống EMC (D27).")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    auto_create_schema = False  # provisioning (tenants.services.provisioning) builds the schema
    auto_drop_schema = False

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [models.UniqueConstraint(fields=["parent", "slug"], name="tenant_unique_slug_per_parent")]
        indexes = [
            models.Index(fields=["path"], name="tenant_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def subtree(self) -> models.QuerySet[Tenant]:
        """This tenant and everything beneath it: one indexed prefix query."""
        return Tenant.objects.filter(models.Q(path=self.path) | models.Q(path__startswith=self.path + "."))

    def ancestors(self) -> list[Tenant]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def primary_hostname(self) -> str:
        domain = self.domains.filter(is_primary=True).first()
        return domain.domain if domain else ""


class Domain(DomainMixin):
    """A hostname answered by a tenant; the primary one is also its Wagtail Site hostname."""

    class Meta:
        verbose_name = _("tên miền")
        verbose_name_plural = _("tên miền")

    def clean(self) -> None:
        validate_hostname(self.domain)

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class MovedPath(models.Model):
    """One page moved by a merge (``restructuring``): the old site's path → the new site's path.

    Kept in the public schema so routing answers the old hostnames without opening the old schema:
    a request for ``old_path`` (or a path beneath it) on a hostname of ``old_tenant`` is redirected
    (301) to ``new_path`` on the primary hostname of ``new_tenant`` (``tenants.routing.moved_target``).
    """

    old_tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="moved_paths")
    old_path = models.CharField(_("đường dẫn cũ"), max_length=1000)
    new_tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    new_path = models.CharField(_("đường dẫn mới"), max_length=1000)
    keeps_subpaths = models.BooleanField(
        default=False, help_text="The page answers paths beneath it (a routable page): they follow it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đường dẫn đã chuyển")
        verbose_name_plural = _("đường dẫn đã chuyển")
        constraints = [models.UniqueConstraint(fields=["old_tenant", "old_path"], name="moved_path_unique_old")]

    def __str__(self) -> str:
        return f"{self.old_tenant_id}:{self.old_path} → {self.new_tenant_id}:{self.new_path}"
