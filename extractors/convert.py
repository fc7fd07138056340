"""Legacy .doc and .odt files, converted to .docx by LibreOffice when it is installed."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ConverterMissing, UnreadableDocument
from .model import Document

INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui) or save it as .docx"


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def extract_via_libreoffice(path: Path, kind: str, timeout: float = 120) -> Document:
    soffice = libreoffice()
    label = "a legacy Word 97-2003 .doc" if kind == "doc" else "an OpenDocument .odt"
    if soffice is None:
        raise ConverterMissing(f"{label} file needs LibreOffice to convert it: {INSTALL_HINT}", str(path))
    from .docx import extract_docx

    with tempfile.TemporaryDirectory(prefix="plansift-") as tmp:
        src = Path(tmp) / ("input." + kind)
        shutil.copyfile(path, src)
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                 "--convert-to", "docx", "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise UnreadableDocument(f"LibreOffice took over {timeout:.0f} s converting {label} file", str(path)) from exc
        except subprocess.CalledProcessError as exc:
            raise UnreadableDocument(f"LibreOffice could not convert {label} file", str(path)) from exc
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise UnreadableDocument(f"LibreOffice could not convert {label} file", str(path))
        doc = extract_docx(out)
    doc.path = str(path)
    doc.format = kind
    return doc
