"""Find the tables on a PDF page.

One procedure for every table: areas come from rulings (lines, rect edges, thin filled rects)
and from runs of aligned text; inside an area columns come from rulings and white space, rows
from rulings and text lines (see pdf_grid). Nothing is tuned per file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Cell, Table
from .pdf_borderless import borderless_areas
from .pdf_grid import Grid, GridCell, _phrases, build_grid
from .pdf_page import SNAP, Fill, PageContent, Segment, load_page
from .pdf_paragraphs import lines_to_paragraphs
from .pdf_reflow import GridReach, resolve_breaks, runs_on
from .pdf_rulings import Area, merge_rules, ruled_areas
from .pdf_text import Line, build_lines


@dataclass
class FoundTable:
    table: Table
    x0: float
    top: float
    x1: float
    bottom: float
    grid: Grid

    def holds(self, line: Line) -> bool:
        cx = (line.x0 + line.x1) / 2
        return self.x0 - 2 <= cx <= self.x1 + 2 and self.top - 2 <= line.mid <= self.bottom + 2


@dataclass
class PageLayout:
    content: PageContent
    lines: list[Line]
    tables: list[FoundTable]

    def free_lines(self) -> list[Line]:
        """Lines outside every table."""
        return [ln for ln in self.lines if not any(t.holds(ln) for t in self.tables)]


def find_tables(page: Any) -> list[Table]:
    """Tables on one pdfplumber page, top to bottom."""
    tables = [t.table for t in analyse_page(load_page(page)).tables]
    resolve_breaks(p for t in tables for p in table_paragraphs(t))
    return tables


def table_paragraphs(table: Table):
    """Every paragraph of a table's cells, each cell once."""
    for r, row in enumerate(table.grid):
        for j, c in enumerate(row):
            if c.is_origin_at(r, j):
                yield from c.paragraphs


def analyse_page(content: PageContent, carry: FoundTable | None = None) -> PageLayout:
    """``carry``: the table that ran to the foot of the page before, if any (see
    ``_carried_lines``)."""
    lines = build_lines(content.glyphs)
    hr = merge_rules([h for h in content.hrules if not _underlines(h, lines)], horizontal=True)
    vr = merge_rules(content.vrules, horizontal=False)
    found: list[FoundTable] = []
    # shading alone (a shaded header or group row, coloured timeline cells) frames no table: a
    # table printed without borders shades some of its rows, and the text tells its columns
    areas = [_unclip(a, lines, content) for a in ruled_areas(hr, vr, lines) if not _shading_only(a)]
    # small areas first, so a frame drawn round a whole page does not swallow the tables in it
    # grids drawn with vertical rules come before areas bounded by horizontal rules alone
    areas.sort(key=lambda a: (not a.vrules, (a.x1 - a.x0) * (a.bottom - a.top)))
    for area in areas:
        free = [ln for ln in lines if not any(t.holds(ln) for t in found)]
        grid = build_grid(area, free)
        if grid is None or not _table_like(grid, area):
            grid = _page_foot_row(area, free, content.height)
            if grid is None:
                continue
        found.append(_to_found(_trim_captions(grid), content))
    free = [ln for ln in lines if not any(t.holds(ln) for t in found)]
    for area in borderless_areas(free, hr, content.fills, foot=0.9 * content.height):
        grid = build_grid(area, free)
        if grid is None or not _table_like(grid, area):
            continue
        found.append(_to_found(_trim_captions(grid), content))
    if carry is not None:
        free = [ln for ln in lines if not any(t.holds(ln) for t in found)]
        rest = _carried_lines(free, found, carry, content.height)
        if rest:
            xs = carry.grid.xs
            top, bottom = min(ln.top for ln in rest) - 1, max(ln.bottom for ln in rest) + 1
            area = Area(xs[0], top, xs[-1], bottom, [], [Segment(x, top, x, bottom) for x in xs])
            grid = build_grid(area, rest, min_lines=1)
            if grid is not None:
                found.append(_to_found(grid, content))
    found.sort(key=lambda t: (t.top, t.x0))
    return PageLayout(content, lines, found)


HEAD = 0.1  # running heads live in the top tenth of the page


