"""Text lines to paragraphs: list markers, wrapped lines, paragraph gaps."""
from __future__ import annotations

import re

from .model import Paragraph
from .pdf_reflow import BREAK, Reach, broken_word, would_fit
from .pdf_text import Line

# a list marker standing alone as the first word of a line
_LABEL = re.compile(
    r"^(?:[•●▪■◦○·\-–—*➢►✓❖]|o|\(?[0-9]{1,2}[.)]|[0-9]{1,2}(?:\.[0-9]{1,2})+\.?|\(?[a-zA-Z][.)]|\(?[ivxlIVXL]{1,5}[.)])$"
)
# bullets glued to the text that follows them ("•Reported")
_GLUED = re.compile(r"^([•●▪■◦○·➢►✓❖])(\S.*)$")
_BULLETS = "•●▪■◦○·-–—*➢►✓❖o"


def split_label(words: list[str]) -> tuple[str | None, list[str]]:
    """(marker, remaining words) of a line that opens a list item; (None, words) otherwise."""
    if not words:
        return None, words
    first = words[0]
    if len(words) > 1 and _LABEL.match(first):
        if first == "o" and not words[1][:1].isupper():
            return None, words  # the letter o in a sentence, not a hollow bullet
        if re.fullmatch(r"[0-9]{1,2}(?:\.[0-9]{1,2})+", first):
            return None, words  # a section number "1.2" heads a line, it is not a list marker
        return first, words[1:]
    m = _GLUED.match(first)
    if m:
        return m.group(1), [m.group(2)] + words[1:]
    return None, words


def lines_to_paragraphs(lines: list[Line], page: int | None, reach: Reach | None = None) -> list[Paragraph]:
    """Group lines (top to bottom) into paragraphs.

    A new paragraph starts at a list marker, after a vertical gap clearly larger than the line
    spacing, where a line goes back to its paragraph's first-line position after a hanging
    indent, or after a line that had room for the next line's first word (``reach``: how far
    lines may go; by default the widest of them). Wrapped lines are joined with single spaces;
    a word the layout broke over two lines (see ``pdf_reflow.broken_word``) with ``BREAK``, for
    ``pdf_reflow.resolve_breaks`` to settle.
    """
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    if reach is None:
        widest = max(ln.x1 for ln in lines)
        reach = Reach(widest, float("inf"))
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top - a.top > 0.3 * a.size]
    pitch = min(pitches) if pitches else 1.2 * lines[0].size
    paras: list[Paragraph] = []
    cur_words: list[str] = []
    cur_bold: list[bool] = []
    label: str | None = None
    indent = 0.0
    prev: Line | None = None
    first_line = True  # prev is its paragraph's first line

    indents: list[float] = []  # where each paragraph's first line starts

    def flush() -> None:
        nonlocal cur_words, cur_bold, label
        if cur_words or label:
            paras.append(
                Paragraph(" ".join(cur_words), list_label=label, bold=bool(cur_bold) and all(cur_bold), page=page)
            )
            indents.append(indent)
        cur_words, cur_bold, label = [], [], None

    for ln in lines:
        words = [w.text for w in ln.words]
        lab, rest = split_label(words)
        if lab is not None and prev is not None and label is None and cur_words and _dash_runs_on(prev, ln):
            lab, rest = None, words  # "2020 –" / "2021" wrapped before the dash: no list item
        gap = ln.top - prev.bottom if prev is not None else 0.0
        new = prev is None or lab is not None
        if prev is not None and ln.top - prev.top > 1.45 * pitch and gap > 0.35 * ln.size:
            new = True
        if not new and prev is not None and _starts_paragraph(prev, ln, reach, indent, first_line):
            new = True
        if new:
            flush()
            label = lab
            indent = ln.x0
            words = rest
        elif prev is not None and cur_words and words and _joins(prev, ln, reach):
            cur_words[-1] += ("" if cur_words[-1].endswith("-") else BREAK) + words[0]
            words = words[1:]
        first_line = new
        cur_words.extend(words)
        cur_bold.append(ln.bold)
        prev = ln
    flush()
    _list_levels(paras, indents, lines[0].size)
    return [p for p in paras if p.text or p.list_label]


def _dash_runs_on(prev: Line, ln: Line) -> bool:
    """Is a line's leading en or em dash the text above running on ("Plan 2020" / "– 2021"), not
    a bullet? A bullet is set off from its text by a tab; this dash by a word space, under a
    line that ends no sentence or clause."""
    w = ln.words
    if len(w) < 2 or w[0].text not in ("–", "—"):
        return False
    if prev.words[-1].text.endswith((".", ":", ";", "!", "?")):
        return False
    return w[1].x0 - w[0].x1 < 0.5 * ln.size


def _starts_paragraph(prev: Line, ln: Line, reach: Reach, indent: float, first_line: bool) -> bool:
    """Does ``ln`` start a paragraph although no marker or gap says so?"""
    if not ln.words or not prev.words or prev.words[-1].text.endswith("-"):
        return False
    tol = 0.3 * ln.size
    if not first_line and ln.x0 < prev.x0 - tol and abs(ln.x0 - indent) <= tol:
        return True  # back at the first line's position after a hanging indent: the next item
    # (a line set further in than the text above is not judged: centred text, an indent)
    return ln.x0 <= _text_start(prev) + tol and would_fit(prev, ln.words[0], reach)


def _text_start(line: Line) -> float:
    """Where a line's text starts: after a marker or number set off by a tab, else its start."""
    w = line.words
    if len(w) >= 2 and w[1].x0 - w[0].x1 > 0.8 * line.size:
        return w[1].x0
    return line.x0


def _joins(prev: Line, ln: Line, reach: Reach) -> bool:
    """Is the first word of ``ln`` the rest of the last word of ``prev``: a compound broken after
    its hyphen ("Sub-" "group"; not before a capital: "Manager-" "Legal" may be a dash), or a
    word the layout broke where it did not fit?"""
    last, first = prev.words[-1].text, ln.words[0].text
    if len(last) > 1 and last.endswith("-") and last[-2].isalpha() and first[:1].islower():
        return True
    return broken_word(prev, ln, reach)


def _list_levels(paras: list[Paragraph], indents: list[float], size: float) -> None:
    """Nesting of list items from how far their markers are indented: the least indented
    markers are level 0, the next indent level 1, and so on."""
    stops: list[float] = []
    for p, x in zip(paras, indents):
        if p.list_label is not None and not any(abs(x - s) <= 0.4 * size for s in stops):
            stops.append(x)
    stops.sort()
    for p, x in zip(paras, indents):
        if p.list_label is not None:
            p.list_level = min(range(len(stops)), key=lambda k: abs(stops[k] - x))
