"""Wagtail's ``page_unpublished`` → the page's live grades are revoked (the statement of the period of
revocation shows them as negative adjustments)."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_unpublished

from ..services.grading import revoke_grades


@receiver(page_unpublished, dispatch_uid="royalties-revoke-grades")
def revoke_on_unpublish(sender, instance, **kwargs) -> None:
    revoke_grades(instance)
