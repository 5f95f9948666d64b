"""Legal documents (D6): search, attaching files, withdrawal with an audit trail."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from core.text import nfc

from ..forms import DEFAULT_SORT, DocumentSearchForm
from ..models.attachments import text_key
from ..models.legal import (
    DocumentStatus,
    DocumentWithdrawal,
    LegalDocumentFile,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    validate_legal_file,
    validate_not_classified,
)
from ..signatures import SIGNED_STATES, VERIFIED_STATES

WITHDRAW_ACTION = "portal.withdraw_document"


def published_documents(index: LegalDocumentIndexPage | None = None) -> QuerySet[LegalDocumentPage]:
    documents = LegalDocumentPage.objects.live().public()
    if index is not None:
        documents = documents.child_of(index)
    return documents.select_related("doc_type", "issuing_body", "field", "gazette_issue")


def filter_documents(documents: QuerySet[LegalDocumentPage], data: dict) -> QuerySet[LegalDocumentPage]:
    """Apply the cleaned filters of :class:`DocumentSearchForm` (also used by the JSON API)."""
    if data.get("status"):
        documents = documents.filter(status=data["status"])
    else:
        documents = documents.exclude(status=DocumentStatus.WITHDRAWN)
    if data.get("q"):
        text = data["q"]
        documents = documents.filter(
            Q(title__icontains=text)
            | Q(summary__icontains=text)
            | Q(number__icontains=text)
            | Q(signer__icontains=text)
            | Q(pk__in=pages_with_text_in_files(text))
        )
    if data.get("number"):
        documents = documents.filter(number__icontains=data["number"])
    if data.get("signer"):
        documents = documents.filter(signer__icontains=data["signer"])
    for name in ("doc_type", "issuing_body", "field"):
        if data.get(name) is not None:
            documents = documents.filter(**{name: data[name]})
    if data.get("gazette_issue") is not None:
        documents = documents.filter(gazette_issue=data["gazette_issue"])
    elif data.get("gazette") == "published":
        documents = documents.filter(gazette_issue__isnull=False)
    if data.get("gazette") == "unpublished":
        documents = documents.filter(gazette_issue__isnull=True)
    if data.get("signature"):
        documents = filter_signature(documents, data["signature"])
    if data.get("year"):
        documents = documents.filter(issue_date__year=data["year"])
    if data.get("date_from"):
        documents = documents.filter(issue_date__gte=data["date_from"])
    if data.get("date_to"):
        documents = documents.filter(issue_date__lte=data["date_to"])
    verified = Exists(LegalDocumentFile.objects.filter(page=OuterRef("pk"), signature_state__in=VERIFIED_STATES))
    return documents.annotate(signature_verified=verified).order_by(data.get("sort") or DEFAULT_SORT, "-pk")


def pages_with_text_in_files(text: str) -> QuerySet:
    """Ids of the documents (not withdrawn) whose attached files' text contains ``text``, diacritics and
    case ignored (the folded text of ``AttachmentText``, read in the background)."""
    files = LegalDocumentFile.objects.filter(document__extracted_text__folded__contains=text_key(text))
    return files.exclude(page__status=DocumentStatus.WITHDRAWN).values("page_id")


def filter_signature(documents: QuerySet[LegalDocumentPage], wanted: str) -> QuerySet[LegalDocumentPage]:
    """``signed``: a file carries a digital signature (whatever it verifies to); ``verified``: a file's
    signatures verify (trusted or not); ``unsigned``: no file carries one (states of ``sites.signatures``)."""
    states = VERIFIED_STATES if wanted == "verified" else SIGNED_STATES
    signed = Exists(LegalDocumentFile.objects.filter(page=OuterRef("pk"), signature_state__in=states))
    return documents.exclude(signed) if wanted == "unsigned" else documents.filter(signed)


def search_documents(index: LegalDocumentIndexPage, form: DocumentSearchForm) -> QuerySet[LegalDocumentPage]:
    """The register's results: every live document of ``index`` matching the form (none if it is invalid)."""
    documents = published_documents(index)
    if not form.is_bound:
        return filter_documents(documents, {})
    if not form.is_valid():
        return documents.none()
    return filter_documents(documents, form.cleaned_data)


def attach_file(page: LegalDocumentPage, filename: str, content: bytes, title: str = "", user=None):
    """Store ``content`` as a Wagtail document, attach it to ``page`` and save a draft revision (returned;
    publishing it — or sending it through the workflow — makes the file public).

    The type and size are checked first: a rejected file leaves nothing stored.
    """
    document_model = get_document_model()
    document = document_model(title=nfc(title or filename), uploaded_by_user=user)
    document.file = ContentFile(content, name=filename)
    document.file_size = len(content)
    validate_legal_file(document)
    validate_not_classified(document)
    with transaction.atomic():
        document.save()
        page.files.add(LegalDocumentFile(document=document, label=nfc(title), sort_order=len(page.files.all())))
        return page.save_revision(user=user)


def withdraw_document(
    page: LegalDocumentPage,
    user,
    reason: str,
    request_received_at: datetime.datetime | None = None,
    requesting_unit: str = "",
) -> DocumentWithdrawal:
    """Withdraw a published document at once (D6: ≤ 4 hours on request — recorded against
    ``request_received_at`` from ``requesting_unit`` when given).

    Records who, when and why; hides its files from the public (see ``wagtail_hooks``); publishes a
    revision so ``page_published`` fires and the search aggregate drops the document.
    """
    reason = nfc((reason or "").strip())
    if not reason:
        raise ValidationError(_("Phải ghi lý do thu hồi văn bản."), code="reason_required")
    if len(reason) > 2000:
        raise ValidationError(_("Lý do thu hồi dài quá 2000 ký tự."), code="reason_too_long")
    if request_received_at and request_received_at > timezone.now():
        raise ValidationError(_("Thời điểm nhận yêu cầu không thể ở tương lai."), code="request_in_future")
    if user is not None and not page.permissions_for_user(user).can_publish():
        raise PermissionDenied(_("Chỉ người có quyền xuất bản mới được thu hồi văn bản."))
    with transaction.atomic():
        page = LegalDocumentPage.objects.select_for_update().get(pk=page.pk)
        if page.is_withdrawn:
            raise ValidationError(_("Văn bản này đã được thu hồi trước đó."), code="already_withdrawn")
        if not page.live:
            raise ValidationError(_("Chỉ thu hồi được văn bản đang công khai."), code="not_live")
        page.status = DocumentStatus.WITHDRAWN
        page.withdrawn_at = timezone.now()
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        log(instance=page, action=WITHDRAW_ACTION, user=user, data={"reason": reason})
        return DocumentWithdrawal.objects.create(
            page=page,
            user=user,
            username=getattr(user, "get_username", lambda: "")() if user else "",
            reason=reason,
            request_received_at=request_received_at,
            requesting_unit=nfc((requesting_unit or "").strip())[:200],
            revision=revision,
        )


def is_withdrawn_file(document) -> bool:
    """True when ``document`` belongs to a withdrawn legal document and to no document still in force."""
    files = LegalDocumentFile.objects.filter(document=document)
    return (
        files.filter(page__status=DocumentStatus.WITHDRAWN).exists()
        and not files.exclude(page__status=DocumentStatus.WITHDRAWN).exists()
    )
