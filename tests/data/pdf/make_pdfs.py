"""Make the small PDFs the PDF extractor tests read: Word documents built with python-docx,
exported by LibreOffice as plan documents are.

    python tests/data/pdf/make_pdfs.py [NAME ...]   (needs soffice on PATH; NAME: remake only these)

The PDFs are committed, so the tests themselves need neither python-docx nor LibreOffice.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
            run._r.append(el)
        else:
            run._r.append(_text(text))


def _text(text: str):
    el = OxmlElement("w:t")
    el.text = text
    return el


def _footer_page_x_of_y(doc) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.add_run("Page ")
    _field(p, "PAGE")
    p.add_run(" of ")
    _field(p, "NUMPAGES")
    doc.sections[0].header.paragraphs[0].text = "Safeguarding Board Improvement Plan 2024"


def _hanging(paragraph, left_cm: float = 0.6) -> None:
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(left_cm)
    fmt.first_line_indent = Cm(-left_cm)


def _cell_items(cell, items: list[str], labels: list[str]) -> None:
    cell.paragraphs[0].text = ""
    for k, (label, text) in enumerate(zip(labels, items)):
        p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        p.add_run(f"{label}\t{text}")
        _hanging(p)


def _table(doc, header: list[str], widths: list[float]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text, w in zip(t.rows[0].cells, header, widths):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        cell.width = Cm(w)
    return t


def _widths(table, widths: list[float]) -> None:
    """Give the grid and every cell the same widths (LibreOffice wraps text at a cell's own
    width but draws the grid's)."""
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)


def continued_row(path: Path) -> None:
    doc = Document()
    doc.add_heading("Action plan", level=1)
    doc.add_paragraph("The actions below run over a page break; the last row is split by it.")
    t = _table(doc, ["Ref", "Action", "Lead"], [2, 11, 4])
    _repeat_header(t.rows[0])
    filler = " ".join(["Partners will review the referral pathway and report progress to the Board."] * 3)
    for i in range(1, 6):
        row = t.add_row().cells
        row[0].text, row[1].text, row[2].text = f"{i}.1", f"Action {i}: {filler}", "Board manager"
    row = t.add_row().cells
    long_text = " ".join(f"sentence {k} of the long action that carries on over the page break," for k in range(30))
    row[0].text, row[1].text, row[2].text = "6.1", "Long action " + long_text + " and ends here.", "Chair"
    row = t.add_row().cells
    row[0].text, row[1].text, row[2].text = "7.1", "Final action after the break.", "Chair"
    doc.save(path)


def numbered_cells(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Objectives and actions")
    p = doc.add_paragraph("Plan agreed on 28")
    p.add_run("th").font.superscript = True
    p.add_run(" February 2024 by the Board.")
    t = _table(doc, ["Objective", "Actions", "Milestones"], [4, 9, 4])
    row = t.add_row().cells
    row[0].text = "Objective 1: governance"
    _cell_items(row[1], ["Implement the new governance structure across all partner agencies.",
                         "Review the terms of reference.", "Publish the annual report."], ["1.", "2.", "3."])
    _cell_items(row[2], ["May 2024", "July 2024", "Sept 2024"], ["a)", "b)", "c)"])
    row = t.add_row().cells
    row[0].text = "Objective 2: voice of the child"
    _cell_items(row[1], ["Survey children and young people every year about the help they receive.",
                         "Feed the findings back to practitioners."], ["•", "•"])
    _cell_items(row[2], ["Quarterly"], ["(i)"])
    doc.save(path)


def shaded_cells(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("RAG status")
    t = _table(doc, ["Action", "Status"], [10, 4])
    for cell in t.rows[0].cells:
        _shade(cell, "D9D9D9")
    for text, status, fill in (("Audit referrals", "Green", "92D050"), ("Train staff", "Amber", "FFC000"),
                               ("Publish guidance", "Red", "FF0000")):
        row = t.add_row().cells
        row[0].text, row[1].text = text, status
        _shade(row[1], fill)
    row = t.add_row().cells
    merged = row[0].merge(row[1])
    merged.text = "Objective 2: whole-row group heading"
    _shade(merged, "F2F2F2")
    row = t.add_row().cells
    row[0].text, row[1].text = "Review policy", "Green"
    doc.save(path)


def landscape_repeat_header(path: Path) -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    _footer_page_x_of_y(doc)
    title = doc.add_paragraph()
    run = title.add_run("Improvement Plan 2024")
    run.bold = True
    run.font.size = Pt(20)
    doc.add_paragraph("This plan sets out the actions partners will take. It is reviewed every quarter.")
    t = _table(doc, ["Ref", "Action", "Lead", "Due", "RAG"], [2, 12, 5, 3, 2])
    _repeat_header(t.rows[0])
    for i in range(1, 15):
        row = t.add_row().cells
        row[0].text = f"{i}"
        row[1].text = f"Action number {i}: partners agree and deliver the improvement in practice."
        row[2].text = "Head of Service"
        row[3].text = f"{(i % 12) + 1:02d}/2024"
        row[4].text = "G"
    doc.add_paragraph("End of plan.")
    doc.save(path)


def _indent_table(table, cm: float) -> None:
    """Shift a table sideways (a negative indent pushes it off the page's left side)."""
    tbl_pr = table._tbl.tblPr
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(cm * 567)))
    ind.set(qn("w:type"), "dxa")
    tbl_pr.append(ind)


