"""extract_pdf on small PDFs exported from Word by LibreOffice (tests/data/pdf/, made by
make_pdfs.py there) and on the plan fixtures when they are present."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

from extractors.errors import EncryptedDocument, NoTextLayer, UnreadableDocument
from extractors.model import Paragraph, Table
from extractors.pdf import extract_pdf
from extractors.pdf_tables import find_tables

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "pdf"
PLANS = ROOT / "fixtures" / "plans"
GOLD = ROOT / "fixtures" / "gold"


def only_table(path: Path) -> Table:
    tables = list(extract_pdf(path).tables())
    assert len(tables) == 1
    return tables[0]


def origins(table: Table, r: int) -> list:
    return [c for j, c in enumerate(table.grid[r]) if c.is_origin_at(r, j)]


def test_numbered_and_bulleted_cells_become_list_paragraphs():
    table = only_table(DATA / "numbered_cells.pdf")
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert table.header_rows == 1  # bold first row
    actions = table.grid[1][1]
    assert [p.list_label for p in actions.paragraphs] == ["1.", "2.", "3."]
    assert actions.paragraphs[0].text == "Implement the new governance structure across all partner agencies."
    assert [p.list_label for p in table.grid[1][2].paragraphs] == ["a)", "b)", "c)"]
    assert [p.text for p in table.grid[1][2].paragraphs] == ["May 2024", "July 2024", "Sept 2024"]
    bullets = table.grid[2][1].paragraphs
    assert [p.list_label for p in bullets] == ["•", "•"]
    # a wrapped item is one paragraph, its lines joined by single spaces
    assert bullets[0].text == "Survey children and young people every year about the help they receive."
    assert table.grid[2][2].paragraphs[0].list_label == "(i)"
    assert table.grid[1][0].text == "Objective 1: governance"


def test_pages_are_set_on_cells_and_paragraphs():
    doc = extract_pdf(DATA / "numbered_cells.pdf")
    table = next(doc.tables())
    for row in table.grid:
        for cell in row:
            assert cell.page == 1
            assert all(p.page == 1 for p in cell.paragraphs)
    assert all(p.page == 1 for p in doc.paragraphs())


def test_superscript_stays_on_its_line():
    doc = extract_pdf(DATA / "numbered_cells.pdf")
    texts = [p.text for p in doc.paragraphs()]
    assert "Plan agreed on 28 th February 2024 by the Board." in texts


def test_shaded_cells_report_their_fill_and_a_merged_row_spans():
    table = only_table(DATA / "shaded_cells.pdf")
    assert [c.fill for c in table.grid[0]] == ["D9D9D9", "D9D9D9"]
    assert [table.grid[r][1].fill for r in (1, 2, 3)] == ["92D050", "FFC000", "FF0000"]
    assert table.grid[1][0].fill is None
    group = table.grid[4][0]
    assert group.col_span == 2 and group is table.grid[4][1]
    assert group.fill == "F2F2F2"
    assert group.text == "Objective 2: whole-row group heading"
    assert table.to_json()["rows"][4] == ["Objective 2: whole-row group heading", ""]


def test_row_split_by_a_page_break_is_rejoined_and_repeated_header_dropped():
    doc = extract_pdf(DATA / "continued_row.pdf")
    tables = list(doc.tables())
    assert len(tables) == 1
    table = tables[0]
    assert len(table.pages) >= 2
    rows = table.text_rows()
    assert [r[0] for r in rows] == ["Ref", "1.1", "2.1", "3.1", "4.1", "5.1", "6.1", "7.1"]
    assert table.header_rows == 1
    long_cell = table.grid[6][1]
    # the paragraph cut by each break is kept as its printed pieces, each with its page
    pieces = long_cell.paragraphs
    assert len(pieces) >= 2
    assert [p.page for p in pieces] == list(range(pieces[0].page, pieces[0].page + len(pieces)))
    text = " ".join(p.text for p in pieces)
    assert text.startswith("Long action sentence 0 of the long action")
    assert text.endswith("sentence 29 of the long action that carries on over the page break, and ends here.")
    assert text.count("sentence") == 30
    # a cell's page is the page it starts on
    pages = {c.page for row in table.grid for c in row}
    assert pages <= set(table.pages) and min(pages) == 1
    assert table.grid[7][0].page == table.pages[-1]


def test_landscape_table_over_pages_with_running_header_and_page_numbers_dropped():
    doc = extract_pdf(DATA / "landscape_repeat_header.pdf")
    assert doc.page_count == 3
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    title = doc.blocks[0]
    assert isinstance(title, Paragraph) and title.text == "Improvement Plan 2024"
    assert title.heading_level == 1 and title.bold
    table = doc.blocks[2]
    assert isinstance(table, Table)
    assert table.pages == [1, 2, 3]
    rows = table.text_rows()
    assert rows[0] == ["Ref", "Action", "Lead", "Due", "RAG"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 15)]
    texts = list(doc.all_text())
    assert not any(re.search(r"Page \d+ of \d+", t) for t in texts)
    assert "Safeguarding Board Improvement Plan 2024" not in texts


def test_table_cut_off_by_the_page_side_keeps_its_outer_column():
    # the first column lies mostly left of the page: its rulings and shading are clipped at the
    # page's side, its text is not
    with pdfplumber.open(DATA / "wide_table.pdf") as pdf:
        assert min(c["x0"] for c in pdf.pages[0].chars) < 0  # the premise: text off the page
    table = only_table(DATA / "wide_table.pdf")
    assert table.n_cols == 3
    assert [r[0] for r in table.text_rows()] == [
        "Recommendation source", "Ofsted recommendation 5 and review 2", "Ofsted comment paragraph 11",
        "Review recommendation 7",
    ]
    assert [len(table.grid[r][0].paragraphs) for r in range(4)] == [1, 1, 1, 1]
    assert table.grid[0][0].fill == "D9D9D9"  # the shading is carried on with the table
    assert table.header_rows == 1


def test_words_broken_by_narrow_columns_are_whole_again():
    table = only_table(DATA / "narrow_columns.pdf")
    rows = table.text_rows()
    # "No" / "." and "RA" / "G", "Amb" / "er": a word too wide for its cell is broken by the
    # layout; it is one word when the document uses it whole elsewhere (the key above the
    # table) or the rest is closing punctuation or digits
    assert rows[0] == ["No.", "Action", "Lead", "Due", "RAG"]
    assert [r[4] for r in rows[1:]] == ["Amber", "Green", "Red"]
    assert rows[1][3] == "31/01/2024"
    assert rows[2][2] == "Commissioning Manager"
    # a compound wrapped after its hyphen keeps the hyphen and no space
    assert rows[1][2].endswith("Commissioning Sub-group")
    # a word the document never uses whole is one word when a part is a lone letter that is
    # no word ("Monthl" / "y"); two words are left apart (test_pdf_tables covers that)
    assert rows[3][3] == "Monthly"


def test_a_line_that_had_room_for_the_next_word_ends_its_paragraph():
    table = only_table(DATA / "narrow_columns.pdf")
    assert [p.text for p in table.grid[1][1].paragraphs] == [
        "Explore a system", "Audit walk-in centres using the London audit tool",
    ]
    # wrapped lines of one paragraph stay one paragraph
    assert [p.text for p in table.grid[2][1].paragraphs] == ["Train designated leads in every school"]


def test_numbered_paragraphs_with_hanging_indent_and_field_lines_are_separate():
    doc = extract_pdf(DATA / "paragraph_plan.pdf")
    texts = [p.text for p in doc.paragraphs()]
    assert texts[1:] == [
        "1.1 Agree a joint protocol for screening police notifications in the hub, so that all notifications "
        "are screened within a day.",
        "Lead: Police and Service Manager", "Timescale: December 2024",
        "1.2 Ensure health partners in the hub can see maternity records for every notification.",
        "Lead: Designated Nurse", "Timescale: March 2025",
        "1.3 Audit thirty notifications each quarter.", "Lead: Head of Quality Assurance", "Timescale: Quarterly",
    ]


def test_first_column_wrapping_onto_capitals_stays_one_row():
    # "Southwark NHS" / "Primary Care Trust," / "Guy's and St Thomas'" ...: each line of the
    # first column starts with a capital, but its first word could not have fitted on the line
    # above, so the text wrapped: one row, not one per line
    table = list(extract_pdf(DATA / "capital_wraps.pdf").tables())[0]
    assert [r[0] for r in table.text_rows()] == [
        "Partner",
        "Southwark NHS Primary Care Trust, Guy's and St Thomas' Foundation Hospital and Kings College Hospital",
        "Greenwich NHS Primary Care Trust and South London NHS Trust",
        "Lewisham Clinical Commissioning Group",
    ]
    assert [r[2] for r in table.text_rows()[1:]] == ["Director of Commissioning", "Designated Nurse", "Designated Doctor"]


def test_row_split_by_a_page_break_is_rejoined_when_its_rest_starts_with_a_capital():
    # the last row's first cell runs on to the next page with "Unit CSE Panel Members": the only
    # text of the row there, and a word that could not have fitted on the cell's last line
    tables = list(extract_pdf(DATA / "capital_wraps.pdf").tables())
    assert len(tables) == 2
    table = tables[1]
    assert table.pages == [1, 2]
    assert table.n_rows == 15
    last = table.text_rows()[-2:]
    assert last[0][0].startswith("Lewisham and Greenwich NHS Trust")
    assert last[0][0].endswith("Basic Command\nUnit CSE Panel Members")  # a paragraph per page
    assert last[0][1:] == ["Agree the information sharing protocol.", "CSE Panel chair"]
    assert last[1] == ["Final partner", "Publish the annual report.", "Board manager"]


def test_first_column_cell_merged_down_over_a_page_break_spans_its_rows():
    # the area cell is merged over actions 20 and 21; action 21 moved to the next page and the
    # area's text goes on there in lower case, where the rest of the row starts afresh
    table = only_table(DATA / "merged_key_break.pdf")
    area = table.grid[20][0]
    assert table.grid[21][0] is area and (area.row, area.row_span) == (20, 2)
    assert area.text.startswith("The voice of children at risk of harm from")
    assert area.text.endswith("the decisions taken in those meetings.")
    assert [p.page for p in area.paragraphs] == [1, 2]
    assert [table.grid[r][1].text for r in (20, 21)] == ["20", "21"]
    assert table.grid[21][2].text.startswith("Commission young people")


def test_find_tables_works_on_a_pdfplumber_page():
    with pdfplumber.open(DATA / "shaded_cells.pdf") as pdf:
        tables = find_tables(pdf.pages[0])
    assert len(tables) == 1
    assert tables[0].to_json()["rows"][1] == ["Audit referrals", "Green"]
    assert tables[0].pages == [1]


def test_no_table_found_in_running_text():
    doc = extract_pdf(DATA / "landscape_repeat_header.pdf")
    assert sum(1 for _ in doc.tables()) == 1


def test_broken_file_is_unreadable(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n")
    with pytest.raises(UnreadableDocument):
        extract_pdf(bad)
    notpdf = tmp_path / "notes.pdf"
    notpdf.write_text("just some text, not a PDF")
    with pytest.raises(UnreadableDocument):
        extract_pdf(notpdf)


def test_password_protected_pdf_says_it_needs_a_password():
    with pytest.raises(EncryptedDocument) as err:
        extract_pdf(DATA / "encrypted.pdf")
    assert "password" in str(err.value)


def test_image_only_pdf_has_no_text_layer():
    with pytest.raises(NoTextLayer) as err:
        extract_pdf(DATA / "image_only.pdf")
    assert "OCR" in str(err.value)


# --- the plan fixtures (made by the fixtures' own generator) -------------------------------

needs_plans = pytest.mark.skipif(not (PLANS / "barnet-2017.pdf").exists(), reason="plan fixtures not present")


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


@needs_plans
def test_barnet_action_table_spans_pages_with_group_rows_and_numbered_cells():
    doc = extract_pdf(PLANS / "barnet-2017.pdf")
    tables = list(doc.tables())
    assert len(tables) == 1
    table = tables[0]
    assert table.pages == [4, 5, 6, 7, 8, 9]
    assert table.n_cols == 7
    groups = [r for r, row in enumerate(table.grid) if row[0].col_span == 7 and row[0].is_origin_at(r, 0)]
    assert [table.grid[r][0].text for r in groups][:3] == ["Objective 1:", "Objective 2", "Objective 3"]
    assert all(table.grid[r][0].fill == "F2F2F2" for r in groups)
    action = table.grid[2][2]
    assert action.paragraphs[0].list_label == "1."
    assert action.paragraphs[0].text.startswith("Implement the new governance and partnership")
    # prose outside the table: a nested hollow-bullet list one level in
    nested = [p for p in doc.paragraphs() if p.list_label == "o"]
    assert nested and all(p.list_level == 1 for p in nested)
    assert all(p.list_level == 0 for p in doc.paragraphs() if p.list_label == "•")
    # the header was printed again on every page but is kept once
    header = [c.text for c in origins(table, 0)]
    assert sum(1 for r in range(table.n_rows) if [c.text for c in origins(table, r)] == header) == 1


@needs_plans
def test_kingston_rows_split_by_page_breaks_are_whole_again():
    table = next(extract_pdf(PLANS / "kingston-2009.pdf").tables())
    keys = [row[0].text for r, row in enumerate(table.grid) if row[0].is_origin_at(r, 0)]
    assert keys[0] == "Objectives"
    numbered = [k for k in keys[1:] if re.match(r"\d+\. ", k)]
    assert len(numbered) == len(keys) - 1 == 16  # no stray tail rows
    assert not any(k[:1].islower() for k in keys)


@needs_plans
def test_borderless_plan_table_is_found():
    doc = extract_pdf(PLANS / "cumbria-2016.pdf")
    tables = list(doc.tables())
    assert len(tables) == 1
    table = tables[0]
    assert table.text_rows()[0] == ["What we will do", "Who will lead", "By when", "How we will know"]
    heading = table.grid[1][0]
    assert heading.col_span == 4 and heading.text.startswith("Priority 1: Early help")
    assert [p.list_label for p in table.grid[2][0].paragraphs] == ["•", "•", "•"]


@needs_plans
def test_gold_action_texts_are_found_in_the_extracted_text():
    found = total = 0
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pdf = PLANS / f"{gold['document']}.pdf"
        if not pdf.exists():
            continue
        # paragraphs in document order: a paragraph cut by a page break reads on into the next
        text = " ".join(_norm(t) for t in extract_pdf(pdf).all_text())
        for action in gold["actions"]:
            total += 1
            found += _norm(action["action"]) in text
    assert total > 100
    assert found / total >= 0.95


def test_pdfminer_debug_calls_are_silenced_only_while_reading(caplog):
    import logging

    import pdfminer.psparser as psparser

    from extractors.pdf import _pages

    real = psparser.log
    pages = _pages(DATA / "shaded_cells.pdf", None)
    next(pages)
    assert psparser.log is not real  # reading: a stand-in whose debug does nothing
    assert psparser.log.debug("nexttoken: %r", b"x") == ""
    assert psparser.log.isEnabledFor(logging.WARNING) == real.isEnabledFor(logging.WARNING)
    list(pages)
    assert psparser.log is real  # put back when the reading ends
    # a logger enabled for debug output keeps its debug calls
    with caplog.at_level(logging.DEBUG, logger="pdfminer.psparser"):
        extract_pdf(DATA / "shaded_cells.pdf")
    assert psparser.log is real
    assert any(r.name == "pdfminer.psparser" and r.levelno == logging.DEBUG for r in caplog.records)


@needs_plans
def test_borderless_numbered_cells_keep_their_column_and_rows_stay_whole():
    # "Who" holds "1. MS / 2. CH ..." beside an unnumbered "AO/MS": the numbers and the tab
    # after them are no column. The Objective "3.1 Learning from / Safeguarding Adults Reviews
    # ..." wraps onto a capital while the other cells carry on: one row, not two.
    table = list(extract_pdf(PLANS / "hertfordshire-2021-borderless.pdf").tables())[1]
    assert table.n_cols == 5 and table.pages == [3, 4, 5]
    rows = {row[0].split()[0]: row for row in table.text_rows()[1:] if row[0][:1].isdigit()}
    assert list(rows) == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]
    assert rows["3.1"][0] == "3.1 Learning from Safeguarding Adults Reviews changes practice"
    assert rows["3.1"][3] == "1. MS\n2. CH\n3. JB/MS\n4. AO/LW"
    assert rows["2.2"][3] == "AO/MS"
    assert rows["4.2"][0] == "4.2 The voice of people with lived experience shapes the Board's work"
    assert rows["4.2"][3] == "CH / Healthwatch Hertfordshire"


@needs_plans
def test_borderless_cell_merged_down_over_a_page_break_keeps_its_last_line():
    # recommendation 2 is merged down beside actions 2.1-2.3 and its last line ("they are
    # needed.") is printed on the next page, level with action 2.2 which starts afresh
    table = list(extract_pdf(PLANS / "wolverhampton-2020-borderless.pdf").tables())[1]
    refs = [row[0] for row in table.text_rows()]
    r = refs.index("2.1")
    rec = table.grid[r][1]
    assert rec.text.endswith("using communication aids where\nthey are needed.")
    assert [p.page for p in rec.paragraphs] == [3, 4]
    assert table.grid[r + 1][1] is rec
    assert table.grid[r + 1][2].text.startswith("Provide training on communication aids")


@needs_plans
def test_last_row_split_over_a_page_with_no_header_repeated_is_whole_again():
    # the last row runs on to the next page (its action, lead, date and status), three lines at
    # the page's top in the table's columns: too few for a table of their own, they are the
    # rest of that row, not paragraphs
    doc = extract_pdf(PLANS / "cheshire-east-2019.pdf")
    tables = list(doc.tables())
    assert len(tables) == 1
    table = tables[0]
    assert table.pages == [2, 3]
    last = [c.text for c in origins(table, table.n_rows - 1)]
    assert last[0] == "4"
    assert last[1] == "Train school nurses and pastoral staff to\nuse the neglect screening tool"
    assert last[2] == "Dawn Price,\nNamed Nurse Safeguarding Children"
    assert not any("neglect screening" in p.text or p.text == "Children" for p in doc.paragraphs())
