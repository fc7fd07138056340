"""Glyphs to words and text lines.

A line is a run of glyphs sharing a vertical band; superscripts ("28 th") sit a little higher
and smaller but overlap the band, so they stay in the line as words of their own. Words split
where the gap between glyphs exceeds a fraction of the font size (or at a space glyph).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .pdf_page import Glyph

WORD_GAP = 0.22  # x gap, in font sizes, that separates two words
LINE_OVERLAP = 0.5  # vertical overlap (of the smaller glyph) that puts a glyph on a line


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
    """Group glyphs into lines, top to bottom; a line may hold several table cells' text."""
    body = [g for g in glyphs if g.text.strip() or g.text == " "]
    if not body:
        return []
    # bands by vertical overlap, glyphs taken in order of their vertical middle
    order = sorted(body, key=lambda g: (g.top + g.bottom) / 2)
    bands: list[_Band] = []
    for g in order:
        h = g.bottom - g.top
        placed = False
        for band in reversed(bands[-4:]):
            ov = min(band.bottom, g.bottom) - max(band.top, g.top)
            if ov >= LINE_OVERLAP * min(h, band.bottom - band.top):
                # the band keeps the box of the glyph that opened it: letting a taller glyph (a
                # list number set larger than its text) widen it would swallow the next line
                band.glyphs.append(g)
                placed = True
                break
        if not placed:
            bands.append(_Band([g], g.top, g.bottom, g.size))
    lines: list[Line] = []
    for band in bands:
        lines.extend(_split_band(band.glyphs))
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    return lines


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
            if gap > WORD_GAP * min(size, max(g.size, prev.size)) or (resized and gap > -0.5):
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


def split_line(line: Line, x0: float, x1: float) -> Line | None:
    """The part of a line whose words' centres fall in [x0, x1)."""
    words = [w for w in line.words if x0 <= (w.x0 + w.x1) / 2 < x1]
    if not words:
        return None
    if len(words) == len(line.words):
        return line
    return Line(words, words[0].x0, max(w.x1 for w in words), line.top, line.bottom, line.size, line.bold, line.seq)
