"""Tree paths, schema names and regulation-shaped hostnames of tenants."""

from __future__ import annotations

import hashlib

from django.conf import settings

MAX_SCHEMA_NAME = 63


def tree_path(slug: str, parent=None) -> str:
    return f"{parent.path}.{slug}" if parent is not None else slug


def schema_name_for(path: str) -> str:
    """`phutho.thanhson.sonhung` → `phutho_thanhson_sonhung` (hashed if longer than PostgreSQL allows)."""
    name = path.replace(".", "_")
    if len(name) <= MAX_SCHEMA_NAME:
        return name
    digest = hashlib.sha1(path.encode()).hexdigest()[:10]
    return f"{name[: MAX_SCHEMA_NAME - 11]}_{digest}"


def default_hostname(kind: str, path: str, base_domain: str | None = None) -> str:
    """Hostnames as the regulations shape them.

    province ``www.<province>.<base>``; district and agency ``<name>.<province>.<base>``;
    commune ``<commune>.<district>.<province>.<base>`` — i.e. the tree path reversed.
    """
    base = base_domain or settings.TENANT_BASE_DOMAIN
    labels = list(reversed(path.split(".")))
    if kind == "province":
        labels = ["www", *labels]
    return ".".join([*labels, base])
