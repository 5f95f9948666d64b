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

:func:`file_text` extracts the text of a PDF (pypdf), DOCX or ODT file within size/page limits; a file
that cannot be read yields ``""`` and is not refused for that reason.
"""

from __future__ import annotations

import io
import re
import zipfile

from core.text import fold

LABEL = re.compile(r"\bdo mat\s*:")
STAMP = re.compile(r"^(?:tuyet |toi )?mat$")
SEGMENTS = re.compile(r"[\(\)\[\]\"“”«»]|\s[-–—]\s")
CAPITAL_STRONG = re.compile(r"\b(?:TUYET|TOI)\s+MAT\b")
WORD = re.compile(r"\w+")

# Limits of the file text check: bytes read, PDF pages, characters kept, unzipped XML bytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 50
MAX_TEXT_CHARS = 500_000
MAX_XML_BYTES = 10 * 1024 * 1024


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


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        return ""
    parts: list[str] = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)[:MAX_TEXT_CHARS]


def _zip_xml_text(content: bytes, member: str, paragraph_end: str) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_XML_BYTES:
            return ""
        xml = archive.read(member).decode("utf-8", "replace")
    xml = re.sub(paragraph_end, "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)[:MAX_TEXT_CHARS]


def file_text(name: str, content: bytes) -> str:
    """Text of a PDF/DOCX/ODT file (``""`` when too large, unreadable, encrypted or another format)."""
    if len(content) > MAX_FILE_BYTES:
        return ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if extension == "pdf":
            return _pdf_text(content)
        if extension == "docx":
            return _zip_xml_text(content, "word/document.xml", r"</w:p>")
        if extension == "odt":
            return _zip_xml_text(content, "content.xml", r"</text:(?:p|h)>")
    except Exception:  # noqa: BLE001 — any unreadable file: not refused for that reason
        return ""
    return ""
