"""Extractors: file type detected from content → a format-neutral ``Document``.

Formats plug in by name in ``EXTRACTORS``; callers use ``extract`` and never name a format.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .detect import sniff
from .errors import UnreadableDocument, UnsupportedFormat
from .model import Document

Extractor = Callable[[Path], Document]


def _pdf(path: Path) -> Document:
    from .pdf import extract_pdf

    return extract_pdf(path)


def _docx(path: Path) -> Document:
    from .docx import extract_docx

    return extract_docx(path)


EXTRACTORS: dict[str, Extractor] = {"pdf": _pdf, "docx": _docx}

REASONS = {
    "empty": "empty file",
    "html": "a web page (HTML), not a PDF or Word document; save the original document instead",
    "png": "an image (PNG), not a PDF or Word document",
    "jpeg": "an image (JPEG), not a PDF or Word document",
    "gif": "an image (GIF), not a PDF or Word document",
    "text": "plain text, not a PDF or Word document",
    "zip": "a zip archive that is not a Word document",
    "docx-truncated": "truncated or corrupt Word document (the zip archive is incomplete)",
    "zip-truncated": "truncated or corrupt zip archive",
    "rtf": "an RTF file; open it in Word or LibreOffice and save it as .docx",
    "unknown": "unrecognised file type",
}


def extract(path: str | Path) -> Document:
    """Read any supported document into the document model, or raise a named error."""
    p = Path(path)
    kind = sniff(p)
    if kind in EXTRACTORS:
        return EXTRACTORS[kind](p)
    if kind in ("doc", "odt"):
        from .convert import extract_via_libreoffice

        return extract_via_libreoffice(p, kind)
    if kind in ("docx-truncated", "zip-truncated", "empty"):
        raise UnreadableDocument(REASONS[kind], str(p))
    raise UnsupportedFormat(REASONS.get(kind, f"unsupported file type: {kind}"), str(p))
