"""Metamorphic accuracy: gold-preserving rewrites of the fixture plans, scored against the same gold.

    python bench/metamorphic.py [--transforms NAME[+NAME],...] [--documents KEY ...] [--seed N]
                                [--pdf] [--show-misses] [--json OUT]

Each transform rewrites a fixture plan's .docx with python-docx in a way a council could have
laid the same plan out (columns in another order, other header words, no borders, another font,
landscape pages, a table split in two, dates printed another way ...). The records a careful
analyst writes down do not change, so the unchanged gold still holds and any drop in accuracy is
a fragility of the reader. Transforms compose with ``+`` ("synonyms+borders-off") and are
deterministic for a seed. A transform that finds nothing to change in a document (no day dates
in its deadline cells, no table that can be split) is skipped for it, not scored.

The score is the strict record F1 of issue 8: an action counts only when its text pairs with a
gold action and its leads, due date, sources, section_ref and ref all match (the contract's own
strict F1 checks only the first three). ``--pdf`` converts every rewritten document with
LibreOffice (cached under bench/out/metamorphic/, keyed by content) and reads the PDF instead.

This is a benchmark (minutes for the full matrix); tests/test_metamorphic.py runs a small slice.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (str(ROOT), str(ROOT / "bench")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from docx import Document as open_docx  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from extractors import extract  # noqa: E402
from extractors.errors import PlansiftError  # noqa: E402
from ingest.assemble import assemble  # noqa: E402
from ingest.evaluate import field_ok, load_gold, norm, pair_actions  # noqa: E402
from ingest.headers import map_header  # noqa: E402

PLANS = ROOT / "fixtures" / "plans"
GOLD = ROOT / "fixtures" / "gold"
CACHE = ROOT / "bench" / "out" / "metamorphic"
STRICT_FIELDS = ("leads", "due_date", "sources", "section_ref")

# ---- the action tables of a .docx --------------------------------------------------------------


def _cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.findall(qn("w:p")))


def _row_texts(tr) -> list[str]:
    return [_cell_text(tc) for tc in tr.findall(qn("w:tc"))]


def _span(tc) -> int:
    pr = tc.tcPr
    gs = pr.find(qn("w:gridSpan")) if pr is not None else None
    return int(gs.get(qn("w:val")) or 1) if gs is not None else 1


def _vmerge_continues(tc) -> bool:
    pr = tc.tcPr
    vm = pr.find(qn("w:vMerge")) if pr is not None else None
    return vm is not None and vm.get(qn("w:val")) != "restart"


def _grid_cols(tbl) -> list:
    grid = tbl.find(qn("w:tblGrid"))
    return grid.findall(qn("w:gridCol")) if grid is not None else []


@dataclass
class ActionTable:
    tbl: object
    header: int  # index of the (first) header row, or of the first field row of a key-value table
    fields: dict[int, str]  # header cell index (row index for a key-value table) -> field
    block: list[int] = field(default_factory=list)  # all header rows: the header and rows under it
    repeats: list[int] = field(default_factory=list)  # later rows repeating the header
    vertical: bool = False  # a key-value table: field names down the first column

    @property
    def rows(self) -> list:
        return self.tbl.findall(qn("w:tr"))

    @property
    def last_header(self) -> int:
        return max(self.block) if self.block else self.header

    def header_cells(self) -> list[tuple[object, str | None]]:
        """(cell, field or None) of every header cell, repeats included."""
        rows = self.rows
        if self.vertical:
            out = []
            for i, tr in enumerate(rows):
                tcs = tr.findall(qn("w:tc"))
                if tcs:
                    out.append((tcs[0], self.fields.get(i)))
            return out
        out = []
        for i in self.block + self.repeats:
            tcs = rows[i].findall(qn("w:tc"))
            out += [(tc, self.fields.get(c) if i == self.header or i in self.repeats else None)
                    for c, tc in enumerate(tcs)]
        return out


_MAPPED = {"lead", "due", "source", "status", "ref", "rag"}


def _is_action_header(fields: set[str]) -> bool:
    """An action table's header, or one whose action column only recognition can name ('Outcomes',
    'How we will achieve it'): a section/outcome column beside a lead or date column."""
    if "action" in fields and fields & _MAPPED:
        return True
    return bool(fields & {"lead", "due"}) and bool(fields & {"section", "outcome", "measure"}) and len(fields) >= 3


def _sub_header(tr, action_cols: tuple[int, int] | None) -> bool:
    """A second header row under the header: empty first cell and empty cells under the action
    header (grid columns ``action_cols``), short labels only ('Q1 | Q2', 'Start | End')."""
    texts = [" ".join(t.split()) for t in _row_texts(tr)]
    if not texts or texts[0] or not any(texts) or any(len(t) > 15 for t in texts):
        return False
    if action_cols is None:
        return True
    a, b = action_cols
    return not any(t and s < b and a < e for (s, e), t in zip(_cell_spans(tr) or [], texts))


def action_tables(doc) -> list[ActionTable]:
    """Tables whose header (one of the first four rows, or the first column of a two-column
    key-value table) names the fields of an action table."""
    out = []
    for tbl in doc.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        found = False
        for i, tr in enumerate(rows[:4]):
            texts = _row_texts(tr)
            hm = map_header(texts)
            if _is_action_header(set(hm.columns.values())):
                action_col = hm.col("action")
                spans = _cell_spans(tr) or []
                action_cols = spans[action_col] if action_col is not None and action_col < len(spans) else None
                block = [i]
                while len(block) < 3 and block[-1] + 1 < len(rows) and _sub_header(rows[block[-1] + 1], action_cols):
                    block.append(block[-1] + 1)
                repeats = [j for j in range(block[-1] + 1, len(rows)) if _row_texts(rows[j]) == texts]
                out.append(ActionTable(tbl, i, dict(hm.columns), block, repeats))
                found = True
                break
        if found or len(_grid_cols(tbl)) != 2:
            continue
        firsts = [(_row_texts(tr) or [""])[0] for tr in rows]
        hm = map_header(firsts)
        if hm.is_action_table:
            out.append(ActionTable(tbl, min(hm.columns), dict(hm.columns), vertical=True))
    return out


def _set_cell_text(tc, text: str) -> None:
    """Replace a cell's text, keeping its first paragraph's and first run's formatting."""
    paras = tc.findall(qn("w:p"))
    if not paras:
        return
    first = paras[0]
    for p in paras[1:]:
        tc.remove(p)
    _set_paragraph_text(first, text)


