"""Areas of aligned text with no rulings round them: borderless tables.

A run of consecutive lines, most of which break into two or more phrases separated by wide
white space, is a candidate; the grid builder then has to find columns that run down it.
Prose set in two columns is told apart by its long phrases on both sides.
"""
from __future__ import annotations

from .pdf_grid import is_list_marker
from .pdf_page import Fill, Segment
from .pdf_rulings import Area
from .pdf_text import Line

PHRASE_GAP = 1.0  # in font sizes


LIST_INDENT = 19.0  # pt: Word's hanging indent for list items is 0.63 cm (17.9 pt)
_BULLETS = "•●▪■◦○·–-➢►✓❖o*"


def _n_phrases(line: Line) -> int:
    n = 1
    for k, (a, b) in enumerate(zip(line.words, line.words[1:])):
        if b.x0 - a.x1 >= PHRASE_GAP * line.size:
            if k == 0 and _list_tab(a, b):
                continue
            n += 1
    return n


def _list_tab(marker, text) -> bool:
    """The tab after a line's leading bullet, or after its list number where the text starts at
    a list's hanging indent: a bulleted paragraph, not two columns."""
    if not is_list_marker(marker.text):
        return False
    return marker.text in _BULLETS or text.x0 - marker.x0 <= LIST_INDENT


def borderless_areas(
    lines: list[Line], hrules: list[Segment], fills: list[Fill] | None = None, foot: float | None = None
) -> list[Area]:
    """``foot``: where the page's running foot starts (the bottom margin), if known."""
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    runs = _merge_runs(lines, _runs(lines, foot))
    areas: list[Area] = []
    for i, end in runs:
        run = lines[i:end + 1]
        if sum(1 for ln in run if _n_phrases(ln) >= 2) < 2:
            continue  # a header line that found no rows to head
        x0 = min(ln.x0 for ln in run)
        x1 = max(ln.x1 for ln in run)
        top = min(ln.top for ln in run)
        bottom = max(ln.bottom for ln in run)
        # rules drawn across the table; a shaded cell's edges mark no row
        hs = [
            h for h in hrules
            if top - 2 <= h.top <= bottom + 2 and min(h.x1, x1) - max(h.x0, x0) >= 0.5 * (x1 - x0)
        ]
        areas.append(Area(
            x0, top, x1, bottom, hs, [], _shade_cuts(fills or [], run, x0, top, x1, bottom),
            _shaded_rows(fills or [], run, x0, top, x1, bottom),
        ))
    return areas


def _shade_cuts(fills: list[Fill], lines: list[Line], x0: float, top: float, x1: float, bottom: float) -> list[float]:
    """Top and bottom edges of the shaded boxes inside an area that hold no text: cells filled
    with colour (marked months, RAG), whose edges are those of their rows. A box behind text
    may be a highlight of a line or two, so says nothing."""
    words = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for ln in lines for w in ln.words]
    cuts: set[float] = set()
    for f in fills:
        if f.x1 < x0 - 2 or f.x0 > x1 + 2 or f.bottom < top - 2 or f.top > bottom + 2:
            continue
        if any(f.x0 <= cx <= f.x1 and f.top <= cy <= f.bottom for cx, cy in words):
            continue
        cuts.update((round(f.top, 1), round(f.bottom, 1)))
    return sorted(cuts)


