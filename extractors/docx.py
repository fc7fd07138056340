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
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# What a printed page does not show: tracked deletions and the old place of moved text, field
# codes, paragraph/run properties, ruby guide text, and the fallback copy of alternate content.
_UNSEEN = frozenset({
    qn("w:del"), qn("w:moveFrom"), qn("w:instrText"), qn("w:delText"), qn("w:delInstrText"),
    qn("w:pPr"), qn("w:rPr"), qn("w:rt"), qn("w:sdtPr"), qn("w:sdtEndPr"), _MC + "Fallback",
})
_SOFT = str.maketrans({"\u00ad": None, "\u200b": None, "\u2011": "-", "\ufeff": None})
# Symbol fonts: the character code of a tick, cross, box or bullet -> the mark it prints.
_SYMBOLS = {
    "wingdings": {0xFC: "\u2713", 0xFB: "\u2717", 0xFE: "\u2611", 0xFD: "\u2612", 0xA8: "\u2610",
                  0x6F: "\u2610", 0x78: "\u2612", 0x9F: "\u2022", 0x6C: "\u25cf", 0xA7: "\u25aa", 0xD8: "\u27a2"},
    "wingdings 2": {0x50: "\u2713", 0x4F: "\u2717", 0x52: "\u2611", 0x53: "\u2612", 0x54: "\u2612", 0xA3: "\u2610"},
    "webdings": {0x61: "\u2713", 0x72: "\u2717"},
    "symbol": {0xB7: "\u2022", 0xD6: "\u2713"},
}


def _symbol(font: str | None, code: int) -> str | None:
    table = _SYMBOLS.get((font or "").strip().lower())
    return table.get(code & 0xFF if code >= 0xF000 else code) if table else None


def _run_font(r_el) -> str | None:
    rpr = r_el.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))


def _is_hidden(r_el) -> bool:
    rpr = r_el.find(qn("w:rPr"))
    v = rpr.find(qn("w:vanish")) if rpr is not None else None
    return v is not None and v.get(qn("w:val"), "true") not in ("0", "false")


def _showing_placeholder(sdt) -> bool:
    """A content control still showing its prompt ("Click or tap to enter a date."): no content."""
    pr = sdt.find(qn("w:sdtPr"))
    return pr is not None and pr.find(qn("w:showingPlcHdr")) is not None


def alternate_branch(el):
    """The one branch of mc:AlternateContent that is read: the first Choice, else the Fallback."""
    for tag in ("Choice", "Fallback"):
        branch = el.find(_MC + tag)
        if branch is not None:
            return branch
    return None


class _ParagraphText:
    """The text a paragraph prints, walked element by element: tracked insertions and moved-to
    text read, deletions and field codes not, one branch of alternate content, symbol-font
    marks as the marks they print. Text boxes met on the way are collected, not run into the
    text: they are separate paragraphs after their anchor."""

    def __init__(self, p_el) -> None:
        self.parts: list[str] = []
        self.runs: list = []  # runs with visible text, for the paragraph's weight
        self.boxes: list = []  # w:txbxContent elements anchored in the paragraph
        self.fields: list[bool] = []  # per open complex field: showing its result yet?
        self._walk(p_el, None, None)

    @property
    def text(self) -> str:
        return "".join(self.parts).translate(_SOFT)

    def _walk(self, el, run, font: str | None) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag in _UNSEEN or not isinstance(tag, str):
                continue
            if tag == qn("w:r"):
                if not _is_hidden(child):
                    self._walk(child, child, _run_font(child))
            elif tag == qn("w:t"):
                if all(self.fields):
                    text = child.text or ""
                    if font and font.lower() in _SYMBOLS:
                        text = "".join(_symbol(font, ord(ch)) or ch for ch in text)
                    self.parts.append(text)
                    if text.strip() and run is not None and (not self.runs or self.runs[-1] is not run):
                        self.runs.append(run)
            elif tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag in (qn("w:tab"), qn("w:ptab")):
                self.parts.append(" ")
            elif tag in (qn("w:br"), qn("w:cr")):
                self.parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                self.parts.append("-")
            elif tag == qn("w:sym"):
                try:
                    code = int(child.get(qn("w:char"), "0"), 16)
                except ValueError:
                    code = 0
                self.parts.append(_symbol(child.get(qn("w:font")), code) or " ")
            elif tag == qn("w:txbxContent"):
                self.boxes.append(child)
            elif tag == _MC + "AlternateContent":
                branch = alternate_branch(child)
                if branch is not None:
                    self._walk(branch, run, font)
            elif tag == qn("w:sdt"):
                if not _showing_placeholder(child):
                    self._walk(child, run, font)
            else:  # hyperlinks, insertions, moved-to text, smart tags, simple fields, drawings, ...
                self._walk(child, run, font)


