"""Classified-document markers (Quang Khai Art. 6; Nghị định 26/2020 on state secrets): a legal document
whose number, title, summary or file text carries a secrecy stamp is never posted on the portal.

The rule (case- and diacritics-insensitive, through :func:`core.text.fold`; checked line by line):

1. **Label** — ``Độ mật:`` (``do mat:``) anywhere is a marker.
2. **Stamp** — a line, or a part of it in brackets/parentheses/quotes or after a dash, that is only
   ``Mật``, ``Tối mật`` or ``Tuyệt mật`` (the stamp printed on a classified document) is a marker.
3. **Capitals** — ``TỐI MẬT`` / ``TUYỆT MẬT`` written in capitals anywhere, and a capital ``MẬT`` whose
   neighbouring words on the line are not in capitals (``Tài liệu MẬT``), are markers.
4. **Number** — in the number/symbol field (abbreviations, not prose) a separate word ``Mật`` is a marker.

Ordinary prose is not a marker: ``bí mật``, ``giữ bí mật nhà nước``, ``mật độ``, ``tôi mất`` in lower case,
and an all-capitals title such as ``QUY ĐỊNH BẢO VỆ BÍ MẬT NHÀ NƯỚC`` (``BÍ MẬT`` never counts).

:func:`file_text` reads the text of a PDF, DOCX or ODT file (:mod:`sites.textextract`) within size/page
limits; a file that cannot be read yields ``""`` and is not refused for that reason.
"""

from __future__ import annotations

import re

from core.text import fold

from .textextract import extract

LABEL = re.compile(r"\bdo mat\s*:")
STAMP = re.compile(r"^(?:tuyet |toi )?mat$")
SEGMENTS = re.compile(r"[\(\)\[\]\"“”«»]|\s[-–—]\s")
CAPITAL_STRONG = re.compile(r"\b(?:TUYET|TOI)\s+MAT\b")
WORD = re.compile(r"\w+")

# Limits of the file text check at upload: bytes read, PDF pages, characters kept.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 50
MAX_TEXT_CHARS = 500_000


def _unaccented(text: str) -> str:
    """``fold`` keeping the case (so capitals can be told from prose)."""
    return "".join(fold(ch).upper() if ch.isupper() else fold(ch) if ch.strip() else ch for ch in text)


def _line_marker(line: str) -> str | None:
    folded = fold(line)
    if not folded:
        return None
    if LABEL.search(folded):
        return "Độ mật"
    for segment in [folded, *SEGMENTS.split(folded)]:
        segment = segment.strip(" .,;:!*-–—")
        if STAMP.match(segment):
            return segment
    plain = _unaccented(line)
    if CAPITAL_STRONG.search(plain):
        return CAPITAL_STRONG.search(plain).group(0).lower()
    words = WORD.findall(plain)
    for i, word in enumerate(words):
        if word != "MAT":
            continue
        neighbours = [w for w in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else "") if w]
        if not any(w.isupper() and len(w) > 1 for w in neighbours):
            return "mat"
    return None


def classified_marker(text: str, symbol: bool = False) -> str | None:
    """The secrecy marker found in ``text`` (folded, e.g. ``"toi mat"``), or ``None``.

    ``symbol`` is for the number/symbol field, where a separate word ``Mật`` is always a marker."""
    if not text:
        return None
    if symbol and "mat" in WORD.findall(fold(text).replace("_", " ")):
        return "mat"
    for line in text.splitlines():
        marker = _line_marker(line)
        if marker:
            return marker
    return None


def file_text(name: str, content: bytes) -> str:
    """Text of a PDF/DOCX/ODT file (``""`` when too large, unreadable, encrypted or another format), read
    by :mod:`sites.textextract` within this check's limits (pages, characters)."""
    if len(content) > MAX_FILE_BYTES:
        return ""
    return extract(name, content, max_pages=MAX_PDF_PAGES, max_chars=MAX_TEXT_CHARS).text
