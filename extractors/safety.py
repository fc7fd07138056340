"""Refuse zip containers (.docx, .odt) built to harm the reader, before any parser sees them.

Two kinds of attack are stopped here:

* **Zip bombs.** A member that inflates to gigabytes is refused twice over: first by the
  sizes the archive *declares* (no byte is inflated), then by inflating each member's raw
  compressed stream ourselves with a hard cap, because declared sizes can lie. The check
  reads the compressed bytes straight from the file, so a small declared size does not
  bound it; only the cap does.
* **XML entity tricks.** Word and LibreOffice never write a DTD into a document's XML parts.
  A part that declares one is refused: an external entity (``SYSTEM "file:///etc/passwd"``)
  would read local files, nested internal entities ("billion laughs") expand to gigabytes.
  Independently of this check, python-docx parses with ``resolve_entities=False``.

``check_zip(path, kind)`` raises ``UnsafeDocument`` (or ``UnreadableDocument`` for an archive
too broken to check) and returns nothing when the file is fit to open.
"""
from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import UnreadableDocument, UnsafeDocument

MiB = 1 << 20

# Limits for one document. A 300-page Word plan has a word/document.xml of ~10 MB and
# holds ~20 members; python-docx keeps every member in memory and lxml needs several times
# an XML part's size again, so these keep a worker well inside its 1 GiB memory bound.
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 128 * MiB  # any one member, inflated
MAX_TOTAL_BYTES = 384 * MiB  # all members together, inflated