def wide_table(path: Path) -> None:
    """A table wider than the page, shifted off its left side: LibreOffice clips its rulings and
    shading at the page edge but keeps the text of lines that reach onto the page."""
    doc = Document()
    doc.add_paragraph("Improvement plan: the table runs off the left side of the page.")
    t = _table(doc, ["Recommendation source", "Action", "Lead"], [4.5, 9, 4])
    _indent_table(t, -4.5)
    _shade(t.rows[0].cells[0], "D9D9D9")
    _shade(t.rows[0].cells[1], "D9D9D9")
    rows = [("Ofsted recommendation 5 and review 2", "Agree the protocol for sharing police notifications.", "Police"),
            ("Ofsted comment paragraph 11", "Publish the business plan with outcomes for children.", "Chair"),
            ("Review recommendation 7", "Set up the scrutiny group and report to the Board.", "Manager")]
    for src, action, lead in rows:
        row = t.add_row().cells
        row[0].text, row[1].text, row[2].text = src, action, lead
    doc.save(path)


def narrow_columns(path: Path) -> None:
    """Columns too narrow for their words: the layout breaks a word that does not fit on a line
    of its own ("Amb" "er"), wraps a compound after its hyphen ("Sub-" "group"), and a header
    "No." loses its full stop to the next line. A cell of two paragraphs, the first ending
    short of the cell's side."""
    doc = Document()
    doc.add_paragraph("Key: RAG is Red, Amber or Green. Leads are named by their role in the partnership; "
                      "commissioning leads are due by 31/01/2024.")
    widths = [1.0, 7, 2.4, 2.0, 1.3]
    t = _table(doc, ["No.", "Action", "Lead", "Due", "RAG"], widths)
    t.autofit = False
    rows = [
        ("1", ["Explore a system", "Audit walk-in centres using the London audit tool"],
         "Performance and Commissioning Sub-group", "31/01/2024", "Amber"),
        ("2", ["Train designated leads in every school"], "Commissioning Manager", "Q3 2023/24", "Green"),
        ("3", ["Add exploitation flags to health records"], "Designated Nurse", "Monthly", "Red"),
    ]
    for no, paras, lead, due, rag in rows:
        row = t.add_row().cells
        row[0].text = no
        row[1].text = paras[0]
        for extra in paras[1:]:
            row[1].add_paragraph(extra)
        row[2].text, row[3].text, row[4].text = lead, due, rag
    for col, w in zip(t.columns, widths):
        col.width = Cm(w)  # the grid's widths are what LibreOffice lays out by
    for row in t.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)
    doc.save(path)


