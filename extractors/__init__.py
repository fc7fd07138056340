"""Extractors: file type detected from content → a format-neutral ``Document``.

Formats plug in by name in ``EXTRACTORS``; callers use ``extract`` and never name a format.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .detect import sniff
from .errors import EncryptedDocument, NoTextLayer, UnreadableDocument, UnsupportedFormat
from .safety import check_zip
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
    "empty": "empty file (0 bytes); download it again",
    "pdf-truncated": "truncated PDF: the file ends before the PDF's end-of-file marker (an interrupted download?); "
                     "download it again",
    "docx-truncated": "truncated or corrupt Word document (the zip archive is incomplete); download it again",
    "zip-truncated": "truncated or corrupt zip archive",
    "ooxml-encrypted": "a password-protected Word document: it needs a password to open; "
                       "save an unprotected copy and ingest that",
    "html": "a web page (HTML), not a PDF or Word document; save the original document instead",
    "mhtml": "a saved web archive (MHTML), not a PDF or Word document; open it in Word and save it as .docx",
    "xml": "an XML file, not a PDF or Word document",
    "png": "an image (PNG), not a PDF or Word document",
    "jpeg": "an image (JPEG), not a PDF or Word document",
    "gif": "an image (GIF), not a PDF or Word document",
    "tiff": "an image (TIFF), not a PDF or Word document",
    "text": "plain text, not a PDF or Word document",
    "zip": "a zip archive that is not a Word document",
    "xlsx": "an Excel workbook, not a PDF or Word document",
    "xls": "an Excel 97-2003 workbook, not a PDF or Word document",
    "ods": "an OpenDocument spreadsheet, not a PDF or Word document",
    "pptx": "a PowerPoint presentation, not a PDF or Word document",
    "ppt": "a PowerPoint 97-2003 presentation, not a PDF or Word document",
    "odp": "an OpenDocument presentation, not a PDF or Word document",
    "ole2": "an Office 97-2003 compound file that is not a Word document",
    "unknown": "unrecognised file type (binary content that is not PDF or Word)",
}
# Kinds that are the right format but damaged; the rest of REASONS are other formats.
UNREADABLE_KINDS = frozenset({"empty", "pdf-truncated", "docx-truncated", "zip-truncated"})
CONVERTED_KINDS = frozenset({"doc", "odt", "rtf", "docm", "dotx"})  # through LibreOffice


def extract(path: str | Path) -> Document:
    """Read any supported document into the document model, or raise a named error.

    Preflight, before any parser sees the file: the type is sniffed from the content; zip
    containers are checked for zip bombs and XML entity declarations (``safety.check_zip``).
    A scanned PDF is OCR'd when ocrmypdf is installed; otherwise its error says how to.
    """
    p = Path(path)
    try:
        kind = sniff(p)
    except FileNotFoundError as exc:
        raise UnreadableDocument("no such file", str(p)) from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument("a folder, not a file", str(p)) from exc
    except PermissionError as exc:
        raise UnreadableDocument("permission denied: this user cannot read the file", str(p)) from exc
    except OSError as exc:
        raise UnreadableDocument(f"cannot read the file ({exc.strerror or exc})", str(p)) from exc
    if kind in ("docx", "odt", "docm", "dotx"):
        check_zip(p, kind)
    if kind == "pdf":
        try:
            return EXTRACTORS["pdf"](p)
        except NoTextLayer as exc:
            from .convert import extract_via_ocr

            return extract_via_ocr(p, exc.reason)
    if kind in EXTRACTORS:
        return EXTRACTORS[kind](p)
    if kind in CONVERTED_KINDS:
        from .convert import extract_via_libreoffice

        return extract_via_libreoffice(p, kind)
    if kind == "ooxml-encrypted":
        raise EncryptedDocument(REASONS[kind], str(p))
    if kind in UNREADABLE_KINDS:
        raise UnreadableDocument(REASONS[kind], str(p))
    raise UnsupportedFormat(REASONS.get(kind, f"unsupported file type: {kind}"), str(p))
