"""Wagtail admin of each site: its own compliance panel on the dashboard (issue 14 item 6) — the score
and findings of the newest stored snapshot of the site being administered (``connection.tenant``),
never another site's; shown to the editorial board and the site's administrators."""

from __future__ import annotations

from django.db import connection
from wagtail import hooks
from wagtail.admin.ui.components import Component

from core.editorial_board import in_board

from . import services


class CompliancePanel(Component):
    name = "compliance"
    order = 90
    template_name = "compliance/panel.html"

    def __init__(self, tenant):
        self.tenant = tenant

    def get_context_data(self, parent_context=None):
        snapshot = services.latest_snapshot(self.tenant)
        return {"snapshot": snapshot, "findings": services.findings_to_fix(snapshot) if snapshot else []}


def sees_panel(user) -> bool:
    return user.is_superuser or user.groups.filter(in_board("name")).exists()


@hooks.register("construct_homepage_panels")
def add_compliance_panel(request, panels) -> None:
    tenant = getattr(connection, "tenant", None)
    if tenant is None or not getattr(tenant, "pk", None) or not sees_panel(request.user):
        return
    panels.append(CompliancePanel(tenant))
