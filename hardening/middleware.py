"""django-csp's middleware with the policy chosen by path (``hardening.policy``)."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

from .policy import ADMIN_DIRECTIVES, is_admin_path


class PathPolicyCSPMiddleware(CSPMiddleware):
    """Public pages get ``CONTENT_SECURITY_POLICY`` (nonces, no inline code); the Wagtail admin gets
    ``hardening.policy.ADMIN_DIRECTIVES``. A response that already has a policy (the sandbox of uploaded
    files) keeps its own."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = ADMIN_DIRECTIVES
        return parts
