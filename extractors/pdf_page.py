"""One PDF page reduced to what table and paragraph finding need.

pdfplumber's ``page.chars`` and ``page.objects`` are the expensive part of reading a page, so
they are read once here. The page is turned so its text reads left to right: a table printed
sideways (chars drawn bottom-to-top or top-to-bottom) comes out the right way up, with its
rulings and fills turned with it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from .pdf_objects import page_objects

# Rulings closer than this (pt) to each other are one line; also how far a line may fall short
# of another and still be taken to meet it.
SNAP = 3.0
# A rect thinner than this is drawn as a line (cell borders exported as filled thin rects).
THIN = 2.5


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    seq: int  # position in the content stream; keeps reading order of sideways text


@dataclass(slots=True)
class Segment:
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) ruling."""

    x0: float
    top: float
    x1: float
    bottom: float
    shade: bool = False  # the edge of a shaded box, not a drawn line

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= self.x1 - self.x0


@dataclass(slots=True)
class Fill:
    x0: float
    top: float
    x1: float
    bottom: float
    colour: str  # "RRGGBB"


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    hrules: list[Segment] = field(default_factory=list)
    vrules: list[Segment] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    turned: int = 0  # degrees the page was turned (clockwise) to read it upright
    images: int = 0  # image objects drawn on the page
    painted: list[Fill] = field(default_factory=list)  # every filled box, white ones too


def colour_hex(colour: Any, space: str | None = None) -> str | None:
    try:
        return _colour_hex(colour, space)
    except TypeError:  # unhashable colour value
        return _colour_hex.__wrapped__(colour, space)


