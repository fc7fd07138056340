"""The Word extractor on the fixture plans and on small documents built here."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.docx import extract_docx
from extractors.errors import UnreadableDocument
from fixtures.docxkit import C, DocBuilder, Numbered

PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"


@pytest.fixture(scope="module")
def barnet():
    return extract(PLANS / "barnet-2017.docx")


def test_header_row_marked_to_repeat_is_reported(barnet):
    table = next(barnet.tables())
    assert table.header_rows == 1
    assert table.grid[0][2].text == "Action"


def test_group_row_spans_the_whole_table(barnet):
    table = next(barnet.tables())
    cell = table.grid[1][0]
    assert cell.text == "Objective 1:"
    assert cell.col_span == table.n_cols
    assert all(c is cell for c in table.grid[1])
    assert table.text_rows()[1][1:] == [""] * (table.n_cols - 1)


def test_numbered_items_inside_cells_keep_their_numbers(barnet):
    table = next(barnet.tables())
    action_cell = table.grid[2][2]
    labels = [p.list_label for p in action_cell.paragraphs]
    assert labels == [f"{k}." for k in range(1, len(labels) + 1)]
    assert action_cell.paragraphs[0].text.startswith("Implement the new governance")
    milestones = table.grid[2][3]
    assert milestones.paragraphs[0].list_label == "1."  # each cell's list restarts at 1


def test_vertical_merge_is_one_cell_over_several_rows(barnet):
    table = next(barnet.tables())
    merged = [(r, c) for r, row in enumerate(table.grid) for c, cell in enumerate(row)
              if cell.row_span > 1 and cell.is_origin_at(r, c)]
    assert merged, "the fixture merges a recommendation down several rows"
    r, c = merged[0]
    cell = table.grid[r][c]
    for k in range(cell.row_span):
        assert table.grid[r + k][c] is cell


def test_lettered_list_labels(barnet):
    table = next(barnet.tables())
    outcomes = table.grid[2][5]
    assert [p.list_label for p in outcomes.paragraphs][:3] == ["a)", "b)", "c)"]


def test_built_document_round_trip(tmp_path):
    d = DocBuilder()
    d.title("Test Improvement Plan")
    d.para("Intro")
    d.list(["first", "second"], "letter)")
    d.table(["Ref", "Action", "Lead"], [
        [C("Priority 2: Something", span=3, fill="FFC000")],
        [C("R1", vspan=2), Numbered(["Do a", "Do b"]), C("Police", fill="00B050")],
        [Numbered(["Do c"], start=3), "Chair\nManager"],
    ])
    path = tmp_path / "t.docx"
    d.save(path)
    doc = extract_docx(path)
    paras = list(doc.paragraphs())
    assert paras[0].heading_level == 1 and paras[0].text == "Test Improvement Plan"
    assert [p.list_label for p in paras if p.list_label] == ["a)", "b)"]
    t = next(doc.tables())
    assert t.grid[1][0].col_span == 3 and t.grid[1][0].fill == "FFC000"
    assert t.grid[2][0] is t.grid[3][0] and t.grid[2][0].row_span == 2
    assert [p.list_label for p in t.grid[3][1].paragraphs] == ["3."]
    assert t.grid[2][2].fill == "00B050"
    assert [p.text for p in t.grid[3][2].paragraphs] == ["Chair", "Manager"]


def test_superscript_ordinals_join_their_number(tmp_path):
    d = DocBuilder()
    d.table(["Action", "By when"], [["Do it", "28^th^ February 2016"]])
    path = tmp_path / "s.docx"
    d.save(path)
    t = next(extract_docx(path).tables())
    assert t.grid[1][1].text == "28th February 2016"


def _framed(tmp_path, frame_cols: int):
    """A box table of ``frame_cols`` columns whose second row holds a 3-column table."""
    d = DocBuilder()
    frame = d.doc.add_table(rows=3, cols=frame_cols)
    d._fill_cell(frame.cell(0, 0), "Priority 1: Early help", bold=True)
    d.table(["Action", "Lead", "By when"], [["Publish the strategy", "Chair", "May 2019"]], inside=frame.cell(1, 0))
    d._fill_cell(frame.cell(2, 0), "Measures of success: strategy in use")
    path = tmp_path / "framed.docx"
    d.save(path)
    return extract_docx(path)


def test_a_box_around_a_nested_table_is_read_as_the_blocks_it_frames(tmp_path):
    doc = _framed(tmp_path, 1)
    tables = list(doc.tables())
    assert len(tables) == 1 and tables[0].text_rows()[1] == ["Publish the strategy", "Chair", "May 2019"]
    texts = [b.text if not hasattr(b, "grid") else "<table>" for b in doc.blocks if getattr(b, "text", "x")]
    assert texts == ["Priority 1: Early help", "<table>", "Measures of success: strategy in use"]
    assert next(doc.paragraphs()).bold


def test_a_table_nested_in_a_cell_of_a_wide_table_stays_that_cell_s_text(tmp_path):
    doc = _framed(tmp_path, 3)
    tables = list(doc.tables())
    assert len(tables) == 1 and tables[0].n_cols == 3
    assert "Publish the strategy" in tables[0].grid[1][0].text


def test_corrupt_docx_is_a_named_error(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes((PLANS / "barnet-2017.docx").read_bytes()[:3000])
    with pytest.raises(UnreadableDocument) as err:
        extract(bad)
    assert "bad.docx" in str(err.value)