def _mark_deleted(p_el) -> bool:
    """The paragraph mark was deleted with tracking on: the paragraph runs on into the next."""
    ppr = p_el.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
    return rpr is not None and rpr.find(qn("w:del")) is not None


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
    return n or max((len(list(_unwrapped(tr, (qn("w:tc"),)))) for tr in _unwrapped(tbl, (qn("w:tr"),))), default=0)


def _is_frame(tbl) -> bool:
    """A one- or two-column table used as a box around content that holds a table of its own
    (a priority's title, notes and its action table): read as the blocks it frames."""
    if _grid_columns(tbl) > 2:
        return False
    for tr in _unwrapped(tbl, (qn("w:tr"),)):
        for tc in _unwrapped(tr, (qn("w:tc"),)):
            for inner in _unwrapped(tc, (qn("w:tbl"),)):
                if _grid_columns(inner) >= 2 and len(list(_unwrapped(inner, (qn("w:tr"),)))) >= 2:
                    return True
    return False


class _Reader:
    def __init__(self, document) -> None:
        self.numbering = Numbering(document)
        self.styles = _Styles(document)
        self._row_has_text: list[bool] = []  # per table row being read (nested tables stack)

    def paragraph(self, p_el, prefix: str = "") -> tuple[Paragraph, list]:
        """The paragraph and the text boxes anchored in it; ``prefix``: text of paragraphs
        before it whose marks were deleted, which run on into it."""
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
        walked = _ParagraphText(p_el)
        text = prefix + walked.text
        label = None
        level = 0
        if numpr is not None and (text.strip() or self._row_has_text[-1:] == [True]):
            # Word numbers an empty list paragraph too, and counts it: in a table's number
            # column the number is all the cell holds ("1." beside the action's text). An
            # empty one elsewhere (a blank row, a blank line) is left unnumbered, as before.
            label = self.numbering.label(*numpr)
            level = numpr[1]
        bold = bool(walked.runs) and all(self._run_bold(r) for r in walked.runs)
        para = Paragraph(
            text=" ".join(text.split()) if "\n" not in text else "\n".join(" ".join(x.split()) for x in text.split("\n")),
            style=style_name,
            heading_level=_heading_level(style_name, outline),
            list_label=label,
            list_level=level,
            bold=bold,
        )
        return para, walked.boxes

    @staticmethod
    def _run_bold(r_el) -> bool:
        rpr = r_el.find(qn("w:rPr"))
        if rpr is None:
            return False
        b = rpr.find(qn("w:b"))
        return b is not None and b.get(qn("w:val"), "true") not in ("0", "false")

    def blocks(self, parent) -> list:
        out: list = []
        carry = ""  # text of paragraphs whose marks were deleted
        for child in _unwrapped(parent, (qn("w:p"), qn("w:tbl"))):
            if child.tag == qn("w:p"):
                if _mark_deleted(child):
                    carry += _ParagraphText(child).text
                    continue
                para, boxes = self.paragraph(child, carry)
                carry = ""
                out.append(para)
                for box in boxes:
                    out.extend(self.blocks(box))
            elif _is_frame(child):
                for tr in _unwrapped(child, (qn("w:tr"),)):
                    for tc in _unwrapped(tr, (qn("w:tc"),)):
                        out.extend(self.blocks(tc))
            else:
                out.append(self.table(child))
        if carry.strip():
            out.append(Paragraph(text=" ".join(carry.split())))
        return out

    def cell_paragraphs(self, tc) -> list[Paragraph]:
        paras: list[Paragraph] = []
        for b in self.blocks(tc):
            if isinstance(b, Paragraph):
                if b.display().strip():  # an empty numbered paragraph shows its number
                    paras.append(b)
            else:  # nested table: keep its text, row by row
                for r, row in enumerate(b.grid):
                    for j, c in enumerate(row):
                        if c.is_origin_at(r, j):
                            paras.extend(c.paragraphs)
        return paras

    def table(self, tbl) -> Table:
        rows = [tr for tr in _unwrapped(tbl, (qn("w:tr"),)) if not _row_deleted(tr)]
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
            self._row_has_text.append(any((t.text or "").strip() for t in tr.iter(qn("w:t"))))
            for _ in range(_grid_skip(trpr, "w:gridBefore")):
                row.append(Cell([], row=r, col=len(row)))
                open_vmerge.pop(len(row) - 1, None)
            # a cell in a control still showing its prompt keeps its place in the grid, empty
            for tc, placeholder in _wrapped(tr, (qn("w:tc"),)):
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
                paragraphs = [] if placeholder else self.cell_paragraphs(tc)
                if vmerge == "continue" and col in open_vmerge:
                    cell = open_vmerge[col]
                    cell.row_span += 1
                    cell.paragraphs.extend(paragraphs)
                else:
                    cell = Cell(paragraphs, row=r, col=col, col_span=span, fill=fill)
                    if vmerge == "restart":
                        open_vmerge[col] = cell
                    else:
                        open_vmerge.pop(col, None)
                for k in range(1, span):
                    open_vmerge.pop(col + k, None)
                row.extend([cell] * span)
            for k in range(len(row), len(row) + _grid_skip(trpr, "w:gridAfter")):
                open_vmerge.pop(k, None)
            self._row_has_text.pop()
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        for r, row in enumerate(grid):
            while len(row) < width:
                row.append(Cell([], row=r, col=len(row)))
        return Table(grid=grid, header_rows=header_rows)


