"""Gold-preserving rewrites of fixture plans keep their accuracy: a small slice of
bench/metamorphic.py (the full matrix, every transform on every plan and as PDF, is the benchmark,
not a test). Scores are against the unchanged gold, never against the tool's own output."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import metamorphic as mm  # noqa: E402
from ingest.evaluate import load_gold  # noqa: E402

# small plans of different layouts: a key of initials and one table per recommendation; a
# two-row header (Timescale over Start | End) with a source column; quarter-timeline columns
DOCUMENTS = ["lewisham-2016", "croydon-2019", "calderdale-2021"]
TRANSFORMS = ["synonyms+header-upper", "reorder-columns", "split-table+empty-rows", "borders-off+font-size"]


@pytest.fixture(scope="module")
def gold() -> dict:
    return load_gold(mm.GOLD)


def _present(key: str) -> Path:
    path = mm.PLANS / f"{key}.docx"
    assert path.exists(), f"fixture {key} is committed and must be present"
    return path


@pytest.mark.parametrize("key", DOCUMENTS)
@pytest.mark.parametrize("transform", TRANSFORMS)
def test_rewritten_plan_keeps_strict_f1(key: str, transform: str, gold: dict, tmp_path: Path) -> None:
    src = _present(key)
    out = tmp_path / f"{key}.docx"
    assert mm.transform_docx(src, transform, 0, out), f"{transform} found nothing to change in {key}"
    result = mm.score_file(out, key, gold[key], show_misses=True)
    assert result["strict_f1"] >= 0.90, "\n".join(result.get("misses", []))


def test_dates_rewritten_in_deadline_cells_keep_strict_f1(gold: dict, tmp_path: Path) -> None:
    key = "hampshire-2019"
    out = tmp_path / f"{key}.docx"
    assert mm.transform_docx(_present(key), "dates-us", 0, out)
    result = mm.score_file(out, key, gold[key], show_misses=True)
    assert result["strict_f1"] >= 0.90, "\n".join(result.get("misses", []))


def test_the_score_can_fail(gold: dict, tmp_path: Path) -> None:
    """A rewrite that does change the gold (every deadline cell emptied) must score low, so a
    pass above means something."""
    key = "lewisham-2016"
    doc = Document(str(_present(key)))
    emptied = 0
    for tc in mm._due_cells(doc):
        if mm._cell_text(tc).strip():
            mm._set_cell_text(tc, "")
            emptied += 1
    assert emptied
    out = tmp_path / f"{key}.docx"
    doc.save(str(out))
    assert mm.score_file(out, key, gold[key])["strict_f1"] < 0.90


@pytest.mark.parametrize(("style", "expected"), [
    ("long", "By 31 March 2017 and 4 June 2018"),
    ("numeric", "By 31/03/2017 and 04/06/2018"),
    ("ordinal", "By 31st Mar 2017 and 4th Jun 2018"),
    ("us", "By March 31, 2017 and June 4, 2018"),
])
def test_restyle_dates_keeps_the_day(style: str, expected: str) -> None:
    assert mm.restyle_dates("By 31st March 2017 and 04/06/2018", style) == expected


def test_restyle_dates_leaves_months_and_years_alone() -> None:
    for text in ("March 2017", "Q3 2018/19", "2019", "Sept 17", "Ongoing"):
        assert mm.restyle_dates(text, "numeric") == text


def test_synonyms_rename_the_header_and_keep_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "lewisham-2016.docx"
    assert mm.transform_docx(_present("lewisham-2016"), "synonyms", 3, out)
    doc = Document(str(out))
    heads = {mm._cell_text(tc) for at in mm.action_tables(doc) for tc, f in at.header_cells() if f}
    words = {w for ws in mm.SYNONYMS.values() for w in ws}
    assert heads & words


def test_reorder_keeps_a_timeline_together() -> None:
    doc = Document(str(_present("calderdale-2021")))
    at = mm.action_tables(doc)[0]
    blocks = mm.column_blocks(at)
    assert blocks is not None
    assert [3, 4, 5, 6] in blocks  # Q1..Q4 under 'Timeline 2021/22' move as one
    mm.reorder_columns(doc, random.Random(1))
    head = [" ".join(mm._cell_text(tc).split()) for tc in mm.action_tables(doc)[0].rows[1].findall(mm.qn("w:tc"))]
    quarters = [t for t in head if t.startswith("Q")]
    assert quarters == ["Q1", "Q2", "Q3", "Q4"]


def test_unknown_transform_is_refused() -> None:
    with pytest.raises(SystemExit):
        mm.main(["--transforms", "no-such-thing", "--documents", "lewisham-2016"])
