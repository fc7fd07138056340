"""Lay out the text of a page area as a grid of rows and columns.

Column boundaries come from vertical rulings and from white space that runs down the area
(text-alignment gaps); row boundaries from horizontal rulings and from the text lines. A ruled
boundary that stops part way marks a spanning cell, as does a word lying across a white-space
boundary.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .pdf_page import SNAP
from .pdf_reflow import GridReach, Reach, cannot_fit, runs_on, would_fit
from .pdf_rulings import Area, coverage
from .pdf_text import Line, Word

SEGMENT_GAP = 0.8  # in font sizes: words closer than this belong to one phrase when finding gaps
# a row's reference: "1", "1.2", "2a", "3.1.4", "A1", "(4)", "5."
_REF = re.compile(r"^\(?[A-Z]?\d{1,3}(?:\.\d{1,3})*[a-z]?[.):]?$")
_ADDRESS = re.compile(r"^(?:[\w.+'-]+@[\w-]|www\.|https?://)", re.I)
_MARKER = re.compile(r"^(?:[•●▪■◦○·\-–—*o➢►✓❖]|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)])$")


@dataclass
class GridCell:
    r0: int
    c0: int
    r1: int  # exclusive
    c1: int
    lines: list[Line] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.lines


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]  # origins only, row-major
    ruled: bool  # drawn with vertical rulings (not inferred from white space alone)
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    text_x: frozenset[int] = frozenset()  # boundaries (indexes into xs) found from white space

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def _cluster(values: list[float], tol: float) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def area_lines(area: Area, lines: list[Line]) -> list[Line]:
    """The parts of page lines that fall inside the area."""
    out = []
    for ln in lines:
        if ln.bottom < area.top - 1 or ln.top > area.bottom + 1:
            continue
        mid = ln.mid
        if not area.top - 2 <= mid <= area.bottom + 2:
            continue
        words = [w for w in ln.words if area.x0 - 2 <= (w.x0 + w.x1) / 2 <= area.x1 + 2]
        if words:
            out.append(Line(words, words[0].x0, max(w.x1 for w in words), ln.top, ln.bottom, ln.size, ln.bold, ln.seq))
    return out


def _phrases(words: list[Word], size: float) -> list[tuple[float, float, list[Word]]]:
    out: list[tuple[float, float, list[Word]]] = []
    for w in words:
        if out and w.x0 - out[-1][1] < SEGMENT_GAP * size:
            a, _, ws = out[-1]
            ws.append(w)
            out[-1] = (a, max(out[-1][1], w.x1), ws)
        else:
            out.append((w.x0, w.x1, [w]))
    return out


def is_list_marker(text: str) -> bool:
    """A list number or bullet standing alone ("1.", "(a)", "•")."""
    return bool(_MARKER.match(text))


def _is_marker_text(words: list[Word]) -> bool:
    return len(words) == 1 and bool(_MARKER.match(words[0].text))


def text_gaps(lines: list[Line], xa: float, xb: float, strict: bool) -> list[float]:
    """x positions inside (xa, xb) where white space runs down the lines: column boundaries."""
    rows = []
    for ln in lines:
        ws = [w for w in ln.words if xa <= (w.x0 + w.x1) / 2 < xb]
        if ws:
            rows.append((ln, _phrases(ws, ln.size)))
    if len(rows) < 2:
        return []
    size = sorted(ln.size for ln, _ in rows)[len(rows) // 2]
    # lines that break into phrases show the columns; a single phrase laid across them is a
    # spanning cell (a group heading), so it does not get to close a gap
    structured = [(ln, ph) for ln, ph in rows if len(ph) >= 2]
    loose: list[tuple[float, float]] = []  # the phrases of the lines left out
    if len(structured) >= 3:
        loose = [(a, b) for _, ph in rows if len(ph) < 2 for a, b, _ in ph]
        rows = structured
    allowed = len(rows) // 10 if len(rows) >= 8 else 0
    # coverage profile over phrase extents, sampled at 0.5pt
    step = 0.5
    n = int((xb - xa) / step) + 2
    # a line of many phrases names narrow columns (the months of a timeline): its phrases are
    # columns' text, not words allowed to overhang a gap, so they part gaps; and a label laid
    # over two or more of them (a "Timeline" heading) spans those columns
    named = [[(a, b) for a, b, _ in ph] for k, (_, ph) in enumerate(rows) if len(ph) >= 6 or _sub_labels(rows, k)]
    solid = [False] * n
    for a, b in (p for line_named in named for p in line_named):
        for i in range(max(0, int((a - xa) / step)), min(n - 1, int((b - xa) / step) + 1) + 1):
            solid[i] = True
    counts = [0] * n
    for _, ph in rows:
        for a, b, _ in ph:
            if len(ph) < 6 and any(sum(1 for c, d in nm if c < b and d > a) >= 2 for nm in named):
                continue
            i0 = max(0, int((a - xa) / step))
            i1 = min(n - 1, int((b - xa) / step) + 1)
            for i in range(i0, i1 + 1):
                counts[i] += 1
    gaps: list[tuple[float, float, float]] = []  # (start, end, where the boundary goes)
    i = 0
    while i < n:
        if counts[i] <= allowed and not solid[i]:
            j = i
            while j + 1 < n and counts[j + 1] <= allowed and not solid[j + 1]:
                j += 1
            # put the boundary in the clearest stretch of the gap, not across a word that
            # was allowed to overhang it
            low = min(counts[i:j + 1])
            best_len, best_mid, k = -1, (i + j) / 2, i
            while k <= j:
                if counts[k] == low:
                    m = k
                    while m + 1 <= j and counts[m + 1] == low:
                        m += 1
                    if m - k > best_len:
                        best_len, best_mid = m - k, (k + m) / 2
                    k = m + 1
                else:
                    k += 1
            gaps.append((xa + i * step, xa + j * step, xa + best_mid * step))
            i = j + 1
        else:
            i += 1
    min_width = (1.0 if strict else 0.5) * size
    need = max(2, int(0.4 * len(rows))) if strict else 2
    bounds: list[float] = []
    left_edge = xa
    for g0, g1, gx in gaps:
        if g1 - g0 < min_width:
            continue
        if g0 <= xa + step or g1 >= xb - 2 * step:
            continue  # margins, not gaps
        left = right = marked = 0
        headed = False  # a line of many phrases (a header of narrow columns) on both sides
        for _, ph in rows:
            lw = [p for p in ph if left_edge <= p[0] and p[1] <= g0 + step]
            rw = any(p[0] >= g1 - step for p in ph)
            if lw:
                left += 1
                if all(_is_marker_text(p[2]) for p in lw):
                    marked += 1
            if rw:
                right += 1
            headed = headed or (bool(lw) and rw and [(a, b) for a, b, _ in ph] in named)
        if not strict and headed and left >= 1 and right >= 2 and marked < left:
            # narrow columns (months of a timeline) named by their header, marked in few rows
            pass
        elif left < need or right < need or marked == left:
            continue
        if marked >= 2 and marked >= 2 * (left - marked) and g1 - g0 < 1.0 * size:
            # a list's numbers and the tab after them, with an unnumbered cell or two
            # (one action alone, set without a number) reaching into the tab
            continue
        x = _clear_of(gx, g0, g1, loose, 0.5 * size)
        bounds.append(x)
        left_edge = x
    return bounds


def _sub_labels(rows: list[tuple[Line, list]], k: int) -> bool:
    """Is line k a header's row of sub-column labels ("Social care | Health | Police" under
    "Lead agency")? Bold, with a bold phrase on a header line just above laid over two or more
    of its phrases: the label spanning the sub-columns."""
    ln, ph = rows[k]
    if len(ph) < 2 or not all(w.bold for w in ln.words):
        return False
    for up, uph in rows[max(0, k - 2):k]:
        if ln.top - up.bottom > 4 * ln.size or not all(w.bold for w in up.words):
            continue
        for a, b, _ in uph:
            under = [p for p in ph if a - 0.5 * ln.size <= p[0] < b]
            if len(under) >= 2:
                return True
    return False


def _clear_of(x: float, g0: float, g1: float, loose: list[tuple[float, float]], width: float) -> float:
    """A boundary placed in a gap the structured lines leave, moved clear of the one-phrase lines
    (a cell's wrapped last line, "Business Manager") that reach into the gap from one side but
    leave room before the other column: they are that column's text, not a heading across it."""
    lo, hi = g0, g1
    for a, b in loose:
        if a < g0 and g0 < b < g1:
            lo = max(lo, b)  # reaches in from the column on the left
        elif g0 < a < g1 and b > g1:
            hi = min(hi, a)  # reaches in from the column on the right
    if (lo, hi) == (g0, g1) or lo <= x <= hi or hi - lo < width:
        return x
    return (lo + hi) / 2


def _is_bullet(text: str) -> bool:
    return text[:1] in "•●▪■◦○·–-➢►✓❖" or text == "o"


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit() or ch in "•●▪(":
            return False
    return False


def _col_of(xs: list[float], x: float) -> int:
    for j in range(len(xs) - 1):
        if x < xs[j + 1]:
            return j
    return len(xs) - 2


def build_grid(area: Area, page_lines: list[Line], min_lines: int = 2) -> Grid | None:
    lines = area_lines(area, page_lines)
    if len(lines) < min_lines or not lines:
        return None
    size = sorted(ln.size for ln in lines)[len(lines) // 2]

    # columns: vertical rulings, then white space between them
    vxs = _cluster([v.x0 for v in area.vrules if v.bottom - v.top > 0.5 * size], SNAP)
    ruled_x = [x for x in vxs if area.x0 - SNAP <= x <= area.x1 + SNAP]
    edges = sorted(set([area.x0, area.x1] + ruled_x))
    edges = _cluster(edges, SNAP)
    has_v = len(ruled_x) >= 2
    xs: list[float] = [edges[0]]
    text_x: set[int] = set()
    for a, b in zip(edges, edges[1:]):
        for g in text_gaps(lines, a, b, strict=has_v):
            xs.append(g)
            text_x.add(len(xs) - 1)
        xs.append(b)
    # widen the outer edges to take in text hanging over them
    xs[0] = min(xs[0], min(ln.x0 for ln in lines) - 0.5)
    xs[-1] = max(xs[-1], max(ln.x1 for ln in lines) + 0.5)
    xs, text_x, x_alias = _merge_slivers(xs, text_x, lines)
    ncols = len(xs) - 1
    if ncols < 1:
        return None

    # rows: horizontal rulings cut the area into bands; text lines make rows inside bands
    hys = _cluster([h.top for h in area.hrules if h.x1 - h.x0 > 0.3 * size], SNAP)
    bands_y = [y for y in hys if area.top - SNAP <= y <= area.bottom + SNAP]
    bands_y = [y for y in bands_y if _useful_cut(y, area, lines, xs, size)]
    cuts = sorted(set([area.top - 1] + bands_y + [area.bottom + 1]))
    cuts = _cluster(cuts, SNAP)
    bands: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:
        k = 0
        while k < len(cuts) and ln.mid > cuts[k]:
            k += 1
        bands[k].append(ln)
    text_bands = [b for b in bands if b]
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * size]
    pitch = sorted(pitches)[len(pitches) // 2] if pitches else 1.2 * size

    def line_cols(ln: Line) -> dict[int, list[Word]]:
        d: dict[int, list[Word]] = {}
        for w in ln.words:
            d.setdefault(_col_of(xs, (w.x0 + w.x1) / 2), []).append(w)
        return d

    # open rows: one per text line, wrapped lines joined back (see _open_rows)
    def spanning(ln: Line) -> bool:
        """Does a phrase of the line run across a white-space column boundary?"""
        for a, b, _ in _phrases(ln.words, ln.size):
            if any(a < xs[j] - 1 and b > xs[j] + 1 for j in text_x):
                return True
        return False

    key_reach = _key_reach(lines, xs, text_x, has_v)
    if has_v:
        open_rows = [_open_rows(b, line_cols, pitch, spanning, key_reach) for b in text_bands]
    else:
        # a column numbering the rows, told from all the area's lines (bands cut by shaded
        # rows may hold too few numbers to show the sequence)
        ref_col = _numbering_column(lines, line_cols)
        # edges of empty shaded cells lying between two lines, clear of any line's text
        shade_cuts = [
            y for y in area.shade_cuts
            if not any(ln.top + 1 < y < ln.bottom - 1 for ln in lines)
            and any(ln.bottom <= y + 2 for ln in lines) and any(ln.top >= y - 2 for ln in lines)
        ]
        # a band right under a header band set in bold across the columns (a header repeated at
        # a page's top, cut off by its shading) may open with a row carried over the page break
        heads = [
            all(ln.bold for ln in b) and len({j for ln in b for j in line_cols(ln)}) >= 3 for b in text_bands
        ]
        open_rows = [
            _gapped_rows(b, line_cols, pitch, spanning, size, ref_col, shade_cuts, carried=k > 0 and heads[k - 1])
            for k, b in enumerate(text_bands)
        ]
    n_open = sum(len(r) for r in open_rows)
    dense = len(text_bands) >= 3 and len(text_bands) >= 0.3 * n_open and has_v
    rows: list[list[Line]] = []
    for b, orows in zip(text_bands, open_rows):
        if dense:
            rows.extend(_ruled_rows(b, line_cols, pitch))
        else:
            rows.extend(orows)
    if len(rows) < 1:
        return None
    if not has_v and area.shaded_rows:
        rows = _join_shaded(rows, area.shaded_rows)

    # row boundaries: rulings where a band ends, midway between text otherwise
    ys: list[float] = []
    ruled_y: set[int] = set()
    for i, row in enumerate(rows):
        top = min(ln.top for ln in row)
        if i == 0:
            ys.append(min(top, area.top))
        else:
            prev_bottom = max(ln.bottom for ln in rows[i - 1])
            lo = max(ln.mid for ln in rows[i - 1])
            hi = min(ln.mid for ln in row)
            ruling = [c for c in cuts if lo < c < hi and c in bands_y]
            if ruling:
                ys.append(ruling[0])
                ruled_y.add(len(ys) - 1)
            else:
                ys.append((prev_bottom + top) / 2)
    ys.append(max(max(ln.bottom for ln in rows[-1]), area.bottom))
    nrows = len(rows)

    # which boundaries are drawn between neighbouring positions
    # a ruled boundary drawn down most of the table is authoritative: where it breaks off, cells
    # span. One drawn only in part (rules between header cells) is backed up by white space.
    full_rule = [
        max(coverage(area.vrules, xa, ys[0], ys[-1], horizontal=False) for xa in x_alias[j]) >= 0.6
        for j in range(len(xs))
    ]

    def crossed(r: int, x: float) -> bool:
        for ln in rows[r]:
            if any(w.x0 < x - 1 and w.x1 > x + 1 for w in ln.words):
                return True
            # a line that is one phrase (a group heading) spans the columns it runs across
            phrases = _phrases(ln.words, ln.size)
            if len(phrases) == 1 and phrases[0][0] < x - 1 and phrases[0][1] > x + 1:
                return True
        return False

    def vbound(r: int, j: int) -> bool:  # boundary at xs[j] (1..ncols-1) in row r
        x = xs[j]
        if j in text_x:
            return not crossed(r, x)
        a, b = ys[r], ys[r + 1]
        if rows[r]:
            a = max(a, min(ln.top for ln in rows[r]) - 1)
            b = min(b, max(ln.bottom for ln in rows[r]) + 1)
        if max(coverage(area.vrules, xa, a, b, horizontal=False) for xa in x_alias[j]) >= 0.5:
            return True
        return not full_rule[j] and not crossed(r, x)

    def hbound(i: int, j: int) -> bool:  # boundary at ys[i] (1..nrows-1) in column j
        if i not in ruled_y:
            return True
        return coverage(area.hrules, ys[i], xs[j], xs[j + 1], horizontal=True) >= 0.5

    cells = _span_cells(nrows, ncols, vbound, hbound)
    cells = _widen_headings(cells, rows, xs, text_x)
    owner: dict[tuple[int, int], GridCell] = {}
    for c in cells:
        for r in range(c.r0, c.r1):
            for j in range(c.c0, c.c1):
                owner[(r, j)] = c
    for r, row in enumerate(rows):
        for ln in row:
            parts: dict[int, list[Word]] = line_cols(ln)
            for j, ws in parts.items():
                cell = owner[(r, j)]
                if cell.lines and cell.lines[-1].seq == ln.seq and cell.lines[-1].top == ln.top:
                    cell.lines[-1].words.extend(ws)
                    cell.lines[-1].x1 = max(w.x1 for w in cell.lines[-1].words)
                else:
                    cell.lines.append(Line(list(ws), ws[0].x0, max(w.x1 for w in ws), ln.top, ln.bottom, ln.size, ln.bold, ln.seq))
    grid = Grid(xs, ys, cells, has_v, xs[0], ys[0], xs[-1], ys[-1], frozenset(text_x))
    if not has_v:
        _widen_group_labels(grid)
        _pull_up_overflow(grid, pitch)
        _merge_down(grid, {i for i in range(1, nrows) if i not in ruled_y})
    return _drop_empty(grid)


def _join_shaded(rows: list[list[Line]], shaded: list[tuple[float, float]]) -> list[list[Line]]:
    """Without rulings, rows found inside one row shaded from side to side (a header whose
    first column wraps over several lines) are that one row."""

    def band(row: list[Line]) -> int | None:
        for k, (a, b) in enumerate(shaded):
            if all(a - 1 <= ln.mid <= b + 1 for ln in row):
                return k
        return None

    out: list[list[Line]] = []
    last = None
    for row in rows:
        k = band(row)
        if out and k is not None and k == last:
            out[-1] = out[-1] + row
        else:
            out.append(row)
        last = k
    return out


def _pull_up_overflow(grid: Grid, pitch: float) -> None:
    """Without rulings, a cell merged down over the rows below it (a recommendation over its
    actions) prints its last lines level with the next row, where they are read as that row's
    cell. Lines that carry on the cell above at the next line's height (lower case, or after a
    joining word, hyphen or comma) and whose first word had no room on the line above go back
    to it, up to the end of that sentence."""
    owner: dict[tuple[int, int], GridCell] = {}
    for c in grid.cells:
        for r in range(c.r0, c.r1):
            for j in range(c.c0, c.c1):
                owner[(r, j)] = c
    reach = GridReach(grid)
    bold_rows = _bold_rows(grid)
    for c in grid.cells:
        if c.r0 == 0 or not c.lines or c.c1 - c.c0 != 1:
            continue
        if 0 in bold_rows and c.r0 not in bold_rows and all(r in bold_rows for r in range(c.r0)):
            continue  # nothing of the body goes up into a header set in bold
        # the cell above, or the nearest above it with text when the cells between lent
        # theirs to it (a merged cell's text running on over several rows)
        r = c.r0 - 1
        above = owner.get((r, c.c0))
        while above is not None and not above.lines and above.r0 > 0 and above is not c:
            r = above.r0 - 1
            above = owner.get((r, c.c0))
        if above is None or above is c or not above.lines or (above.c0, above.c1) != (c.c0, c.c1):
            continue
        last, first = above.lines[-1], c.lines[0]
        if first.top - last.top > 1.5 * pitch or last.words[-1].text.endswith((".", "!", "?", ":", ";")):
            continue
        text = " ".join(w.text for w in first.words)
        # an e-mail or web address is in lower case wherever it starts
        lower = _starts_lower(text) and not _ADDRESS.match(text)
        if not (lower or runs_on(" ".join(w.text for w in last.words))) or would_fit(last, first.words[0], reach(c.c0, c.c1)):
            continue
        k = 1
        while (
            k < len(c.lines) and c.lines[k].top - c.lines[k - 1].top <= 1.5 * pitch
            and not c.lines[k - 1].words[-1].text.endswith((".", "!", "?"))
        ):
            k += 1
        above.lines.extend(c.lines[:k])
        del c.lines[:k]


def _widen_group_labels(grid: Grid) -> None:
    """Without rulings, a header label over sub-columns ("Lead agency" over "Social care |
    Health | Police | Education") printed from its cell's left edge covers only the first of
    them. In a bold header row, empty cells right of a label over two or more sub-labels
    belong to it where the bold row below labels them too."""
    bold_rows = _bold_rows(grid)
    at: dict[tuple[int, int], GridCell] = {}
    for c in grid.cells:
        for r in range(c.r0, c.r1):
            for j in range(c.c0, c.c1):
                at[(r, j)] = c
    gone: set[int] = set()
    for r in range(grid.n_rows - 1):
        if r not in bold_rows or r + 1 not in bold_rows:
            continue
        for c in [c for c in grid.cells if c.r0 == r and c.r1 == r + 1 and c.lines]:
            below = {id(at[(r + 1, j)]) for j in range(c.c0, c.c1) if at[(r + 1, j)].lines}
            if c.c1 - c.c0 < 2 or len(below) < 2:
                continue  # not a label over sub-labels
            j = c.c1
            while j < grid.n_cols:
                nxt, sub = at[(r, j)], at[(r + 1, j)]
                if nxt.lines or (nxt.r0, nxt.r1, nxt.c1 - nxt.c0) != (r, r + 1, 1) or not sub.lines or sub.r0 != r + 1:
                    break
                gone.add(id(nxt))
                at[(r, j)] = c
                j += 1
            c.c1 = j
    if gone:
        grid.cells[:] = [c for c in grid.cells if id(c) not in gone]


# a header naming the lead: a column whose cells merge down over the rows that share them.
# (A deadline column is left alone: plans leave many deadline cells empty, and an empty one
# looks just like one merged down: a dense fixture without borders lost three actions to filling them.)
_SHARED_HEADER = re.compile(r"^(?:lead|leads|lead officer|owner|who|by whom|responsib\w*|accountable)\b", re.I)


def _merge_down(grid: Grid, open_ys: set[int]) -> None:
    """Without rulings, a lead cell merged down over the rows that share it (one lead for two
    actions) prints its text in the first row and white space below: the rows below read as
    having none. In a column headed as the lead, an empty cell
    under a filled one, in a body row with text of its own and no white-space boundary
    ruled between them, is taken as covered by the cell above. Header rows (bold) set the
    column's name; a row of one cell (a group heading) ends what lies above it."""
    owner: dict[tuple[int, int], GridCell] = {}
    for c in grid.cells:
        for r in range(c.r0, c.r1):
            for j in range(c.c0, c.c1):
                owner[(r, j)] = c
    bold_rows = _bold_rows(grid)

    def filled(r: int) -> list[GridCell]:
        seen: list[GridCell] = []
        for j in range(grid.n_cols):
            c = owner.get((r, j))
            if c is not None and c.lines and c.r0 == r and c not in seen:
                seen.append(c)
        return seen

    names: dict[int, str] = {}
    above: dict[int, GridCell] = {}  # the cell each column's next empty cell would join
    absorbed: set[int] = set()
    for r in range(grid.n_rows):
        row = filled(r)
        if r in bold_rows and len(row) >= 2:
            for c in row:
                if c.c1 - c.c0 == 1:
                    names[c.c0] = " ".join(ln.text for ln in sorted(c.lines, key=lambda ln: ln.top))
            above.clear()
            continue
        if len(row) <= 1:
            above.clear()  # a group heading, or a row of one cell's overflow
            continue
        for j in range(grid.n_cols):
            c = owner.get((r, j))
            if c is None or c.c1 - c.c0 != 1:
                above.pop(j, None)
                continue
            name = names.get(j, "")
            shared = bool(_SHARED_HEADER.match(name)) and len(name.split()) <= 4
            if not shared:
                continue
            if c.lines:
                above[j] = c
                continue
            a = above.get(j)
            if a is None or c.r0 != r or c.r1 != r + 1 or a.r1 != r or r not in open_ys:
                continue
            if min(x.c0 for x in row) >= j:
                continue  # nothing of the row's own stands left of the column
            a.r1 = r + 1
            absorbed.add(id(c))
            for jj in range(c.c0, c.c1):
                owner[(r, jj)] = a
    if absorbed:
        grid.cells[:] = [c for c in grid.cells if id(c) not in absorbed]


def _bold_rows(grid: Grid) -> set[int]:
    """Rows whose every word is bold."""
    bold: dict[int, bool] = {}
    for c in grid.cells:
        for ln in c.lines:
            bold[c.r0] = bold.get(c.r0, True) and all(w.bold for w in ln.words)
    return {r for r, b in bold.items() if b}


def _merge_slivers(
    xs: list[float], text_x: set[int], lines: list[Line]
) -> tuple[list[float], set[int], list[list[float]]]:
    """Merge boundaries with no text between them (double rulings, a shaded box's edge beside a
    ruling). Returns the boundaries, which of them come from white space, and for each the
    positions it stands for (so a ruling at any of them counts as drawn there)."""
    centres = sorted((w.x0 + w.x1) / 2 for ln in lines for w in ln.words)
    groups: list[list[int]] = [[0]]
    for j in range(1, len(xs)):
        a, b = xs[groups[-1][-1]], xs[j]
        k = bisect.bisect_right(centres, a)
        if k >= len(centres) or centres[k] >= b:
            groups[-1].append(j)
        else:
            groups.append([j])
    if len(groups) == 1:
        groups = [[0], [len(xs) - 1]]
    new_xs, new_text, alias = [], set(), []
    last = len(groups) - 1
    for k, g in enumerate(groups):
        # the outer boundaries keep their outermost position, inner ones the middle of the group
        pos = xs[g[0]] if k == 0 else xs[g[-1]] if k == last else (xs[g[0]] + xs[g[-1]]) / 2
        new_xs.append(pos)
        alias.append([xs[j] for j in g])
        if all(j in text_x for j in g):
            new_text.add(k)
    return new_xs, new_text, alias


def _useful_cut(y: float, area: Area, lines: list[Line], xs: list[float], size: float) -> bool:
    """A ruling across only some columns separates rows only if text sits on both sides of it in
    a column it crosses; otherwise it is the edge of a shaded patch that text flows past."""
    covered = [coverage(area.hrules, y, xs[j], xs[j + 1], horizontal=True) >= 0.5 for j in range(len(xs) - 1)]
    if all(covered) or not any(covered):
        return True
    reach = 2.5 * size
    for j, cov in enumerate(covered):
        if not cov:
            continue
        a, b = xs[j], xs[j + 1]
        above = below = False
        for ln in lines:
            if not any(a <= (w.x0 + w.x1) / 2 < b for w in ln.words):
                continue
            if y - reach <= ln.bottom <= y + 1:
                above = True
            if y - 1 <= ln.top <= y + reach:
                below = True
        if above and below:
            return True
    return False


def _key_reach(lines: list[Line], xs: list[float], text_x: set[int], has_v: bool) -> Reach | None:
    """How far the first column's lines may reach, when a ruling says so (see pdf_reflow). Where
    white space alone parts the columns the first column's width is not known: a long group
    heading and the item under it look just like a wrapped line."""
    if len(xs) < 3 or not has_v or 1 in text_x:
        return None
    key = [w for ln in lines for w in ln.words if (w.x0 + w.x1) / 2 < xs[1]]
    nxt = [w for ln in lines for w in ln.words if xs[1] <= (w.x0 + w.x1) / 2 < xs[2]]
    if not key:
        return None
    widest = max(w.x1 for w in key)
    # the padding of the next column, whose left side is surely the ruling
    pad = max(0.0, min(w.x0 for w in nxt) - xs[1]) if nxt else max(0.0, min(w.x0 for w in key) - xs[0])
    limit = max(xs[1] - pad, widest)
    return Reach(limit - 1.0, limit + 1.0, exact=True)


def _gapped_rows(
    band: list[Line], line_cols, pitch: float, spanning, size: float, ref_col: int | None = None,
    shade_cuts: list[float] = (), carried: bool = False,
) -> list[list[Line]]:
    """Rows of a band of a table without rulings. Such tables usually leave white space between
    rows (cell padding, paragraph spacing): a row starts after a gap where the text of two or
    more columns starts on one line (a gap before one column's text alone is a paragraph in
    its cell), or where a line runs across columns (a group heading). Inside those, rows set
    close together are told apart as in ``_open_rows``, by the key column: the leftmost column
    that has text on the first line of (nearly) every gap-separated row. A band with no such
    gaps is left to ``_open_rows`` alone."""
    # lines of different columns printed a little apart in height are one line to the eye
    visual: list[list[Line]] = []
    for ln in band:
        if visual and ln.top - visual[-1][0].top <= 0.35 * size:
            visual[-1].append(ln)
        else:
            visual.append([ln])
    groups: list[list[list[Line]]] = []
    bottom = None
    for vl in visual:
        top = min(ln.top for ln in vl)
        cols = {j for ln in vl for j in line_cols(ln)}
        across = spanning is not None and any(spanning(ln) for ln in vl)
        # the edge of a shaded cell between this line and the one above parts rows as white
        # space does
        shaded = groups and any(max(ln.mid for ln in groups[-1][-1]) < y < min(ln.mid for ln in vl) for y in shade_cuts)
        if groups and bottom is not None and (top - bottom > 0.8 * size or shaded) and (len(cols) >= 2 or across):
            groups.append([vl])
        elif groups:
            groups[-1].append(vl)
        else:
            groups.append([vl])
        b = max(ln.bottom for ln in vl)
        bottom = b if bottom is None else max(bottom, b)
    parts = [[ln for vl in g for ln in vl] for g in groups]

    def numbered(lines: list[Line]) -> bool:
        return ref_col is not None and any(
            _REF.match(ws[0].text) for ln in lines for j, ws in line_cols(ln).items() if j == ref_col
        )

    def by_number(lines: list[Line]) -> list[list[Line]]:
        # a column numbering the rows in sequence (1, 2, 3 or 1.1, 1.2, 2.1) says where each
        # starts, also where rows are set close together with no white space between them and
        # where the columns left of it hold cells merged down over several rows (a
        # recommendation over its actions, its text running on level with the rows below)
        return _open_rows(lines, line_cols, pitch, spanning, key_col=ref_col, by_ref=True)

    if len(groups) < 3:
        if numbered(band):
            return [r for part in parts for r in by_number(part)]
        # a header and one row (a table's last row on a page of its own): the key column is
        # the leftmost that both start with, the first holding perhaps only its header
        firsts = [{j for ln in g[0] for j in line_cols(ln)} for g in groups]
        shared = set.intersection(*firsts) if len(groups) == 2 else {0}
        return _open_rows(band, line_cols, pitch, spanning, key_col=min(shared, default=0), carried=carried)
    body = groups[1:]  # the first may be the header
    firsts = [{j for ln in g[0] for j in line_cols(ln)} for g in body]
    ncols = max((j for f in firsts for j in f), default=0) + 1
    key = 0
    for j in range(ncols):
        if sum(1 for f in firsts if j in f) >= 0.8 * len(body):
            key = j
            break
    # rows set apart by white space whose keys are all references ("1.1", "2a", "3."): inside
    # a group (rows may touch where a cell merged down fills the space) a row starts at a
    # reference and only there
    refs = []
    for g, f in zip(body, firsts):
        if len(f) < 2 or (spanning is not None and any(spanning(ln) for ln in g[0])):
            continue  # a group heading
        key_words = [w for ln in g[0] for j, ws in line_cols(ln).items() if j == key for w in ws]
        refs.append(bool(key_words) and bool(_REF.match(key_words[0].text)))
    by_ref = len(refs) >= 2 and all(refs)
    rows: list[list[Line]] = []
    for k, part in enumerate(parts):
        if numbered(part):
            rows.extend(by_number(part))
        else:  # (a stretch with no number in it: a heading and its text, a key under the table)
            rows.extend(_open_rows(
                part, line_cols, pitch, spanning, key_col=key, by_ref=by_ref, carried=carried and not k
            ))
    return rows


def _ref_tuple(text: str) -> tuple[int, ...] | None:
    """The levels of a row reference: (1, 2) for "1.2", "1.2." or "(1.2)"; a letter is a level
    of its own ("2b" is (2, 2), "B1" is (2, 1)). None for anything else."""
    m = re.fullmatch(r"\(?([A-Z]?)(\d{1,3}(?:\.\d{1,3})*)([a-z]?)[.):]?", text)
    if not m:
        return None
    head = (ord(m.group(1)) - 64,) if m.group(1) else ()
    tail = (ord(m.group(3)) - 96,) if m.group(3) else ()
    return head + tuple(int(p) for p in m.group(2).split(".")) + tail


def _follows(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Is ``b`` the next number after ``a`` at some level (1 -> 2, 1.3 -> 1.4, 1.3 -> 2.1), a
    skipped number or two allowed (a deleted action)?"""
    for k in range(min(len(a), len(b))):
        if a[k] != b[k]:
            return 1 <= b[k] - a[k] <= 3 and all(x <= 1 for x in b[k + 1:])
    return False


def _numbering_column(band: list[Line], line_cols) -> int | None:
    """The column numbering the rows: its numbers stand alone in it on their lines (a number
    with text after it in the same cell is a list item or a group's label: "1. Neglect"), with
    the row's text beside them, and run in
    sequence, three or more, each the next after the one before (list numbers inside cells
    start again at 1). Of several such columns the one with the most numbers (actions, not the
    groups above them), the leftmost of equals."""
    numbers: dict[int, list[tuple[int, ...]]] = {}
    prefixes: dict[int, list[str]] = {}  # the letter before each number, if any
    above: dict[int, tuple[Line, list[Word]]] = {}  # each column's last line with text
    for ln in band:
        cols = line_cols(ln)
        for j, ws in cols.items():
            # the row's text starts level with its number, in the columns to its right (a
            # number with nothing beside it is a value under a label: "Ref | 1.1"); a number
            # right under words in its column is their end ("CE" / "1": a ref that wrapped)
            t = _ref_tuple(ws[0].text) if len(ws) == 1 and any(k > j for k in cols) else None
            prev = above.get(j)
            if t is not None and prev is not None and ln.top - prev[0].bottom < 0.5 * ln.size:
                if _ref_tuple(prev[1][0].text) is None and re.fullmatch(r"[A-Z]{1,4}", prev[1][-1].text):
                    t = None
            if t is not None:
                numbers.setdefault(j, []).append(t)
                prefixes.setdefault(j, []).append(ws[0].text.lstrip("(")[:1] if ws[0].text.lstrip("(")[:1].isupper() else "")
            above[j] = (ln, ws)

    def next_one(k: int, j: int) -> bool:
        a, b, pa, pb = numbers[j][k], numbers[j][k + 1], prefixes[j][k], prefixes[j][k + 1]
        # a series under another letter starts again at 1 ("N3", "E1": the letters name groups)
        return _follows(a, b) or (bool(pa) and bool(pb) and pa != pb and all(x <= 1 for x in b[1:]))

    best = None
    for j in sorted(numbers):
        refs = numbers[j]
        if len(refs) >= 3 and all(next_one(k, j) for k in range(len(refs) - 1)):
            if best is None or len(refs) > len(numbers[best]):
                best = j
    return best


def _open_rows(
    band: list[Line], line_cols, pitch: float, spanning=None, key_reach: Reach | None = None, key_col: int = 0,
    by_ref: bool = False, carried: bool = False,
) -> list[list[Line]]:
    """Rows of a band not ruled between its rows: each text line starts a row unless it reads as
    the continuation of the row above (nothing in the first column, or the first column's text
    carries on in lower case), or the row above has not yet had its first-column text (a header
    whose label sits on its last line). Under a line laid across several columns (a header
    spanning sub-columns) the sub-column labels start a row of their own. A first-column line
    whose first word could not have fitted on the first column's line above is that text
    wrapping, not a new row, whatever its case (``key_reach``: how far those lines may go).
    ``carried``: the band's first row may be one carried over a page break, its first column's
    text left on the page before (the band lies under a header)."""
    rows: list[list[Line]] = []
    prev_bottom = None
    last_key: Line | None = None
    row_has_key = False
    row_bullet = False
    key_x0 = 0.0
    last_in: dict[int, list[Word]] = {}  # each column's words on the last line it had text
    row_tops: dict[int, float] = {}  # in the current row, where each column last had text
    head_bold = False  # the first row so far: lines all in bold across three or more columns
    # where white space alone parts the columns, the key column reaches as far as its widest line
    key_words = [ws for ln in band for j, ws in line_cols(ln).items() if j == key_col]
    key_widest = max((ws[-1].x1 for ws in key_words), default=0.0)
    key_left = min((ws[0].x0 for ws in key_words), default=0.0)
    for ln in band:
        cols = line_cols(ln)
        gap = ln.top - prev_bottom if prev_bottom is not None else 0.0
        key = cols.get(key_col)
        new = not rows
        no_key_above = not rows and carried
        if rows and gap > 0.9 * pitch + 0.5 * ln.size and key:
            new = True
        elif head_bold and len(rows) == 1 and not all(w.bold for w in ln.words):
            # the first line in plain type under a header set in bold: the body starts, even
            # with nothing in the key column (a row carried over a page break, below the header
            # repeated at the page's top)
            new = True
        elif rows and not key and spanning is not None and spanning(rows[-1][-1]) and not spanning(ln):
            under = [j for j in cols if j]
            new = len(under) >= 2
        elif rows and key and by_ref:
            new = bool(_REF.match(key[0].text))  # a row starts at a number
        elif rows and key:
            text = " ".join(w.text for w in key)
            new = row_has_key and not _starts_lower(text)
            if (
                new and key_reach is not None and last_key is not None
                and not last_key.words[-1].text.endswith((".", "!", "?"))
                and cannot_fit(last_key, key[0], key_reach)
            ):
                new = False  # the first column's text wrapped
            elif new and _is_bullet(key[0].text) and row_bullet:
                # the next item of a bulleted list in the first column's cell, unless two or
                # more of the row's other columns start afresh beside it
                new = _restarts(cols, key_col, row_tops, ln.top, pitch) >= 2
            elif new and row_bullet and not _is_bullet(key[0].text) and key[0].x0 > key_x0 + 0.5 * ln.size:
                new = False  # a bullet's text wrapped to its hanging indent
            elif new and _carries_on(cols, key_col, last_in):
                new = False  # the other columns' text runs on: the key's text wrapped too
            elif new and _ref_wrapped(last_key, key, ln):
                new = False  # a reference broken in a narrow column ("CE" / "2")
            elif new and key_reach is None and _key_wraps(last_key, key, ln, cols, key_col, key_left, key_widest):
                new = False  # the first column's text wrapped at the column's width
        if (
            by_ref and rows and not new and spanning is not None and spanning(ln) and not spanning(rows[-1][-1])
            and not _starts_lower(ln.text) and min(cols) <= key_col + 1
        ):
            # a line laid across the columns from the numbers or the column after them (a
            # heading, an "Outcome:" line spanning the row, a dated update under a numbered
            # row) below lines that were not: a row of its own
            new = True
        if new or not rows:
            row_bullet = bool(key) and _is_bullet(key[0].text)
        if key and _is_bullet(key[0].text):
            key_x0 = key[0].x0
        if key:
            last_key = Line(key, key[0].x0, max(w.x1 for w in key), ln.top, ln.bottom, ln.size, ln.bold, ln.seq)
        for j, ws in cols.items():
            last_in[j] = ws
        if new:
            row_tops.clear()
        row_tops.update((j, ln.top) for j in cols)
        if not rows:
            head_bold = len(cols) >= 3 and all(w.bold for w in ln.words)
        elif len(rows) == 1 and not new:
            head_bold = head_bold and all(w.bold for w in ln.words)
        if new:
            rows.append([ln])
            row_has_key = bool(key) or no_key_above
        else:
            rows[-1].append(ln)
            row_has_key = row_has_key or bool(key)
        prev_bottom = ln.bottom if prev_bottom is None else max(prev_bottom, ln.bottom)
    return rows


def _restarts(cols: dict[int, list[Word]], key_col: int, row_tops: dict[int, float], top: float, pitch: float) -> int:
    """How many columns other than the key start afresh on a line: each had text earlier in
    the row, none on the line above, and its text here does not run on in lower case."""
    n = 0
    for j, ws in cols.items():
        if j == key_col or j not in row_tops or top - row_tops[j] <= 1.5 * pitch:
            continue
        if not _starts_lower(" ".join(w.text for w in ws)):
            n += 1
    return n


def _key_wraps(
    last_key: Line | None, key: list[Word], ln: Line, cols: dict[int, list[Word]], key_col: int, left: float,
    widest: float,
) -> bool:
    """Without rulings, is a capitalised first-column line the wrapped rest of the line above
    ("Head of Quality" / "Assurance", "31 January" / "2021")? Set close under it, its first word
    could not have fitted on that line within the column's widest extent, the line above fills
    most of that width (a short label, "Lead" over "Deadline", wrapped nothing), ends no
    sentence, and the row's other columns carry on there too (their text in lower case, none
    starting afresh with a capital) or are empty on a line not in bold (a group heading is).
    A column starting afresh beside it is a cell of its own wrapping at the same height
    ("West" / "Midshire Police") when the column after the key (a row's main text) starts
    nothing new there (empty, or carrying on) and more columns carry on than start afresh."""
    if last_key is None or not widest or ln.top - last_key.bottom > 0.6 * ln.size:
        return False
    if last_key.x1 - left < 0.6 * (widest - left):
        return False
    if last_key.words[-1].text.endswith((".", "!", "?", ":")):
        return False
    if not cannot_fit(last_key, key[0], Reach(widest - 1.0, widest + 1.0, exact=True)):
        return False
    others = [" ".join(w.text for w in ws) for j, ws in cols.items() if j != key_col]
    others = [t for t in others if not (_is_bullet(t) or _MARKER.match(t.split()[0]))]
    if not others:
        return not all(w.bold for w in ln.words)
    lower = sum(1 for t in others if _starts_lower(t))
    upper = sum(1 for t in others if t[:1].isupper())
    if lower >= 1 and upper == 0:
        return True
    main = " ".join(w.text for w in cols.get(key_col + 1, []))
    return (not main or _starts_lower(main)) and lower > upper


def _ref_wrapped(last_key: Line | None, key: list[Word], ln: Line) -> bool:
    """Is the key column's text a reference's number carried under its letters, the column too
    narrow for the whole reference ("CE" on one line, "2" on the next)?"""
    if last_key is None or len(last_key.words) != 1 or len(key) != 1 or ln.top - last_key.bottom > 0.5 * ln.size:
        return False
    return bool(re.fullmatch(r"[A-Z]{1,4}", last_key.words[0].text)) and bool(re.fullmatch(r"\d{1,3}[a-z]?", key[0].text))


def _carries_on(cols: dict[int, list[Word]], key_col: int, last_in: dict[int, list[Word]]) -> bool:
    """Does most of a line's text carry on the line above in its column (starting in lower
    case, or after a hyphen, comma or joining word) rather than start afresh (a capital after a
    finished line)? List numbers and bullets say nothing. Called for a line whose key column
    starts with a capital, so some column other than the key must carry on."""
    carrying = fresh = 0
    others = 0
    for j, ws in cols.items():
        if j not in last_in:
            continue
        text = " ".join(w.text for w in ws)
        if _is_bullet(text) or _MARKER.match(ws[0].text):
            continue
        if _starts_lower(text) or runs_on(" ".join(w.text for w in last_in[j])):
            carrying += 1
            others += j != key_col
        else:
            fresh += 1
    return others >= 1 and carrying > fresh


def _ruled_rows(band: list[Line], line_cols, pitch: float) -> list[list[Line]]:
    """Rows of a band between two rulings: one row, unless the first column starts a new entry
    at a height where another column starts one too, after white space ("Major" / "Area" entries
    under one group rule)."""
    if len(band) < 2:
        return [band]
    rows: list[list[Line]] = [[band[0]]]
    last_top: dict[int, float] = {j: band[0].top for j in line_cols(band[0])}
    for ln in band[1:]:
        cols = line_cols(ln)
        new = False
        key = cols.get(0)
        if key and 0 in last_top and not _starts_lower(" ".join(w.text for w in key)):
            if ln.top - last_top[0] > 1.5 * pitch:
                others = [j for j in cols if j != 0]
                new = bool(others) and any(j not in last_top or ln.top - last_top[j] > 1.5 * pitch for j in others)
        if new:
            rows.append([ln])
        else:
            rows[-1].append(ln)
        for j in cols:
            last_top[j] = ln.top
    return rows


def _widen_headings(
    cells: list[GridCell], rows: list[list[Line]], xs: list[float], text_x: set[int]
) -> list[GridCell]:
    """A row holding one phrase laid across white-space columns (a group heading such as
    "Priority 1: ...") spans the whole row, not just the columns its words reach."""
    ncols = len(xs) - 1
    if not all(j in text_x for j in range(1, ncols)):
        return cells
    by_row: dict[int, list[GridCell]] = {}
    for c in cells:
        by_row.setdefault(c.r0, []).append(c)
    out = []
    for r, row_cells in sorted(by_row.items()):
        spanning = [c for c in row_cells if c.c1 - c.c0 >= 2 and c.r1 == r + 1]
        if len(spanning) == 1 and all(c.r1 == r + 1 for c in row_cells):
            head = spanning[0]
            a, b = xs[head.c0], xs[head.c1]
            lines = rows[r]
            if all(len(_phrases(ln.words, ln.size)) == 1 for ln in lines) and all(
                a <= (w.x0 + w.x1) / 2 <= b for ln in lines for w in ln.words
            ):
                out.append(GridCell(r, 0, r + 1, ncols))
                continue
        out.extend(row_cells)
    out.sort(key=lambda c: (c.r0, c.c0))
    return out


def _span_cells(nrows: int, ncols: int, vbound, hbound) -> list[GridCell]:
    """Greedy merge of grid positions not separated by a drawn boundary into rectangles."""
    taken = [[False] * ncols for _ in range(nrows)]
    cells = []
    for r in range(nrows):
        for c in range(ncols):
            if taken[r][c]:
                continue
            c1 = c + 1
            while c1 < ncols and not taken[r][c1] and not vbound(r, c1):
                c1 += 1
            r1 = r + 1
            while r1 < nrows and all(not taken[r1][j] and not hbound(r1, j) for j in range(c, c1)) and all(
                not vbound(r1, j) for j in range(c + 1, c1)
            ):
                r1 += 1
            for rr in range(r, r1):
                for j in range(c, c1):
                    taken[rr][j] = True
            cells.append(GridCell(r, c, r1, c1))
    return cells


def _drop_empty(grid: Grid) -> Grid | None:
    """Remove rows and columns that hold no text anywhere (slivers between double rulings)."""
    nrows, ncols = grid.n_rows, grid.n_cols
    row_used = [False] * nrows
    col_used = [False] * ncols
    for c in grid.cells:
        if c.lines:
            row_used[c.r0] = True
            col_used[c.c0] = True
    if not any(row_used):
        return None
    rmap, cmap = {}, {}
    k = 0
    for r in range(nrows + 1):
        rmap[r] = k
        if r < nrows and row_used[r]:
            k += 1
    k = 0
    for j in range(ncols + 1):
        cmap[j] = k
        if j < ncols and col_used[j]:
            k += 1
    cells = []
    for c in grid.cells:
        # the mapping is monotone, so disjoint rectangles stay disjoint (or vanish)
        r0, r1, c0, c1 = rmap[c.r0], rmap[c.r1], cmap[c.c0], cmap[c.c1]
        if r1 > r0 and c1 > c0:
            cells.append(GridCell(r0, c0, r1, c1, c.lines))
    xs = [x for j, x in enumerate(grid.xs) if j == 0 or col_used[j - 1]]
    ys = [y for r, y in enumerate(grid.ys) if r == 0 or row_used[r - 1]]
    # a kept boundary j (its column j - 1 holds text) becomes boundary cmap[j]
    text_x = frozenset(cmap[j] for j in grid.text_x if j == 0 or col_used[j - 1])
    g = Grid(xs, ys, cells, grid.ruled, grid.x0, grid.top, grid.x1, grid.bottom, text_x)
    return g
