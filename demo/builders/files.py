"""Generated files of the demo content (no download, no third-party asset): administrative documents
as PDF (WeasyPrint), DOCX (python-docx) and ODT (odfpy) with their Vietnamese text, a PDF digitally
signed with pyHanko by a self-signed demo certificate and a tampered copy of it, and simple PNG
illustrations. The document tests write their files with the same functions."""

from __future__ import annotations

import datetime
import io
from html import escape

from PIL import Image, ImageDraw


def document_pdf(heading: list[str], paragraphs: list[str]) -> bytes:
    """An A4 PDF of an administrative document (WeasyPrint, DejaVu fonts with every Vietnamese
    diacritic embedded): ``heading`` lines centred in bold, then the body ``paragraphs``. Its text layer is
    exact, so the search inside attachments finds a phrase of the body."""
    from weasyprint import HTML  # imported here: it loads Pango, which only the demo's files need

    head = "".join(f"<p class='h'>{escape(line)}</p>" for line in heading)
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    html = (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 20mm 20mm 20mm 30mm; }"
        "body { font-family: 'DejaVu Serif', serif; font-size: 12.5pt; line-height: 1.45; }"
        ".h { text-align: center; font-weight: bold; margin: 0 0 4pt; } p { text-align: justify; margin: 0 0 8pt; }"
        f"</style></head><body>{head}<hr>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def docx_file(*paragraphs: str) -> bytes:
    """A DOCX document written by python-docx."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_file(*paragraphs: str) -> bytes:
    """An ODT document written by odfpy."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def self_signed_signer(common_name: str, organization: str):
    """(pyHanko signer, DER certificate) of a fresh self-signed signing certificate (RSA 2048, 1 year):
    the demo's stand-in for a certificate of the Government's specialised CA."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(usage, critical=True)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der),
        signing_key=asn1_keys.PrivateKeyInfo.load(private),
        cert_registry=None,
    )
    return signer, der


def sign_pdf(content: bytes, signer, reason: str = "Ban hành văn bản") -> bytes:
    """``content`` signed by ``signer`` (pyHanko, an incremental update with one signature field)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    metadata = signers.PdfSignatureMetadata(field_name="KySo", reason=reason)
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def tampered(signed: bytes, old: bytes, new: bytes) -> bytes:
    """A copy of a signed PDF with ``old`` (inside the signed bytes) replaced by ``new`` of the same length."""
    if len(old) != len(new) or old not in signed:
        raise ValueError("the replacement must have the same length and ``old`` must occur in the file")
    return signed.replace(old, new, 1)


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
