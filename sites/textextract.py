"""Text of attached files: PDF (pypdf), DOCX (python-docx) and ODT (odfpy) — one home for every reader
of a file's text (the classified-marker check at upload, the search inside attachments).

:func:`extract` reads in this process (bounded by pages and characters); :func:`extract_bounded` runs
the same in a child process (``python -m sites.textextract``) killed after ``seconds`` and capped in
memory, so a hostile or huge file cannot hold a worker: the outcome is then ``timeout``. Outcomes:

* ``ok`` — text found;
* ``no_text`` — a readable file without a text layer (a scanned PDF): marked, not failed;
* ``unreadable`` — corrupted, encrypted (password-protected), or not what its extension says;
* ``unsupported`` — a format without a reader here (the old binary ``.doc``);
* ``timeout`` — the time limit ran out (``extract_bounded`` only).

No Django import: the child process starts without settings.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

OK, NO_TEXT, UNREADABLE, UNSUPPORTED, TIMEOUT = "ok", "no_text", "unreadable", "unsupported", "timeout"
READERS = ("pdf", "docx", "odt")
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024  # address space of the child process
MAX_XML_BYTES = 50 * 1024 * 1024  # unzipped document part of a DOCX/ODT (zip bombs)
PROJECT_ROOT = Path(__file__).resolve().parent.parent  # where ``python -m sites.textextract`` is found


@dataclass(frozen=True)
class Extraction:
    status: str
    text: str = ""
    pages: int | None = None


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _pdf(content: bytes, max_pages: int, max_chars: int) -> Extraction:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        return Extraction(UNREADABLE)
    parts: list[str] = []
    length = 0
    for page in reader.pages[:max_pages]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length > max_chars:
            break
    return Extraction(OK, "\n".join(parts)[:max_chars], len(reader.pages))


def _check_zip(content: bytes, member: str) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if archive.getinfo(member).file_size > MAX_XML_BYTES:
            raise ValueError(f"{member} is larger than {MAX_XML_BYTES} bytes unzipped")


def _docx(content: bytes, max_chars: int) -> Extraction:
    import docx

    _check_zip(content, "word/document.xml")
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return Extraction(OK, "\n".join(parts)[:max_chars])


def _odt(content: bytes, max_chars: int) -> Extraction:
    from odf import teletype, text
    from odf.opendocument import load

    _check_zip(content, "content.xml")
    document = load(io.BytesIO(content))
    parts = [
        teletype.extractText(element)
        for element in document.text.getElementsByType(text.H) + document.text.getElementsByType(text.P)
    ]
    return Extraction(OK, "\n".join(parts)[:max_chars])


def extract(name: str, content: bytes, max_pages: int = 2000, max_chars: int = 500_000) -> Extraction:
    """The text of ``content`` (a file called ``name``), in this process; never raises."""
    extension = extension_of(name)
    if extension not in READERS:
        return Extraction(UNSUPPORTED)
    try:
        if extension == "pdf":
            result = _pdf(content, max_pages, max_chars)
        elif extension == "docx":
            result = _docx(content, max_chars)
        else:
            result = _odt(content, max_chars)
    except Exception:  # noqa: BLE001 — corrupted, mislabelled or hostile: marked, never a failure
        return Extraction(UNREADABLE)
    if result.status == OK and not result.text.strip():
        return Extraction(NO_TEXT, "", result.pages)
    return result


def _limit_memory() -> None:  # pragma: no cover — runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def extract_bounded(name: str, content: bytes, seconds: float, max_chars: int = 500_000) -> Extraction:
    """:func:`extract` in a child process killed after ``seconds`` (``timeout``) and limited in memory."""
    if extension_of(name) not in READERS:
        return Extraction(UNSUPPORTED)
    command = [sys.executable, "-m", "sites.textextract", name, str(max_chars)]
    try:
        done = subprocess.run(
            command,
            input=content,
            capture_output=True,
            timeout=seconds,
            cwd=PROJECT_ROOT,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction(TIMEOUT)
    if done.returncode != 0:  # out of memory, or the reader crashed the interpreter
        return Extraction(UNREADABLE)
    try:
        return Extraction(**json.loads(done.stdout))
    except (ValueError, TypeError):
        return Extraction(UNREADABLE)


def main(argv: list[str]) -> int:
    """Child process: the file on standard input, ``name max_chars`` as arguments, JSON on standard output."""
    name, max_chars = argv[0], int(argv[1])
    result = extract(name, sys.stdin.buffer.read(), max_chars=max_chars)
    sys.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
