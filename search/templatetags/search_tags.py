"""Template tags of the search app: the latest news of the sites beneath, number formatting."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from ..rollups import latest_beneath as latest_entries

register = template.Library()


@register.inclusion_tag("includes/latest_beneath_list.html")
def latest_beneath(request, limit: int = 6) -> dict:
    """District and province home pages: newest news published by the sites beneath them."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public" or tenant.kind not in ("province", "district"):
        return {"entries": []}
    language = (get_language() or "vi").split("-")[0]
    return {"entries": latest_entries(tenant.path, language=language, limit=limit), "request": request}


@register.filter
def approximate(value: int) -> str:
    """An estimated count rounded to two significant digits (12 345 → 12 000)."""
    value = int(value or 0)
    if value < 100:
        return str(value)
    digits = len(str(value)) - 2
    return f"{round(value, -digits):,}".replace(",", ".")