def _carried_lines(free: list[Line], found: list[FoundTable], carry: FoundTable, height: float) -> list[Line]:
    """A table's last row split over a page break with no header repeated on the new page: the
    lines at the top of the new page (above any table found there; a running head in the top
    margin left aside) whose words fall one phrase to a column in the earlier table's column
    bands, none running across a boundary, set close together, one of them with text in two or
    more columns, and carrying on the cells above (text in lower case, or the cell above
    stopping on a comma or joining word, short of a sentence's end). Too few to be seen as a
    table of their own, they would otherwise be read as paragraphs."""
    xs = carry.grid.xs
    if len(xs) < 3 or not carry.table.grid:
        return []
    limit = min((t.top for t in found), default=height)
    lines = sorted((ln for ln in free if ln.bottom <= limit and ln.words), key=lambda ln: ln.top)

    def columns(ln: Line) -> set[int] | None:
        cols: set[int] = set()
        for a, b, _ in _phrases(ln.words, ln.size):
            if a < xs[0] - 2 or b > xs[-1] + 2 or any(a < x - 1 and b > x + 1 for x in xs[1:-1]):
                return None
            cols.add(max(j for j in range(len(xs) - 1) if xs[j] - 1 <= a))
        return cols

    groups: list[list[Line]] = []
    for ln in lines:
        if groups and ln.top - groups[-1][-1].bottom <= 0.8 * ln.size:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    for g in groups:
        rest: list[Line] = []
        for ln in g:
            if columns(ln) is None:
                break
            rest.append(ln)
        if rest and any(len(columns(ln) or ()) >= 2 for ln in rest) and _carries_on_row(rest[0], carry, xs):
            return rest
        if all(ln.bottom <= HEAD * height for ln in g):
            continue  # a running head
        return []
    return []


def _carries_on_row(ln: Line, carry: FoundTable, xs: list[float]) -> bool:
    """Does some phrase of the line carry on the earlier table's last row in its column?"""
    last = carry.table.grid[-1]
    for a, _, ws in _phrases(ln.words, ln.size):
        j = max(j for j in range(len(xs) - 1) if xs[j] - 1 <= a)
        if j >= len(last):
            continue
        above = last[j].text.strip()
        if not above or above.endswith((".", ":", ";", "!", "?", ")")):
            continue
        text = " ".join(w.text for w in ws)
        if (text[:1].isalpha() and text[:1].islower()) or runs_on(above):
            return True
    return False


def _underlines(seg: Segment, lines: list[Line]) -> bool:
    """Is a horizontal segment a line of text underlined (a link, inserted text shown as a
    tracked change)? It lies just under the line's baseline and runs from the start of one of its
    words to the end of one, no further."""
    for ln in lines:
        if not ln.bottom - 0.3 * ln.size <= seg.top <= ln.bottom + 0.3 * ln.size:
            continue
        if any(abs(seg.x0 - w.x0) <= 1.0 for w in ln.words) and any(abs(seg.x1 - w.x1) <= 1.5 for w in ln.words):
            return True
    return False


def _shading_only(area: Area) -> bool:
    return all(s.shade for s in area.hrules) and all(s.shade for s in area.vrules)


EDGE = 1.5  # pt: a ruling this close to the page's side runs to the edge (it was clipped there)