def _set_paragraph_text(p, text: str) -> None:
    """Replace the paragraph's visible text; tracked deletions (w:del) are left as they are."""
    runs = [r for r in p.iter(qn("w:r")) if not any(a.tag == qn("w:del") for a in r.iterancestors())]
    run = runs[0] if runs else None
    for r in runs[1:]:
        r.getparent().remove(r)
    if run is None:
        run = OxmlElement("w:r")
        p.append(run)
    for child in list(run):
        if child.tag != qn("w:rPr"):
            run.remove(child)
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


# ---- transforms: each takes (doc, rng) and returns whether it changed anything -------------------

Transform = Callable[[object, random.Random], bool]


def _cell_spans(tr) -> list[tuple[int, int]] | None:
    """Grid columns [start, end) of each cell of a row; None with gridBefore/gridAfter."""
    pr = tr.find(qn("w:trPr"))
    if pr is not None and (pr.find(qn("w:gridBefore")) is not None or pr.find(qn("w:gridAfter")) is not None):
        return None
    out, pos = [], 0
    for tc in tr.findall(qn("w:tc")):
        out.append((pos, pos + _span(tc)))
        pos += _span(tc)
    return out


# A column of a timeline: a quarter, a month or a year as its header ("Q1", "Apr-21", "2021/22").
_PERIOD_LABEL = re.compile(
    r"^(?:(?:q|qtr|quarter)\s*[1-4]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|(?:19|20)\d\d)"
    r"[\s'/-]*(?:(?:19|20)?\d\d(?:/\d\d)?)?$", re.I)


