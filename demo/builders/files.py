"""Small generated files of the demo content: a minimal valid PDF and simple PNG illustrations
(no download, no third-party asset)."""

from __future__ import annotations

import io
import unicodedata

from PIL import Image, ImageDraw


def _ascii(text: str) -> str:
    """PDF standard fonts have no Vietnamese glyphs: strip the diacritics (đ → d) for the demo file."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if ord(c) < 128)


def _pdf_escape(text: str) -> str:
    return _ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 (Helvetica) showing ``lines``, with a correct cross-reference table."""
    text_ops = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        text_ops.append(f"({_pdf_escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def png(kind: str, width: int = 960, height: int = 600, seed: int = 0) -> bytes:
    """A simple illustration: ``org`` (organisation chart), ``map`` (districts), ``photo`` (portrait), ``news``."""
    palette = [(155, 28, 28), (10, 74, 140), (29, 107, 50), (138, 59, 0), (90, 40, 120)]
    color = palette[seed % len(palette)]
    image = Image.new("RGB", (width, height), (246, 243, 238))
    draw = ImageDraw.Draw(image)
    if kind == "org":
        boxes = (
            [(width // 2, 80)]
            + [(width * (i + 1) // 4, 260) for i in range(3)]
            + [(width * (i + 1) // 6, 440) for i in range(5)]
        )
        for x, y in boxes[1:4]:
            draw.line([(width // 2, 110), (x, y - 30)], fill=(80, 80, 80), width=3)
        for i, (x, y) in enumerate(boxes[4:]):
            draw.line([boxes[1 + i % 3], (x, y - 30)], fill=(80, 80, 80), width=2)
        for x, y in boxes:
            draw.rectangle([x - 70, y - 30, x + 70, y + 30], fill=color, outline=(30, 30, 30), width=2)
    elif kind == "map":
        for i in range(6):
            x0, y0 = 60 + (i % 3) * (width - 120) // 3, 60 + (i // 3) * (height - 120) // 2
            x1, y1 = x0 + (width - 120) // 3, y0 + (height - 120) // 2
            shade = tuple(min(255, c + 30 * i) for c in color)
            draw.polygon([(x0 + 10, y0), (x1, y0 + 15), (x1 - 12, y1), (x0, y1 - 10)], fill=shade, outline=(40, 40, 40))
        draw.line([(40, height - 80), (width - 40, 90)], fill=(10, 74, 140), width=8)  # a river
    elif kind == "photo":
        draw.ellipse([width // 2 - 70, 50, width // 2 + 70, 190], fill=(222, 190, 160))
        draw.rectangle([width // 2 - 110, 200, width // 2 + 110, height], fill=color)
    else:
        draw.rectangle([0, height * 2 // 3, width, height], fill=(29, 107, 50))
        draw.ellipse([width - 220, 40, width - 100, 160], fill=(255, 191, 71))
        for i in range(4):
            x = 80 + i * (width - 160) // 4
            draw.rectangle([x, height // 3, x + 120, height * 2 // 3], fill=color, outline=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
