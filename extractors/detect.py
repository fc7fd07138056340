"""Detect a file's type from its content, never its extension."""
from __future__ import annotations

import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: str | Path) -> str:
    """One of: pdf, docx, doc, odt, rtf, html, png, jpeg, gif, zip, text, empty, unknown."""
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(2048)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names:
                    mt = zf.read("mimetype")[:100]
                    if b"opendocument.text" in mt:
                        return "odt"
                return "zip"
        except zipfile.BadZipFile:
            return "docx-truncated" if b"word/" in head or b"[Content_Types].xml" in head else "zip-truncated"
    if head.startswith(OLE2):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    low = head.lstrip()[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low or b"<head" in low:
        return "html"
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown"
