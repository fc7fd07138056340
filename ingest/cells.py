"""Split a table cell into items: numbered / lettered / bulleted entries or plain paragraphs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.model import Cell, Paragraph

# A label printed as text at the start of a paragraph: "1.", "2)", "1.1", "1.1.1", "a)", "(iv)".
_LITERAL = re.compile(r"^\s*(\(?(?:\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}[.)]|[a-hj-z][.)]|\(?[ivx]{1,4}\)))\s+(?=\S)")
_BULLET = re.compile(r"^\s*([•●▪■◦○·\-–—*]|o(?=\s))\s+")


@dataclass
class Item:
    key: str  # normalised label: "1", "1.1", "a", "" for none
    kind: str  # "num" | "letter" | "bullet" | "text"
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(p.text.split()) for p in self.paragraphs if p.text.strip()).strip()

    @property
    def page(self) -> int | None:
        return next((p.page for p in self.paragraphs if p.page is not None), None)


def label_kind(label: str) -> tuple[str, str]:
    """("1", "num") for "1." / "1)" / "1.1"; ("a", "letter"); ("", "bullet")."""
    lab = label.strip().strip("()")
    lab = lab.rstrip(".)")
    if re.fullmatch(r"\d{1,3}(\.\d{1,3})*", lab):
        return lab, "num"
    if re.fullmatch(r"[a-z]|[ivx]{1,4}", lab, flags=re.I):
        return lab.lower(), "letter"
    return "", "bullet"


def split_label(p: Paragraph) -> tuple[str, str, str]:
    """(key, kind, text) of one paragraph, reading a Word list label or a printed one."""
    text = p.text.strip()
    if p.list_label:
        key, kind = label_kind(p.list_label)
        return key, kind, text
    m = _LITERAL.match(text)
    if m:
        key, kind = label_kind(m.group(1))
        return key, kind, text[m.end():].strip()
    m = _BULLET.match(text)
    if m:
        return "", "bullet", text[m.end():].strip()
    return "", "text", text


def _next_key(key: str) -> str:
    head, _, last = key.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def _split_inline(key: str, text: str) -> list[tuple[str, str]]:
    """ "Sept 17 2. Nov 17" after label 1 → [("1", "Sept 17"), ("2", "Nov 17")]: numbered
    items run together on one line (lost line breaks), split only where the numbers follow
    in sequence ("1.1 … 1.2 …" likewise)."""
    if not re.fullmatch(r"\d{1,3}(\.\d{1,3})*", key):
        return [(key, text)]
    out: list[tuple[str, str]] = []
    current, rest = key, text
    while True:
        nxt = _next_key(current)
        sep = r"[.)]?" if "." in nxt else r"[.)]"
        m = re.search(rf"(?:^|\s){re.escape(nxt)}{sep}\s+(?=\S)", rest)
        # a number printed twice ("4.2 … 4.2 …") starts an item too, before a capital
        again = re.search(rf"\s{re.escape(current)}{sep}\s+(?=[A-Z])", rest)
        if again and (not m or again.start() < m.start()):
            m, nxt = again, current
        if not m or m.start() == 0:
            break
        out.append((current, rest[: m.start()].strip()))
        rest = rest[m.end():]
        current = nxt
    out.append((current, rest.strip()))
    return out


def _lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Each line of a paragraph broken by hand (Shift+Enter in Word: "1. March 2020" /
    "3. June 2020", "• Train staff" / "• Evaluate it") as a paragraph of its own, as the
    printed page shows it; the list label stays with the first line."""
    out: list[Paragraph] = []
    for p in paragraphs:
        if "\n" not in p.text:
            out.append(p)
            continue
        for k, line in enumerate(x for x in p.text.split("\n") if x.strip()):
            out.append(Paragraph(text=line, page=p.page, bold=p.bold, list_label=p.list_label if k == 0 else None,
                                 list_level=p.list_level))
    return out


def paragraph_items(paragraphs: list[Paragraph]) -> list[Item]:
    items: list[Item] = []
    for p in _lines(paragraphs):
        if not p.text.strip():
            continue
        key, kind, text = split_label(p)
        if kind == "num" and not p.list_label:
            parts = _split_inline(key, text)
            if len(parts) > 1:
                for k, t in parts:
                    items.append(Item(k, "num", [Paragraph(text=t, page=p.page, bold=p.bold)]))
                continue
        para = Paragraph(text=text, page=p.page, bold=p.bold)
        if kind == "text" and items and items[-1].kind in ("num", "letter", "bullet"):
            items[-1].paragraphs.append(para)  # a wrapped or continued list item
        elif kind == "text" and items and items[-1].kind == "text":
            items[-1].paragraphs.append(para)
        else:
            items.append(Item(key, kind, [para]))
    return items


def _resplit(items: list[Item]) -> list[Item]:
    """Numbered items whose continuation lines carry the next numbers (lines joined by
    extraction: "needs … assessment 7.3 Identify …") split again."""
    out: list[Item] = []
    for it in items:
        if it.kind != "num" or len(it.paragraphs) < 2:
            out.append(it)
            continue
        parts = _split_inline(it.key, it.text)
        if len(parts) == 1:
            out.append(it)
            continue
        page = it.page
        for k, t in parts:
            out.append(Item(k, "num", [Paragraph(text=t, page=page)]))
    return out


def cell_items(cell: Cell | None) -> list[Item]:
    return _resplit(paragraph_items(cell.paragraphs)) if cell is not None else []


def numbered(items: list[Item]) -> list[Item]:
    """The items that carry numbers (or letters where there are no numbers)."""
    nums = [i for i in items if i.kind == "num"]
    if len(nums) >= 1:
        return nums
    return [i for i in items if i.kind == "letter"]


def cell_text(cell: Cell | None, sep: str = " ") -> str:
    if cell is None:
        return ""
    # a line broken by hand inside a paragraph parts the text as a paragraph break does
    return sep.join(" ".join(line.split()) for p in cell.paragraphs for line in p.display().split("\n") if line.strip())
