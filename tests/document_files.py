"""Real files for the document tests: PDFs with a text layer (Vietnamese through a ToUnicode map), a
scanned PDF (an image, no text), and — the demo's own writers (``demo.builders.files``) — DOCX
(python-docx) and ODT (odfpy) files and PDFs digitally signed with pyHanko by a self-signed
certificate (cryptography), with a tampered copy."""

from __future__ import annotations

import io

from demo.builders import files as demo_files
from demo.builders.files import docx_file, odt_file, sign_pdf, tampered  # noqa: F401  (the tests' files too)

PDF_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>"


def _codes(lines: tuple[str, ...]) -> dict[str, int]:
    """One byte per character: ASCII as itself, every other character (Vietnamese letters) from 128 up."""
    extra = sorted({ch for line in lines for ch in line if ord(ch) > 126})
    assert len(extra) <= 128, "too many distinct non-ASCII characters for one simple font"
    return {**{chr(i): i for i in range(32, 127)}, **{ch: 128 + i for i, ch in enumerate(extra)}}


def _pdf_string(line: str, codes: dict[str, int]) -> str:
    out = []
    for ch in line:
        code = codes[ch]
        out.append(f"\\{code:03o}" if code > 126 or ch in "()\\" else ch)
    return "(" + "".join(out) + ")"


def _to_unicode(codes: dict[str, int]) -> str:
    pairs = sorted((code, ch) for ch, code in codes.items())
    chunks = [pairs[i : i + 100] for i in range(0, len(pairs), 100)]
    body = "".join(
        f"{len(chunk)} beginbfchar\n"
        + "".join(f"<{code:02X}> <{''.join(f'{unit:04X}' for unit in _utf16(ch))}>\n" for code, ch in chunk)
        + "endbfchar\n"
        for chunk in chunks
    )
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n" + body + "endcmap CMapName currentdict /CMap "
        "defineresource pop end end"
    )


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _write_pdf(objects: list[str | bytes]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        raw = body if isinstance(body, bytes) else body.encode("latin-1")
        out += f"{number} 0 obj\n".encode() + raw + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _stream(content: str | bytes, extra: str = "") -> bytes:
    data = content.encode("latin-1") if isinstance(content, str) else content
    return f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream"


def text_pdf(*lines: str, pages: int = 1) -> bytes:
    """A real PDF (written by hand, Helvetica) whose every page shows ``lines`` as text (any characters:
    a ToUnicode map makes its text layer exact, so pypdf extracts "Quyết định" as written)."""
    codes = _codes(lines)
    text = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"{_pdf_string(line, codes)} '" for line in lines) + " ET"
    page_ids = [5 + 2 * i for i in range(pages)]
    objects: list[str | bytes] = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{n} 0 R' for n in page_ids)}] /Count {pages} >>",
        PDF_FONT,
        _stream(_to_unicode(codes)),
    ]
    for number in page_ids:
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {number + 1} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        objects.append(_stream(text))
    return _write_pdf(objects)


def scanned_pdf() -> bytes:
    """A PDF like a scanner's: one page that is only an image (8×8 grey pixels), no text layer."""
    pixels = bytes(range(0, 256, 4))
    objects: list[str | bytes] = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream("q 540 0 0 720 36 36 cm /Im1 Do Q"),
        _stream(
            pixels, " /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8"
        ),
    ]
    return _write_pdf(objects)


def self_signed_signer(common_name: str = "Nguyễn Văn An", organization: str = "UBND xã Thử Nghiệm"):
    return demo_files.self_signed_signer(common_name, organization)


def changed_after_signing(signed: bytes) -> bytes:
    """A signed PDF whose first page's content is replaced by an incremental update appended after the
    signature (the signed bytes themselves untouched)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 700 Td (Sua) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
