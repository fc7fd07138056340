"""Make the small PDFs the PDF extractor tests read: Word documents built with python-docx,
exported by LibreOffice as plan documents are.

    python tests/data/pdf/make_pdfs.py        (needs soffice on PATH)

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


ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
)


def encrypted(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("A plan that needs a password.")
    doc.save(path)


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice (LibreOffice) is needed to make the PDFs", file=sys.stderr)
        return 1
    makers = [continued_row, numbered_cells, shaded_cells, landscape_repeat_header]
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