def column_blocks(at: ActionTable) -> list[list[int]] | None:
    """Grid columns grouped so that no cell spans two groups and a timeline's period columns stay
    together in their order; full-width rows (section titles) are left out. None when a row does
    not tile the grid."""
    n = len(_grid_cols(at.tbl))
    if n < 3 or at.vertical:
        return None
    cut = set(range(1, n))
    rows = at.rows
    for tr in rows:
        spans = _cell_spans(tr)
        if spans is None or (spans and spans[-1][1] != n):
            return None
        if len(spans) == 1:
            continue
        for a, b in spans:
            cut -= set(range(a + 1, b))
    head = rows[at.header]
    spans = _cell_spans(head) or []
    texts = [" ".join(t.split()) for t in _row_texts(head)]
    for r in at.block[1:]:  # labels of a sub-header row count too
        sub = _cell_spans(rows[r]) or []
        texts_r = [" ".join(t.split()) for t in _row_texts(rows[r])]
        for (a, b), t in zip(sub, texts_r):
            if t and _PERIOD_LABEL.match(t):
                spans.append((a, b))
                texts.append(t)
    period = sorted(a for (a, b), t in zip(spans, texts) if t and _PERIOD_LABEL.match(t) and b == a + 1)
    for a, b in zip(period, period[1:]):
        if b == a + 1:
            cut.discard(b)
    bounds = [0, *sorted(cut), n]
    return [list(range(a, b)) for a, b in zip(bounds, bounds[1:])]


def _reorder(doc, rng: random.Random, keep_first: bool) -> bool:
    changed = False
    for at in action_tables(doc):
        blocks = column_blocks(at)
        if not blocks or len(blocks) < 3:
            continue
        head = [0] if keep_first else []
        rest = [b for b in range(len(blocks)) if b not in head]
        order = list(range(len(blocks)))
        for _ in range(20):
            rng.shuffle(rest)
            order = head + rest
            if order != sorted(order) and (keep_first or order[0] != 0):
                break
        if order == sorted(order):
            continue
        new_pos = [c for b in order for c in blocks[b]]  # new column k holds old column new_pos[k]
        for tr in at.rows:
            tcs = tr.findall(qn("w:tc"))
            spans = _cell_spans(tr)
            if len(tcs) <= 1:
                continue
            by_block: dict[int, list] = {}
            for tc, (a, _) in zip(tcs, spans):
                by_block.setdefault(next(i for i, blk in enumerate(blocks) if a in blk), []).append(tc)
            for tc in tcs:
                tr.remove(tc)
            for b in order:
                for tc in by_block.get(b, []):
                    tr.append(tc)
        cols = _grid_cols(at.tbl)
        grid = at.tbl.find(qn("w:tblGrid"))
        for gc in cols:
            grid.remove(gc)
        for c in new_pos:
            grid.append(cols[c])
        changed = True
    return changed


def reorder_columns(doc, rng: random.Random) -> bool:
    """Shuffle the action tables' columns, the first (ref) column staying first (a spanning
    header's columns and a timeline's period columns move together)."""
    return _reorder(doc, rng, keep_first=True)


def reorder_all_columns(doc, rng: random.Random) -> bool:
    """Shuffle the action tables' columns, the first column moving too."""
    return _reorder(doc, rng, keep_first=False)


SYNONYMS = {
    "lead": ["Responsible officer", "Owner", "Who", "Lead officer(s)", "Accountable lead"],
    "due": ["Target date", "By when", "Completion date", "Timescale", "Deadline"],
    "action": ["Actions required", "What we will do", "Task", "Action to be taken", "Agreed actions"],
}


def synonyms(doc, rng: random.Random) -> bool:
    """Header words of the lead, deadline and action columns replaced by other councils' words."""
    chosen = {f: rng.choice(words) for f, words in SYNONYMS.items()}
    changed = False
    for at in action_tables(doc):
        for tc, f in at.header_cells():
            if f in chosen and " ".join(_cell_text(tc).split()) != chosen[f]:
                _set_cell_text(tc, chosen[f])
                changed = True
    return changed


def _header_case(doc, fn: Callable[[str], str]) -> bool:
    changed = False
    for at in action_tables(doc):
        for tc, _ in at.header_cells():
            for p in tc.findall(qn("w:p")):
                for t in p.iter(qn("w:t")):
                    if t.text and fn(t.text) != t.text:
                        t.text = fn(t.text)
                        changed = True
    return changed


def header_lower(doc, rng: random.Random) -> bool:
    """Action-table headers in lower case."""
    return _header_case(doc, str.lower)


def header_upper(doc, rng: random.Random) -> bool:
    """Action-table headers in capitals."""
    return _header_case(doc, str.upper)


