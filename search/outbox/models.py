"""One row per page change, written in the transaction that changed the page (transactional outbox).

The drain reads the *current* state of each page named in the outbox, so rows are idempotent and
may be coalesced: many rows for one page cost one aggregate update.
"""

from django.db import models


class OutboxItem(models.Model):
    class Action(models.TextChoices):
        SAVE = "save"
        PUBLISH = "publish"
        UNPUBLISH = "unpublish"
        DELETE = "delete"
        MOVE = "move"
        RESTRICT = "restrict"
        REBUILD = "rebuild"

    page_id = models.IntegerField()
    action = models.CharField(max_length=16, choices=Action.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} page {self.page_id}"
