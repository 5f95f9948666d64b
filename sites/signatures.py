"""Digital signatures (ký số) of PDF files (D6; Quang Khai Art. 6: an authentic file): who signed, when,
and whether the signature verifies — checked with pyHanko when a file is attached, stored on the file
so no page view verifies anything.

States (one per file, the weakest of its signatures):

* ``none`` — the file carries no digital signature (or is not a PDF);
* ``trusted`` — every signature is intact and cryptographically valid, and its signer's certificate
  chains to a trust root of ``DOCUMENT_SIGNATURE_TRUST_ROOTS`` (PEM/DER files, e.g. the root of the
  Government's specialised CA);
* ``untrusted`` — the signature is intact and valid, but the signer's certificate does not chain to a
  configured root (a self-signed or unknown CA): the bytes are as signed, who signed is not vouched for;
* ``invalid`` — the signature does not verify: the signed bytes were changed (a tampered copy), the
  cryptographic signature is broken, or the file was altered after signing beyond what signing allows;
* ``error`` — the file could not be checked (corrupted, encrypted, not really a PDF).

A verdict depends on the trust roots it was made under: each file keeps the fingerprint of the roots
(``trust_roots_fingerprint``), and the daily re-check (``sites.services.signatures``) verifies again
every signed file whose verdict was made under other roots — a root added, replaced or withdrawn turns
``untrusted`` into ``trusted`` and back without anyone re-uploading a file.

No network: certificates are never fetched (no OCSP/CRL/AIA look-ups from the portal's servers), so
revocation is not checked; the trust roots are the configured ones only.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


class SignatureState(models.TextChoices):
    NONE = "none", _("Không có chữ ký số")
    TRUSTED = "trusted", _("Chữ ký số hợp lệ")
    UNTRUSTED = "untrusted", _("Chữ ký hợp lệ, chưa xác thực được người ký")
    INVALID = "invalid", _("Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng")
    ERROR = "error", _("Không kiểm tra được chữ ký số")


SIGNED_STATES = (SignatureState.TRUSTED, SignatureState.UNTRUSTED, SignatureState.INVALID)
VERIFIED_STATES = (SignatureState.TRUSTED, SignatureState.UNTRUSTED)
# The file's state is its weakest signature's: a broken signature outweighs a valid one beside it.
_WEAKEST_FIRST = [SignatureState.INVALID, SignatureState.ERROR, SignatureState.UNTRUSTED, SignatureState.TRUSTED]


@dataclass
class SignatureReport:
    """What a file's signatures say: its state and one record per signature (JSON-ready)."""

    state: str
    signatures: list[dict] = field(default_factory=list)


def trust_roots() -> list:
    """The configured trust roots (asn1crypto certificates); an unreadable file is logged and skipped."""
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for name in getattr(settings, "DOCUMENT_SIGNATURE_TRUST_ROOTS", []):
        path = Path(name)
        try:
            roots.extend(load_certs_from_pemder([str(path)]))
        except (OSError, ValueError) as exc:
            log.error("Trust root %s of DOCUMENT_SIGNATURE_TRUST_ROOTS not loaded: %s", path, exc)
    return roots


def trust_roots_fingerprint() -> str:
    """SHA-256 over the configured roots' own fingerprints (in a stable order): changes when a root is
    added, replaced or removed, and not when the files are only renamed or reordered."""
    digest = hashlib.sha256()
    for fingerprint in sorted(root.sha256 for root in trust_roots()):
        digest.update(fingerprint)
    return digest.hexdigest()


def _name(subject, oid: str) -> str:
    values = [value for key, value in subject.native.items() if key == oid]
    return str(values[0]) if values else ""


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _signature_record(status) -> dict:
    """One signature's record: signer, organisation, issuer, signing time (timestamp token, else the
    time the signer's software reported), and its state."""
    from pyhanko.sign.validation.status import ModificationLevel

    cert = status.signing_cert
    timestamp = getattr(status, "timestamp_validity", None)
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    level = getattr(status, "modification_level", None)
    modified = level not in (None, ModificationLevel.NONE)
    # Changes after signing beyond what the signature allows (DocMDP), or of an unknown kind: broken.
    altered = getattr(status, "docmdp_ok", None) is False or level == ModificationLevel.OTHER
    if not (status.intact and status.valid) or altered:
        state = SignatureState.INVALID
    elif status.trusted:
        state = SignatureState.TRUSTED
    else:
        state = SignatureState.UNTRUSTED
    return {
        "state": str(state),
        "signer": _name(cert.subject, "common_name") or cert.subject.human_friendly,
        "organization": _name(cert.subject, "organization_name"),
        "issuer": _name(cert.issuer, "common_name") or cert.issuer.human_friendly,
        "serial": format(cert.serial_number, "X"),
        "signed_at": _iso(signed_at),
        "timestamped": timestamp is not None,
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "trusted": bool(status.trusted),
        "modified_after_signing": bool(modified),
    }


def verify_pdf(content: bytes) -> SignatureReport:
    """Check every embedded signature of a PDF (``content``); never raises for a bad file."""
    if b"%PDF-" not in content[:1024]:  # named .pdf but not a PDF: nothing can be checked
        return SignatureReport(SignatureState.ERROR)
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext

        reader = PdfFileReader(io.BytesIO(content), strict=False)
        if reader.encrypted:
            return SignatureReport(SignatureState.ERROR)
        embedded = list(reader.embedded_signatures)
        if not embedded:
            return SignatureReport(SignatureState.NONE)
        roots = trust_roots()
        records = []
        for signature in embedded:
            context = ValidationContext(trust_roots=roots, allow_fetching=False)
            records.append(_signature_record(validate_pdf_signature(signature, context)))
    except Exception as exc:  # noqa: BLE001 — a corrupted or hostile file: "could not be checked", never a 500
        log.info("Signature check failed: %s", exc, exc_info=True)
        return SignatureReport(SignatureState.ERROR)
    states = {record["state"] for record in records}
    state = next(state for state in _WEAKEST_FIRST if state in states)
    return SignatureReport(str(state), records)


def verify_file(name: str, content: bytes) -> SignatureReport:
    """A file's signature report: PDFs are checked, any other format carries no PDF signature."""
    if name.rsplit(".", 1)[-1].lower() != "pdf":
        return SignatureReport(SignatureState.NONE)
    return verify_pdf(content)