_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _set_borders(doc, val: str) -> bool:
    tables = list(doc.element.body.iter(qn("w:tbl")))
    for tbl in tables:
        pr = tbl.find(qn("w:tblPr"))
        if pr is None:
            pr = OxmlElement("w:tblPr")
            tbl.insert(0, pr)
        old = pr.find(qn("w:tblBorders"))
        if old is not None:
            pr.remove(old)
        borders = OxmlElement("w:tblBorders")
        for side in _SIDES:
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:val"), val)
            if val != "nil":
                el.set(qn("w:sz"), "4")
                el.set(qn("w:space"), "0")
                el.set(qn("w:color"), "000000")
            borders.append(el)
        # schema order: tblBorders comes after tblStyle..tblInd and before shd/tblLayout/...
        anchor = None
        for tag in ("w:tblInd", "w:tblW", "w:jc", "w:tblCellSpacing", "w:bidiVisual", "w:tblStyleColBandSize",
                    "w:tblStyleRowBandSize", "w:tblpPr", "w:tblOverlap", "w:tblStyle"):
            anchor = pr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addnext(borders)
        else:
            pr.insert(0, borders)
        for tcb in list(tbl.iter(qn("w:tcBorders"))):
            tcb.getparent().remove(tcb)
    return bool(tables)


def borders_off(doc, rng: random.Random) -> bool:
    """Every table borderless (table and cell borders removed)."""
    return _set_borders(doc, "nil")


def borders_on(doc, rng: random.Random) -> bool:
    """Every table ruled (all outer and inner borders)."""
    return _set_borders(doc, "single")


FONTS = ["Times New Roman", "Courier New", "Liberation Serif", "DejaVu Sans Condensed", "Georgia"]


def font_family(doc, rng: random.Random) -> bool:
    """Every run and style in another font family."""
    name = rng.choice(FONTS)
    for root in (doc.element, doc.styles.element):
        for rpr in root.iter(qn("w:rPr")):
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.insert(0, fonts)
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), name)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                if fonts.get(qn(attr)) is not None:
                    del fonts.attrib[qn(attr)]
    for run in doc.element.body.iter(qn("w:r")):  # runs without properties take the new font too
        if run.find(qn("w:rPr")) is None:
            rpr = OxmlElement("w:rPr")
            fonts = OxmlElement("w:rFonts")
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attr), name)
            rpr.append(fonts)
            run.insert(0, rpr)
    return True


def font_size(doc, rng: random.Random) -> bool:
    """Every font size scaled (smaller or larger)."""
    scale = rng.choice([0.8, 0.85, 1.2, 1.35])
    changed = False
    for root in (doc.element, doc.styles.element):
        for tag in ("w:sz", "w:szCs"):
            for el in root.iter(qn(tag)):
                val = el.get(qn("w:val"))
                if val and val.isdigit():
                    el.set(qn("w:val"), str(max(10, round(int(val) * scale))))
                    changed = True
    return changed


def _fit_tables(doc) -> None:
    import corpus

    from docx.section import Section

    for sect_pr, tables in corpus._section_of_tables(doc):
        sec = Section(sect_pr, doc.part)
        if sec.page_width is None:
            continue
        text_width = (sec.page_width - (sec.left_margin or 0) - (sec.right_margin or 0)) / 635
        for tbl in tables:
            widths = corpus._grid(tbl)
            total = sum(widths)
            if not total or total <= text_width:
                continue
            f = text_width / total
            for gc in _grid_cols(tbl):
                gc.set(qn("w:w"), str(int(int(gc.get(qn("w:w")) or 0) * f)))
            for el in list(tbl.iter(qn("w:tcW"))) + list(tbl.iter(qn("w:tblW"))):
                if el.get(qn("w:type")) == "dxa" and (el.get(qn("w:w")) or "").isdigit():
                    el.set(qn("w:w"), str(int(int(el.get(qn("w:w"))) * f)))


def orientation(doc, rng: random.Random) -> bool:
    """Pages turned (portrait <-> landscape); tables wider than the page scaled to fit."""
    import corpus

    first = doc.sections[0]
    landscape = bool(first.page_width and first.page_height and first.page_width < first.page_height)
    corpus._orient(doc, "landscape" if landscape else "portrait")
    return True


