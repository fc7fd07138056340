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


# ---- Word XML that published plans carry (documents edited by several officers) ----------------
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
}


def _raw_docx(tmp_path, body_xml: str):
    """A Word document whose body is ``body_xml`` (WordprocessingML, prefixes of _NS), read back."""
    from docx import Document as new_document
    from docx.oxml import parse_xml

    document = new_document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    decls = " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())
    fragment = parse_xml(f'<w:body {decls} mc:Ignorable="w14 w15">{body_xml}</w:body>')
    sect = body[-1] if len(body) else None
    for child in list(fragment):
        if sect is not None:
            sect.addprevious(child)
        else:
            body.append(child)
    path = tmp_path / "raw.docx"
    document.save(str(path))
    return extract_docx(path)


def _p(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def _r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _tc(inner: str, tcpr: str = "") -> str:
    return f'<w:tc>{f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else ""}{inner or _p("")}</w:tc>'


def _tbl(rows: str, cols: int = 3) -> str:
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in range(cols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs()]


def test_tracked_insertions_are_read_and_deletions_are_not(tmp_path):
    doc = _raw_docx(tmp_path, _p(
        _r("Review the ")
        + '<w:del w:id="1" w:author="A"><w:r><w:delText>old </w:delText></w:r></w:del>'
        + '<w:ins w:id="2" w:author="B">' + _r("revised ") + "</w:ins>"
        + _r("threshold document")
        + '<w:moveFrom w:id="3" w:author="A">' + _r(" by May") + "</w:moveFrom>"
        + '<w:moveTo w:id="4" w:author="A">' + _r(" (moved)") + "</w:moveTo>"
    ))
    assert _texts(doc) == ["Review the revised threshold document (moved)"]


def test_a_row_deleted_with_tracking_on_is_gone_and_an_inserted_row_stays(tmp_path):
    row = lambda a, trpr="": f'<w:tr>{f"<w:trPr>{trpr}</w:trPr>" if trpr else ""}{_tc(_p(_r(a)))}{_tc(_p(_r("Chair")))}</w:tr>'  # noqa: E731
    doc = _raw_docx(tmp_path, _tbl(
        row("Action") + row("Keep this", "") + row("Dropped action", '<w:del w:id="5" w:author="A"/>')
        + row("Added action", '<w:ins w:id="6" w:author="B"/>'), cols=2))
    t = next(doc.tables())
    assert [r[0] for r in t.text_rows()] == ["Action", "Keep this", "Added action"]


def test_hyperlinks_smart_tags_and_custom_xml_wrap_runs_that_are_read(tmp_path):
    doc = _raw_docx(tmp_path, _p(
        _r("See ")
        + '<w:hyperlink r:id="rId99" w:history="1">' + _r("Working Together 2018", '<w:rStyle w:val="Hyperlink"/>') + "</w:hyperlink>"
        + _r(" and ")
        + '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="date">' + _r("31 March 2019") + "</w:smartTag>"
        + '<w:customXml w:element="lead">' + _r(" (LSCB)") + "</w:customXml>"
    ))
    assert _texts(doc) == ["See Working Together 2018 and 31 March 2019 (LSCB)"]


def test_content_controls_around_runs_cells_rows_and_tables(tmp_path):
    sdt = lambda inner, pr="": f"<w:sdt><w:sdtPr>{pr}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"  # noqa: E731
    placeholder = '<w:showingPlcHdr/><w:date><w:dateFormat w:val="dd/MM/yyyy"/></w:date>'
    rows = (
        "<w:tr>" + _tc(_p(_r("Action"))) + _tc(_p(_r("Lead"))) + _tc(_p(_r("By when"))) + "</w:tr>"
        + "<w:tr>" + _tc(_p(_r("Audit ") + sdt(_r("case files")))) + sdt(_tc(_p(_r("Police")))) + _tc(_p(sdt(_r("30/09/2019")))) + "</w:tr>"
        + sdt("<w:tr>" + _tc(_p(_r("Train staff"))) + _tc(_p(_r("LA")))
              + _tc(_p(sdt(_r("Click or tap to enter a date."), placeholder))) + "</w:tr>",
              "<w15:repeatingSectionItem/>")
    )
    doc = _raw_docx(tmp_path, sdt(_tbl(rows)) + sdt(_p(_r("After the table"))))
    t = next(doc.tables())
    assert t.text_rows() == [["Action", "Lead", "By when"], ["Audit case files", "Police", "30/09/2019"], ["Train staff", "LA", ""]]
    assert _texts(doc) == ["After the table"]


def test_field_results_are_read_and_field_codes_are_not(tmp_path):
    doc = _raw_docx(tmp_path, _p(
        _r("Report ")
        + '<w:fldSimple w:instr=" REF _Ref1 \\h "><w:r><w:t>3.2</w:t></w:r></w:fldSimple>'
        + _r(" see ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://x.org" </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("the procedures") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "d MMMM yyyy" </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    ))
    assert _texts(doc) == ["Report 3.2 see the procedures"]


def test_rows_with_fewer_cells_than_the_grid_keep_their_columns(tmp_path):
    rows = (
        "<w:tr>" + _tc(_p(_r("Ref"))) + _tc(_p(_r("Action"))) + _tc(_p(_r("Lead"))) + "</w:tr>"
        + '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:wBefore w:w="2000" w:type="dxa"/></w:trPr>'
        + _tc(_p(_r("Indented action"))) + _tc(_p(_r("Chair"))) + "</w:tr>"
        + '<w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>' + _tc(_p(_r("1.2"))) + _tc(_p(_r("Short row"))) + "</w:tr>"
    )
    t = next(_raw_docx(tmp_path, _tbl(rows)).tables())
    assert t.text_rows() == [["Ref", "Action", "Lead"], ["", "Indented action", "Chair"], ["1.2", "Short row", ""]]


def test_a_vertical_merge_restarting_in_the_same_column_opens_a_new_cell(tmp_path):
    vm = lambda v: f'<w:vMerge w:val="{v}"/>' if v else "<w:vMerge/>"  # noqa: E731
    rows = (
        "<w:tr>" + _tc(_p(_r("Priority"))) + _tc(_p(_r("Action"))) + "</w:tr>"
        + "<w:tr>" + _tc(_p(_r("P1")), vm("restart")) + _tc(_p(_r("a"))) + "</w:tr>"
        + "<w:tr>" + _tc("", vm("")) + _tc(_p(_r("b"))) + "</w:tr>"
        + "<w:tr>" + _tc(_p(_r("P2")), vm("restart")) + _tc(_p(_r("c"))) + "</w:tr>"
        + "<w:tr>" + _tc("", vm("")) + _tc(_p(_r("d"))) + "</w:tr>"
        + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + _tc(_p(_r("e"))) + "</w:tr>"
    )
    t = next(_raw_docx(tmp_path, _tbl(rows, cols=2)).tables())
    assert t.grid[1][0] is t.grid[2][0] and t.grid[1][0].text == "P1" and t.grid[1][0].row_span == 2
    assert t.grid[3][0] is t.grid[4][0] and t.grid[3][0].text == "P2" and t.grid[3][0].row_span == 2
    assert t.grid[5][0].text == "" and t.grid[5][0] is not t.grid[4][0]


def _textbox(text: str) -> str:
    """A text box as Word 2010+ saves it: a DrawingML shape, with a VML copy as the fallback."""
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:docPr id=\"1\" name=\"Text Box 1\"/>"
        "<a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp>"
        f"<wps:txbx><w:txbxContent>{_p(_r(text))}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{_p(_r(text))}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_a_text_box_is_read_once_as_its_own_paragraphs_after_its_anchor(tmp_path):
    doc = _raw_docx(tmp_path, _p(_r("Priority 1: Early help") + _textbox("Key: SK = Stephen Kitchman")) + _p(_r("Next")))
    assert _texts(doc) == ["Priority 1: Early help", "Key: SK = Stephen Kitchman", "Next"]
    cell = _raw_docx(tmp_path, _tbl("<w:tr>" + _tc(_p(_r("Audit") + _textbox("New"))) + "</w:tr>", cols=1))
    assert [p.text for p in next(cell.tables()).grid[0][0].paragraphs] == ["Audit", "New"]


def test_alternate_content_reads_one_branch(tmp_path):
    doc = _raw_docx(tmp_path, _p(
        _r("Tick: ")
        + '<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>\u2713</w:t></w:r></mc:Choice>'
        + "<mc:Fallback><w:r><w:t>v</w:t></w:r></mc:Fallback></mc:AlternateContent>"
    ))
    assert _texts(doc) == ["Tick: \u2713"]


def test_footnote_comment_and_hidden_marks_add_no_text(tmp_path):
    doc = _raw_docx(tmp_path, _p(
        _r("Ofsted report")
        + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        + '<w:commentRangeStart w:id="0"/>' + _r(" para 42") + '<w:commentRangeEnd w:id="0"/>'
        + '<w:r><w:commentReference w:id="0"/></w:r>'
        + _r(" (draft wording)", "<w:vanish/>")
    ))
    assert _texts(doc) == ["Ofsted report para 42"]


def test_hyphens_tabs_and_breaks_inside_cells(tmp_path):
    cell = _p(
        _r("Multi") + "<w:r><w:softHyphen/></w:r>" + _r("agency") + "<w:r><w:noBreakHyphen/></w:r>" + _r("working")
        + _r(" co\u00adordinate") + "<w:r><w:tab/></w:r>" + _r("now")
        + '<w:r><w:br/></w:r>' + _r("Head of Service") + '<w:r><w:br w:type="textWrapping"/></w:r>' + _r("Police")
    )
    ppr_tabs = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/><w:tab w:val="left" w:pos="1440"/></w:tabs></w:pPr>'
    t = next(_raw_docx(tmp_path, _tbl("<w:tr>" + _tc(cell) + _tc(_p(ppr_tabs + _r("Q1"))) + "</w:tr>", cols=2)).tables())
    assert t.grid[0][0].text == "Multiagency-working coordinate now\nHead of Service\nPolice"
    assert t.grid[0][1].text == "Q1"


def test_symbol_characters_are_read_as_the_mark_they_print(tmp_path):
    sym = lambda font, char: f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>'  # noqa: E731
    rows = "<w:tr>" + _tc(_p(sym("Wingdings", "F0FC"))) + _tc(_p(sym("Wingdings 2", "F050"))) + _tc(
        _p(_r("\u00fc", '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>'))) + "</w:tr>"
    t = next(_raw_docx(tmp_path, _tbl(rows)).tables())
    assert t.text_rows() == [["\u2713", "\u2713", "\u2713"]]


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next(tmp_path):
    doc = _raw_docx(tmp_path,
                    '<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="A"/></w:rPr></w:pPr>' + _r("Publish the") + "</w:p>"
                    + _p(_r(" strategy")) + _p(_r("Then")))
    assert _texts(doc) == ["Publish the strategy", "Then"]


def test_an_empty_numbered_paragraph_shows_and_counts_its_number(tmp_path):
    # a table's number column: each cell one empty paragraph of ONE Word list running on
    # through the rows (and the tables), as Word prints it: 1., 2., 3.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = DocBuilder()
    d.table(["No.", "Action"], [["", "First"], ["", "Second"]])
    d.table(["No.", "Action"], [["", "Third"]])
    num_id = d._new_num("decimal", 1)
    for table in d.doc.tables:
        for row in table.rows[1:]:
            ppr = row.cells[0].paragraphs[0]._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            for tag, val in (("w:ilvl", "0"), ("w:numId", str(num_id))):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                numpr.append(el)
            ppr.append(numpr)
    path = tmp_path / "n.docx"
    d.save(path)
    tables = list(extract_docx(path).tables())
    cells = [t.grid[r][0] for t in tables for r in range(1, len(t.grid))]
    assert [c.text for c in cells] == ["1.", "2.", "3."]