CHUNK = 256 * 1024
_DTD_WINDOW = 64 * 1024  # bytes of a DTD kept for classifying it
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
_READABLE_METHODS = {_STORED, _DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def _size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GiB"
    if n >= MiB:
        return f"{n / MiB:.0f} MiB"
    return f"{n} bytes"


@dataclass
class _Scanner:
    """Looks for a DTD in one XML part as it streams past, whatever its encoding."""

    member: str
    decoder: codecs.IncrementalDecoder | None = None
    started: bool = False
    tail: str = ""
    dtd: str | None = None  # text from "<!DOCTYPE" on, once seen

    def feed(self, data: bytes, final: bool = False) -> None:
        if not self.started:
            self.started = True
            self.decoder = codecs.getincrementaldecoder(_encoding(data))(errors="replace")
        assert self.decoder is not None
        text = self.decoder.decode(data, final)
        if self.dtd is not None:
            if len(self.dtd) < _DTD_WINDOW:
                self.dtd += text[: _DTD_WINDOW - len(self.dtd)]
            return
        window = self.tail + text
        at = _find_dtd(window)
        if at >= 0:
            self.dtd = window[at:at + _DTD_WINDOW]
        else:
            self.tail = window[-16:]


def _find_dtd(text: str) -> int:
    hits = [i for i in (text.find("<!DOCTYPE"), text.find("<!ENTITY")) if i >= 0]
    return min(hits) if hits else -1


def _encoding(head: bytes) -> str:
    """The encoding of an XML part, from its byte-order mark or first bytes (XML 1.0 §F)."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"<\x00\x00\x00"):
        return "utf-32-le"
    if head.startswith(b"\x00\x00\x00<"):
        return "utf-32-be"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    return "utf-8"  # and every ASCII-compatible encoding: "<!DOCTYPE" is the same bytes


_EXTERNAL = re.compile(r"<!ENTITY\s+%?\s*[^\s>]+\s+(SYSTEM|PUBLIC)\b|<!DOCTYPE\s+[^\s>\[]+\s+(SYSTEM|PUBLIC)\b")
_NESTED = re.compile(r"<!ENTITY\s+%?\s*[^\s>]+\s+(\"[^\"]*&[^\"]*\"|'[^']*&[^']*')")


def _refuse_dtd(dtd: str, member: str, path: str) -> None:
    if _EXTERNAL.search(dtd):
        raise UnsafeDocument(
            f"{member} declares an external XML entity or DTD (it could read local files); "
            "refused, Word documents never contain one", path)
    n_entities = dtd.count("<!ENTITY")
    if _NESTED.search(dtd) or n_entities > 1:
        raise UnsafeDocument(
            f"{member} declares {n_entities} nested XML entities (an entity-expansion "
            "'billion laughs' bomb); refused", path)
    raise UnsafeDocument(f"{member} contains an XML DTD (<!DOCTYPE>), which Word documents never contain; "
                         "refused as unsafe", path)


def _is_parsed_part(info: zipfile.ZipInfo, kind: str, image_parts: set[str]) -> bool:
    """XML the reader will parse. In a .docx, image parts (an SVG is XML) are kept as bytes and
    never parsed, so an SVG's DOCTYPE is harmless there; LibreOffice (.odt) may render them."""
    if info.is_dir():
        return False
    if kind == "docx" and (info.filename in image_parts or info.filename.startswith("word/media/")):
        return False
    return True


def _image_parts(zf: zipfile.ZipFile) -> set[str]:
    """Members whose declared content type is an image, from [Content_Types].xml (best effort)."""
    try:
        info = zf.getinfo("[Content_Types].xml")
    except KeyError:
        return set()
    if info.file_size > MiB:
        return set()
    try:
        text = zf.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return set()
    parts = set()
    for m in re.finditer(r"<Override\b[^>]*>", text):
        tag = m.group(0)
        name = re.search(r'PartName="/?([^"]+)"', tag)
        ctype = re.search(r'ContentType="([^"]+)"', tag)
        if name and ctype and ctype.group(1).startswith("image/"):
            parts.add(name.group(1))
    return parts


def _raw_stream(fh, info: zipfile.ZipInfo, path: str):
    """The member's compressed bytes, read from its local header on (not through zipfile)."""
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise UnreadableDocument(f"corrupt zip archive: no local header for {info.filename}", path)
    fields = _LOCAL_HEADER.unpack(header)
    name_len, extra_len = fields[9], fields[10]
    fh.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    left = info.compress_size
    while left > 0:
        chunk = fh.read(min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def _inflated(zf: zipfile.ZipFile, fh, info: zipfile.ZipInfo, cap: int, path: str):
    """Chunks of the member's inflated content; UnsafeDocument once more than `cap` bytes."""
    total = 0

    def count(piece: bytes) -> bytes:
        nonlocal total
        total += len(piece)
        if total > cap:
            what = f"{info.filename} inflates" if cap == MAX_MEMBER_BYTES else "its members inflate"
            raise UnsafeDocument(
                f"a zip bomb: {what} to more than {_size(cap)} although its header declares "
                f"{_size(info.file_size)}; refused", path)
        return piece

    if info.compress_type == _STORED:
        for chunk in _raw_stream(fh, info, path):
            yield count(chunk)
        return
    if info.compress_type == _DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            for chunk in _raw_stream(fh, info, path):
                data = chunk
                while data and not inflater.eof:
                    # max_length bounds each step's output, so a bomb never inflates in one go
                    yield count(inflater.decompress(data, CHUNK))
                    data = inflater.unconsumed_tail
                if inflater.eof:
                    break
            yield count(inflater.flush())
        except zlib.error as exc:
            raise UnreadableDocument(f"corrupt zip archive: {info.filename} does not inflate ({exc})", path) from exc
        return
    # bzip2 / lzma: zipfile's own reader, which stops at the declared size; the cap still holds.
    try:
        with zf.open(info) as member:
            while chunk := member.read(CHUNK):
                yield count(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UnreadableDocument(f"corrupt zip archive: {info.filename} cannot be read ({exc})", path) from exc


def check_zip(path: str | Path, kind: str = "docx") -> None:
    """Refuse a zip-based document that is a zip bomb or carries XML entity declarations."""
    p = str(path)
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise UnreadableDocument(f"truncated or corrupt zip archive ({exc})", p) from exc
    except zipfile.LargeZipFile as exc:
        raise UnsafeDocument("a zip archive too large to open", p) from exc
    with zf, open(p, "rb") as fh:
        infos = zf.infolist()
        # 1. by declared sizes: nothing inflated yet
        if len(infos) > MAX_MEMBERS:
            raise UnsafeDocument(f"a zip archive of {len(infos)} members (more than {MAX_MEMBERS}); refused", p)
        declared = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnreadableDocument(f"{info.filename} is encrypted inside the zip archive", p)
            if info.compress_type not in _READABLE_METHODS:
                raise UnreadableDocument(
                    f"{info.filename} uses zip compression method {info.compress_type}, which cannot be read", p)
            if info.file_size > MAX_MEMBER_BYTES:
                raise UnsafeDocument(
                    f"a zip bomb: {info.filename} declares {_size(info.file_size)} inflated "
                    f"(limit {_size(MAX_MEMBER_BYTES)} per member); refused before inflating", p)
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise UnsafeDocument(
                f"a zip bomb: its members declare {_size(declared)} inflated "
                f"(limit {_size(MAX_TOTAL_BYTES)}); refused before inflating", p)
        # 2. by inflating, with a cap that does not trust the declared sizes
        images = _image_parts(zf) if kind == "docx" else set()
        budget = MAX_TOTAL_BYTES
        for info in infos:
            if info.is_dir():
                continue
            scanner = _Scanner(info.filename) if _is_parsed_part(info, kind, images) else None
            for piece in _inflated(zf, fh, info, min(MAX_MEMBER_BYTES, budget), p):
                budget -= len(piece)
                if scanner is not None and piece:
                    scanner.feed(piece)
            if scanner is not None:
                scanner.feed(b"", final=True)
                if scanner.dtd is not None:
                    _refuse_dtd(scanner.dtd, info.filename, p)