def _shaded_rows(
    fills: list[Fill], lines: list[Line], x0: float, top: float, x1: float, bottom: float
) -> list[tuple[float, float]]:
    """Rows shaded from side to side behind text: boxes of one height, text behind one of
    them, that together cover the area's width (Word shades a row cell by cell, each box the
    cell's height). A box as tall as most of the area is a background, not a row."""
    words = [((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for ln in lines for w in ln.words]
    by_height: dict[tuple[float, float], list[Fill]] = {}
    for f in fills:
        if f.x1 < x0 - 2 or f.x0 > x1 + 2 or f.top < top - 4 or f.bottom > bottom + 4:
            continue
        by_height.setdefault((round(f.top, 1), round(f.bottom, 1)), []).append(f)
    rows = []
    for (a, b), fs in sorted(by_height.items()):
        if b - a >= 0.6 * (bottom - top):
            continue
        if not any(f.x0 <= cx <= f.x1 and a <= cy <= b for f in fs for cx, cy in words):
            continue
        spans = sorted((max(f.x0, x0), min(f.x1, x1)) for f in fs)
        covered, reach = 0.0, x0
        for s0, s1 in spans:
            if s1 > reach:
                covered += s1 - max(s0, reach)
                reach = s1
        if covered >= 0.9 * (x1 - x0):
            rows.append((a, b))
    return rows


def _runs(lines: list[Line], foot: float | None = None) -> list[tuple[int, int]]:
    """Index ranges of runs of lines most of which break into phrases. (``foot``: see
    ``borderless_areas``.)"""
    multi = [_n_phrases(ln) >= 2 for ln in lines]
    # the white space the page usually leaves between rows and paragraphs
    page_gap = _row_gap(lines, sorted(ln.size for ln in lines)[len(lines) // 2]) if lines else 0.0
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(lines)
    while i < n:
        if not multi[i]:
            i += 1
            continue
        j = i
        last_multi = i
        while j + 1 < n:
            nxt, cur = lines[j + 1], lines[j]
            # (rows padded wider than that, in a small type, are the page's usual: a row after
            # such a gap goes on, a heading does not)
            if nxt.top - cur.bottom > max(2.6 * max(cur.size, nxt.size), 1.25 * page_gap if multi[j + 1] else 0.0):
                break
            larger = nxt.size >= 1.3 * cur.size or (nxt.bold and nxt.size >= 1.15 * cur.size)
            if not multi[j + 1] and larger and nxt.top - cur.bottom > 1.5 * cur.size:
                break  # a heading set larger than the text above (or a little larger, in bold), after white space
            if not multi[j + 1]:
                # a wrapped cell or a group label may sit between aligned lines, not two in a row
                if j + 1 - last_multi >= 3:
                    break
            else:
                last_multi = j + 1
            j += 1
        end = last_multi
        left = min(ln.x0 for ln in lines[i:last_multi + 1])
        starts = _column_starts(lines[i:last_multi + 1])
        # wrapped text of the last row: close below it and indented from the table's left edge,
        # or set at one of the table's column starts other than the first
        while end + 1 < n and not multi[end + 1]:
            nxt = lines[end + 1]
            gap = nxt.top - max(ln.bottom for ln in lines[i:end + 1])
            tol = 0.5 * nxt.size
            inner = any(abs(nxt.x0 - x) <= tol for x in starts[1:])
            # or the next item of a bulleted list the run's cells hold
            item = is_list_marker(nxt.words[0].text) and any(
                is_list_marker(ln.words[0].text) and abs(ln.x0 - nxt.x0) <= tol for ln in lines[i:end + 1]
            )
            # or the first column's text running on in lower case (a cell merged down the rows)
            running = (
                abs(nxt.x0 - left) <= tol and _starts_lower(nxt.words[0].text)
                and abs(lines[end].x0 - left) <= tol and not _first_phrase(lines[end]).endswith((".", "!", "?", ":"))
            )
            # or a group heading set in bold across the columns, no larger than the table's text
            # (a heading of the text after the table is), the last text of the page (its rows
            # went over the page break)
            heading = (
                foot is not None and nxt.bold and nxt.size <= 1.1 * lines[end].size
                and abs(nxt.x0 - left) <= tol and len(starts) >= 3
                and nxt.x1 > starts[2] and gap <= 2.6 * nxt.size
                and all(ln.top >= foot for ln in lines[end + 2:])
            )
            if heading:
                end += 1
                break
            if gap > (1.6 if inner else 0.6) * nxt.size or (
                not inner and not item and not running and nxt.x0 < left + nxt.size
            ):
                break
            end += 1
        if sum(1 for k in range(i, last_multi + 1) if multi[k]) >= 2 or _n_phrases(lines[i]) >= 3:
            # (a line of three or more phrases alone may head the rows after a wide gap)
            runs.append((i, end))
        i = end + 1
    return runs


def _starts_lower(text: str) -> bool:
    return text[:1].isalpha() and text[:1].islower()


def _first_phrase(line: Line) -> str:
    words = [line.words[0]]
    for a, b in zip(line.words, line.words[1:]):
        if b.x0 - a.x1 >= PHRASE_GAP * line.size:
            break
        words.append(b)
    return " ".join(w.text for w in words)


def _column_starts(lines: list[Line]) -> list[float]:
    """Where the phrases of a run's lines start, clustered, left to right. A start needs two
    lines, or one line of three or more phrases (a header), or to be the leftmost. List
    numbers start no column of their own: neither the text after them (past a tab) nor the
    lines wrapping to that hanging indent."""
    xs: list[tuple[float, bool, bool]] = []  # (x, on a wide line, a list marker)
    for ln in lines:
        size = ln.size
        line_starts = [(ln.words[0].x0, is_list_marker(ln.words[0].text))]
        after_marker = line_starts[0][1]
        for a, b in zip(ln.words, ln.words[1:]):
            if b.x0 - a.x1 >= PHRASE_GAP * size:
                if not after_marker:  # the tab after a list number starts no column
                    line_starts.append((b.x0, is_list_marker(b.text)))
                after_marker = is_list_marker(b.text)
            else:
                after_marker = False
        wide = len(line_starts) >= 3
        xs.extend((x, wide, m) for x, m in line_starts)
    if not xs:
        return []
    xs.sort()
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    groups: list[list[tuple[float, bool, bool]]] = [[xs[0]]]
    for x in xs[1:]:
        if x[0] - groups[-1][-1][0] <= 0.5 * size:
            groups[-1].append(x)
        else:
            groups.append([x])
    kept = [g for g in groups if len(g) >= 2 or any(w for _, w, _ in g)]
    starts: list[float] = []
    for k, g in enumerate(kept):
        prev = kept[k - 1] if k else None
        if (
            prev is not None and (sum(1 for *_, m in prev if m) >= max(2, 2 * len(prev) / 3) or all(m for *_, m in prev))
            and g[0][0] - prev[-1][0] <= 2.5 * size and not any(m for *_, m in g)
        ):
            continue  # lines wrapped to the hanging indent of the numbered items before
        starts.append(g[0][0])
    if not starts or xs[0][0] < starts[0] - 0.5 * size:
        starts.insert(0, xs[0][0])
    return starts


def _same_columns(starts: list[float], later: list[float], tol: float) -> bool:
    """Do a later run's phrase starts fall one to a column among the earlier run's columns
    (each column reaching from its start to the next one's)? At least two, and most of them."""
    if len(later) < 2 or len(starts) < 2:
        return False
    hit: list[int] = []
    for x in later:
        cols = [j for j, s in enumerate(starts) if s - tol <= x]
        if not cols:
            continue
        hit.append(cols[-1])
    distinct = len(set(hit))
    return distinct == len(hit) and distinct >= 2 and distinct >= 0.6 * len(later)


def _merge_runs(lines: list[Line], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join consecutive runs that are one table: the later one's phrases start in the earlier
    one's columns, one to a column, and whatever lies between them (a group heading, a cell's
    last lines) starts at one of those columns too, is set no larger than the table and is not
    running text; with no wide gap anywhere."""
    if len(runs) < 2:
        return runs
    out = [runs[0]]
    for i, end in runs[1:]:
        a0, a1 = out[-1]
        first = lines[a0:a1 + 1]
        starts = _column_starts(first)
        later = _column_starts(lines[i:end + 1])
        size = sorted(ln.size for ln in first)[len(first) // 2]
        tol = 0.5 * size
        between = lines[a1 + 1:i]
        gaps_ok = True
        prev_bottom = max(ln.bottom for ln in first)
        # an empty row between rows leaves the white space of two row gaps and a line
        widest = max(4.0 * size, 2.2 * _row_gap(lines[a0:end + 1], size) + 1.5 * size)
        for ln in between + [lines[i]]:
            if ln.top - prev_bottom > widest:
                gaps_ok = False
                break
            prev_bottom = max(prev_bottom, ln.bottom)
        width = max(ln.x1 for ln in first) - min(ln.x0 for ln in first)
        cell_like = len(between) <= 6 and all(
            any(abs(ln.x0 - y) <= tol for y in starts) and ln.size <= 1.15 * size for ln in between
        )
        prose = sum(1 for ln in between if ln.x1 - ln.x0 >= 0.8 * width) >= 2
        if a0 == a1:
            # a lone header line: its phrases head the columns of the rows below
            same = _same_columns(later, starts, tol) and len(starts) >= 0.6 * len(later)
        else:
            heads = _headed_starts(starts, later, first + between, tol)
            # rows from the table's left edge start most of their columns where the earlier
            # run's do (a table of other columns after a group heading, as in plans laid out
            # one table a priority, is another table; rows with text in a few columns only,
            # after list numbers, say nothing)
            aligned = sum(1 for x in later if any(abs(x - s) <= 2 * tol for s in heads))
            full = len(later) >= 3 and abs(min(later) - min(heads)) <= tol
            same = _same_columns(heads, later, tol) and (not full or aligned >= 0.6 * len(later))
        if gaps_ok and cell_like and not prose and same:
            out[-1] = (a0, end)
        else:
            out.append((i, end))
    return out


def _headed_starts(starts: list[float], later: list[float], above: list[Line], tol: float) -> list[float]:
    """The earlier run's column starts, with those of the later run's columns that a word in
    bold above starts too: a header label set too close to the one before it to be a phrase of
    its own (a larger font leaves narrower gaps), or on a header line of two labels between the
    runs (a smaller font leaves the header's lines further apart than a run's)."""
    heads = [w.x0 for ln in above for w in ln.words if w.bold]
    extra = [
        x for x in later
        if not any(abs(x - s) <= tol for s in starts) and any(abs(x - h) <= tol for h in heads)
    ]
    return sorted(starts + extra)


def _row_gap(lines: list[Line], size: float) -> float:
    """The usual white space between rows: the median gap wider than half a line between
    consecutive lines (what is narrower is the leading inside a cell)."""
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top - a.bottom > 0.5 * size)
    return gaps[len(gaps) // 2] if gaps else 0.0