def _unclip(area: Area, lines: list[Line], content: PageContent) -> Area:
    """A table wider than the page: its rulings and shading stop at the page's side, its text
    does not. Words beyond the side, on lines that cross the table, belong to its outer
    column: the area is widened to take them in, the rulings and fills that reach the side are
    drawn on to the new edge, and a vertical ruling along the side itself (the clip) goes."""
    width = content.width
    left = area.x0 <= EDGE
    right = area.x1 >= width - EDGE
    if not (left or right):
        return area
    x0, x1 = area.x0, area.x1
    for ln in lines:
        if ln.bottom < area.top or ln.top > area.bottom:
            continue
        for w in ln.words:
            c = (w.x0 + w.x1) / 2
            if left and c < 0:
                x0 = min(x0, w.x0 - 1)
            if right and c > width:
                x1 = max(x1, w.x1 + 1)
    if (x0, x1) == (area.x0, area.x1):
        return area
    old0, old1 = area.x0, area.x1

    def stretch(a: float, b: float) -> tuple[float, float]:
        if x0 < old0 and a <= old0 + SNAP:
            a = x0
        if x1 > old1 and b >= old1 - SNAP:
            b = x1
        return a, b

    hrules = []
    for h in area.hrules:
        a, b = stretch(h.x0, h.x1)
        hrules.append(Segment(a, h.top, b, h.bottom, h.shade))
    vrules = [
        v for v in area.vrules
        if not (x0 < old0 and abs(v.x0 - old0) <= EDGE) and not (x1 > old1 and abs(v.x0 - old1) <= EDGE)
    ]
    for i, f in enumerate(content.fills):
        if f.bottom < area.top - SNAP or f.top > area.bottom + SNAP:
            continue
        a, b = stretch(f.x0, f.x1)
        if (a, b) != (f.x0, f.x1):
            content.fills[i] = Fill(a, f.top, b, f.bottom, f.colour)
    return Area(x0, area.top, x1, area.bottom, hrules, vrules)


def _page_foot_row(area: Area, free: list[Line], height: float) -> Grid | None:
    """A table's first row alone at the foot of a page (its other rows went to the next page):
    a one-row ruled grid with nothing but the page's running foot below it."""
    if len(area.vrules) < 3 or area.bottom < 0.75 * height:
        return None
    if any(ln.top > area.bottom and ln.top < 0.92 * height for ln in free):
        return None
    grid = build_grid(area, free, min_lines=1)
    if grid is None or grid.n_rows != 1 or grid.n_cols < 2:
        return None
    return grid if sum(1 for c in grid.cells if c.lines) >= 2 else None


def _table_like(grid: Grid, area: Area) -> bool:
    if grid.n_rows < 2 or grid.n_cols < 2:
        return False
    filled_rows = 0
    cols_used: dict[int, int] = {}
    for c in grid.cells:
        if c.lines:
            cols_used[c.c0] = cols_used.get(c.c0, 0) + 1
    per_row: dict[int, int] = {}
    for c in grid.cells:
        if c.lines:
            per_row[c.r0] = per_row.get(c.r0, 0) + 1
    filled_rows = sum(1 for n in per_row.values() if n >= 2)
    if grid.ruled:
        return filled_rows >= 1
    # white-space columns: evidence in at least two rows and two columns
    if filled_rows < 2 or sum(1 for n in cols_used.values() if n >= 2) < 2:
        return False
    return not _prose_columns(grid) and not _hanging_list(grid)


_NUMBER = re.compile(r"^\(?(?:[0-9]{1,3}|[a-zA-Z]|[ivxIVX]{1,4})(?:\.[0-9]{1,3})*[.):]?$|^[•●▪■◦○·–\-*]$")


def _hanging_list(grid: Grid) -> bool:
    """Numbered or bulleted paragraphs with a hanging indent: two "columns", the first holding
    nothing but the numbers."""
    if grid.n_cols != 2:
        return False
    firsts = [c for c in grid.cells if c.c0 == 0 and c.lines]
    return bool(firsts) and all(
        len(c.lines) == 1 and len(c.lines[0].words) == 1 and _NUMBER.match(c.lines[0].words[0].text) for c in firsts
    )