def _grid_skip(trpr, tag: str) -> int:
    el = trpr.find(qn(tag)) if trpr is not None else None
    try:
        return max(0, int(el.get(qn("w:val"), "0"))) if el is not None else 0
    except ValueError:
        return 0


def _row_deleted(tr) -> bool:
    """A row deleted with tracking on (w:trPr/w:del): not in the plan as it now reads."""
    trpr = tr.find(qn("w:trPr"))
    return trpr is not None and trpr.find(qn("w:del")) is not None


def _wrapped(parent, tags: tuple[str, ...], placeholder: bool = False):
    """(element, placeholder) for ``parent``'s children with one of ``tags``, looking through
    the containers that may wrap them: content controls (w:sdt), custom XML and alternate
    content. ``placeholder``: inside a content control still showing its prompt."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag in tags:
            yield child, placeholder
        elif tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _wrapped(content, tags, placeholder or _showing_placeholder(child))
        elif tag == qn("w:customXml"):
            yield from _wrapped(child, tags, placeholder)
        elif tag == _MC + "AlternateContent":
            branch = alternate_branch(child)
            if branch is not None:
                yield from _wrapped(branch, tags, placeholder)


def _unwrapped(parent, tags: tuple[str, ...]):
    """``parent``'s children with one of ``tags`` (see ``_wrapped``), a control's prompt skipped."""
    return (el for el, placeholder in _wrapped(parent, tags) if not placeholder)


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