def margins(doc, rng: random.Random) -> bool:
    """Page margins changed (narrow or wide); tables wider than the text scaled to fit."""
    from docx.shared import Cm

    m = Cm(rng.choice([1.0, 1.27, 3.0, 3.5]))
    for sec in doc.sections:
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = m
    _fit_tables(doc)
    return True


def _empty_row(tr):
    new = copy.deepcopy(tr)
    for tc in new.findall(qn("w:tc")):
        pr = tc.tcPr
        if pr is not None:
            for tag in ("w:vMerge", "w:shd"):
                el = pr.find(qn(tag))
                if el is not None:
                    pr.remove(el)
        paras = tc.findall(qn("w:p"))
        for p in paras[1:]:
            tc.remove(p)
        for child in list(tc):
            if child.tag not in (qn("w:tcPr"), qn("w:p")):
                tc.remove(child)
        if paras:
            for child in list(paras[0]):
                if child.tag != qn("w:pPr"):
                    paras[0].remove(child)
            ppr = paras[0].find(qn("w:pPr"))
            num = ppr.find(qn("w:numPr")) if ppr is not None else None
            if num is not None:  # an empty list paragraph still prints (and counts) its number
                ppr.remove(num)
    trpr = new.find(qn("w:trPr"))
    if trpr is not None:
        el = trpr.find(qn("w:tblHeader"))
        if el is not None:
            trpr.remove(el)
    return new


def _starts_item(tr) -> bool:
    """A row that starts something new: no cell continues a merge from above and the first
    cell holds text (a row without its own first cell may carry on the row above)."""
    tcs = tr.findall(qn("w:tc"))
    return bool(tcs) and not any(_vmerge_continues(tc) for tc in tcs) and bool(_cell_text(tcs[0]).strip())


