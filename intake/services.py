"""The intake's lifecycle: received → assigned (a board member) → accepted as a draft page, or refused
with a reason. Every function changes one submission and says why it cannot when it cannot."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection
from wagtail.rich_text import RichText

from contributors.models import Contributor, Role
from core.text import ascii_slug
from sites.models import NewsIndexPage, NewsPage

from .models import Attachment, Submission

ASSIGN_ACTION = "intake.assign"
REFUSE_ACTION = "intake.refuse"
ACCEPT_ACTION = "intake.accept"
SUBMISSION_FIELDS = ("sender_name", "sender_email", "sender_phone", "organisation", "kind", "title", "body")


class IntakeError(ValueError):
    """An action the submission's state does not allow (message for the board)."""


def submit(data: dict, files=(), client_hash: str = "") -> Submission:
    """Store a validated submission and its (already checked) files; committed before this returns,
    before any notice is attempted — a submission accepted by the form is never lost."""
    with transaction.atomic():
        submission = Submission(client_hash=client_hash, **{name: data.get(name, "") for name in SUBMISSION_FIELDS})
        submission.save()
        for upload in files:
            Attachment.objects.create(
                submission=submission,
                file=upload,
                original_name=(upload.name or "")[:255],
                content_type=getattr(upload, "intake_content_type", "") or "application/octet-stream",
                size=upload.size,
            )
    return submission


def find_by_tracking_code(raw: str) -> Submission | None:
    code = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    return Submission.objects.filter(tracking_code=code).first() if code else None


def _open(submission: Submission) -> None:
    if submission.status in (Submission.Status.ACCEPTED, Submission.Status.REFUSED):
        raise IntakeError(_("Tin, bài này đã được xử lý xong."))


def _user(user):
    return user if user is not None and user.is_authenticated else None


def assign(submission: Submission, member, user=None) -> Submission:
    _open(submission)
    if member is None:
        raise IntakeError(_("Chọn thành viên được giao xử lý."))
    submission.assigned_to = member
    submission.status = Submission.Status.ASSIGNED
    submission.save(update_fields=["assigned_to", "status"])
    log(instance=submission, action=ASSIGN_ACTION, user=_user(user), data={"member": member.get_username()})
    return submission


def refuse(submission: Submission, reason: str, user=None) -> Submission:
    _open(submission)
    reason = (reason or "").strip()
    if not reason:
        raise IntakeError(_("Từ chối phải nêu rõ lý do."))
    submission.status = Submission.Status.REFUSED
    submission.refusal_reason = reason
    submission.handled_at = timezone.now()
    submission.save(update_fields=["status", "refusal_reason", "handled_at"])
    log(instance=submission, action=REFUSE_ACTION, user=_user(user), data={"reason": reason})
    return submission


def news_index() -> NewsIndexPage | None:
    """The site's news index (the first one in the tree) that receives the drafts."""
    return NewsIndexPage.objects.order_by("path").first()


def _unique_slug(parent, base: str) -> str:
    base = (ascii_slug(base) or "tin-bai")[:70].strip("-") or "tin-bai"
    slug, n = base, 1
    siblings = parent.get_children()
    while siblings.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def body_html(text: str) -> str:
    paragraphs = [" ".join(part.split()) for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def _library_blocks(submission: Submission) -> list[tuple[str, dict]]:
    """The submission's files, accepted: each photo becomes an image and each file a document of the
    site's library (the private copy stays with the submission), placed in the draft's body as a
    figure or an attachment for the board to keep, caption or remove before publishing."""
    collection = Collection.get_first_root_node()
    credit = submission.sender_name[:100]
    blocks: list[tuple[str, dict]] = []
    for attachment in submission.attachments.order_by("pk"):
        with attachment.file.open("rb") as stored:
            data = stored.read()
        title = f"{attachment.original_name} — {credit}"[:255]
        if attachment.content_type.startswith("image/"):
            image = get_image_model()(title=title, collection=collection)
            image.file = ImageFile(ContentFile(data), name=attachment.original_name)
            image.save()
            blocks.append(("image", {"image": image, "caption": ""}))
        else:
            document = get_document_model()(title=title, collection=collection)
            document.file = ContentFile(data, name=attachment.original_name)
            document.save()
            blocks.append(("attachment", {"document": document, "label": attachment.original_name}))
    return blocks


def accept_as_draft(submission: Submission, user=None) -> NewsPage:
    """Create an unpublished NewsPage under the news index with the submission's title and body; the
    sender is its author — a contributor row (role author, no account: a sender need not have one)
    and the ``author`` text — and the source (``source``: the sender's unit, else the sender). The
    submission's photos and files are copied into the site's library and placed in the draft."""
    _open(submission)
    index = news_index()
    if index is None:
        raise IntakeError(_("Trang chưa có mục tin tức để tạo bản nháp."))
    with transaction.atomic():
        page = NewsPage(
            title=submission.title,
            slug=_unique_slug(index, submission.title),
            summary=Truncator(" ".join(submission.body.split())).chars(300),
            body=[("paragraph", RichText(body_html(submission.body))), *_library_blocks(submission)],
            author=submission.sender_name[:120],
            contributors=[Contributor(role=Role.AUTHOR, name=submission.sender_name[:200])],
            source=(submission.organisation or submission.sender_name)[:200],
            live=False,
            owner=_user(user),
        )
        index.add_child(instance=page)
        page.save_revision(user=_user(user), log_action=True)
        submission.status = Submission.Status.ACCEPTED
        submission.draft_page = page
        submission.handled_at = timezone.now()
        if submission.assigned_to is None and _user(user) is not None:
            submission.assigned_to = user
        submission.save(update_fields=["status", "draft_page", "handled_at", "assigned_to"])
        log(instance=submission, action=ACCEPT_ACTION, user=_user(user), data={"page": page.pk})
    return page
