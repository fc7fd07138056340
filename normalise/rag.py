"""Red / amber / green ratings from a status cell's words or its background colour.

Choices:
- A joined pair ("Red/Amber", "Amber-Green", "A/G") gives the *worse* colour: the export has
  three values, and reporting a partly-red action as amber would hide a risk.
- Separate mentions in one cell ("March: Amber ... June: Green") give the *last* one: progress
  cells are appended to over time, so the latest rating is written last.
- "Complete(d)", "on track", "Blue" (the B of BRAG) are not RAG words and give "".
"""
from __future__ import annotations

import colorsys
import re

from normalise.text import clean

__all__ = ["rag_from_text", "rag_from_fill", "RAG_VALUES"]

RAG_VALUES = ("red", "amber", "green")
_SEVERITY = {"green": 0, "amber": 1, "red": 2}
_LETTER = {"r": "red", "a": "amber", "g": "green"}

_WORD = r"(?:red|amber|green)"
# Colour words used in other senses.
_NOT_RAG = re.compile(r"\b(?:green\s+papers?|red\s+cross|red\s+tape|green\s+spaces?|amber\s+valley)\b", re.I)
_PAIR = re.compile(rf"\b({_WORD})\s*(?:/|-|–|—|\\|\bto\b|\band\b|&)\s*({_WORD})\b", re.I)
_SINGLE = re.compile(rf"\b({_WORD})\b", re.I)
# Letters count only where they cannot be ordinary words: the whole cell ("A", "(G)"), a
# capital in brackets ("On track (G)"), a letter opening the cell before a dash or colon
# ("G – done"), a letter pair ("R/A"), or
# right after a RAG label ("RAG: A", "RAG rating - G", "Status: R").
_LETTER_CELL = re.compile(r"^\W*([RAG])\W*$")
_BROKEN_WORD_CELL = re.compile(r"^\W*((?:r\s*e\s*d)|(?:a\s*m\s*b\s*e\s*r)|(?:g\s*r\s*e\s*e\s*n))\W*$", re.I)
_LETTER_LEADING = re.compile(r"^\(?([RAG])\)?\s*[-–—:]\s")  # "G – completed Sept 17"
_LETTER_BRACKETED = re.compile(r"\(\s*([RAG])\s*\)")  # "On track (G)": a capital in brackets
_LETTER_PAIR = re.compile(r"(?<![\w/])([RAG])\s*[/\\-]\s*([RAG])(?![\w/])")
_LETTER_LABELLED = re.compile(
    r"\b(?:RAG(?:\s+(?:rating|status|rated))?|rating|status)\s*[:=\-–]?\s*\(?((?-i:[RAG]))(?=\s*(?:$|[^\w\s/]))", re.I
)


def _worse(a: str, b: str) -> str:
    return a if _SEVERITY[a] >= _SEVERITY[b] else b


def rag_from_text(status: str | None) -> str:
    """"red" | "amber" | "green" | "" from the words (or R/A/G letters) of a status cell."""
    text = clean(status)
    if not text:
        return ""
    m = _LETTER_CELL.match(text)
    if m:
        return _LETTER[m.group(1).lower()]
    # a RAG word alone in a narrow cell, broken over two lines by the PDF ("Gree" / "n")
    m = _BROKEN_WORD_CELL.match(text)
    if m:
        return re.sub(r"\s+", "", m.group(1)).lower()
    text = _NOT_RAG.sub(" ", text)
    found: list[tuple[int, str]] = []  # (position, colour)
    taken: list[tuple[int, int]] = []
    m = _LETTER_LEADING.match(text)
    if m:
        found.append((m.start(1), _LETTER[m.group(1).lower()]))
    for m in _PAIR.finditer(text):
        found.append((m.start(), _worse(m.group(1).lower(), m.group(2).lower())))
        taken.append(m.span())
    for m in _LETTER_BRACKETED.finditer(text):
        found.append((m.start(1), _LETTER[m.group(1).lower()]))
        taken.append(m.span())
    for m in _LETTER_PAIR.finditer(text):
        if m.group(1) != m.group(2):
            found.append((m.start(), _worse(_LETTER[m.group(1).lower()], _LETTER[m.group(2).lower()])))
            taken.append(m.span())
    for m in _SINGLE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), m.group(1).lower()))
    for m in _LETTER_LABELLED.finditer(text):
        if not any(s <= m.start(1) < e for s, e in taken):
            found.append((m.start(1), _LETTER[m.group(1).lower()]))
    if not found:
        return ""
    return max(found)[1]


def _parse_hex(fill: str) -> tuple[float, float, float] | None:
    s = fill.strip().lstrip("#")
    if len(s) == 3:
        s = "".join(ch * 2 for ch in s)
    if len(s) == 8:  # AARRGGBB as written by some tools
        s = s[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{6}", s):
        return None
    return tuple(int(s[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rag_from_fill(fill: str | None) -> str:
    """"red" | "amber" | "green" | "" from a cell's background colour ("RRGGBB").

    Judged by hue so that any shade counts (Excel's pale "bad" pink FFC7CE is red, orange
    FFC000 and yellow FFFF00 are amber, lime 92D050 is green). White, greys, black, blues,
    cyans and purples, and unparseable values ("auto") give "".
    """
    if not fill:
        return ""
    rgb = _parse_hex(fill)
    if rgb is None:
        return ""
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    if v < 0.2 or s < 0.08:
        return ""
    hue = h * 360
    if hue >= 335 or hue < 18:
        return "red"
    if hue < 70:
        return "amber"
    if hue < 165:
        return "green"
    return ""
