"""Where a line of text could have reached: tells a wrapped line from a new paragraph.

Word processors fill a line with words until the next one does not fit, so a line followed by
one whose first word would have fitted after it ended for another reason: a paragraph (or a
table row) ends there. Conversely, when the next line's first word could not have fitted, the
text wrapped, whatever the case of its first letter.

How far a line may reach is known exactly only in a ruled cell (the ruling less the cell's
padding); elsewhere the widest line seen gives a lower bound and the next column's start an
upper one. ``Reach`` carries both: splitting a paragraph needs the word to fit within the lower
bound; joining two lines as a wrap needs it not to fit within the upper bound.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from .model import Paragraph

from .pdf_text import Line, Word

if TYPE_CHECKING:
    from .pdf_grid import Grid

SPACE = 0.3  # a space, in font sizes (generous: it makes "would have fitted" harder to claim)
SLACK = 0.5  # pt


@dataclass(frozen=True)
class Reach:
    lo: float  # lines certainly could reach this far
    hi: float  # lines certainly could not go beyond this
    exact: bool = False  # lo and hi come from a ruling: a single glyph more would not fit


def word_width(w: Word) -> float:
    return w.x1 - w.x0


def would_fit(prev: Line, word: Word, reach: Reach) -> bool:
    """Had there been room for ``word`` at the end of ``prev``? (judged against the lower bound)"""
    return prev.x1 + SPACE * prev.size + word_width(word) <= reach.lo - SLACK


def cannot_fit(prev: Line, word: Word, reach: Reach) -> bool:
    """Was there certainly no room for ``word`` at the end of ``prev``? (against the upper bound)"""
    return prev.x1 + 0.2 * prev.size + word_width(word) > reach.hi + SLACK


# words that do not end a phrase: a line ending on one goes on in the next
JOINING_WORDS = frozenset(
    "a an the and or nor but of to for in on at by with from into onto as that which where when "
    "who whom whose while whether if than so because including between across through about via "
    "its their our your his her is are was were be been will shall should must may can could "
    "would has have had not such every each any &".split()
)


def runs_on(text: str) -> bool:
    """Does this text stop where it cannot end (a comma, hyphen or dash, a joining word)?"""
    text = text.rstrip()
    if text.endswith((",", "-", "–", "/")):
        return True
    words = text.split()
    if not words:
        return False
    if len(words[-1]) > 1 and words[-1].isupper() and not (len(words) > 1 and words[-2].isupper()):
        return False  # initials ("AS", "TO") after words in lower case or alone, no joining word
    return words[-1].casefold() in JOINING_WORDS


# no line may start with these (closing punctuation): a line beginning so is the rest of a word
_CLOSING = re.compile(r"^[.,;:!?)\]}%’”]")


def broken_word(prev: Line, nxt: Line, reach: Reach) -> bool:
    """Is ``nxt``'s first word the rest of ``prev``'s last, broken by the layout? A word is
    broken only when it is wider than the line: ``prev`` is that one word, filling the line so
    that not even the next glyph fitted; or ``nxt`` starts with closing punctuation."""
    if not prev.words or not nxt.words:
        return False
    first = nxt.words[0].text
    if _CLOSING.match(first) and len(prev.words[-1].text) > 0:
        return True
    if len(prev.words) != 1:
        return False
    last = prev.words[-1].text
    date_cut = last[-1:] in "/.-" and last[-2:-1].isdigit() and first[:1].isdigit()
    if not (last[-1:].isalnum() and first[:1].isalnum()) and not date_cut:
        return False
    if first[:1].isupper() and not last[-1:].isupper():
        return False  # "Amb|er" yes, "sign|Off" no
    glyph = word_width(nxt.words[0]) / max(1, len(first))
    # within a point of the ruling's limit, or (no ruling) as wide as the widest line: a
    # candidate only, settled by the words (resolve_breaks)
    if prev.x1 + glyph > reach.lo:
        return True
    # a column a few letters wide whose text is centred or indented stops short of its limit;
    # a lower-case rest under one word there is a candidate too ("N" / "o.")
    return first[:1].islower() and reach.lo - prev.x0 < 3.0 * prev.size


def grid_reach(grid: "Grid", c0: int, c1: int) -> Reach:
    """How far the lines of a cell spanning columns c0..c1-1 may reach."""
    return GridReach(grid)(c0, c1)


class GridReach:
    """``grid_reach`` for every cell of a grid, the columns' figures gathered once."""

    def __init__(self, grid: "Grid") -> None:
        self.grid = grid
        n = grid.n_cols
        self.starts: list[float | None] = [None] * n  # least indented line starting in column j
        self.widest: list[float | None] = [None] * (n + 1)  # widest line ending at boundary j
        for c in grid.cells:
            if not c.lines:
                continue
            x0 = min(ln.x0 for ln in c.lines)
            x1 = max(ln.x1 for ln in c.lines)
            if self.starts[c.c0] is None or x0 < self.starts[c.c0]:
                self.starts[c.c0] = x0
            if self.widest[c.c1] is None or x1 > self.widest[c.c1]:
                self.widest[c.c1] = x1
        pads = [
            max(0.0, s - grid.xs[j]) for j, s in enumerate(self.starts)
            if j >= 1 and s is not None and j not in grid.text_x
        ]
        self.inner = sorted(pads)[len(pads) // 2] if pads else None

    def padding(self, c0: int) -> float:
        """A ruled cell's padding: how far its least indented text stands off the left ruling.
        An outer column's edge may not be a ruling (a table cut off by the page's side): it
        gets the padding of the inner columns."""
        s = self.starts[c0]
        if s is None:
            return self.inner or 0.0
        mine = max(0.0, s - self.grid.xs[c0])
        if c0 == 0 and self.inner is not None and mine < 0.5 * self.inner:
            return self.inner
        return mine

    def __call__(self, c0: int, c1: int) -> Reach:
        grid = self.grid
        widest = self.widest[c1]
        if widest is None:
            widest = grid.xs[c1]
        if grid.ruled and c1 not in grid.text_x:
            limit = max(grid.xs[c1] - self.padding(c0), widest)
            return Reach(limit - 1.0, limit + 1.0, exact=True)
        if c1 < grid.n_cols:
            nxt = self.starts[c1]
            hi = nxt if nxt is not None else grid.xs[c1]
            return Reach(widest, max(hi, widest))
        return Reach(widest, float("inf"))


# Put between the two parts of a possibly broken word until the document's words settle it.
BREAK = "\ue000"
_TOKEN = re.compile(r"[^\w]+")


def _norm(token: str) -> str:
    return _TOKEN.sub("", token.lower())


_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\W*$")


def _cut_date(a: str, b: str) -> bool:
    """A numeric date cut in its year ("31/01/20" "24"): numbers are in no vocabulary."""
    return bool(_DATE.match(a + b)) and not _DATE.match(a)


_CODE = re.compile(r"^(?:[A-Z]{1,4}\d{1,3}(?:\.\d{1,3})*[a-z]?|\d{1,3}(?:\.\d{1,3})*[a-z]|\d{1,3}(?:\.\d{1,3})+)\W*$")
_WORD_LETTERS = {"a", "A", "I"}


# the ends of English words that are no words themselves: a rest of the line that is one of
# them is the end of the word broken above ("Educat|ion", "Safeguard|ing")
_SUFFIX = re.compile(
    r"^(?:ion|ions|ing|ings|ed|ment|ments|ness|ity|ities|ance|ances|ence|ences|ise|ised|ize|ized|ly|"
    r"ive|ous|ship|ships|ful|less|ure|ures|ary|ory|ual|ial|ical|tion|tions|sion|sions)\W*$"
)


def _fragment(a: str, b: str) -> bool:
    """Is one side a lone letter that is no word ("Re|f", "N|o.", "Ma|y"), or the rest a
    word's ending that is no word ("Educat|ion")?"""
    core_a, core_b = _norm(a), _norm(b)
    if not (core_a.isalpha() and core_b.isalpha()):
        return False
    if len(core_a) >= 3 and b[:1].islower() and _SUFFIX.match(b):
        return True
    if len(core_a) >= 4 and core_a.endswith(("ti", "si", "ci")) and core_b in ("on", "ons") and b[:1].islower():
        return True  # "Educati|on": the "on" of "-tion", "-sion", "-cion"
    lone = [t for t, core in ((a, core_a), (b, core_b)) if len(core) == 1]
    return any(_TOKEN.sub("", t) not in _WORD_LETTERS for t in lone)


def resolve_breaks(paragraphs: Iterable[Paragraph]) -> None:
    """Settle each ``BREAK``: the two parts are one word where the rest of the line is closing
    punctuation, where they make a numeric date cut in its year, a reference ("CE1", "1a",
    "2.1") or a word one of whose parts is a lone letter that is no word, or where the whole
    word occurs elsewhere in the document unbroken; otherwise they are two words after all."""
    paragraphs = list(paragraphs)
    marked = [p for p in paragraphs if BREAK in p.text]
    if not marked:
        return
    vocabulary: set[str] = set()
    for p in paragraphs:
        for t in p.text.split():
            if BREAK not in t:
                vocabulary.add(_norm(t))
    for p in marked:
        out = []
        for t in p.text.split(" "):
            if BREAK in t:
                parts = t.split(BREAK)
                word = parts[0]
                for part in parts[1:]:
                    whole = _norm(word.split()[-1] + part) if word.split() else ""
                    left = word.split()[-1] if word.split() else ""
                    one = (
                        _CLOSING.match(part) is not None
                        or _cut_date(left, part)
                        or bool(_CODE.match(left + part))
                        or (left[-1:].isdigit() and part.isdigit() and len(part) <= 2)  # "2023/2|4"
                        or _fragment(left, part)
                        or whole in vocabulary
                    )
                    word = word + part if one else word + " " + part
                t = word
            out.append(t)
        p.text = " ".join(out)