def _prose_columns(grid: Grid) -> bool:
    """Running text set in columns: every column's cells are long, several lines of words."""
    by_col: dict[int, list[int]] = {}
    for c in grid.cells:
        if c.lines:
            by_col.setdefault(c.c0, []).append(sum(len(ln.words) for ln in c.lines))
    medians = [sorted(v)[len(v) // 2] for v in by_col.values()]
    return bool(medians) and min(medians) >= 12


_CAPTION = re.compile(r"^(?:table|exhibit|figure|chart)\s+[A-Z]?[0-9.]*[0-9]", re.I)
_NOTE = re.compile(r"^(?:sources?|notes?|exhibit reads|\*)\s*[:.]?", re.I)


def _trim_captions(grid: Grid) -> Grid:
    """Leave out a caption ("Exhibit 20 ...") ruled in as the first row, and a source or note
    ruled in as the last row: a whole-width cell above or below the table proper."""

    def whole_width(r: int) -> GridCell | None:
        row = [c for c in grid.cells if c.r0 <= r < c.r1]
        if len(row) == 1 and row[0].c0 == 0 and row[0].c1 == grid.n_cols and row[0].r1 - row[0].r0 == 1:
            return row[0]
        return None

    def text(c: GridCell) -> str:
        return " ".join(ln.text for ln in sorted(c.lines, key=lambda ln: ln.top))

    first, last = 0, grid.n_rows
    head = whole_width(0)
    if head is not None and _CAPTION.match(text(head)):
        first = 1
    tail = whole_width(grid.n_rows - 1)
    if tail is not None and _NOTE.match(text(tail)):
        last = grid.n_rows - 1
    if (first, last) == (0, grid.n_rows) or last - first < 2:
        return grid
    cells = [
        GridCell(c.r0 - first, c.c0, c.r1 - first, c.c1, c.lines)
        for c in grid.cells
        if c.r0 >= first and c.r1 <= last
    ]
    ys = grid.ys[first:last + 1]
    return Grid(grid.xs, ys, cells, grid.ruled, grid.x0, ys[0], grid.x1, ys[-1], grid.text_x)


def _to_found(grid: Grid, content: PageContent) -> FoundTable:
    page = content.number
    rows: list[list[Cell | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    reach = GridReach(grid)
    for gc in grid.cells:
        cell = Cell(
            paragraphs=lines_to_paragraphs(gc.lines, page, reach(gc.c0, gc.c1)),
            row=gc.r0,
            col=gc.c0,
            row_span=gc.r1 - gc.r0,
            col_span=gc.c1 - gc.c0,
            fill=_fill_behind(content.fills, grid, gc.r0, gc.c0, gc.r1, gc.c1),
            page=page,
        )
        for r in range(gc.r0, gc.r1):
            for j in range(gc.c0, gc.c1):
                rows[r][j] = cell
    for r, row in enumerate(rows):
        for j, c in enumerate(row):
            if c is None:  # cannot happen with a consistent grid; keep the grid full regardless
                row[j] = Cell(row=r, col=j, page=page)
    table = Table(grid=rows, pages=[page], header_rows=_header_rows(rows))  # type: ignore[arg-type]
    return FoundTable(table, grid.x0, grid.top, grid.x1, grid.bottom, grid)


def _fill_behind(fills: list[Fill], grid: Grid, r0: int, c0: int, r1: int, c1: int) -> str | None:
    x0, x1, top, bottom = grid.xs[c0], grid.xs[c1], grid.ys[r0], grid.ys[r1]
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    best: Fill | None = None
    for f in fills:
        if f.x0 - 1 <= cx <= f.x1 + 1 and f.top - 1 <= cy <= f.bottom + 1:
            # the fill must be about the cell's size or smaller, not a page background
            if (f.x1 - f.x0) * (f.bottom - f.top) > 4 * max(1.0, (x1 - x0) * (bottom - top)) and best is not None:
                continue
            if best is None or (f.x1 - f.x0) * (f.bottom - f.top) < (best.x1 - best.x0) * (best.bottom - best.top):
                best = f
    return best.colour if best else None


def _header_rows(rows: list[list[Cell]]) -> int:
    """Leading rows that look like a header: bold or shaded unlike the body, or spanned by row 0."""
    if len(rows) < 2:
        return 0
    body_fill = {c.fill for c in rows[-1]}
    n = 0
    for r, row in enumerate(rows[:-1]):
        origins = [c for j, c in enumerate(row) if c.is_origin_at(r, j) and c.paragraphs]
        if not origins or (r and len(origins) == 1):
            break  # a row with one cell below the first is a group heading, not a header
        bold = all(all(p.bold for p in c.paragraphs) for c in origins)
        shaded = all(c.fill is not None and c.fill not in body_fill for c in origins)
        if not (bold or shaded):
            break
        n = r + 1
    if n == 0:
        return 0
    # a header cell spanning down takes the rows it covers
    return max(n, max(c.row + c.row_span for c in rows[0])) if n < len(rows) else 0
