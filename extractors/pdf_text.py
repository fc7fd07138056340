"""Glyphs to words and text lines.

A line is a run of glyphs sharing a baseline; superscripts ("28 th") sit a little higher and
smaller but against the line's words, so they stay in the line as words of their own. Words
split where the gap between glyphs exceeds a fraction of the font size (or at a space glyph).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .pdf_page import Glyph

WORD_GAP = 0.22  # x gap, in font sizes, that separates two words


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class Line:
    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # dominant font size
    bold: bool  # most of the line's glyphs are bold
    seq: int = 0  # content-stream position of its first glyph

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


def join_words(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


@dataclass
class _Band:
    glyphs: list[Glyph] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0


def build_lines(glyphs: list[Glyph]) -> list[Line]:
    """Group glyphs into lines, top to bottom; a line may hold several table cells' text.

    Glyphs sharing a baseline (their bottoms within a fifth of the font size) form a line, so
    a list number set larger than its text stays with it. A band of smaller glyphs sitting
    against a line's words and overlapping it (superscripts, subscripts) is then put in it.
    """
    body = [g for g in glyphs if g.text.strip() or g.text == " "]
    if not body:
        return []
    order = sorted(body, key=lambda g: g.bottom)
    bands: list[_Band] = []
    for g in order:
        if bands and g.bottom - bands[-1].bottom <= max(1.0, 0.2 * min(g.size, bands[-1].size)):
            band = bands[-1]
            band.glyphs.append(g)
            band.top = min(band.top, g.top)
            continue
        bands.append(_Band([g], g.top, g.bottom, g.size))
    bands = _absorb_small(bands)
    lines: list[Line] = []
    for band in bands:
        lines.extend(_split_band(band.glyphs))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines


def _median_size(band: _Band) -> float:
    sizes = sorted(g.size for g in band.glyphs)
    return sizes[len(sizes) // 2]


def _absorb_small(bands: list[_Band]) -> list[_Band]:
    """Merge into the neighbouring line the bands that are not lines of their own: smaller glyphs
    printed against a line's words (superscripts, subscripts) and lone marks beside a line
    whose boxes sit lower or higher than its text (a bullet from a symbol font)."""
    sizes = [_median_size(b) for b in bands]
    gone: set[int] = set()
    for i, band in enumerate(bands):
        ink = [g for g in band.glyphs if g.text.strip()]
        lone = len(ink) <= 2
        s_top = min(g.top for g in band.glyphs)
        s_bot = max(g.bottom for g in band.glyphs)
        best, best_ov = None, 0.0
        for k in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= k < len(bands) or k in gone:
                continue
            big = bands[k]
            small = sizes[i] < 0.85 * sizes[k]
            if not (small or lone) or len(big.glyphs) <= len(band.glyphs):
                continue
            tops = sorted(g.top for g in big.glyphs)
            bots = sorted(g.bottom for g in big.glyphs)
            b_top, b_bot = tops[len(tops) // 2], bots[len(bots) // 2]
            ov = (min(b_bot, s_bot) - max(b_top, s_top)) / max(0.1, min(s_bot - s_top, b_bot - b_top))
            if ov < 0.5:
                continue
            if not lone:
                near = sizes[k]
                g = band.glyphs[0]
                if not any(abs(g.x0 - o.x1) < near or abs(o.x0 - g.x1) < near for o in big.glyphs):
                    continue
            if ov > best_ov:
                best, best_ov = big, ov
        if best is not None:
            best.glyphs.extend(band.glyphs)
            gone.add(i)
    return [b for i, b in enumerate(bands) if i not in gone]


def _split_band(glyphs: list[Glyph]) -> list[Line]:
    """One line per band; words split at gaps. (Columns are found later, from many lines.)"""
    glyphs.sort(key=lambda g: (g.x0, g.seq))
    sizes = sorted(g.size for g in glyphs if g.text.strip())
    if not sizes:
        return []
    size = sizes[len(sizes) // 2]
    words: list[Word] = []
    cur: list[Glyph] = []
    for g in glyphs:
        if not g.text.strip():
            if cur:
                words.append(_word(cur))
                cur = []
            continue
        if cur:
            prev = cur[-1]
            gap = g.x0 - prev.x1
            resized = min(g.size, prev.size) < 0.8 * max(g.size, prev.size)
            # a list number's tab shrinks to almost nothing after a wide number ("10.|Develop")
            after_label = prev.text in ".)" and g.text[:1].isalnum() and gap > 0.08 * size
            if gap > WORD_GAP * min(size, max(g.size, prev.size)) or (resized and gap > -0.5) or after_label:
                # a size change (a superscript such as "28 th") also ends a word
                words.append(_word(cur))
                cur = []
            elif gap < -0.5 * (g.x1 - g.x0) and g.text == prev.text:
                continue  # the same glyph printed twice, offset, to fake bold
        cur.append(g)
    if cur:
        words.append(_word(cur))
    if not words:
        return []
    nbold = sum(len(w.text) for w in words if w.bold)
    nall = sum(len(w.text) for w in words)
    body = [w for w in words if w.size >= 0.8 * size] or words
    return [
        Line(
            words,
            min(w.x0 for w in words),
            max(w.x1 for w in words),
            min(w.top for w in body),
            max(w.bottom for w in body),
            size,
            nbold * 2 > nall,
            min(g.seq for g in glyphs),
        )
    ]


def _word(glyphs: list[Glyph]) -> Word:
    text = "".join(g.text for g in glyphs)
    nbold = sum(1 for g in glyphs if g.bold)
    return Word(
        text,
        glyphs[0].x0,
        max(g.x1 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.bottom for g in glyphs),
        max(g.size for g in glyphs),
        nbold * 2 > len(glyphs),
    )