def empty_rows(doc, rng: random.Random) -> bool:
    """An empty row under each action table's header and one before a row in its middle."""
    changed = False
    for at in action_tables(doc):
        if at.vertical:
            continue
        rows = at.rows
        data = [i for i in range(at.last_header + 1, len(rows)) if i not in at.repeats]
        if not data:
            continue
        rows[at.last_header].addnext(_empty_row(rows[data[0]]))
        changed = True
        starts = [i for i in data[1:] if _starts_item(rows[i])]
        if starts:
            i = starts[len(starts) // 2]
            rows[i].addprevious(_empty_row(rows[i]))
    return changed


def _blank_paragraph():
    return OxmlElement("w:p")


def blank_paragraphs(doc, rng: random.Random) -> bool:
    """Blank paragraphs before and after every top-level table."""
    tables = doc.element.body.findall(qn("w:tbl"))
    for tbl in tables:
        tbl.addprevious(_blank_paragraph())
        tbl.addnext(_blank_paragraph())
    return bool(tables)


def _full_width(tr, n: int) -> bool:
    tcs = tr.findall(qn("w:tc"))
    return len(tcs) == 1 and _span(tcs[0]) >= n


def split_table(doc, rng: random.Random) -> bool:
    """Each action table with at least four rows below its header split in two near its middle,
    the header rows repeated on the second part (before a section row where there is one)."""
    changed = False
    for at in action_tables(doc):
        if at.vertical:
            continue
        rows = at.rows
        n = len(_grid_cols(at.tbl))
        body = at.last_header + 1
        if len(rows) - body < 4:
            continue
        cands = [i for i in range(body + 1, len(rows) - 1) if i not in at.repeats
                 and not any(_vmerge_continues(tc) for tc in rows[i].findall(qn("w:tc")))]
        sections = [i for i in cands if _full_width(rows[i], n)]
        pool = sections or [i for i in cands if _starts_item(rows[i])]
        if not pool:
            continue
        mid = (body + len(rows)) / 2
        k = min(pool, key=lambda i: (abs(i - mid), i))
        second = copy.deepcopy(at.tbl)
        second_rows = second.findall(qn("w:tr"))
        for tr in second_rows[body:k]:
            second.remove(tr)
        for tr in rows[k:]:
            at.tbl.remove(tr)
        at.tbl.addnext(second)
        at.tbl.addnext(_blank_paragraph())
        changed = True
    return changed


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_MONTH_RE = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
            r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
# a day, month and four-digit year in one of the common orders
_DAY_DATES = [
    re.compile(rf"\b(?P<d>[0-3]?\d)\s*(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<m>{_MONTH_RE})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?<![\d/.])(?P<d>[0-3]?\d)[/.](?P<mn>[01]?\d)[/.](?P<y>(?:19|20)\d\d|\d\d)(?![\d/.])"),
]
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
DATE_STYLES = {
    "long": lambda d, m, y: f"{d} {_MONTHS[m - 1]} {y}",
    "numeric": lambda d, m, y: f"{d:02d}/{m:02d}/{y}",
    "ordinal": lambda d, m, y: f"{d}{_ORDINAL.get(d, 'th')} {_MONTHS[m - 1][:3]} {y}",
    "us": lambda d, m, y: f"{_MONTHS[m - 1]} {d}, {y}",
}


# a month and four-digit year with no day before it ("March 2017", "Mar 2017")
_MONTH_YEAR = re.compile(rf"(?<![0-9]\s)(?<![0-9])(?<!\d(?:st|nd|rd|th)\s)\b(?P<m>{_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
MONTH_STYLES = {
    "long": lambda m, y: f"{_MONTHS[m - 1]} {y}",
    "short": lambda m, y: f"{_MONTHS[m - 1][:3]}-{y % 100:02d}",  # "Mar-17": two-digit years are 20YY
}


def restyle_months(text: str, style: str) -> str:
    """Every month-and-year (no day) in ``text`` printed in ``style`` (same month)."""
    return _MONTH_YEAR.sub(lambda m: MONTH_STYLES[style](_month_number(m.group("m")), int(m.group("y"))), text)


def _month_number(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.lower().startswith(name.lower()[:3]))


def restyle_dates(text: str, style: str) -> str:
    """Every day-month-year date in ``text`` printed in ``style`` (same day, same precision)."""
    spans: list[tuple[int, int, str]] = []
    for pat in _DAY_DATES:
        for m in pat.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in spans):
                continue
            d = int(m.group("d"))
            mon = int(m.group("mn")) if "mn" in pat.groupindex else _month_number(m.group("m"))
            y = int(m.group("y"))
            y = 2000 + y if y < 100 else y
            if not (1 <= d <= 31 and 1 <= mon <= 12):
                continue
            spans.append((m.start(), m.end(), DATE_STYLES[style](d, mon, y)))
    for s, e, new in sorted(spans, reverse=True):
        text = text[:s] + new + text[e:]
    return text


def _due_cells(doc):
    for at in action_tables(doc):
        rows = at.rows
        if at.vertical:
            for i, tr in enumerate(rows):
                tcs = tr.findall(qn("w:tc"))
                if at.fields.get(i) == "due" and len(tcs) > 1:
                    yield from tcs[1:]
            continue
        cols = [c for c, f in at.fields.items() if f == "due"]
        skip = {*at.block, *at.repeats}
        n_head = len(rows[at.header].findall(qn("w:tc")))
        for i, tr in enumerate(rows):
            tcs = tr.findall(qn("w:tc"))
            if i <= at.last_header or i in skip or len(tcs) != n_head:
                continue
            for c in cols:
                if c < len(tcs):
                    yield tcs[c]


def _date_transform(style: str, months: bool = False) -> Transform:
    def apply(doc, rng: random.Random) -> bool:
        changed = False
        for tc in _due_cells(doc):
            for p in tc.iter(qn("w:p")):
                old = _paragraph_text(p)
                new = restyle_months(old, style) if months else restyle_dates(old, style)
                if new != old:
                    _set_paragraph_text(p, new)
                    changed = True
        return changed
    apply.__doc__ = (f"Months in deadline cells printed as {MONTH_STYLES[style](3, 2017)!r}." if months else
                     f"Day dates in deadline cells printed as {DATE_STYLES[style](31, 3, 2017)!r}.")
    return apply


def nbsp(doc, rng: random.Random) -> bool:
    """Spaces in the action tables' body cells printed as no-break spaces (as pasted text has them)."""
    changed = False
    for at in action_tables(doc):
        skip = set(at.block) | set(at.repeats)
        for i, tr in enumerate(at.rows):
            if i in skip:
                continue
            tcs = tr.findall(qn("w:tc"))
            for tc in tcs[1:] if at.vertical else tcs:
                for t in tc.iter(qn("w:t")):
                    if t.text and " " in t.text:
                        t.text = t.text.replace(" ", "\u00a0")
                        changed = True
    return changed


TRANSFORMS: dict[str, Transform] = {
    "reorder-columns": reorder_columns,
    "reorder-all-columns": reorder_all_columns,
    "synonyms": synonyms,
    "header-lower": header_lower,
    "header-upper": header_upper,
    "borders-off": borders_off,
    "borders-on": borders_on,
    "font-family": font_family,
    "font-size": font_size,
    "orientation": orientation,
    "margins": margins,
    "empty-rows": empty_rows,
    "blank-paragraphs": blank_paragraphs,
    "split-table": split_table,
    **{f"dates-{s}": _date_transform(s) for s in DATE_STYLES},
    **{f"months-{s}": _date_transform(s, months=True) for s in MONTH_STYLES},
    "nbsp": nbsp,
}


def transform_docx(src: Path, names: str, seed: int, out: Path) -> bool:
    """Write ``src`` rewritten by the ``+``-joined transforms to ``out``; False when any of them
    found nothing to change (the combination does not apply to this document)."""
    doc = open_docx(str(src))
    for name in names.split("+"):
        if name == "identity":
            continue
        rng = random.Random(f"{seed}-{name}-{src.stem}")
        if not TRANSFORMS[name](doc, rng):
            return False
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return True


# ---- scoring -----------------------------------------------------------------------------------


def strict_score(gold: list[dict], pred: list[dict], misses: list[str] | None = None) -> dict:
    """Issue 8's strict F1: paired text, and leads, due_date, sources, section_ref and ref right."""
    pairs = pair_actions(gold, pred)
    strict = 0
    for i, j in pairs:
        g, p = gold[i], pred[j]
        bad = [f for f in STRICT_FIELDS if not field_ok(f, g, p)]
        if norm(str(g.get("ref") or "")) != norm(str(p.get("ref") or "")):
            bad.append("ref")
        if not bad:
            strict += 1
        elif misses is not None:
            misses.append(f"field {bad}: {g.get('action', '')[:60]!r} " +
                          " ".join(f"{f}: gold={g.get(f)!r} got={p.get(f)!r}" for f in bad))
    if misses is not None:
        pg, pp = {i for i, _ in pairs}, {j for _, j in pairs}
        misses += [f"missed: {a.get('action', '')[:80]!r}" for i, a in enumerate(gold) if i not in pg]
        misses += [f"extra:  {a.get('action', '')[:80]!r}" for j, a in enumerate(pred) if j not in pp]
    n_g, n_p = len(gold), len(pred)
    prec, rec = (strict / n_p if n_p else 0.0), (strict / n_g if n_g else 0.0)
    return {"gold": n_g, "exported": n_p, "paired": len(pairs), "strict": strict,
            "strict_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0}


def read_plan(path: Path, key: str) -> list[dict]:
    plan = assemble(extract(path), path)
    rows = []
    for a in plan.actions:
        row = a.export_row(plan.plan)
        row["document"] = key
        rows.append(row)
    return rows


def score_file(path: Path, key: str, gold: dict, show_misses: bool = False) -> dict:
    misses: list[str] | None = [] if show_misses else None
    try:
        rows = read_plan(path, key)
    except PlansiftError as exc:
        rows = []
        if misses is not None:
            misses.append(f"error: {exc}")
    result = strict_score(gold.get("actions", []), rows, misses)
    if misses:
        result["misses"] = misses
    return result


def _pdf_cache(docx_files: list[Path]) -> dict[Path, Path]:
    """PDF twins of rewritten .docx files, converted by LibreOffice once per content."""
    import corpus

    src_dir, pdf_dir = CACHE / "src", CACHE / "pdf"
    src_dir.mkdir(parents=True, exist_ok=True)
    out, todo = {}, []
    for f in docx_files:
        digest = hashlib.sha256(f.read_bytes()).hexdigest()[:20]
        pdf = pdf_dir / f"{digest}.pdf"
        out[f] = pdf
        if not pdf.exists():
            src = src_dir / f"{digest}.docx"
            shutil.copyfile(f, src)
            todo.append(src)
    if todo:
        corpus.convert_to_pdf(todo, pdf_dir)
        for src in todo:
            src.unlink(missing_ok=True)
    return out


def run_matrix(keys: list[str], transforms: list[str], seed: int = 0, pdf: bool = False,
               show_misses: bool = False, log=print) -> dict[str, dict[str, dict | None]]:
    """{document: {transform: score or None (not applicable)}}."""
    gold = load_gold(GOLD)
    results: dict[str, dict[str, dict | None]] = {k: {} for k in keys}
    with tempfile.TemporaryDirectory(prefix="plansift-metamorphic-") as tmp:
        made: dict[tuple[str, str], Path] = {}
        for name in transforms:
            for key in keys:
                out = Path(tmp) / name / f"{key}.docx"
                if transform_docx(PLANS / f"{key}.docx", name, seed, out):
                    made[(key, name)] = out
                else:
                    results[key][name] = None
        files = dict(made)
        if pdf:
            cache = _pdf_cache(list(made.values()))
            for (key, name), f in made.items():
                target = Path(tmp) / "pdf" / name / f"{key}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(cache[f], target)
                files[(key, name)] = target
        for name in transforms:
            start = time.perf_counter()
            for key in keys:
                if (key, name) in files:
                    results[key][name] = score_file(files[(key, name)], key, gold[key], show_misses)
            log(f"  {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return results


def print_matrix(results: dict[str, dict[str, dict | None]], transforms: list[str], floor: float = 0.9) -> None:
    width = max(len(k) for k in results) + 1
    short = [t.replace("reorder-", "ro-").replace("columns", "cols").replace("header-", "hdr-")
             .replace("paragraphs", "paras") for t in transforms]
    cw = max(8, *(len(s) + 1 for s in short))
    print(f"{'document':<{width}}" + "".join(f"{s:>{cw}}" for s in short))
    below = []
    for key, row in results.items():
        cells = []
        for t in transforms:
            r = row.get(t)
            if r is None:
                cells.append(f"{'-':>{cw}}")
            else:
                mark = "*" if r["strict_f1"] < floor else " "
                cells.append(f"{r['strict_f1']:>{cw - 1}.3f}{mark}")
                if r["strict_f1"] < floor:
                    below.append((key, t, r))
        print(f"{key:<{width}}" + "".join(cells))
    col = []
    for t in transforms:
        rs = [row[t] for row in results.values() if row.get(t)]
        s = sum(r["strict"] for r in rs)
        n_p = sum(r["exported"] for r in rs)
        n_g = sum(r["gold"] for r in rs)
        p, rc = (s / n_p if n_p else 0), (s / n_g if n_g else 0)
        col.append(2 * p * rc / (p + rc) if p + rc else 0.0)
    print(f"{'(pooled)':<{width}}" + "".join(f"{c:>{cw - 1}.3f} " for c in col))
    print(f"\n{len(below)} cell(s) below strict F1 {floor} (*); '-' = transform not applicable")
    for key, t, r in below:
        print(f"  {key} / {t}: {r['strict_f1']:.3f} (gold {r['gold']}, exported {r['exported']}, "
              f"paired {r['paired']}, strict {r['strict']})")
        for m in r.get("misses", [])[:12]:
            print(f"      {m}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--transforms", default="identity," + ",".join(TRANSFORMS),
                    help="comma-separated; compose with '+'")
    ap.add_argument("--documents", nargs="*", default=[])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pdf", action="store_true", help="read LibreOffice PDFs of the rewritten documents")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--list", action="store_true", help="list the transforms")
    args = ap.parse_args(argv)
    if args.list:
        for name, fn in TRANSFORMS.items():
            print(f"{name:<22}{(fn.__doc__ or '').strip()}")
        return 0
    transforms = [t for t in args.transforms.split(",") if t]
    unknown = [p for t in transforms for p in t.split("+") if p != "identity" and p not in TRANSFORMS]
    if unknown:
        ap.error(f"unknown transform(s): {', '.join(unknown)}")
    gold = load_gold(GOLD)
    keys = args.documents or sorted(k for k in gold if (PLANS / f"{k}.docx").exists())
    results = run_matrix(keys, transforms, args.seed, args.pdf, args.show_misses)
    print(f"\n== strict F1 (leads, due_date, sources, section_ref, ref), {'pdf' if args.pdf else 'docx'}, seed {args.seed}")
    print_matrix(results, transforms)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