def paragraph_plan(path: Path) -> None:
    """A plan written as numbered paragraphs with a hanging indent, each followed by "Lead:" and
    "Timescale:" paragraphs set at the indent, with no space between paragraphs."""
    doc = Document()
    doc.add_paragraph("Recommendation 1: improve information sharing at the front door")
    items = [
        ("1.1", "Agree a joint protocol for screening police notifications in the hub, so that all "
                "notifications are screened within a day.", "Police and Service Manager", "December 2024"),
        ("1.2", "Ensure health partners in the hub can see maternity records for every notification.",
         "Designated Nurse", "March 2025"),
        ("1.3", "Audit thirty notifications each quarter.", "Head of Quality Assurance", "Quarterly"),
    ]
    for ref, text, lead, when in items:
        p = doc.add_paragraph(f"{ref}\t{text}")
        _hanging(p, 1.0)
        p.paragraph_format.space_after = Pt(0)
        for label, value in (("Lead:", lead), ("Timescale:", when)):
            q = doc.add_paragraph()
            q.paragraph_format.left_indent = Cm(1.0)
            q.paragraph_format.space_after = Pt(0)
            q.add_run(label + " ").bold = True
            q.add_run(value)
    doc.save(path)


def capital_wraps(path: Path) -> None:
    """Ruled rows whose first column wraps onto lines starting with capitals (names of bodies),
    few rows to a page; then a table where, at a page break, a row's only text on the new page
    is the rest of its first cell, starting with a capital."""
    doc = Document()
    doc.add_paragraph("Health partners' actions")
    t = _table(doc, ["Partner", "Action", "Lead"], [3.2, 9, 4])
    rows = [
        ("Southwark NHS Primary Care Trust, Guy's and St Thomas' Foundation Hospital and Kings College Hospital",
         "Explore a live notification system between health and social care.", "Director of Commissioning"),
        ("Greenwich NHS Primary Care Trust and South London NHS Trust", "Audit the walk-in centres.", "Designated Nurse"),
        ("Lewisham Clinical Commissioning Group", "Publish the audit.", "Designated Doctor"),
    ]
    for src, action, lead in rows:
        row = t.add_row().cells
        row[0].text, row[1].text, row[2].text = src, action, lead
    _widths(t, [3.2, 9, 4])
    doc.add_paragraph("Other partners")
    t = _table(doc, ["Partner", "Action", "Lead"], [3.2, 9, 4])
    for i in range(12):
        row = t.add_row().cells
        row[0].text, row[1].text, row[2].text = f"Partner {i + 1}", "Review the referral pathway and report.", "Manager"
    row = t.add_row().cells
    row[0].text = ("Lewisham and Greenwich NHS Trust Oxleas NHS Foundation Trust Metropolitan Police Service "
                   "South East Basic Command Unit CSE Panel Members")
    row[1].text, row[2].text = "Agree the information sharing protocol.", "CSE Panel chair"
    row = t.add_row().cells
    row[0].text, row[1].text, row[2].text = "Final partner", "Publish the annual report.", "Board manager"
    _widths(t, [3.2, 9, 4])
    doc.save(path)


def merged_key_break(path: Path) -> None:
    """An area cell merged down over two action rows, the page break falling between the rows:
    the area's text goes on at the top of the next page ("... evident in" / "plans and ...")."""
    doc = Document()
    doc.add_paragraph("Action plan")
    t = _table(doc, ["Area for improvement", "No.", "Action", "Lead"], [5, 1.2, 7, 4])
    _repeat_header(t.rows[0])
    for i in range(1, 20):
        row = t.add_row().cells
        row[0].text, row[1].text = f"Area {i}", str(i)
        row[2].text, row[3].text = "Deliver the training to designated leads in every school.", "Training Manager"
    top = t.add_row().cells
    bottom_row = t.add_row()
    no_split = OxmlElement("w:cantSplit")  # the second action row moves to the next page whole
    bottom_row._tr.get_or_add_trPr().append(no_split)
    bottom = bottom_row.cells
    area = top[0].merge(bottom[0])
    area.text = ("The voice of children at risk of harm from exploitation is not always evident in the plans made for them "
                 "or in the strategy meetings held about them and their families, nor in the records kept of "
                 "the decisions taken in those meetings.")
    top[1].text, top[2].text, top[3].text = "20", "Revise the strategy meeting template.", "Assistant Director"
    _widths(t, [5, 1.2, 7, 4])
    bottom[1].text, bottom[2].text, bottom[3].text = "21", "Commission young people with lived experience to review the exploitation materials and report to the Board.", "Business Manager"
    doc.save(path)


ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
)