@lru_cache(maxsize=1024)
def _colour_hex(colour: Any, space: str | None = None) -> str | None:
    """A pdfplumber colour (gray, RGB or CMYK tuple, or a number) as "RRGGBB"; None if unknown.

    ``space`` names the colour space when known: a Separation or DeviceN value is an ink tint
    (1.0 = full ink), not a gray level; indexed and pattern colours are unknown."""
    if colour is None:
        return None
    if space and ("Separation" in space or "DeviceN" in space):
        try:
            tint = max(float(v) for v in (colour if isinstance(colour, (tuple, list)) else (colour,)))
        except (TypeError, ValueError):
            return None
        colour = (1.0 - tint,)
    elif space and ("Indexed" in space or "Pattern" in space):
        return None
    if isinstance(colour, (int, float)):
        colour = (colour,)
    try:
        vals = [float(v) for v in colour]
    except (TypeError, ValueError):
        return None  # pattern colour spaces
    if len(vals) == 1:
        r = g = b = vals[0]
    elif len(vals) == 3:
        r, g, b = vals
    elif len(vals) == 4:
        c, m, y, k = vals
        r, g, b = (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    else:
        return None
    return "".join(f"{max(0, min(255, round(v * 255))):02X}" for v in (r, g, b))


@lru_cache(maxsize=256)
def _is_white(hexcolour: str) -> bool:
    return all(int(hexcolour[i:i + 2], 16) >= 0xF8 for i in (0, 2, 4))


def _direction(chars: list[dict]) -> int:
    """Dominant reading direction of the page's text in pdfplumber coordinates.

    0 upright; 90 when text runs top to bottom (a table turned clockwise); 270 bottom to top.
    Sideways chars are told apart by their order in the content stream, which is reading order;
    the glyph matrix alone misleads on pages that also carry a /Rotate.
    """
    sideways = [c for c in chars if not c.get("upright", True) and c["text"].strip()]
    if len(sideways) * 2 <= len(chars):
        return 0
    down = up = 0
    for a, b in zip(sideways, sideways[1:]):
        if abs(a["x0"] - b["x0"]) > 1.0:
            continue
        d = b["top"] - a["top"]
        if 0 < d < 3 * (a["x1"] - a["x0"] + 1):
            down += 1
        elif 0 > d > -3 * (a["x1"] - a["x0"] + 1):
            up += 1
    if down == up == 0:
        return 0
    return 90 if down >= up else 270


def _turner(direction: int, width: float, height: float) -> Callable[[float, float, float, float], tuple]:
    """Map a box (x0, top, x1, bottom) so text of ``direction`` reads left to right."""
    if direction == 90:  # (x, y) -> (y, W - x)
        return lambda x0, t, x1, b: (t, width - x1, b, width - x0)
    if direction == 270:  # (x, y) -> (H - y, x)
        return lambda x0, t, x1, b: (height - b, x0, height - t, x1)
    return lambda x0, t, x1, b: (x0, t, x1, b)


@lru_cache(maxsize=512)
def _font_flags(fontname: str) -> tuple[bool, bool]:
    name = fontname.split("+")[-1].lower()
    bold = "bold" in name or "black" in name or "heavy" in name or name.endswith(",b") or "-bd" in name
    italic = "italic" in name or "oblique" in name or name.endswith(",i")
    return bold, italic


def load_page(page: Any) -> PageContent:
    """Read chars, rulings and fills of a pdfplumber page once."""
    objects = page_objects(page)
    chars = objects["char"]
    direction = _direction(chars)
    width, height = float(page.width), float(page.height)
    turn = _turner(direction, width, height)
    if direction:
        width, height = height, width

    content = PageContent(page.page_number, width, height, [], turned=direction)
    content.images = len(objects["image"])
    _collect_graphics(content, objects, turn)
    glyphs = content.glyphs
    painted = content.painted
    white: dict[Any, bool] = {}  # (colour, colour space) -> white ink; chars share a few colours
    for i, c in enumerate(chars):
        text = c["text"]
        if not text:
            continue
        if direction:
            x0, top, x1, bottom = turn(c["x0"], c["top"], c["x1"], c["bottom"])
        else:
            x0, top, x1, bottom = c["x0"], c["top"], c["x1"], c["bottom"]
        ink = c.get("non_stroking_color")
        key = (ink, c.get("ncs"))
        try:
            is_white = white[key]
        except KeyError:
            hx = colour_hex(*key)
            is_white = white[key] = hx is not None and _is_white(hx)
        except TypeError:  # unhashable colour value
            hx = colour_hex(*key)
            is_white = hx is not None and _is_white(hx)
        if is_white and not _on_fill(painted, x0, top, x1, bottom):
            continue  # white text on white paper: hidden
        bold, italic = _font_flags(c.get("fontname", ""))
        if direction or not c.get("upright", True):
            # pdfplumber's size of a sideways glyph is its advance, not its height
            size = (bottom - top) if direction else (x1 - x0)
        else:
            size = float(c.get("size") or (bottom - top))
        glyphs.append(Glyph(text, x0, x1, top, bottom, size, bold, italic, i))
    return content


def _on_fill(fills: list[Fill], x0: float, top: float, x1: float, bottom: float) -> bool:
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return any(f.x0 <= cx <= f.x1 and f.top <= cy <= f.bottom for f in fills)


def _collect_graphics(content: PageContent, objects: dict, turn: Callable) -> None:
    hr, vr, fills = content.hrules, content.vrules, content.fills
    for ln in objects.get("line", []):
        x0, top, x1, bottom = turn(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
        _add_segment(hr, vr, x0, top, x1, bottom)
    boxes: list[tuple[float, float, float, float, str | None, bool]] = []
    white_lines: list[tuple[float, float, float, float]] = []
    for rc in objects.get("rect", []):
        x0, top, x1, bottom = turn(rc["x0"], rc["top"], rc["x1"], rc["bottom"])
        w, h = x1 - x0, bottom - top
        filled = rc.get("fill")
        colour = colour_hex(rc.get("non_stroking_color")) if filled else None
        if min(w, h) <= THIN:
            if colour is not None and _is_white(colour) and not rc.get("stroke"):
                white_lines.append((x0, top, x1, bottom))  # visible only on a coloured ground
                continue
            _add_segment(hr, vr, x0, top, x1, bottom)
            continue
        shaded = colour is not None and not _is_white(colour)
        if filled:
            # whatever its colour reads as: a spot colour's tint looks like a gray level here
            content.painted.append(Fill(x0, top, x1, bottom, colour or ""))
        if shaded:
            fills.append(Fill(x0, top, x1, bottom, colour))  # type: ignore[arg-type]
        if rc.get("stroke") or shaded:
            boxes.append((x0, top, x1, bottom, colour if shaded else None, bool(rc.get("stroke"))))
    _box_edges(boxes, hr, vr)
    for x0, top, x1, bottom in white_lines:
        if _on_fill(fills, x0, top, x1, bottom):
            _add_segment(hr, vr, x0, top, x1, bottom)
    for cv in objects.get("curve", []):
        pts = cv.get("pts") or []
        # curves made of straight axis-parallel pieces (polylines) are rulings too
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            if abs(ax - bx) < 0.5 or abs(ay - by) < 0.5:
                x0, top, x1, bottom = turn(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
                if max(x1 - x0, bottom - top) > 4:
                    _add_segment(hr, vr, x0, top, x1, bottom)


def _box_edges(boxes: list[tuple], hr: list[Segment], vr: list[Segment]) -> None:
    """Edges of bordered or shaded boxes as rulings. Where a shaded box abuts another of the same
    colour, or lies on one, the edge is invisible (a cell shaded line by line), so no ruling."""
    by_colour: dict[str, list[tuple]] = {}
    for b in boxes:
        if b[4] is not None:
            by_colour.setdefault(b[4], []).append(b)
    # per colour: boxes by top, with their tallest height, to look only at those near a box
    index: dict[str, tuple[list[tuple], list[float], float]] = {}
    for colour, group in by_colour.items():
        group.sort(key=lambda o: o[1])
        index[colour] = (group, [o[1] for o in group], max(o[3] - o[1] for o in group))
    for x0, top, x1, bottom, colour, stroked in boxes:
        same: list[tuple] = []
        if colour is not None and not stroked:
            group, tops, tallest = index[colour]
            # every test below needs the other box to reach from above top - 1 to below bottom + 1
            lo = bisect.bisect_left(tops, top - 1 - tallest - 1)
            hi = bisect.bisect_right(tops, bottom + 1)
            same = [o for o in group[lo:hi] if o[3] >= top - 1]
        edges = (
            ((x0, top, x1, top), lambda o: o[1] - 1 <= top - 1 <= o[3] + 1 and o[3] >= top - 1 and o[1] < top - 0.5 and o[0] <= x0 + 1 and o[2] >= x1 - 1),
            ((x0, bottom, x1, bottom), lambda o: o[1] <= bottom + 1 and o[3] > bottom + 0.5 and o[0] <= x0 + 1 and o[2] >= x1 - 1),
            ((x0, top, x0, bottom), lambda o: o[0] < x0 - 0.5 and o[2] >= x0 - 1 and o[1] <= top + 1 and o[3] >= bottom - 1),
            ((x1, top, x1, bottom), lambda o: o[0] <= x1 + 1 and o[2] > x1 + 0.5 and o[1] <= top + 1 and o[3] >= bottom - 1),
        )
        for seg, abuts in edges:
            if same and any(abuts(o) for o in same):
                continue
            _add_segment(hr, vr, *seg, shade=not stroked)


def _add_segment(
    hr: list[Segment], vr: list[Segment], x0: float, top: float, x1: float, bottom: float, shade: bool = False
) -> None:
    w, h = x1 - x0, bottom - top
    if w >= h:
        if w < 2:
            return
        y = (top + bottom) / 2
        hr.append(Segment(x0, y, x1, y, shade))
    else:
        if h < 2:
            return
        x = (x0 + x1) / 2
        vr.append(Segment(x, top, x, bottom, shade))
