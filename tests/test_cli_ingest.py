"""`plansift ingest` as a user runs it: what a rerun costs the parent process, and how files
that are one document (same stem) are reported.

The start-up checks run the CLI in a subprocess under a wrapper that, when the process exits,
writes down which modules the process imported and whether it started multiprocessing's
forkserver or any child process. Nothing is timed.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "fixtures" / "plans"

# Libraries the parent must not load when no file needs reading: the readers (pdfplumber,
# python-docx, pdfminer), the normalisers (spaCy, dateparser), pandas (export only), Alembic
# (migrations only) and SQLAlchemy (store.lite answers a rerun on an up-to-date SQLite store).
HEAVY = ("spacy", "pdfplumber", "pdfminer", "docx", "pandas", "dateparser", "alembic", "numpy", "sqlalchemy")

_WRAPPER = """
import atexit, json, multiprocessing, runpy, sys

def _dump(out=sys.argv[1]):
    fs = sys.modules.get("multiprocessing.forkserver")
    with open(out, "w") as fh:
        json.dump({
            "modules": sorted(sys.modules),
            "forkserver_pid": getattr(getattr(fs, "_forkserver", None), "_forkserver_pid", None),
            "children": len(multiprocessing.active_children()),
        }, fh)

atexit.register(_dump)
sys.argv = ["plansift", *sys.argv[2:]]
runpy.run_module("cli", run_name="__main__", alter_sys=True)
"""


def run_cli(*args: str, probe: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "cli", *args] if probe is None else [sys.executable, "-c", _WRAPPER, str(probe), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def copy_plans(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(PLANS / name, folder / name)
    return folder


def test_the_probe_sees_a_first_import(tmp_path):
    """The wrapper can fail: a first import reads files, so workers start."""
    folder = copy_plans(tmp_path / "in", "lewisham-2016.docx")
    probe = tmp_path / "probe.json"
    first = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", "-j", "1", str(folder), probe=probe)
    assert first.returncode == 0, first.stderr
    seen = json.loads(probe.read_text())
    assert seen["forkserver_pid"] is not None
    assert "sqlalchemy" in seen["modules"]


def test_a_rerun_of_unchanged_files_loads_no_reader_and_starts_no_process(tmp_path):
    folder = copy_plans(tmp_path / "in", "lewisham-2016.docx", "barnet-2017.pdf")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    first = run_cli("--db", db, "ingest", str(folder))
    assert first.returncode == 0, first.stderr
    probe = tmp_path / "probe.json"
    again = run_cli("--db", db, "ingest", str(folder), probe=probe)
    assert again.returncode == 0, again.stderr
    assert sorted(again.stdout.splitlines()) == [f"{folder / 'barnet-2017.pdf'}: unchanged",
                                                 f"{folder / 'lewisham-2016.docx'}: unchanged"]
    seen = json.loads(probe.read_text())
    loaded = {m.split(".")[0] for m in seen["modules"]}
    assert sorted(loaded & set(HEAVY)) == []
    assert seen["forkserver_pid"] is None and seen["children"] == 0


# ------------------------------------------------------------------ one document, two files
@pytest.fixture(scope="module")
def same_stem(tmp_path_factory):
    """kingston-2009 as .docx and .pdf side by side, ingested twice into one database."""
    tmp = tmp_path_factory.mktemp("stem")
    folder = copy_plans(tmp / "in", "kingston-2009.docx", "kingston-2009.pdf")
    db = f"sqlite:///{tmp / 'x.db'}"
    first = run_cli("--db", db, "ingest", "-j", "2", str(folder))
    again = run_cli("--db", db, "ingest", "-j", "2", str(folder))
    plans = run_cli("--db", db, "plans")
    return folder, first, again, plans


def test_same_stem_the_word_file_is_read_and_the_pdf_skipped(same_stem):
    folder, first, _, plans = same_stem
    assert first.returncode == 0, first.stderr
    docx, pdf = folder / "kingston-2009.docx", folder / "kingston-2009.pdf"
    lines = first.stdout.splitlines()
    assert len(lines) == 2
    assert any(line.startswith(f"{docx}: stored (") for line in lines), lines
    assert f"{pdf}: skipped: same document as {docx} (document key 'kingston-2009'; the Word file is read)" in lines
    assert "2 files: 1 skipped, 1 stored" in first.stderr
    assert "docx" in plans.stdout and " pdf " not in plans.stdout


def test_same_stem_rerun_is_unchanged_not_replaced(same_stem):
    folder, _, again, _ = same_stem
    assert again.returncode == 0, again.stderr
    assert "replaced" not in again.stdout
    assert f"{folder / 'kingston-2009.docx'}: unchanged" in again.stdout.splitlines()
    assert "2 files: 1 skipped, 1 unchanged" in again.stderr


def test_same_stem_a_broken_word_file_falls_back_to_the_pdf(tmp_path):
    folder = copy_plans(tmp_path / "in", "kingston-2009.pdf")
    # a Word file by its content that fails when read (an entity-expansion bomb)
    shutil.copyfile(ROOT / "fixtures" / "bad" / "billion-laughs.docx", folder / "kingston-2009.docx")
    proc = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", str(folder))
    assert proc.returncode == 1  # the Word file failed
    assert f"{folder / 'kingston-2009.docx'}: " in proc.stderr
    assert proc.stdout.startswith(f"{folder / 'kingston-2009.pdf'}: stored (")
