"""Converters run as child processes: LibreOffice for formats other than .docx (Word 97-2003
.doc, OpenDocument .odt, RTF, macro-enabled .docm, templates) and ocrmypdf for scanned PDFs.

Both are optional. When one is missing the error says what to install. A converter that
runs too long is killed together with every process it started (LibreOffice's ``soffice``
wrapper starts ``soffice.bin``; ocrmypdf starts tesseract), so nothing is left running.
``TIMEOUT`` is lowered by the ingest worker to fit inside its per-file time limit.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConverterMissing, NoTextLayer, PlansiftError, UnreadableDocument
from .model import Document

TIMEOUT = 110.0  # seconds for one conversion

LIBREOFFICE_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) or save it as .docx"
OCR_HINT = ("`ocrmypdf in.pdf out.pdf` (Debian: apt-get install ocrmypdf), then ingest out.pdf; "
            "with ocrmypdf installed plansift runs it itself")

LABELS = {
    "doc": "a Word 97-2003 .doc",
    "odt": "an OpenDocument .odt",
    "rtf": "an RTF",
    "docm": "a macro-enabled Word .docm",
    "dotx": "a Word template",
}


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def ocrmypdf() -> str | None:
    return shutil.which("ocrmypdf")


# ------------------------------------------------------------------ child processes
def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc (Linux); empty where /proc is unavailable."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may contain spaces and parentheses
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry))
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL a child process and everything it started."""
    for pid in [*_descendants(proc.pid), proc.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def run_converter(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a converter; on timeout kill its whole process tree and raise TimeoutExpired."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # a timeout, or the worker being interrupted: leave nothing running
        kill_tree(proc)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _last_error(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    lines = [ln for ln in lines if "javaldx" not in ln]
    return lines[-1][:200] if lines else ""


# ------------------------------------------------------------------ LibreOffice
def extract_via_libreoffice(path: Path, kind: str, timeout: float | None = None) -> Document:
    """Convert to .docx with LibreOffice, then read that with the Word extractor."""
    timeout = TIMEOUT if timeout is None else timeout
    soffice = libreoffice()
    label = LABELS.get(kind, f"a {kind}")
    if soffice is None:
        raise ConverterMissing(f"{label} file needs LibreOffice to convert it: {LIBREOFFICE_HINT}", str(path))
    from .docx import extract_docx

    with tempfile.TemporaryDirectory(prefix="plansift-") as tmp:
        src = Path(tmp) / ("input." + kind)
        shutil.copyfile(path, src)
        try:
            proc = run_converter(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)],
                timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocument(f"LibreOffice took over {timeout:.0f} s converting {label} file", str(path)) from exc
        out = Path(tmp) / "input.docx"
        if proc.returncode != 0 or not out.exists():
            detail = _last_error(proc.stderr) or _last_error(proc.stdout)
            raise UnreadableDocument(
                f"LibreOffice could not convert {label} file (corrupt or password-protected?)"
                + (f": {detail}" if detail else ""), str(path))
        try:
            doc = extract_docx(out)
        except PlansiftError as exc:  # name the user's file, not the temporary copy
            exc.path = str(path)
            raise
    doc.path = str(path)
    doc.format = kind
    return doc


# ------------------------------------------------------------------ OCR
_OCR_EXIT = {  # ocrmypdf's documented exit codes
    2: "ocrmypdf could not read the PDF",
    3: "ocrmypdf is missing a program it needs (Debian: apt-get install tesseract-ocr tesseract-ocr-eng)",
    5: "ocrmypdf could not write its output",
    6: "ocrmypdf found text already on the pages",
    7: "a program ocrmypdf runs (tesseract) failed",
    8: "the PDF is encrypted",
}


def extract_via_ocr(path: Path, reason: str, timeout: float | None = None) -> Document:
    """OCR a scanned PDF with ocrmypdf, then read its text layer. Without ocrmypdf, a
    NoTextLayer error that says how to OCR it."""
    timeout = TIMEOUT if timeout is None else timeout
    tool = ocrmypdf()
    if tool is None:
        joint = ": " if "OCR" in reason else "; to OCR it, run "
        raise NoTextLayer(f"{reason}{joint}{OCR_HINT}", str(path))
    from .pdf import extract_pdf

    with tempfile.TemporaryDirectory(prefix="plansift-ocr-") as tmp:
        out = Path(tmp) / "ocr.pdf"
        try:
            proc = run_converter(
                [tool, "--quiet", "--jobs", "1", "--output-type", "pdf", "--skip-text", str(path), str(out)],
                timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise NoTextLayer(f"{reason}; OCR with ocrmypdf took over {timeout:.0f} s", str(path)) from exc
        if proc.returncode != 0 or not out.exists():
            why = _OCR_EXIT.get(proc.returncode, f"ocrmypdf failed (exit status {proc.returncode})")
            detail = _last_error(proc.stderr)
            raise NoTextLayer(f"{reason}; OCR failed: {why}" + (f" ({detail})" if detail else ""), str(path))
        try:
            doc = extract_pdf(out)
        except NoTextLayer as exc:
            raise NoTextLayer(f"{reason}; OCR found no text either", str(path)) from exc
        except PlansiftError as exc:
            exc.path = str(path)
            raise
    doc.path = str(path)
    doc.format = "pdf-ocr"
    return doc
