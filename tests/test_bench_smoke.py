"""The batch benchmark works: its corpus mutations, and one tiny end-to-end run. No timing
assertions (speed is measured by bench/bench_ingest.py as ratios, never asserted here)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "fixtures" / "plans"
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402


def _seed(key: str) -> corpus.Seed:
    found = [s for s in corpus.seeds() if s.key == key]
    if not found:
        pytest.skip(f"fixture {key} not present")
    return found[0]


def _text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    return "\n".join(t.text or "" for t in doc.element.body.iter("{http://schemas.openxmlformats.org/"
                                                                 "wordprocessingml/2006/main}t"))


def test_corpus_variant_renames_shifts_and_duplicates(tmp_path: Path) -> None:
    seed = _seed("croydon-2019")
    base = corpus.Variant(seed=seed.key, fmt="docx", authority="Croydon", year_shift=0, font_scale=1.0,
                          orientation="as-is", shuffle=False, duplicates=0, title_suffix="")
    plain = corpus.make_docx(seed, base, tmp_path / "plain.docx", "k")
    people = {"Maureen": "Mary", "Floyd": "Fisher"}
    variant = corpus.Variant(seed=seed.key, fmt="docx", authority="Sheffield", year_shift=4, font_scale=1.1,
                             orientation="portrait", shuffle=True, duplicates=0, title_suffix=" (revised)",
                             people=people)
    varied = corpus.make_docx(seed, variant, tmp_path / "varied.docx", "k")
    before, after = _text(plain), _text(varied)
    assert "Croydon" in before and "Croydon" not in after and "Sheffield" in after
    assert "Maureen Floyd" in before and "Mary Fisher" in after and "Maureen" not in after
    assert "2019" in before and "2023" in after
    assert "(revised)" in after


def test_corpus_repeat_rows_grows_tables(tmp_path: Path) -> None:
    seed = _seed("kingston-2009")
    plain = corpus._plain_row_count(seed)
    assert plain > 0
    v = corpus.Variant(seed=seed.key, fmt="docx", authority="Sheffield", year_shift=0, font_scale=1.0,
                       orientation="as-is", shuffle=False, duplicates=0, title_suffix="", repeat_rows=3)
    out = corpus.make_docx(seed, v, tmp_path / "long.docx", "k")
    from docx import Document

    rows = lambda p: sum(len(t.rows) for t in Document(str(p)).tables)  # noqa: E731
    assert rows(out) - rows(seed.docx) == 2 * plain


def test_years_shift_keeps_spans_consistent() -> None:
    assert corpus._shift_years("Q3 2018/19, Jan-19 and 31/10/2018", 4) == "Q3 2022/23, Jan-23 and 31/10/2022"
    assert corpus._shift_years("2014-15", -8) == "2006-07"
    assert corpus._shift_years("2018-2019, 20 May 2016", 4) == "2022-2023, 20 May 2020"
    assert corpus._shift_years("May 20, 2016 and Sept 17", 4) == "May 20, 2020 and Sept 21"


def test_bench_ingest_tiny_run(tmp_path: Path) -> None:
    """The whole benchmark on two fixture files (one PDF, one Word): every mode runs and the
    results carry the figures the README reports."""
    pdfs, docxs = sorted(PLANS.glob("*.pdf")), sorted(PLANS.glob("*.docx"))
    if not pdfs or not docxs:
        pytest.skip("no fixture plans")
    (tmp_path / "corpus" / "pdf").mkdir(parents=True)
    (tmp_path / "corpus" / "docx").mkdir()
    shutil.copy(pdfs[0], tmp_path / "corpus" / "pdf" / "a.pdf")
    shutil.copy(docxs[0], tmp_path / "corpus" / "docx" / "b.docx")
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_ingest.py"), "--corpus", str(tmp_path / "corpus"),
         "--reps", "1", "--no-long", "--json", str(out), "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(out.read_text())
    f = results["figures"]
    for key in ("jobs1_vs_pdfplumber", "jobs2_speedup", "reingest_speedup"):
        assert f[key]["wall"] > 0
    runs = results["runs"]
    assert "1 files: 1 stored" in runs["ingest pdf --jobs 1"][0]["stdout"]
    assert "unchanged" in runs["re-ingest pdf (unchanged)"][0]["stdout"]
    assert runs["ingest pdf --jobs 1"][0]["workers"] == 1
    assert results["stages"]["outcomes"] == {"stored": 2}
    assert any(k.endswith("parse_deadline") for k in results["stages"]["caches"])
    roles = {v["role"] for v in results["instrumented"]["per_pid"].values()}
    assert "worker" in roles
    assert results["profile"]["by_module"]
    assert "targets" in results["report"]
