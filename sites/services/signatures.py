"""Signature verdicts kept true when the trust roots change (D6: an authentic file): every signed file
whose verdict was made under other roots than today's ``DOCUMENT_SIGNATURE_TRUST_ROOTS`` is verified
again from its stored bytes. Run daily by the beat (``portal.recheck_signatures``) and on demand after
a root is added or withdrawn (``manage.py signatures recheck``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models.legal import LegalDocumentFile, read_file
from ..signatures import SIGNED_STATES, trust_roots_fingerprint, verify_file


@dataclass
class Recheck:
    """What one site's re-check did: files verified again, and those whose verdict changed."""

    checked: int = 0
    changed: int = 0


def outdated_files():
    """The current site's signed files whose verdict was made under other trust roots."""
    return LegalDocumentFile.objects.filter(signature_state__in=SIGNED_STATES).exclude(
        trust_roots=trust_roots_fingerprint()
    )


def recheck_site() -> Recheck:
    """Verify again the current site's outdated verdicts. A changed verdict is saved as a row change
    (the page cache of the site is refreshed); an unchanged one only gets today's fingerprint."""
    result = Recheck()
    for row in outdated_files().select_related("document"):
        content = read_file(row.document)
        if not content:
            continue  # the stored file is gone: nothing to verify, the old verdict stays visible
        before = row.signature_state
        row.record_signatures(verify_file(row.document.file.name, content))
        result.checked += 1
        if row.signature_state != before:
            result.changed += 1
            row.save(update_fields=["signature_state", "signatures", "trust_roots"])
        else:
            LegalDocumentFile.objects.filter(pk=row.pk).update(signatures=row.signatures, trust_roots=row.trust_roots)
    return result
