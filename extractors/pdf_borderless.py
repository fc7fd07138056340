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
    multi = [_n_phrases(ln) >= 2 for ln in lines]
    areas: list[Area] = []
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
        # wrapped text of the last row: close below it and indented from the table's left edge
        while end + 1 < n and not multi[end + 1]:
            nxt = lines[end + 1]
            if nxt.top - lines[end].bottom > 0.6 * nxt.size or nxt.x0 < left + nxt.size:
                break
            end += 1
        run = lines[i:end + 1]
        if sum(1 for k in range(i, last_multi + 1) if multi[k]) >= 2:
            x0 = min(ln.x0 for ln in run)
            x1 = max(ln.x1 for ln in run)
            top = min(ln.top for ln in run)
            bottom = max(ln.bottom for ln in run)
            hs = [h for h in hrules if top - 2 <= h.top <= bottom + 2 and h.x0 < x1 and h.x1 > x0]
            areas.append(Area(x0, top, x1, bottom, hs, []))
        i = end + 1
    return areas