def _plain_table(doc, header: list[str], widths: list[float]):
    """A table printed without borders (the default table style has none)."""
    t = doc.add_table(rows=1, cols=len(header))
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "D9D9D9")
    _widths(t, widths)
    return t


def borderless_shaded(path: Path) -> None:
    """A borderless action table whose header and group rows are shaded, a cell marking its
    quarter by colour: the shading must not cut the table into tables of its own."""
    doc = Document()
    doc.add_paragraph("Business plan")
    t = _plain_table(doc, ["Ref", "Action", "Lead", "Q1", "Q2", "Measure of success"], [1.3, 6, 3.5, 1, 1, 4])
    rows = [
        ("Priority 1: Neglect", None),
        ("1.1", ("Launch the neglect strategy with all partners", "Head of Early Help", "X", "", "Strategy launched")),
        ("1.2", ("Train practitioners in the graded care profile", "Learning Officer", "X", "X", "300 trained")),
        ("Priority 2: Exploitation", None),
        ("2.1", ("Review the exploitation risk assessment tool", "Detective Inspector", "", "", "Tool revised")),
        ("2.2", ("Commission a detached youth work service", "Head of Commissioning", "X", "", "Service in place")),
    ]
    for ref, rest in rows:
        cells = t.add_row().cells
        if rest is None:
            merged = cells[0].merge(cells[-1])
            merged.text = ref
            merged.paragraphs[0].runs[0].bold = True
            _shade(merged, "F2F2F2")
            continue
        for cell, text in zip(cells, (ref,) + rest):
            cell.text = text
        if ref == "2.1":
            _shade(cells[4], "8EAADB")  # the quarter marked by colour
    doc.save(path)


def encrypted(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("A plan that needs a password.")
    doc.save(path)


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice (LibreOffice) is needed to make the PDFs", file=sys.stderr)
        return 1
    makers = [continued_row, numbered_cells, shaded_cells, landscape_repeat_header, wide_table, narrow_columns,
              paragraph_plan, capital_wraps, merged_key_break, borderless_shaded]
    only = sys.argv[1:]  # names of the PDFs to remake (default: all)
    if only:
        makers = [m for m in makers if m.__name__ in only]
        with tempfile.TemporaryDirectory() as tmp:
            for make in makers:
                docx = Path(tmp) / f"{make.__name__}.docx"
                make(docx)
                subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(HERE), str(docx)],
                               check=True, capture_output=True, timeout=180)
                print(HERE / f"{make.__name__}.pdf", (HERE / f"{make.__name__}.pdf").stat().st_size, "bytes")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for make in makers + [encrypted]:
            docx = Path(tmp) / f"{make.__name__}.docx"
            make(docx)
            target = ENCRYPT if make is encrypted else "pdf"
            subprocess.run([soffice, "--headless", "--convert-to", target, "--outdir", str(HERE), str(docx)],
                           check=True, capture_output=True, timeout=180)
    # a scanned page: an image and no text
    from PIL import Image, ImageDraw

    img = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(img).rectangle((40, 40, 360, 160), outline=0, width=4)
    img.save(HERE / "image_only.pdf", resolution=72)
    makers.append(encrypted)
    for make in makers:
        print(HERE / f"{make.__name__}.pdf", (HERE / f"{make.__name__}.pdf").stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
