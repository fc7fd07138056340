"""Areas of aligned text with no rulings round them: borderless tables.

A run of consecutive lines, most of which break into two or more phrases separated by wide
white space, is a candidate; the grid builder then has to find columns that run down it.
Prose set in two columns is told apart by its long phrases on both sides.
"""
from __future__ import annotations

from .pdf_page import Segment
from .pdf_rulings import Area
from .pdf_text import Line

PHRASE_GAP = 1.0  # in font sizes


def _n_phrases(line: Line) -> int:
    n = 1
    for a, b in zip(line.words, line.words[1:]):
        if b.x0 - a.x1 >= PHRASE_GAP * line.size:
            n += 1
    return n


def borderless_areas(lines: list[Line], hrules: list[Segment]) -> list[Area]:
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    runs = _merge_runs(lines, _runs(lines))
    areas: list[Area] = []
    for i, end in runs:
        run = lines[i:end + 1]
        x0 = min(ln.x0 for ln in run)
        x1 = max(ln.x1 for ln in run)
        top = min(ln.top for ln in run)
        bottom = max(ln.bottom for ln in run)
        hs = [h for h in hrules if top - 2 <= h.top <= bottom + 2 and h.x0 < x1 and h.x1 > x0]
        areas.append(Area(x0, top, x1, bottom, hs, []))
    return areas


def _runs(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges of runs of lines most of which break into phrases."""
    multi = [_n_phrases(ln) >= 2 for ln in lines]
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
            if nxt.top - cur.bottom > 2.6 * max(cur.size, nxt.size):
                break
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
            if gap > (1.6 if inner else 0.6) * nxt.size or (not inner and nxt.x0 < left + nxt.size):
                break
            end += 1
        if sum(1 for k in range(i, last_multi + 1) if multi[k]) >= 2:
            runs.append((i, end))
        i = end + 1
    return runs


def _column_starts(lines: list[Line]) -> list[float]:
    """Where the phrases of a run's lines start, clustered, left to right; a start needs two
    lines (or is the leftmost)."""
    xs: list[float] = []
    for ln in lines:
        size = ln.size
        xs.append(ln.words[0].x0)
        for a, b in zip(ln.words, ln.words[1:]):
            if b.x0 - a.x1 >= PHRASE_GAP * size:
                xs.append(b.x0)
    if not xs:
        return []
    xs.sort()
    size = sorted(ln.size for ln in lines)[len(lines) // 2]
    groups: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - groups[-1][-1] <= 0.5 * size:
            groups[-1].append(x)
        else:
            groups.append([x])
    starts = [min(g) for g in groups if len(g) >= 2]
    if not starts or min(xs) < starts[0] - 0.5 * size:
        starts.insert(0, xs[0])
    return starts


def _merge_runs(lines: list[Line], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join consecutive runs that are one table: the later one's phrases start where the
    earlier one's columns start, and whatever lies between them (a group heading, a cell's
    last lines) starts at one of those columns too, with no wide gap anywhere."""
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
        matched = [x for x in later if any(abs(x - y) <= tol for y in starts)]
        between = lines[a1 + 1:i]
        gaps_ok = True
        prev_bottom = max(ln.bottom for ln in first)
        for ln in between + [lines[i]]:
            if ln.top - prev_bottom > 4.0 * size:
                gaps_ok = False
                break
            prev_bottom = max(prev_bottom, ln.bottom)
        cell_like = all(any(abs(ln.x0 - y) <= tol for y in starts) for ln in between)
        if gaps_ok and cell_like and len(matched) >= 2 and len(matched) >= 0.6 * len(later):
            out[-1] = (a0, end)
        else:
            out.append((i, end))
    return out
