"""Word (.docx) to the document model, through python-docx plus the XML it has no API for.

python-docx exposes paragraphs, tables and styles but not list numbering, merges as a grid,
or shading, so those are read from the underlying elements.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn

from .errors import UnreadableDocument
from .model import Cell, Document, Paragraph, Table


# ---------------------------------------------------------------- numbering
@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


class Numbering:
    """Renders list labels ("1.", "a)", "•") the way Word counts them."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], _Level] = {}  # (abstractNumId, ilvl)
        self.num_abstract: dict[str, str] = {}
        self.num_start: dict[tuple[str, int], int] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for absn in root.iter(qn("w:abstractNum")):
            aid = absn.get(qn("w:abstractNumId"))
            for lvl in absn.iter(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                level = _Level()
                for tag, attr in (("w:numFmt", "fmt"), ("w:lvlText", "text")):
                    el = lvl.find(qn(tag))
                    if el is not None and el.get(qn("w:val")) is not None:
                        setattr(level, attr, el.get(qn("w:val")))
                el = lvl.find(qn("w:start"))
                if el is not None:
                    level.start = int(el.get(qn("w:val"), "1"))
                self.levels[(aid, ilvl)] = level
        for num in root.iter(qn("w:num")):
            nid = num.get(qn("w:numId"))
            an = num.find(qn("w:abstractNumId"))
            if an is None:
                continue
            self.num_abstract[nid] = an.get(qn("w:val"))
            for ov in num.iter(qn("w:lvlOverride")):
                so = ov.find(qn("w:startOverride"))
                if so is not None:
                    self.num_start[(nid, int(ov.get(qn("w:ilvl"), "0")))] = int(so.get(qn("w:val"), "1"))

    def label(self, num_id: str, ilvl: int) -> str | None:
        aid = self.num_abstract.get(num_id)
        if aid is None or num_id == "0":
            return None
        level = self.levels.get((aid, ilvl), _Level())
        if level.fmt == "bullet":
            return "•"
        if level.fmt == "none":
            return None
        # A num with a start override is its own list; others continue their abstract list.
        key_owner = num_id if (num_id, ilvl) in self.num_start else f"abs{aid}"
        start = self.num_start.get((num_id, ilvl), level.start)
        key = (key_owner, ilvl)
        value = self.counters.get(key, start - 1) + 1
        self.counters[key] = value
        for deeper in [k for k in self.counters if k[0] == key_owner and k[1] > ilvl]:
            del self.counters[deeper]
        text = level.text
        text = text.replace(f"%{ilvl + 1}", _format_number(value, level.fmt))
        for k in range(ilvl):  # parent levels in "1.1." style labels
            parent = self.counters.get((key_owner, k), 1)
            plevel = self.levels.get((aid, k), _Level())
            text = text.replace(f"%{k + 1}", _format_number(parent, plevel.fmt))
        return text.strip() or None


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, sym in vals:
            while n >= v:
                s += sym
                n -= v
        return s.upper() if fmt == "upperRoman" else s
    return str(n)


# ---------------------------------------------------------------- paragraphs
def _paragraph_text(p_el) -> str:
    parts: list[str] = []
    for el in p_el.iter():
        tag = el.tag
        if tag == qn("w:t"):
            parts.append(el.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            parts.append(" ")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag == qn("w:sym"):
            parts.append(" ")
    return "".join(parts)


class _Styles:
    def __init__(self, document) -> None:
        self.by_id: dict[str, object] = {}
        for style in document.styles:
            try:
                self.by_id[style.style_id] = style
            except Exception:  # noqa: BLE001 - odd styles in third-party documents
                continue

    def name(self, style_id: str | None) -> str:
        s = self.by_id.get(style_id or "")
        return getattr(s, "name", "") or ""

    def numpr(self, style_id: str | None) -> tuple[str, int] | None:
        seen = 0
        s = self.by_id.get(style_id or "")
        while s is not None and seen < 10:
            ppr = s.element.find(qn("w:pPr"))
            if ppr is not None:
                numpr = ppr.find(qn("w:numPr"))
                if numpr is not None:
                    nid = numpr.find(qn("w:numId"))
                    ilvl = numpr.find(qn("w:ilvl"))
                    if nid is not None:
                        return nid.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
            s = getattr(s, "base_style", None)
            seen += 1
        return None


def _heading_level(style_name: str, outline: int | None) -> int | None:
    low = style_name.lower()
    if low == "title":
        return 1
    if low.startswith("heading"):
        digits = "".join(ch for ch in low if ch.isdigit())
        return int(digits) if digits else 1
    if outline is not None and outline < 9:
        return outline + 1
    return None


def _grid_columns(tbl) -> int:
    grid = tbl.find(qn("w:tblGrid"))
    n = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    return n or max((len(tr.findall(qn("w:tc"))) for tr in tbl.iterchildren(qn("w:tr"))), default=0)


def _is_frame(tbl) -> bool:
    """A one- or two-column table used as a box around content that holds a table of its own
    (a priority's title, notes and its action table): read as the blocks it frames."""
    if _grid_columns(tbl) > 2:
        return False
    for tr in tbl.iterchildren(qn("w:tr")):
        for tc in tr.iterchildren(qn("w:tc")):
            for inner in tc.iterchildren(qn("w:tbl")):
                if _grid_columns(inner) >= 2 and len(inner.findall(qn("w:tr"))) >= 2:
                    return True
    return False


class _Reader:
    def __init__(self, document) -> None:
        self.numbering = Numbering(document)
        self.styles = _Styles(document)

    def paragraph(self, p_el) -> Paragraph:
        ppr = p_el.find(qn("w:pPr"))
        style_id = None
        numpr = None
        outline = None
        if ppr is not None:
            ps = ppr.find(qn("w:pStyle"))
            if ps is not None:
                style_id = ps.get(qn("w:val"))
            np_el = ppr.find(qn("w:numPr"))
            if np_el is not None:
                nid = np_el.find(qn("w:numId"))
                ilvl = np_el.find(qn("w:ilvl"))
                if nid is not None:
                    numpr = (nid.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0)
            ol = ppr.find(qn("w:outlineLvl"))
            if ol is not None:
                outline = int(ol.get(qn("w:val"), "9"))
        if numpr is None:
            numpr = self.styles.numpr(style_id)
        style_name = self.styles.name(style_id)
        text = _paragraph_text(p_el)
        label = None
        level = 0
        if numpr is not None and text.strip():
            label = self.numbering.label(*numpr)
            level = numpr[1]
        runs = [r for r in p_el.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
        bold = bool(runs) and all(self._run_bold(r) for r in runs)
        return Paragraph(
            text=" ".join(text.split()) if "\n" not in text else "\n".join(" ".join(x.split()) for x in text.split("\n")),
            style=style_name,
            heading_level=_heading_level(style_name, outline),
            list_label=label,
            list_level=level,
            bold=bold,
        )

    @staticmethod
    def _run_bold(r_el) -> bool:
        rpr = r_el.find(qn("w:rPr"))
        if rpr is None:
            return False
        b = rpr.find(qn("w:b"))
        return b is not None and b.get(qn("w:val"), "true") not in ("0", "false")

    def blocks(self, parent) -> list:
        out: list = []
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                out.append(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                if _is_frame(child):
                    for tr in child.iterchildren(qn("w:tr")):
                        for tc in tr.iterchildren(qn("w:tc")):
                            out.extend(self.blocks(tc))
                else:
                    out.append(self.table(child))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    def cell_paragraphs(self, tc) -> list[Paragraph]:
        paras: list[Paragraph] = []
        for b in self.blocks(tc):
            if isinstance(b, Paragraph):
                if b.text.strip():
                    paras.append(b)
            else:  # nested table: keep its text, row by row
                for r, row in enumerate(b.grid):
                    for j, c in enumerate(row):
                        if c.is_origin_at(r, j):
                            paras.extend(c.paragraphs)
        return paras

    def table(self, tbl) -> Table:
        rows = [tr for tr in tbl.iterchildren() if tr.tag == qn("w:tr")]
        grid: list[list[Cell]] = []
        header_rows = 0
        header_run = True
        open_vmerge: dict[int, Cell] = {}
        for r, tr in enumerate(rows):
            trpr = tr.find(qn("w:trPr"))
            is_header = trpr is not None and trpr.find(qn("w:tblHeader")) is not None
            if is_header and header_run:
                header_rows += 1
            else:
                header_run = False
            row: list[Cell] = []
            trpr_grid_before = 0
            if trpr is not None:
                gb = trpr.find(qn("w:gridBefore"))
                if gb is not None:
                    trpr_grid_before = int(gb.get(qn("w:val"), "0"))
            for _ in range(trpr_grid_before):
                row.append(Cell([], row=r, col=len(row)))
            for tc in tr.iterchildren():
                if tc.tag == qn("w:sdt"):
                    content = tc.find(qn("w:sdtContent"))
                    tcs = [x for x in content.iterchildren() if x.tag == qn("w:tc")] if content is not None else []
                elif tc.tag == qn("w:tc"):
                    tcs = [tc]
                else:
                    continue
                for tc in tcs:
                    col = len(row)
                    tcpr = tc.find(qn("w:tcPr"))
                    span, vmerge, fill = 1, None, None
                    if tcpr is not None:
                        gs = tcpr.find(qn("w:gridSpan"))
                        if gs is not None:
                            span = max(1, int(gs.get(qn("w:val"), "1")))
                        vm = tcpr.find(qn("w:vMerge"))
                        if vm is not None:
                            vmerge = vm.get(qn("w:val"), "continue")
                        shd = tcpr.find(qn("w:shd"))
                        if shd is not None:
                            f = (shd.get(qn("w:fill")) or "").upper()
                            if f and f != "AUTO" and len(f) == 6:
                                fill = f
                    if vmerge == "continue" and col in open_vmerge:
                        cell = open_vmerge[col]
                        cell.row_span += 1
                        extra = self.cell_paragraphs(tc)
                        cell.paragraphs.extend(extra)
                    else:
                        cell = Cell(self.cell_paragraphs(tc), row=r, col=col, col_span=span, fill=fill)
                        if vmerge == "restart":
                            open_vmerge[col] = cell
                        else:
                            open_vmerge.pop(col, None)
                    row.extend([cell] * span)
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        for r, row in enumerate(grid):
            while len(row) < width:
                row.append(Cell([], row=r, col=len(row)))
        return Table(grid=grid, header_rows=header_rows)


def extract_docx(path: str | Path) -> Document:
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        # python-docx raises TypeError/AttributeError on broken package parts (a relationship
        # without a target, a missing content type)
        raise UnreadableDocument(f"not a readable Word document ({exc.__class__.__name__}: {exc})", str(path)) from exc
    except Exception as exc:  # lxml/python-docx raise many types for corrupt parts
        if exc.__class__.__module__.startswith(("lxml", "docx")):
            raise UnreadableDocument(f"not a readable Word document ({exc})", str(path)) from exc
        raise
    reader = _Reader(document)
    blocks = reader.blocks(document.element.body)
    for i, t in enumerate(b for b in blocks if isinstance(b, Table)):
        t.index = i
    return Document(path=str(path), format="docx", blocks=blocks, page_count=None)
