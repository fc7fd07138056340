"""Rulings: merging drawn lines, and grouping them into the areas tables occupy."""
from __future__ import annotations

from dataclasses import dataclass, field

from .pdf_page import SNAP, Segment
from .pdf_text import Line


@dataclass
class Area:
    """A page area that may hold a table, with the rulings inside it."""

    x0: float
    top: float
    x1: float
    bottom: float
    hrules: list[Segment] = field(default_factory=list)
    vrules: list[Segment] = field(default_factory=list)
    # heights where shaded cells with no text in them begin or end (a timeline's marked
    # months, a RAG colour): in a table without rulings, the edges of its rows
    shade_cuts: list[float] = field(default_factory=list)
    # (top, bottom) of rows shaded from side to side behind their text (a shaded header, a
    # group row): in a table without rulings, each one row however many lines it holds
    shaded_rows: list[tuple[float, float]] = field(default_factory=list)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def contains(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol


def merge_rules(segs: list[Segment], horizontal: bool) -> list[Segment]:
    """Join collinear rulings that touch or overlap; snap near-equal positions together."""
    if not segs:
        return []
    if horizontal:
        items = sorted(((s.top, s.x0, s.x1, s.shade) for s in segs))
    else:
        items = sorted(((s.x0, s.top, s.bottom, s.shade) for s in segs))
    # cluster positions
    groups: list[list[tuple[float, float, float, bool]]] = [[items[0]]]
    for it in items[1:]:
        if it[0] - groups[-1][-1][0] <= SNAP / 2:
            groups[-1].append(it)
        else:
            groups.append([it])
    out: list[Segment] = []
    for g in groups:
        pos = sum(i[0] for i in g) / len(g)
        spans = sorted((i[1], i[2], i[3]) for i in g)
        a, b, shade = spans[0]
        for s0, s1, sh in spans[1:]:
            if s0 <= b + SNAP:
                b = max(b, s1)
                shade = shade and sh  # drawn if any part of it is drawn
            else:
                out.append(Segment(a, pos, b, pos, shade) if horizontal else Segment(pos, a, pos, b, shade))
                a, b, shade = s0, s1, sh
        out.append(Segment(a, pos, b, pos, shade) if horizontal else Segment(pos, a, pos, b, shade))
    return out


class _DSU:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[ra] = rb


def _touch(h: Segment, v: Segment, tol: float = SNAP) -> bool:
    return h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol


def _prose_between(lines: list[Line], top: float, bottom: float, x0: float, x1: float) -> bool:
    """Is there a line of running text (one phrase nearly as wide as the rules) between two rules?"""
    for ln in lines:
        if ln.top < top or ln.bottom > bottom or ln.x1 < x0 or ln.x0 > x1:
            continue
        if ln.x1 - ln.x0 < 0.6 * (x1 - x0):
            continue
        if all(b.x0 - a.x1 < ln.size for a, b in zip(ln.words, ln.words[1:])):
            return True
    return False


def ruled_areas(
    hrules: list[Segment], vrules: list[Segment], lines: list[Line] | None = None, min_size: float = 8.0
) -> list[Area]:
    """Connected groups of rulings (lines that meet), plus horizontal rules stacked one above another
    with the same extent and no running text between them (tables ruled only across: top rule,
    header rule, bottom rule)."""
    hs = [h for h in hrules if h.x1 - h.x0 >= min_size]
    vs = [v for v in vrules if v.bottom - v.top >= min_size]
    n = len(hs) + len(vs)
    if not n:
        return []
    dsu = _DSU(n)
    touched: set[int] = set()  # horizontal rules that meet a vertical one
    hs_by_y = sorted(range(len(hs)), key=lambda i: hs[i].top)
    for j, v in enumerate(vs):
        for i in hs_by_y:
            h = hs[i]
            if h.top < v.top - SNAP:
                continue
            if h.top > v.bottom + SNAP:
                break
            if _touch(h, v):
                dsu.union(i, len(hs) + j)
                touched.add(i)
    # vertical rules in line with each other (a column rule broken at each row)
    vs_sorted = sorted(range(len(vs)), key=lambda j: vs[j].x0)
    for k, a in enumerate(vs_sorted):
        va = vs[a]
        for b in vs_sorted[k + 1:]:
            vb = vs[b]
            if vb.x0 - va.x0 > SNAP:
                break
            if max(va.top, vb.top) - min(va.bottom, vb.bottom) <= 2 * SNAP:
                dsu.union(len(hs) + a, len(hs) + b)
    # stacked horizontal rules of the same extent (two grids drawn with vertical rules are
    # separate tables however well they line up)
    for a_i, ia in enumerate(hs_by_y):
        ha = hs[ia]
        for ib in hs_by_y[a_i + 1:]:
            hb = hs[ib]
            if hb.top - ha.top < SNAP:
                continue
            w = max(ha.x1 - ha.x0, hb.x1 - hb.x0)
            if abs(ha.x0 - hb.x0) <= max(6.0, 0.03 * w) and abs(ha.x1 - hb.x1) <= max(6.0, 0.03 * w):
                bare = ia not in touched or ib not in touched
                if bare and (not lines or not _prose_between(lines, ha.top, hb.top, ha.x0, ha.x1)):
                    dsu.union(ia, ib)
                break
    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(dsu.find(k), []).append(k)
    areas = []
    for members in groups.values():
        ah = [hs[k] for k in members if k < len(hs)]
        av = [vs[k - len(hs)] for k in members if k >= len(hs)]
        x0 = min([h.x0 for h in ah] + [v.x0 for v in av])
        x1 = max([h.x1 for h in ah] + [v.x0 for v in av])
        top = min([h.top for h in ah] + [v.top for v in av])
        bottom = max([h.top for h in ah] + [v.bottom for v in av])
        if x1 - x0 < 20 or (bottom - top < 6 and len(ah) < 2):
            continue
        areas.append(Area(x0, top, x1, bottom, ah, av))
    # rulings lying inside an area without touching its frame (a header's underline) belong to it
    for area in areas:
        have = {id(h) for h in area.hrules}
        for h in hs:
            if id(h) not in have and area.x0 - SNAP <= h.x0 and h.x1 <= area.x1 + SNAP and area.top < h.top < area.bottom:
                area.hrules.append(h)
        have = {id(v) for v in area.vrules}
        for v in vs:
            if id(v) not in have and area.x0 < v.x0 < area.x1 and area.top - SNAP <= v.top and v.bottom <= area.bottom + SNAP:
                area.vrules.append(v)
    areas.sort(key=lambda a: (a.top, a.x0))
    return areas


def coverage(segs: list[Segment], pos: float, a: float, b: float, horizontal: bool) -> float:
    """Fraction of [a, b] covered by rulings at ``pos`` (a y for horizontal rulings, an x otherwise)."""
    if b <= a:
        return 1.0
    covered = []
    for s in segs:
        if horizontal:
            if abs(s.top - pos) <= SNAP:
                covered.append((max(a, s.x0), min(b, s.x1)))
        elif abs(s.x0 - pos) <= SNAP:
            covered.append((max(a, s.top), min(b, s.bottom)))
    covered = sorted(c for c in covered if c[1] > c[0])
    total = 0.0
    end = a
    for c0, c1 in covered:
        if c1 <= end:
            continue
        total += c1 - max(c0, end)
        end = c1
    return total / (b - a)
