"""Detect a file's type from its content, never its extension.

``sniff(path)`` returns one kind name; ``extractors.REASONS`` says in words what each kind that
plansift cannot read is. Sniffing reads at most the first few KB of a file, except for two
containers whose telling parts can be anywhere: a zip's central directory (at the end) and an
OLE2 compound file's directory (an encrypted Word document is an OLE2 file holding an
``EncryptedPackage`` stream, which is the only way to tell it from a Word 97-2003 .doc).

Only ``OSError`` (no such file, permission denied, is a directory) escapes ``sniff``; every
malformation of the content is a kind.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD = 4096
PDF_TAIL = 4096  # the spec puts %%EOF in the last 1024 bytes; allow some trailing junk
MAX_CONTENT_TYPES = 1 << 20
MAX_OLE_SCAN = 64 << 20

# Kinds that are documents plansift reads (directly or after conversion).
DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc", "odt", "rtf", "docm", "dotx"})

_OOXML_TYPES = (
    ("wordprocessingml.document.main+xml", "docx"),
    ("ms-word.document.macroEnabled.main+xml", "docm"),
    ("wordprocessingml.template.main+xml", "dotx"),
    ("ms-word.template.macroEnabledTemplate.main+xml", "dotx"),
    ("spreadsheetml", "xlsx"),
    ("ms-excel", "xlsx"),
    ("presentationml", "pptx"),
    ("ms-powerpoint", "pptx"),
)
_ODF_TYPES = (
    (b"opendocument.text", "odt"),
    (b"opendocument.spreadsheet", "ods"),
    (b"opendocument.presentation", "odp"),
)
_OLE_STREAMS = (  # UTF-16LE directory entry names, most telling first
    ("EncryptedPackage", "ooxml-encrypted"),
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
)


def sniff(path: str | Path) -> str:
    """One of: pdf, pdf-truncated, docx, docm, dotx, docx-truncated, xlsx, pptx, odt, ods, odp,
    zip, zip-truncated, doc, xls, ppt, ooxml-encrypted, ole2, rtf, html, mhtml, xml, png, jpeg,
    gif, tiff, text, empty, unknown."""
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(HEAD)
        if not head:
            return "empty"
        if b"%PDF-" in head[:1024]:
            return _pdf(fh)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip(p, head)
    if head.startswith(OLE2):
        return _ole(p)
    return _plain(head)


def _pdf(fh) -> str:
    """A PDF whose end-of-file marker is missing was cut short (an interrupted download)."""
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(max(0, size - PDF_TAIL))
    return "pdf" if b"%%EOF" in fh.read(PDF_TAIL) else "pdf-truncated"


def _zip(p: Path, head: bytes) -> str:
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" in names:
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size <= MAX_CONTENT_TYPES:
                    types = zf.read(info).decode("utf-8", "replace")
                    for marker, kind in _OOXML_TYPES:
                        if marker in types:
                            return kind
                if "word/document.xml" in names:
                    return "docx"
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200:
                    mt = zf.read(info)
                    for marker, kind in _ODF_TYPES:
                        if marker in mt:
                            return kind
            return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError,
            NotImplementedError, RuntimeError, struct.error, zlib.error, OSError):
        # RuntimeError: an encrypted member; OSError: a seek outside the file
        wordish = b"word/" in head or b"[Content_Types].xml" in head
        return "docx-truncated" if wordish else "zip-truncated"


def _ole(p: Path) -> str:
    """Which OLE2 compound file: found by the names in its directory (UTF-16LE)."""
    wanted = [(name.encode("utf-16-le"), kind) for name, kind in _OLE_STREAMS]
    overlap = max(len(w) for w, _ in wanted)
    found: set[str] = set()
    with p.open("rb") as fh:
        carry = b""
        read = 0
        while read < MAX_OLE_SCAN:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            read += len(chunk)
            window = carry + chunk
            found.update(kind for w, kind in wanted if w in window)
            carry = window[-overlap:]
    for _, kind in _OLE_STREAMS:
        if kind in found:
            return kind
    return "ole2"


def _plain(head: bytes) -> str:
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    text = _as_text(head)
    if text is None:
        return "unknown"
    low = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    if low.startswith("mime-version:") or "content-type: multipart/related" in low:
        return "mhtml"
    if low.startswith(("<!doctype html", "<html")) or "<html" in low or "<head" in low or "<body" in low:
        return "html"
    if low.startswith("<?xml"):
        return "xml"
    return "text"


def _as_text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", "strict")
        except UnicodeDecodeError:
            return head[: len(head) // 2 * 2].decode("utf-16", "replace")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end of the window
            return None
        text = head[: exc.start].decode("utf-8")
    if "\x00" in text:
        return None
    return text
