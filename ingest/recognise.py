"""Recognise actions in a document's tables by layout features: header words, group rows,
numbered items inside cells, parallel numbered cells, merged cells and preceding headings."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from extractors.model import Cell, Document, Paragraph, Table

from .cells import cell_items, cell_text, numbered, split_label
from .headers import HeaderMap, classify, header_score, map_header


@dataclass
class RawAction:
    """An action as printed, before normalisation."""

    section_ref: str = ""
    section: str = ""
    ref: str = ""
    action: str = ""
    lead_raw: str = ""  # keeps "\n" between the cell's lines
    due_raw: str = ""
    status_raw: str = ""
    status_fill: str | None = None
    rag_raw: str = ""  # a RAG column beside the status column
    source_raw: str = ""
    outcome: str = ""
    page: int | None = None
    table: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class TableReport:
    """What the recogniser made of one table, for `plansift tables --explain`."""

    index: int
    pages: list[int]
    mapping: list[str]
    is_action_table: bool
    actions: int
    why: str = ""


_GROUP_LABEL = re.compile(
    r"^(?P<word>(?:strategic\s+)?(?:objective|priority|theme|recommendation|area(?:\s+for\s+\w+)?|outcome|"
    r"section|part|aim|goal|workstream|strand|key\s+area|standard|domain)s?)\s*"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}|(?-i:[A-Z])(?=\s*(?:[:.)–—-]|$)))\b\s*[:.)–—-]?\s*(?P<rest>.*)$",
    re.I | re.S,
)
_NUMBERED_HEAD = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+(?P<rest>\S.*)$", re.S)
# a label in brackets: "(a) The Board should …", "(ii) …", "(3) …"
_BRACKETED_HEAD = re.compile(r"^\((?P<num>[A-Za-z]|[ivx]{1,5}|[IVX]{1,5}|\d{1,2})\)\s*(?P<rest>\S.*)$", re.S)
_DEADLINE_PREFIX = re.compile(r"^(?P<due>(?:within|by|in)\s+[^:]{1,30}|immediately|immediate|ongoing)\s*:\s*(?P<rest>\S.*)$", re.I | re.S)


_QUARTER = re.compile(r"^(?:q|qtr|quarter)\s*(?P<q>[1-4])\b\s*(?P<rest>.*)$", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*[/–-]\s*(?:19|20)?\d{2})?(?!\d)")
_MARK_MAX = 4  # a timeline mark is a tick or a letter ("X", "✓", "Yes"), not a progress note
# what a form prints in a timeline cell left unmarked: an empty box or circle, a dash, "No"
_NOT_MARKS = frozenset({"☐", "□", "▢", "○", "◯", "-", "–", "—", "no", "n", "n/a"})


_CONTINUED = re.compile(r"^(cont(inued|'?d)?|cnt'?d|ctd|\.\.\.|…|\"|ditto)\.?$", re.I)
_REF = re.compile(r"^\d{1,2}(\.\d{1,2}){1,3}$")


def _parent_ref(ref: str) -> str:
    return ref.rsplit(".", 1)[0] if _REF.match(ref) and ref.count(".") >= 2 else ""


def _is_within(parent: str, section_ref: str) -> bool:
    sec = section_ref.split()[-1] if section_ref else ""
    return bool(sec) and (parent == sec or parent.startswith(sec + "."))


def parse_group_label(text: str) -> tuple[str, str]:
    """("Objective 1", "") for a bare label, ("1.1", "To scrutinise …") for a labelled text."""
    t = " ".join(text.split())
    m = _GROUP_LABEL.match(t)
    if m:
        rest = m.group("rest").strip()
        if not rest:
            word = " ".join(m.group("word").split())
            return f"{word[0].upper()}{word[1:]} {m.group('num')}", ""
        return m.group("num"), rest
    m = _NUMBERED_HEAD.match(t) or _BRACKETED_HEAD.match(t)
    if m:
        return m.group("num"), m.group("rest").strip()
    return "", t


@dataclass
class _Context:
    section_ref: str = ""
    section: str = ""


def _distinct_cells(row: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for c in row:
        if not any(c is o for o in out):
            out.append(c)
    return out


def _is_group_row(row: list[Cell], hm: HeaderMap) -> str | None:
    filled = [c for c in _distinct_cells(row) if c.text.strip()]
    if len(filled) == 2:
        # "Priority | Priority 1.1: To scrutinise …": a short label cell beside the group text
        short, long_ = sorted(filled, key=lambda c: len(c.text))
        if len(short.text.split()) <= 2 and _GROUP_LABEL.match(" ".join(long_.text.split())):
            filled = [long_]
    if len(filled) != 1:
        return None
    cell = filled[0]
    text = " ".join(cell.text.split())
    spans = cell.col_span > 1 or len(_distinct_cells(row)) == 1
    if _GROUP_LABEL.match(text) and len(text) < 400:
        return text
    if cell.col_span > 1 and len(row) > 2:
        return text
    if spans and len(row) > 2 and hm.columns.get(cell.col) not in ("action", "lead", "due", "status"):
        return text
    return None


_ITEM_LABEL = re.compile(r"^\(?(?:\d{1,2}(?:\.\d{1,2}){0,3}|[a-z]|[ivx]{1,4})[.)]?$", re.I)
_PARENT_REF = re.compile(r"^(?:(?P<word>[A-Za-z]+)\s+)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})[.:)]?$")


def _parent_row(row: list[Cell], below: list[list[Cell]], hm: HeaderMap, action_col: int | None) -> tuple[str, str] | None:
    """A recommendation or objective written as an ordinary row, not merged across the table:
    a number in the ref column ("2", "Recommendation 2") and its text in the action column,
    every other cell empty, and the next numbered row's ref under it ("2.1", "2a"). Returns
    (section_ref, section)."""
    ref_col = hm.col("ref")
    if ref_col is None or action_col is None or ref_col == action_col:
        return None
    ref_cell, action_cell = row[ref_col], row[action_col]
    if ref_cell is action_cell:
        return None
    m = _PARENT_REF.match(" ".join(cell_text(ref_cell).split()))
    text = " ".join(cell_text(action_cell).split())
    if not m or not text:
        return None
    others = [c for c in _distinct_cells(row) if c is not ref_cell and c is not action_cell and c.text.strip()]
    if others and not _summary_row(row, below):
        return None
    num = m.group("num")
    for nxt in below:
        if ref_col >= len(nxt):
            return None
        child = " ".join(cell_text(nxt[ref_col]).split())
        if not child:
            continue
        if not (child.startswith(num) and len(child) > len(num) and re.match(r"[.(a-z]", child[len(num):], re.I)):
            return None
        break
    else:
        return None
    label_ref, rest = parse_group_label(text)
    if label_ref and rest and (label_ref == num or label_ref.endswith(" " + num)):
        text = rest  # "2 | Recommendation 2: The Board should …"
    word = m.group("word")
    return (f"{word[0].upper()}{word[1:]} {num}" if word else num), text


def _summary_row(row: list[Cell], below: list[list[Cell]]) -> bool:
    """A project plan's summary row ("2 | Learning and reviews | SB | 01/06/19 | 20/12/19 | 30%"):
    set apart from the task rows under it by type or colour, every filled cell bold, or the whole
    row shaded in a fill the next row does not have. Its owner and dates roll up its tasks'."""
    cells = [c for c in _distinct_cells(row) if c.text.strip()]
    if not cells:
        return False
    if all(p.bold for c in cells for p in c.paragraphs if p.text.strip()):
        return True
    fills = {c.fill for c in _distinct_cells(row)}
    if len(fills) != 1 or None in fills:
        return False
    nxt = next((r for r in below if any(c.text.strip() for c in r)), None)
    return nxt is not None and not any(c.fill == row[0].fill for c in _distinct_cells(nxt))


def _unnumbered_summary(row: list[Cell], below: list[list[Cell]], hm: HeaderMap,
                        action_col: int | None) -> tuple[str, str] | None:
    """A project plan's summary row without a number ("Learning and reviews | SB | 01/06/19 | …"):
    every filled cell bold AND the whole row in one fill, where the next row is neither. A row
    greyed out when done is shaded but not bold; a bold action is not shaded."""
    if action_col is None or action_col >= len(row):
        return None
    ref_col = hm.col("ref")
    if ref_col is not None and ref_col < len(row) and row[ref_col] is not row[action_col] \
            and row[ref_col].text.strip():
        return None
    text = " ".join(cell_text(row[action_col]).split())
    cells = [c for c in _distinct_cells(row) if c.text.strip()]
    if not text or not cells or not all(p.bold for c in cells for p in c.paragraphs if p.text.strip()):
        return None
    fills = {c.fill for c in _distinct_cells(row)}
    if len(fills) != 1 or None in fills:
        return None
    nxt = next((r for r in below if any(c.text.strip() for c in r)), None)
    if nxt is None or any(c.fill == row[0].fill for c in _distinct_cells(nxt)):
        return None
    if all(p.bold for c in _distinct_cells(nxt) for p in c.paragraphs if p.text.strip()):
        return None
    return "", text


def _banner(table: Table) -> tuple[str, str] | None:
    """(section_ref, section) of a table that is one box of text reading like a group label
    ("Priority 2: Children living with neglect …"), a Word template's way of heading a section."""
    cells = [c for row in table.grid for c in _distinct_cells(row)]
    cells = [c for k, c in enumerate(cells) if not any(c is o for o in cells[:k])]
    filled = [c for c in cells if c.text.strip()]
    if len(table.grid) != 1 or not 1 <= len(filled) <= 2:
        return None
    if len(filled) == 2 and not (_GROUP_LABEL.match(" ".join(filled[0].text.split()))
                                 and not parse_group_label(filled[0].text)[1]):
        return None  # two cells only as "Priority 2 | Children living with neglect …"
    text = " ".join(" ".join(c.text.split()) for c in filled)
    if len(text) > 400 or not _GROUP_LABEL.match(text):
        return None
    ref, rest = parse_group_label(text)
    return (ref, rest) if ref else None


def _continues_merge(row: list[Cell], col: int, prev: Cell | None) -> bool:
    """Whether ``row``'s cell in ``col`` belongs to the same merged cell as ``prev`` (the
    cell the row above had there): the same object, or a part of it on another page that
    the extractor reports with the same origin while the row's own cells start lower."""
    cell = row[col]
    if prev is None:
        return False
    if cell is prev:
        return cell.row_span > 1
    own_row = max(c.row for c in row)
    return (cell.row, cell.col) == (prev.row, prev.col) and cell.row < own_row and cell.row_span > 1


def _looks_like_data(row: list[Cell]) -> bool:
    return any(len(c.text) > 60 or re.search(r"\d{4}", c.text) for c in row)


def _header_from_above(table: Table, header_row: int, hm: HeaderMap, texts: list[str]) -> None:
    """A header of several rows whose cell merged down ("No." over three rows) kept its text only
    in the top row, as a PDF without rules gives it: a column left blank in the header row read
    takes the short heading printed above it, in a row of headings (two or more cells), where
    that heading names a field no other column has."""
    taken = set(hm.columns.values())
    for c, text in enumerate(texts):
        if text.strip() or c in hm.columns:
            continue
        for r in range(header_row - 1, -1, -1):
            row = table.grid[r]
            if c >= len(row):
                break
            cell = row[c]
            heading = " ".join(cell.text.split())
            if not heading:
                continue
            filled = [x for x in _distinct_cells(row) if x.text.strip()]
            spans = cell.col_span > 1 or (c > 0 and row[c - 1] is cell) or (c + 1 < len(row) and row[c + 1] is cell)
            name = classify(heading) if len(heading.split()) <= 3 else None
            if len(filled) >= 2 and not spans and name and name not in taken:
                hm.columns[c] = name
                hm.header_text[c] = heading
                hm.columns = dict(sorted(hm.columns.items()))
                taken.add(name)
            break


def _section_ref_cell(text: str) -> tuple[str, str] | None:
    """(number, text) of a cell in a column of section numbers: a bare code ("R1", "2", "A")
    is the number; a labelled text ("Recommendation 2: …", "(b) …") gives both; other text,
    the section's text alone. None for an empty cell."""
    t = " ".join(text.split())
    if not t:
        return None
    if _REF_CELL.match(t) or re.match(r"^\(?[A-Za-z]\)?$", t):
        return t.rstrip(".").strip("()"), ""
    return parse_group_label(t)


_REF_CELL = re.compile(r"^[A-Z]{0,3}\d{1,2}(?:\.\d{1,2}){0,3}[a-z]?\.?$")


def _looks_like_action_row(row: list[Cell]) -> bool:
    """A row of a body, not a header: a cell holding only a ref ("2.1") and one holding a
    sentence or a dated value."""
    texts = [" ".join(c.text.split()) for c in _distinct_cells(row)]
    return any(_REF_CELL.match(t) for t in texts) and _looks_like_data(row)


def _section_heading(p: Paragraph) -> tuple[str, str] | None:
    text = " ".join(p.text.split())
    if not text or len(text) > 600:
        return None
    m = _GROUP_LABEL.match(text)
    if m and (p.heading_level or p.bold or len(text) < 300):
        return parse_group_label(text)
    key, kind, rest = split_label(p)
    if kind == "num" and (p.heading_level or p.bold) and len(rest) >= 15:
        return key, rest
    return None


# ---- a continued table printed with its columns in another order ---------------------------------

_DATEY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
                    r"|(?<!\d)(?:19|20)\d\d(?!\d)|\bq[1-4]\b|\b(?:ongoing|termly|monthly|quarterly|annually)\b", re.I)
_STATUSY = re.compile(r"^(?:complete[d]?|done|achieved|in progress|on track|not started|ongoing|delayed|overdue|"
                      r"red|amber|green|blue|r|a|g|b|\d{1,3}\s?%)\.?$", re.I)


def _column_profile(rows: list[list[Cell]], c: int) -> tuple[float, ...] | None:
    """What a column's body cells look like: words per cell (log), and the shares of cells that
    are a ref, carry a date, read as a status, hold a digit. None for an empty column."""
    texts = [" ".join(cell_text(r[c]).split()) for r in rows if c < len(r) and r[c].col_span == 1]
    texts = [t for t in texts if t]
    if not texts:
        return None
    n = len(texts)
    words = sum(len(t.split()) for t in texts) / n
    return (math.log1p(words), sum(bool(_REF_CELL.match(t)) for t in texts) / n,
            sum(bool(_DATEY.search(t)) for t in texts) / n, sum(bool(_STATUSY.match(t)) for t in texts) / n,
            sum(any(ch.isdigit() for ch in t) for t in texts) / n)


def _profile_cost(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> float:
    if a is None or b is None:
        return 0.0 if a is b else 1.0
    return sum(abs(x - y) for x, y in zip(a, b))


def _column_order(before: list[tuple[float, ...] | None], now: list[tuple[float, ...] | None]) -> list[int] | None:
    """For a headerless table continuing an action table of the same width: which of the earlier
    table's columns each of its columns matches (``order[k]`` = the earlier column of column k),
    when its cells fit the earlier columns clearly better in another order than in the same one
    (a lead where the action was, dates where the status was); None when the order stands."""
    n = len(now)
    if n != len(before) or n > 10 or n < 3:
        return None
    cost = [[_profile_cost(before[j], now[k]) for j in range(n)] for k in range(n)]
    same = sum(cost[k][k] for k in range(n))
    # cheapest one-to-one matching, column by column over the subsets of earlier columns taken
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for k in range(n):
        nxt: dict[int, tuple[float, list[int]]] = {}
        for used, (c, order) in best.items():
            for j in range(n):
                if used & (1 << j):
                    continue
                key, val = used | (1 << j), c + cost[k][j]
                if key not in nxt or val < nxt[key][0]:
                    nxt[key] = (val, order + [j])
        best = nxt
    low, order = best[(1 << n) - 1]
    if order == list(range(n)) or same - low < 1.5 or low > 0.5 * same:
        return None
    return order


def _reordered(hm: HeaderMap, order: list[int]) -> HeaderMap:
    """``hm`` read for a table whose column k holds what column ``order[k]`` held."""
    def move(d: dict) -> dict:
        return {k: d[j] for k, j in enumerate(order) if j in d}
    return HeaderMap(move(hm.columns), move(hm.header_text), rows=hm.rows, timeline=move(hm.timeline),
                     lead_marks=move(hm.lead_marks), also=move(hm.also))


def _next_table(blocks: list, i: int) -> Table | None:
    """The table just after block ``i`` when only blank paragraphs come between."""
    for b in blocks[i + 1:]:
        if isinstance(b, Table):
            return b
        if b.text.strip():
            return None
    return None


class Recogniser:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.reports: list[TableReport] = []
        self._last_action_header: tuple[int, HeaderMap] | None = None
        self._last_profile: list[tuple[float, ...] | None] = []  # its columns' cells (_column_profile)
        for i, t in enumerate(doc.tables()):
            t.index = i

    # ------------------------------------------------------------------ walk
    def run(self) -> list[RawAction]:
        actions: list[RawAction] = []
        ctx = _Context()
        blocks = self.doc.blocks
        list_run: list[Paragraph] = []  # the latest run of consecutive numbered paragraphs
        skip_until = 0  # paragraphs already read as paragraph actions
        line_above = ""  # the paragraph just before the next table, if nothing else is between
        for i, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                if not block.text.strip():
                    continue
                line_above = block.text
                key, kind, rest = _action_label(block)
                if (kind == "num" and block.list_level == 0 or kind == "bullet" and _bullet_action(blocks, i)
                        or kind == "text" and _labelled_action(block.text) and _fields_follow(blocks, i)) \
                        and i >= skip_until:
                    found, end = _paragraph_actions(blocks, i, ctx)
                    if found:
                        actions.extend(found)
                        skip_until = end
                        list_run = []
                        continue
                if i < skip_until:
                    continue
                head = _section_heading(block)
                standalone = self._standalone_numbered(blocks, i)
                if head is None and standalone:
                    head = (key, rest)
                if head is not None and (head[0] or block.heading_level):
                    ctx = _Context(head[0], head[1])
                    list_run = []
                    continue
                if kind == "num" and block.list_level == 0:
                    list_run.append(block)
                elif kind == "text" and list_run and not block.is_list_item:
                    # a plain paragraph between list and table ("By when") keeps the run only if short
                    if len(block.text) > 60:
                        list_run = []
                continue
            table: Table = block
            banner = _banner(table)
            if banner is not None:
                # a one-cell box holding "Priority 2: …" above the priority's table: a heading
                ctx = _Context(*banner)
                self.reports.append(TableReport(table.index, table.pages, [], False, 0, "a banner: the section of what follows"))
                list_run, line_above = [], ""
                continue
            found, ctx = self.table_actions(table, ctx, list_run, line_above, _next_table(blocks, i))
            line_above = ""
            actions.extend(found)
            list_run = []
        return actions

    def _standalone_numbered(self, blocks: list, i: int) -> bool:
        """A long numbered paragraph that is not part of a list run: a recommendation heading."""
        p = blocks[i]
        key, kind, rest = split_label(p)
        if kind != "num" or len(rest) < 40 or p.list_level:
            return False

        def neighbour(step: int) -> Paragraph | None:
            j = i + step
            while 0 <= j < len(blocks):
                b = blocks[j]
                if isinstance(b, Table):
                    return None
                if b.text.strip():
                    return b
                j += step
            return None

        for nb in (neighbour(-1), neighbour(1)):
            if nb is not None and split_label(nb)[1] == "num":
                return False
        return True

    # ---------------------------------------------------------------- tables
    def _find_header(self, table: Table) -> tuple[HeaderMap, int]:
        best, best_row, best_score = HeaderMap(), -1, 0
        limit = min(len(table.grid), max(3, table.header_rows + 1))
        for r in range(limit):
            cells = [c.text for c in table.grid[r]]
            score = header_score(cells)
            if score > best_score:
                best, best_row, best_score = map_header(cells), r, score
        if 0 <= best_row + 1 < len(table.grid) and best_row + 1 < max(limit, table.header_rows):
            # a two-row header: "Timescale" spanning "Start | End", read column by column
            below = table.grid[best_row + 1]
            distinct_below = [c for c in _distinct_cells(below) if c.text.strip()]
            marked = table.header_rows >= best_row + 2
            if len(distinct_below) >= 2 and (marked or header_score([c.text for c in below]) >= 1) and not _looks_like_data(below):
                combined = []
                for top, low in zip(table.grid[best_row], below):
                    combined.append(top.text if top is low else f"{top.text} {low.text}".strip())
                hm2 = map_header(combined)
                if len(set(hm2.columns.values())) >= best_score:
                    hm2.rows = best_row + 2
                    _header_from_above(table, best_row, hm2, combined)
                    return hm2, best_row + 1
        best.rows = best_row + 1
        if best_row > 0:
            _header_from_above(table, best_row, best, [c.text for c in table.grid[best_row]])
        return best, best_row

    def _promote_action_column(self, table: Table, hm: HeaderMap) -> None:
        """Without an "Actions" header, the column of numbered items (often headed
        "Outcomes", or left blank) carries the actions."""
        if hm.col("action") is not None:
            return
        if not ({"lead", "due"} & set(hm.columns.values())):
            return
        body = table.grid[hm.rows:]
        candidates = [c for c in range(table.n_cols) if hm.columns.get(c) in (None, "outcome", "measure")]
        best, best_n = None, 0
        for c in candidates:
            n = sum(len(numbered(cell_items(row[c]))) for row in body if c < len(row))
            if n > best_n:
                best, best_n = c, n
        if best is not None:
            hm.columns[best] = "action"

    def _target_as_deadline(self, table: Table, hm: HeaderMap) -> None:
        """A column headed "Target" alone ("Issue | Response | Owner | Target") is a measure
        unless its cells are dates: then, where no column names the deadline, it is the deadline."""
        if hm.col("due") is not None or hm.col("action") is None:
            return
        from normalise.dates import parse_deadline

        for c, name in list(hm.columns.items()):
            if name != "measure" or not re.fullmatch(r"targets?\s*:?", " ".join(hm.header_text.get(c, "").split()).lower()):
                continue
            texts = [cell_text(row[c]).strip() for row in table.grid[hm.rows:] if c < len(row)]
            texts = [t for t in texts if t]
            dated = sum(1 for t in texts if parse_deadline(t).kind in ("by", "ongoing", "recurring", "from"))
            if texts and dated * 3 >= len(texts) * 2:
                hm.columns[c] = "due"
            return

    def _split_spanned_action(self, table: Table, hm: HeaderMap) -> None:
        """An "Action" heading spanning a narrow number column and the text column ("Action"
        over "1. | Launch the …"): the numbers are the refs, the text the action."""
        ac = hm.col("action")
        if ac is None or hm.rows < 1 or hm.rows > len(table.grid):
            return
        head_row = table.grid[hm.rows - 1]
        if ac >= len(head_row):
            return
        spanned = [c for c in range(len(head_row)) if head_row[c] is head_row[ac]]
        if len(spanned) < 2:
            return
        body = [row for row in table.grid[hm.rows:] if len(row) > max(spanned)]

        def own_texts(c: int) -> list[str]:
            return [cell_text(row[c]) for row in body if row[c].col_span == 1 and cell_text(row[c]).strip()]

        labels = [c for c in spanned if len(own_texts(c)) >= 2 and all(_ITEM_LABEL.match(t.strip()) for t in own_texts(c))]
        if len(labels) != 1:
            return
        texts = [c for c in spanned if c not in labels]
        text_col = max(texts, key=lambda c: sum(len(t) for t in own_texts(c)))
        if not own_texts(text_col):
            return
        del hm.columns[ac]
        hm.columns[text_col] = "action"
        hm.header_text[text_col] = hm.header_text.pop(ac, "")
        if hm.col("ref") is None:
            hm.columns[labels[0]] = "ref"
            hm.header_text[labels[0]] = ""
        hm.columns = dict(sorted(hm.columns.items()))

    def _find_lead_matrix(self, table: Table, hm: HeaderMap) -> None:
        """A lead heading ("Lead agency", "Responsible") spanning two or more columns of a
        two-row header, each column under it headed by an agency or post, and the body cells
        of those columns empty or marked with a tick: the marked columns' headings are the
        action's leads."""
        if hm.rows < 2 or hm.timeline:
            return
        top, low = table.grid[hm.rows - 2], table.grid[hm.rows - 1]
        for c0, cell in enumerate(top):
            if c0 and top[c0 - 1] is cell:
                continue
            span = [c for c in range(c0, len(top)) if top[c] is cell]
            if len(span) < 2 or classify(cell.text) != "lead":
                continue
            names = {c: " ".join(low[c].text.split()) for c in span if c < len(low) and low[c] is not cell}
            if len(names) < 2 or not all(names.values()) or len(set(names.values())) < len(names):
                continue
            body = table.grid[hm.rows:]
            texts = [cell_text(row[c]) for row in body for c in names
                     if c < len(row) and row[c].col_span == 1 and cell_text(row[c])]
            if not texts or any(len(t) > _MARK_MAX for t in texts):
                continue  # names or notes in the cells: not a grid of ticks
            for c in names:
                if hm.columns.get(c) == "lead":
                    del hm.columns[c]
                    hm.header_text.pop(c, None)
            hm.lead_marks = names
            return

    def _find_timeline(self, table: Table, hm: HeaderMap) -> None:
        """Quarter or month columns in place of (or beside) a deadline column, each action's
        quarters or months marked with a tick or by shading: the header row naming two or more
        quarters (or three or more months), read with the year printed on the labels or above
        them (a spanning "2021/22"); without a year the plan's period decides it later."""
        for r in range(max(0, hm.rows - 2), min(len(table.grid), hm.rows + 1)):
            row = table.grid[r]
            quarters: dict[int, re.Match[str]] = {}
            months: dict[int, tuple[int, str]] = {}
            years: dict[int, str] = {}  # a three-year plan's "2019/20 | 2020/21 | 2021/22"
            for c, cell in enumerate(row):
                if c and cell is row[c - 1] or hm.columns.get(c) in ("action", "lead", "ref"):
                    continue
                text = " ".join(cell.text.split())
                m = _QUARTER.match(text)
                if m:
                    quarters[c] = m
                month = _month_label(text)
                if month is not None:
                    months[c] = month
                if _YEAR.fullmatch(text):
                    years[c] = text
            found: set[int] = (set(quarters) if len(quarters) >= 2 else set(months) if len(months) >= 3
                               else set(years) if len(years) >= 2 else set())
            if not found:
                continue
            body = table.grid[r + 1:]
            texts = [cell_text(b[c]) for b in body for c in found
                     if c < len(b) and b[c].col_span == 1 and cell_text(b[c])]  # group rows span
            if sum(len(t) > _MARK_MAX for t in texts) > 0.2 * len(texts):
                return  # quarterly progress notes, not marks

            def year_above(c: int, own: str) -> re.Match[str] | None:
                year = _YEAR.search(own)
                for above in range(r - 1, -1, -1):
                    if year:
                        break
                    year = _YEAR.search(table.grid[above][c].text)
                return year

            if found == set(years):
                labels = dict(years)  # done by the end of the last year marked
            elif len(quarters) >= 2:
                labels = {}
                for c, m in quarters.items():
                    year = year_above(c, m.group("rest"))
                    labels[c] = f"Q{m.group('q')} {year.group(0) if year else ''}".strip()
            else:
                labels = _month_labels(months, {c: year_above(c, months[c][1]) for c in months})
            for c in found:
                if hm.columns.get(c) in ("due", "status", "rag", "outcome", "measure", "section"):
                    del hm.columns[c]  # "When 2021/22" spanning the quarters
            hm.timeline = labels
            hm.rows = max(hm.rows, r + 1)
            return

    def table_actions(self, table: Table, ctx: _Context, list_run: list[Paragraph],
                      line_above: str = "", after: Table | None = None) -> tuple[list[RawAction], _Context]:
        kv = _transpose_key_value(table)
        if kv is not None:
            found, ctx2 = self._table_actions(kv, ctx, [], blocks=True)
            if found:
                self.reports[-1].why = "key-value table: field names down the first column"
                return found, ctx2
            self.reports.pop()
        return self._table_actions(table, ctx, list_run, line_above, after=after)

    def _table_actions(self, table: Table, ctx: _Context, list_run: list[Paragraph],
                       line_above: str = "", blocks: bool = False,
                       after: Table | None = None) -> tuple[list[RawAction], _Context]:
        """``blocks``: each row is one action's own block of fields (a key-value table read
        across): a field a block lacks is empty, not carried down from the block above.
        ``after``: the table straight after this one (nothing but blank lines between)."""
        hm, header_row = self._find_header(table)
        line_header = _header_line(line_above, table) if not hm.is_action_table else None
        if line_header is not None:
            # the header printed as a line of its own just above the table (a borderless
            # table whose header row the PDF reader left out of it)
            hm, header_row = map_header(line_header), -1
            hm.rows = 0
        self._find_timeline(table, hm)
        self._find_lead_matrix(table, hm)
        self._promote_action_column(table, hm)
        self._split_spanned_action(table, hm)
        self._target_as_deadline(table, hm)
        if (header_row >= 0 and not hm.is_action_table and len(set(hm.columns.values())) <= 1
                and (len([c for c in _distinct_cells(table.grid[header_row]) if c.text.strip()]) == 1
                     or _looks_like_action_row(table.grid[header_row]))
                and self._last_action_header is not None and self._last_action_header[0] == table.n_cols):
            # one body cell that happens to name a field ("Recommendation C: …", a group row at
            # the top of a table carried over a page; "In progress" in the status cell of an
            # action row, a ref and a sentence beside it) is no header: the table continues the last
            header_row = -1
        report = TableReport(table.index, table.pages, hm.describe(), False, 0)
        self.reports.append(report)
        header_cells: list[str] = []
        if header_row >= 0:
            header_cells = [c.text for c in table.grid[header_row]]
        elif line_header is not None:
            report.mapping = hm.describe()
            report.why = "header read from the line above the table"
        elif self._last_action_header is not None and self._last_action_header[0] == table.n_cols:
            # a headerless table just after an action table of the same width continues it
            last = self._last_action_header[1]
            hm = HeaderMap(dict(last.columns), dict(last.header_text), rows=0, timeline=dict(last.timeline),
                           lead_marks=dict(last.lead_marks))
            report.why = "no header: continues the previous action table"
            order = _column_order(self._last_profile, [_column_profile(table.grid, c) for c in range(table.n_cols)])
            if order is not None:
                hm = _reordered(hm, order)
                report.why += ", its columns in another order (read by what their cells hold)"
            report.mapping = hm.describe()
        else:
            report.why = "no header row names action-table fields"
            return [], ctx
        action_col = hm.col("action")
        body = table.grid[hm.rows:]
        if header_row >= 0:
            body = _fold_repeated_headers(body, table.grid[header_row])
        body = _rejoin_page_splits(body, hm, action_col)
        # a table split in two (its header repeated on the second part, or not): the rows of the
        # next table of the same width go on under this one's last row, so a summary row
        # ("2 | Learning and reviews") left last in the first part still sees its tasks below
        tail = [r for k, r in enumerate(after.grid) if [c.text for c in r] != header_cells
                and not (k == 0 and map_header([c.text for c in r]).is_action_table)] \
            if after is not None and after.n_cols == table.n_cols else []
        # Actions listed above a table that carries only their dates and leads.
        if action_col is not None and list_run and all(not row[action_col].text.strip() for row in body if action_col < len(row)):
            action_col = None
        if action_col is None:
            if list_run and ({"lead", "due"} & set(hm.columns.values())):
                return self._list_with_table(table, hm, ctx, list_run, report), ctx
            report.why = "no action column"
            return [], ctx
        if not hm.is_action_table:
            report.why = "action column without lead, date, status, ref or source"
            return [], ctx
        report.is_action_table = True
        self._last_action_header = (table.n_cols, hm)
        self._last_profile = [_column_profile(body, c) for c in range(table.n_cols)]
        out: list[RawAction] = []
        prev_section: tuple[str, str] | None = None
        prev_section_cell: Cell | None = None
        prev_source = ""
        prev: RawAction | None = None
        group_ref, group_text = ctx.section_ref, ctx.section
        labelled = False
        for row in table.grid[:max(header_row, 0)]:
            group = _is_group_row(row, hm)
            if group is not None:
                ref, text = parse_group_label(group)
                if ref or not labelled:  # "Priority 1: …" above a note row ("Why this matters: …")
                    group_ref, group_text = ref, text
                    labelled = labelled or bool(ref)
                elif not group_text:  # "Objective 1" above its text
                    group_text = text
        prev_ref = ""
        prev_section_ref: tuple[str, str] | None = None
        section_inherited = False
        prev_row_was_action = False
        for i, row in enumerate(body):
            cells_text = [c.text for c in row]
            if cells_text == header_cells or not any(t.strip() for t in cells_text) \
                    or _repeats_header_beside_group(row, header_cells, hm):
                continue  # a repeated header or an empty row
            row, notes = _take_notes(row, hm)
            if notes and not any(c.text.strip() for c in row):
                if prev is not None:  # a dated progress update under the action above
                    _add_status(prev, notes)
                continue
            outcome = _outcome_row(row)
            if outcome is not None:
                # "Outcome/Impact: …" merged across the table under an action: that action's
                # outcome, never a group (one straight under a group row describes the group)
                if prev is not None and prev_row_was_action:
                    prev.outcome = f"{prev.outcome} {outcome}".strip()
                continue
            group = _is_group_row(row, hm)
            below = body[i + 1:] + tail
            parent = _parent_row(row, below, hm, action_col) if group is None else None
            if parent is None and group is None:
                parent = _unnumbered_summary(row, below, hm, action_col)
            if parent is not None:
                group_ref, group_text = parent
                prev_section = None
                prev_section_cell = None
                prev_section_ref = None
                prev_row_was_action = False
                continue
            if group is not None:
                group_ref, group_text = parse_group_label(group)
                prev_section = None
                prev_section_cell = None
                prev_section_ref = None
                prev_row_was_action = False
                continue
            prev_row_was_action = True
            section_ref, section = group_ref, group_text
            due_prefix = ""
            sc = hm.col("section")
            if sc is not None:
                stext = cell_text(row[sc])
                if prev_section is not None and _continues_merge(row, sc, prev_section_cell):
                    # the part of a merged section cell that a page break carried over: the
                    # section goes on (its text too, when the break cut it)
                    section_ref, section, due_prefix = prev_section
                    if stext and row[sc] is not prev_section_cell and not section.endswith(stext):
                        section = f"{section} {stext}".strip()
                        prev_section = (section_ref, section, due_prefix)
                elif stext and stext[0].islower() and prev_section is not None and section_inherited:
                    # the tail of a merged cell whose merge the PDF did not show
                    section_ref, section, due_prefix = prev_section
                    section = f"{section} {stext}"
                    prev_section = (section_ref, section, due_prefix)
                elif stext:
                    m = _DEADLINE_PREFIX.match(stext)
                    if m:
                        due_prefix, stext = m.group("due"), m.group("rest")
                    num, rest = parse_group_label(stext)
                    section_ref = num or group_ref
                    section = rest
                    prev_section = (section_ref, section, due_prefix)
                elif prev_section is not None:
                    section_ref, section, due_prefix = prev_section
                section_inherited = not stext
                prev_section_cell = row[sc]
            sr_col = hm.col("section_ref")
            if sr_col is not None and sr_col < len(row):
                # a column of its own for the recommendation's number ("Rec": R1, R2), filled on
                # each row or merged down (a merge cut by PDF leaves the rows below it empty)
                own = _section_ref_cell(cell_text(row[sr_col]))
                if own is None and not blocks:
                    own = prev_section_ref
                if own is not None:
                    num, text = own
                    section_ref = num or section_ref
                    if text and (sc is None or not section):
                        section = text
                    prev_section_ref = own
            src_col = hm.col("source")
            source = cell_text(row[src_col]) if src_col is not None else ""
            if src_col is not None and not source and not blocks:
                source = prev_source
            prev_source = source
            row_actions = self._row_actions(row, hm, action_col, "" if blocks else prev_ref)
            if not row_actions and prev is not None and hm.col("ref") is not None:
                # a row with no ref and no action text adds a lead or date to the row above
                ref_text = cell_text(row[hm.col("ref")])
                lead_or_due = any(cell_text(row[c]) for c in hm.cols("lead") + hm.cols("due"))
                if not ref_text and lead_or_due:
                    row_actions = [(prev.ref, prev.action, prev.page, None)]
            for ref, text, page, key in row_actions:
                text, in_cell_outcome = _split_outcome(text)
                # "… Lead: Head of MASH Timescale: March 2019" written in the action's own cell
                own_text, in_cell = _split_running_fields(text)
                if own_text and any(name in ("lead", "due") for name, _ in in_cell):
                    text = own_text
                else:
                    in_cell = []
                if ref and hm.col("ref") is not None:
                    prev_ref = ref
                    parent = _parent_ref(ref)
                    if parent and not _is_within(parent, section_ref):
                        # REF 1.4.1 under no heading of its own belongs to priority 1.4
                        section_ref, section = parent, ""
                a = RawAction(section_ref=section_ref, section=section, ref=ref, action=text, page=page,
                              source_raw=source, table=table.index)
                self._parallel(a, row, hm, key, len(row_actions))
                if in_cell_outcome:
                    a.outcome = f"{a.outcome} {in_cell_outcome}".strip()
                for name, value in in_cell:
                    if not (a.lead_raw if name == "lead" else a.due_raw if name == "due" else
                            a.status_raw if name == "status" else a.source_raw if name == "source" else a.outcome):
                        _set_field(a, name, value)
                if not a.due_raw and due_prefix:
                    a.due_raw = due_prefix
                _add_status(a, notes)
                out.append(a)
                prev = a
        out = _drop_annotation_rows(out, report)
        report.actions = len(out)
        return out, _Context(group_ref, group_text) if group_ref != ctx.section_ref else ctx

    def _row_actions(self, row: list[Cell], hm: HeaderMap, action_col: int, prev_ref: str = "") -> list[tuple[str, str, int | None, str | None]]:
        """(ref, text, page, alignment key) for each action in the row's action cell."""
        items = cell_items(row[action_col])
        if not items:
            return []
        ref_col = hm.col("ref")
        row_ref = cell_text(row[ref_col]).strip() if ref_col is not None else ""
        if re.match(r"^\d{1,2}(?:\.\d{1,2}){0,3}[.)]$", row_ref):
            row_ref = row_ref[:-1]  # a list number ("4." in a number column) is the ref "4"
        if ref_col is not None and (not row_ref or _CONTINUED.match(row_ref)):
            row_ref = prev_ref  # a row without a ref of its own continues the ref above
        nums = numbered(items)
        if nums and not row_ref:
            out = []
            for it in items:
                if it in nums:
                    out.append((it.key, it.text, it.page, it.key))
                elif it.kind == "bullet" and out and it.text:
                    # bullets under a numbered action are its points ("1. Review the policy
                    # to include:" / "• timescales" / "• a named manager"), not actions
                    key, text, page, align = out[-1]
                    out[-1] = (key, f"{text} {it.text}".strip(), page, align)
                elif it.kind == "text" and out:
                    continue
            return out
        bullets = [i for i in items if i.kind == "bullet"]
        if len(bullets) > 1 and len(bullets) == len(items):
            # bullets split only where a parallel cell lists as many bulleted dates or leads
            for c in hm.cols("due") + hm.cols("lead"):
                par = [i for i in cell_items(row[c]) if i.kind == "bullet"]
                if len(par) == len(bullets):
                    return [(row_ref, b.text, b.page, f"#{k}") for k, b in enumerate(bullets)]
        text = " ".join(i.text for i in items if i.text)
        return [(row_ref, text, items[0].page, None)]

    def _parallel(self, a: RawAction, row: list[Cell], hm: HeaderMap, key: str | None, n_actions: int) -> None:
        def value(col: int | None, sep: str = " ") -> str:
            if col is None or col >= len(row):
                return ""
            cell = row[col]
            if key is not None and n_actions >= 1:
                items = cell_items(cell)
                bullets = [i for i in items if i.kind == "bullet"]
                if key.startswith("#") and len(bullets) > 1:
                    k = int(key[1:])
                    return bullets[k].text if k < len(bullets) else ""
                nums = numbered(items)
                if nums and not key.startswith("#"):
                    for it in nums:
                        if it.key == key or it.key.split(".")[-1] == key.split(".")[-1] and "." not in key:
                            return it.text
                    return ""
            return cell_text(cell, sep)

        lead_col = hm.col("lead")
        a.lead_raw = value(lead_col, "\n")
        if not a.lead_raw and hm.lead_marks:
            # each ticked column's heading is a whole lead: "; " keeps two of them apart where
            # "\n" would read a lower-case heading as the wrapped tail of the one before
            a.lead_raw = "; ".join(name for c, name in sorted(hm.lead_marks.items())
                                   if c < len(row) and _is_marked(row[c], row, hm.lead_marks))
        a.due_raw = value(hm.col("due"))
        # one column for the lead and the deadline ("Lead and timescale"), each cell two labelled
        # lines "Lead: …" / "By: …": the labels part the fields
        for own in ("lead", "due"):
            pairs = _cell_fields(a.lead_raw if own == "lead" else a.due_raw)
            if pairs is None:
                continue
            for name, val in pairs:
                if name == own or not (a.lead_raw if name == "lead" else a.due_raw if name == "due" else ""):
                    _set_field(a, name, val)
        for c, other in hm.also.items():
            # "Lead / by when": the lines that read as a deadline are the deadline, the rest the lead
            text = value(c, "\n")
            if other not in ("lead", "due") or not text or _cell_fields(text) is not None:
                continue
            # a line may hold both where extraction ran the two into one ("Early Help Strategic
            # Lead 31.03.19"): the deadline is its tail
            lead_lines, due_parts = [], []
            for ln in text.split("\n"):
                head, tail = _deadline_tail(ln)
                if head:
                    lead_lines.append(head)
                if tail:
                    due_parts.append(tail)
            a.lead_raw, a.due_raw = "\n".join(lead_lines), " ".join(due_parts)
        if not a.due_raw and hm.timeline:
            marked = [c for c in sorted(hm.timeline) if c < len(row) and _is_marked(row[c], row, hm.timeline)]
            if marked:
                a.due_raw = hm.timeline[marked[-1]]  # done by the end of the last quarter or month marked
        st = hm.col("status")
        rag_col = hm.col("rag")
        a.status_raw = value(st) if st is not None else value(rag_col)
        if rag_col is not None:
            a.rag_raw = value(rag_col)
        for col in (rag_col, st):
            if col is not None and col < len(row) and row[col].fill:
                a.status_fill = row[col].fill
                break
        # the intended outcome, or where no column names one, the measure of success
        # ("How we will know", "Evidence of completion"): CONTRACT.md's outcome is either
        oc = hm.col("outcome")
        a.outcome = value(oc if oc is not None else hm.col("measure"))

    def _list_with_table(self, table: Table, hm: HeaderMap, ctx: _Context, run: list[Paragraph], report: TableReport) -> list[RawAction]:
        body = [row for row in table.grid[hm.rows:] if any(c.text.strip() for c in row)]
        if len(body) != len(run):
            report.why = f"{len(run)} listed actions above, {len(body)} rows of dates/leads: not aligned"
            return []
        out = []
        for p, row in zip(run, body):
            key, _, text = split_label(p)
            a = RawAction(section_ref=ctx.section_ref, section=ctx.section, ref=key, action=text, page=p.page,
                          table=table.index)
            self._parallel(a, row, hm, None, 1)
            out.append(a)
        report.is_action_table = True
        report.actions = len(out)
        report.why = "actions listed above the table, aligned by position"
        return out


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_LABEL = re.compile(r"^(?P<m>[a-z]{3,9})\.?[\s/-]*(?P<rest>(?:'?\d{2}|(?:19|20)\d{2}(?:\s*[/–-]\s*\d{2,4})?)?)$", re.I)


def _month_label(text: str) -> tuple[int, str] | None:
    """(1-12, the year printed with it) for a timeline's month heading: "Apr", "Sept", "May 19",
    "January 2020"; a narrow column's heading broken by extraction ("Ma y", "Se p") reads whole."""
    t = text.strip()
    if not t or len(t) > 16:
        return None
    parts = t.split()
    if len(parts) >= 2 and all(p.isalpha() for p in parts) and len("".join(parts)) <= 9:
        t = "".join(parts)  # letters of one word split by a narrow column
    m = _MONTH_LABEL.match(t)
    if not m:
        return None
    word = m.group("m").lower()
    full = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")
    for k, (short, name) in enumerate(zip(_MONTH_NAMES, full)):
        if word == short or word == "sept" and k == 8 or len(word) > 3 and name == word:
            return k + 1, m.group("rest")
    return None


def _month_labels(months: dict[int, tuple[int, str]], years: dict[int, re.Match[str] | None]) -> dict[int, str]:
    """Column -> "Jun 2019" for a month timeline. A financial year above ("2019/20") puts April
    to December in its first year and January to March in its second; a single year goes up by
    one where the months wrap round (… Dec | Jan …); with no year the month stands alone."""
    labels: dict[int, str] = {}
    prev_month, bump = 0, 0
    for c in sorted(months):
        month, own = months[c]
        if month < prev_month:
            bump += 1
        prev_month = month
        name = _MONTH_NAMES[month - 1].title()
        year = years.get(c)
        if own and not _YEAR.fullmatch(own):
            labels[c] = f"{name} {own}"  # "May 19": its own two-digit year
            continue
        if year is None:
            labels[c] = name
            continue
        text = year.group(0)
        fy = re.match(r"((?:19|20)\d{2})\s*[/–-]\s*(?:19|20)?\d{2}$", text)
        if fy:
            first = int(fy.group(1))
            labels[c] = f"{name} {first if month >= 4 else first + 1}"
        else:
            labels[c] = f"{name} {int(text) + bump}"
    return labels


# A progress update written under an action ("Update 12/03/2019: …", "Progress (March 2019): …",
# "Update:"): the label may carry a date, nothing else ("Update the threshold guidance: …" is an action).
_NOTE = re.compile(
    r"^(?:(?:progress|latest|status|position)\s+)?(?:update|progress)\b"
    r"(?P<label>[^:\n]{0,30}):\s*\S", re.I)
_DATED = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


# A paragraph opening with a date and a colon ("Jan 2020: …", "14/01/2020 – …", "(Oct 2019): …")
_DATED_NOTE = re.compile(
    r"^\(?\s*(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s-]+(?:19|20)?\d{2})\s*\)?\s*[:–—-]\s+\S", re.I)


def _is_note(text: str) -> bool:
    m = _NOTE.match(text.strip())
    return bool(m) and (not m.group("label").strip(" ()-–") or bool(_DATED.search(m.group("label"))))


def _take_notes(row: list[Cell], hm: HeaderMap) -> tuple[list[Cell], list[str]]:
    """The row without its progress-update paragraphs (outside status columns), and their
    texts: an update row merged across the table, or run into the cell above by extraction."""
    notes: list[str] = []
    out: list[Cell] = []
    done: dict[int, Cell] = {}
    for c, cell in enumerate(row):
        if id(cell) in done:
            out.append(done[id(cell)])
            continue
        keep = cell
        in_action = hm.columns.get(c) == "action"

        def note(k: int, p: Paragraph) -> bool:
            # "Jan 2020: 142 staff trained" under the action's own text, in its cell: a dated update
            return _is_note(p.text) or in_action and k > 0 and not p.list_label \
                and bool(_DATED_NOTE.match(p.text.strip()))

        if hm.columns.get(c) not in ("status", "rag") and any(note(k, p) for k, p in enumerate(cell.paragraphs)):
            kept, taken = [], False
            for k, p in enumerate(cell.paragraphs):
                taken = note(k, p) or taken and not p.list_label and p.text[:1].islower()
                if taken:
                    notes.append(" ".join(p.text.split()))
                else:
                    kept.append(p)
            keep = replace(cell, paragraphs=kept)
        done[id(cell)] = keep
        out.append(keep)
    return out, notes


def _add_status(a: RawAction, notes: list[str]) -> None:
    if notes:
        a.status_raw = " ".join([a.status_raw, *notes]).strip()


def _is_marked(cell: Cell, row: list[Cell], timeline: dict[int, str]) -> bool:
    """A timeline cell holding a mark, or shaded where the row's other cells (those outside
    the timeline) are not: a banded or highlighted row is not marked in every column."""
    text = cell_text(cell)
    if text:
        return len(text) <= _MARK_MAX and text.strip().casefold() not in _NOT_MARKS
    fill = (cell.fill or "").upper()
    if not fill or fill == "FFFFFF":
        return False
    others = [c for k, c in enumerate(row) if k not in timeline and c.text.strip()]
    return not others or any((c.fill or "").upper() != fill for c in others)


def _drop_annotation_rows(actions: list[RawAction], report: TableReport) -> list[RawAction]:
    """In a table where actions carry a lead, date or status, a row with none of them
    ("MONITORING AND IMPACT", "d) Action Plan Progress") is an annotation, not an action."""
    def filled(a: RawAction) -> bool:
        return bool(a.lead_raw.strip() or a.due_raw.strip() or a.status_raw.strip())

    n = sum(filled(a) for a in actions)
    if len(actions) < 3 or n < max(2, 0.4 * len(actions)) or n == len(actions):
        return actions
    kept = [a for a in actions if filled(a)]
    report.why = f"{len(actions) - len(kept)} rows with no lead, date or status read as annotations"
    return kept


def _row_page(row: list[Cell], first: bool) -> int | None:
    pages = [p.page for c in row for p in c.paragraphs if p.page is not None]
    if not pages:
        return None
    return min(pages) if first else max(pages)


# A line that cannot end a sentence: the text goes on in the next line.
_OPEN_END = re.compile(r"\b(?:the|a|an|to|of|and|or|for|in|on|with|by|from|at|into|that|which|their|its|our|all)$",
                       re.I)


def _orphan_line(prev: list[Cell], row: list[Cell], hm: HeaderMap, action_col: int | None) -> bool:
    """``row`` holds only the rest of the action text above it, cut off mid-phrase ("… to the" |
    "Partnership's sub-group"): one row that extraction split in two. Rows with refs only."""
    ref_col = hm.col("ref")
    if action_col is None or ref_col is None or action_col >= len(row) or ref_col >= len(prev):
        return False
    filled = [c for c, cell in enumerate(row) if cell.text.strip() and cell is not prev[c]]
    if filled != [action_col] or row[action_col].col_span > 1 or not prev[ref_col].text.strip():
        return False
    last, first = cell_text(prev[action_col]), cell_text(row[action_col])
    return bool(last) and (bool(_OPEN_END.search(last)) or first[:1].islower())


def _continues(prev: list[Cell], row: list[Cell], hm: HeaderMap, action_col: int | None) -> bool:
    """Whether ``row`` is the rest of ``prev`` pushed onto the next page, or split from it."""
    if _orphan_line(prev, row, hm, action_col):
        return True
    p_end, r_start = _row_page(prev, False), _row_page(row, True)
    if p_end is None or r_start is None or r_start <= p_end:
        return False
    if action_col is not None and action_col < len(row) and row[action_col] is not prev[action_col]:
        first = cell_items(row[action_col])[:1]
        last = cell_items(prev[action_col])[-1:]
        if first and last and first[0].kind == "num" and last[0].kind == "num" and first[0].key != "1":
            from .cells import _next_key

            if first[0].key == _next_key(last[0].key):
                return True
    ref_col = hm.col("ref")
    if ref_col is not None and ref_col < len(row) and ref_col < len(prev) and row[ref_col] is not prev[ref_col] \
            and not row[ref_col].text.strip() and prev[ref_col].text.strip():
        # no ref of its own, on the next page, under a row with a cell cut mid-phrase ("Head of" |
        # "Adolescent Services", "Tariq Mahmood (West" | "Midlands Police)"): the rest of that row
        for c, cell in enumerate(row):
            if c >= len(prev) or cell is prev[c] or not cell.text.strip():
                continue
            last = " ".join(cell_text(prev[c]).split())
            if last and (_OPEN_END.search(last) or last.count("(") > last.count(")")):
                return True
    own_row = max(c.row for c in row)
    for c, cell in enumerate(row):
        if cell is prev[c] or not cell.paragraphs or (cell.row < own_row and cell.row_span > 1):
            continue  # the page's part of a cell merged down from above goes on that cell, not the row
        text = cell.paragraphs[0].text.lstrip()
        if text[:1].islower() and not cell.paragraphs[0].list_label and hm.columns.get(c) in ("action", "section", "outcome"):
            return True
    return False


def _header_tails(row: list[Cell], header: list[Cell]) -> list[list[Paragraph]] | None:
    """For a repeat of the header row, the lines each cell has beyond its heading (the end of
    the row above, run into the repeated header by a page break); None for any other row."""
    if len(row) != len(header):
        return None
    tails: list[list[Paragraph]] = []
    named = whole = 0
    for cell, head in zip(row, header):
        head_lines = [p.text.strip() for p in head.paragraphs if p.text.strip()]
        lines = [p for p in cell.paragraphs if p.text.strip()]
        if not head_lines:
            if lines:
                return None
            tails.append([])
            continue
        named += 1
        if [p.text.strip() for p in lines[:len(head_lines)]] != head_lines:
            return None
        tails.append(lines[len(head_lines):])
        whole += not tails[-1]
    return tails if named >= 2 and whole * 2 >= named else None


def _repeats_header_beside_group(row: list[Cell], header: list[str], hm: HeaderMap) -> bool:
    """The header repeated under another group: every heading the same except in the column of
    groups merged down beside it (a table per priority nested in a cell, flattened by the PDF
    into one grid: "Priority 2: … | No. | Action | Lead | By when")."""
    if len(row) != len(header):
        return False
    same = differ = 0
    for c, (cell, head) in enumerate(zip(row, header)):
        text = cell.text
        if " ".join(text.split()) == " ".join(head.split()):
            same += bool(head.strip())
        elif hm.columns.get(c) == "section" or cell.row_span > 1:
            differ += 1
        else:
            return False
    return differ >= 1 and same >= 2 and same >= len([h for h in header if h.strip()]) - differ


def _split_header_repeat(rows: list[list[Cell]], head_text: list[str]) -> int:
    """How many of ``rows`` (2 or 3) together spell the header row column by column; 0 if none."""
    if sum(bool(t) for t in head_text) < 2:
        return 0
    for k in (2, 3):
        group = rows[:k]
        if len(group) < k or any(len(r) != len(head_text) for r in group):
            return 0
        joined = [" ".join(" ".join(r[c].text for r in group).split()) for c in range(len(head_text))]
        if joined == head_text and all(any(cell.text.strip() for cell in r) for r in group):
            return k
    return 0


def _fold_repeated_headers(rows: list[list[Cell]], header: list[Cell]) -> list[list[Cell]]:
    """Repeats of the header row dropped; text a repeat carries below a heading goes back to
    the end of the row above (a row split over the page break)."""
    out: list[list[Cell]] = []
    head_text = [" ".join(c.text.split()) for c in header]
    skip = 0
    for i, row in enumerate(rows):
        if skip:
            skip -= 1
            continue
        # a repeat of a header of several lines that the PDF cut into rows of their own
        # ("Issue identified | Target date for" over "(from the … letter) | completion (month / year)")
        split = _split_header_repeat(rows[i:i + 3], head_text)
        if split:
            skip = split - 1
            continue
        tails = _header_tails(row, header)
        if tails is None:
            out.append(row)
            continue
        if not out or not any(tails):
            continue
        prev = list(out[-1])
        for c, tail in enumerate(tails):
            if not tail:
                continue
            cell = prev[c]
            paras = list(cell.paragraphs)
            if paras:  # the line goes on where the page cut it
                last = paras[-1]
                paras[-1] = replace(last, text=f"{last.text} {' '.join(p.text for p in tail)}")
            else:
                paras = tail
            prev[c] = Cell(paras, row=cell.row, col=cell.col, row_span=cell.row_span, col_span=cell.col_span,
                           fill=cell.fill, page=cell.page)
        out[-1] = prev
    return out


def _rejoin_page_splits(rows: list[list[Cell]], hm: HeaderMap, action_col: int | None) -> list[list[Cell]]:
    """Rows split by a page break (PDF) rejoined: the extractor usually does this; this
    catches the splits it could not see."""
    out: list[list[Cell]] = []
    for row in rows:
        if out and _continues(out[-1], row, hm, action_col):
            prev = out[-1]
            merged = []
            for c, cell in enumerate(row):
                p = prev[c]
                if cell is p or not cell.paragraphs:
                    merged.append(p)
                else:
                    merged.append(Cell(p.paragraphs + cell.paragraphs, row=p.row, col=p.col, col_span=p.col_span,
                                       fill=p.fill or cell.fill, page=p.page))
            out[-1] = merged
        else:
            out.append(row)
    return out


_LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /&']{2,60}?)\s*[:–—-]\s+(?P<rest>\S.*)$", re.S)


def _outcome_row(row: list[Cell]) -> str | None:
    """The text of a row that holds only a labelled outcome or measure ("Outcome/Impact: …",
    "How will we know: …") in one cell, usually merged across the table; else None."""
    filled = [c for c in _distinct_cells(row) if c.text.strip()]
    if len(filled) != 1 or (filled[0].col_span == 1 and len(_distinct_cells(row)) > 2):
        return None
    m = _LABELLED.match(" ".join(filled[0].text.split()))
    if not m or len(m.group("label").split()) > 6 or classify(m.group("label")) not in ("outcome", "measure"):
        return None
    return m.group("rest").strip()


def _header_line(text: str, table: Table) -> list[str] | None:
    """A line of header words for ``table``'s columns ("Ref Action Lead Milestones Source
    RAG"): its words cut into one phrase per column, each phrase naming a field, the table's
    own first row naming none. None when the line is no such header."""
    words = text.split()
    n = table.n_cols
    if not words or len(text) > 160 or n < 3 or len(words) < n or len(words) > 4 * n or text.rstrip()[-1:] in ".!?":
        return None
    if table.grid and header_score([c.text for c in table.grid[0]]) >= 2:
        return None
    names: dict[tuple[int, int], str | None] = {}

    def name(i: int, j: int) -> str | None:
        if (i, j) not in names:
            names[(i, j)] = classify(" ".join(words[i:j])) if j - i <= 5 else None
        return names[(i, j)]

    solutions: list[list[int]] = []

    def cut(i: int, left: int, ends: list[int]) -> None:
        if len(solutions) >= 50:
            return
        if left == 0:
            if i == len(words):
                solutions.append(list(ends))
            return
        for j in range(i + 1, len(words) - left + 2):
            if name(i, j):
                cut(j, left - 1, ends + [j])

    cut(0, n, [])
    best: list[str] | None = None
    best_fields = 0
    for ends in solutions:
        starts = [0] + ends[:-1]
        phrases = [" ".join(words[a:b]) for a, b in zip(starts, ends)]
        fields = {name(a, b) for a, b in zip(starts, ends)}
        if "action" in fields and len(fields) > best_fields:
            best, best_fields = phrases, len(fields)
    return best if best is not None and best_fields >= 3 else None


def _transpose_key_value(table: Table) -> Table | None:
    """Small tables with field names down their first column ("Action | …", "Lead | …",
    "Deadline | …"), one per action, read as one table with a header row and a row per
    action. PDF extraction may have run several such tables together: a field name seen
    again starts the next action."""
    if table.n_cols < 2 or table.n_rows < 2:
        return None
    labels = [classify(row[0].text) if len(row[0].text.split()) <= 6 else None for row in table.grid]
    fields = [f for f in labels if f]
    if "action" not in fields or len(set(fields)) < 2 or len(fields) < 0.6 * table.n_rows:
        return None
    if header_score([c.text for c in table.grid[0]]) >= 2:
        return None  # an ordinary header row
    chunks: list[dict[str, list[Cell]]] = []
    order: list[str] = []
    header_cells: dict[str, Cell] = {}
    for r, row in enumerate(table.grid):
        name = labels[r] or f"?{r}"
        if not chunks or name in chunks[-1]:
            chunks.append({})
        chunks[-1][name] = row[1:]
        if name not in order:
            order.append(name)
            header_cells[name] = row[0]
    n_values = table.n_cols - 1
    grid: list[list[Cell]] = []
    for k in range(n_values):
        head = [Cell(header_cells[name].paragraphs, row=0, col=j) for j, name in enumerate(order)]
        if k == 0:
            grid.append(head)
        for chunk in chunks:
            out_row = []
            for j, name in enumerate(order):
                src = chunk.get(name)
                cell = src[k] if src and k < len(src) else Cell([], col=j)
                out_row.append(Cell(cell.paragraphs, row=len(grid), col=j, fill=cell.fill, page=cell.page))
            grid.append(out_row)
    return Table(grid=grid, pages=table.pages, header_rows=1, index=table.index)


def _paragraph_actions(blocks: list, start: int, ctx: "_Context") -> tuple[list[RawAction], int]:
    """Actions written as numbered paragraphs, each followed by labelled lines
    ("Lead: …", "Timescale: …", "Status: …") or carrying them inline in brackets."""
    out: list[RawAction] = []
    i = start
    current: RawAction | None = None
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, Table):
            break
        text = " ".join(b.text.split())
        if not text:
            i += 1
            continue
        key, kind, rest = _action_label(b)
        labelled = _LABEL_LINE.match(text)
        if kind == "num" and labelled and _ACTION_WORD.match(text):
            labelled = None  # "Action 1.2: …" opens an action; it is no field's line
        if kind == "text" and labelled and _labelled_action(text) and _fields_follow(blocks, i):
            key, kind, rest = "", "num", _labelled_action(text)  # "What we will do: …" opens an action
            labelled = None
        if kind == "num" and not labelled or kind == "bullet" and _bullet_action(blocks, i):
            if current is not None and not _has_fields(current):
                break
            body, inline = _split_inline_fields(rest)
            current = RawAction(section_ref=ctx.section_ref, section=ctx.section, ref=key, action=body, page=b.page)
            for field_name, value in inline:
                _set_field(current, field_name, value)
            out.append(current)
        elif labelled and current is not None and _label_field(labelled.group(1)) in _PARA_FIELDS:
            for field_name, value in _split_running_fields(text)[1]:
                _set_field(current, field_name, value)
        else:
            break
        i += 1
    out = [a for a in out if _has_fields(a)]
    if len(out) == 1 and not out[0].due_raw:
        # one numbered paragraph with only a "Lead:" line is a recommendation heading
        return [], start
    return out, i


_LABEL_LINE = re.compile(r"^([A-Za-z][A-Za-z /]{1,30}?)\s*:\s*(\S.*)$")
_PARA_FIELDS = {"lead", "due", "status", "source", "outcome", "measure"}
# "(Lead: Head of MASH; Timescale: March 2018)" closing a paragraph; the first part labelled, a
# later one may be a deadline alone ("(Lead: Business Manager; by December 2020)")
_INLINE = re.compile(r"[(\[]\s*((?:[A-Za-z][A-Za-z /]{1,20}:\s*[^;)\]]+)(?:;\s*[^;)\]]+)*;?\s*)[)\]]\s*\.?$")


# A label: a capitalised word and up to three lower-case ones ("Lead", "Measure of success")
_RUNNING_LABEL = re.compile(r"(?:(?<=\s)|^)([A-Z][A-Za-z]*(?: [a-z]+){0,3})\s*:\s+")


# "By: March 2021", "To be completed by: …": a deadline's label, though "By" heads no column
_BY_LABEL = re.compile(r"^(?:to be )?(?:(?:complete|completed|done|achieved|delivered) )?by$", re.I)


def _label_field(label: str) -> str | None:
    """The field a line's label ("Lead", "Timescale", "By") names."""
    if _BY_LABEL.match(label.strip()):
        return "due"
    return classify(label)


def _cell_fields(text: str) -> list[tuple[str, str]] | None:
    """A cell made of labelled lines naming two fields or more ("Lead: Head of Service" /
    "By: March 2021"): those fields; None for a cell of one field, labelled or not."""
    if not text or ":" not in text:
        return None
    body, pairs = _split_running_fields(text)
    if body or len({name for name, _ in pairs}) < 2:
        return None
    return pairs


def _split_running_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """ "Agree a protocol. Lead: Head of MASH Timescale: March 2018" (labelled lines run
    together by extraction) → body and fields."""
    hits = [m for m in _RUNNING_LABEL.finditer(text) if _label_field(m.group(1)) in _PARA_FIELDS]
    if not hits:
        return text, []
    pairs = []
    for k, m in enumerate(hits):
        end = hits[k + 1].start() if k + 1 < len(hits) else len(text)
        pairs.append((_label_field(m.group(1)), text[m.end():end].strip()))
    return text[: hits[0].start()].strip(), pairs


def _split_inline_fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    m = _INLINE.search(text)
    if not m:
        return _split_running_fields(text)
    pairs = []
    for part in m.group(1).split(";"):
        if ":" in part:
            label, value = part.split(":", 1)
            name = _label_field(label)
            if name in _PARA_FIELDS:
                pairs.append((name, value.strip()))
        elif part.strip():
            if not _DUE_TAIL.match(", " + part.strip()):
                return _split_running_fields(text)  # a bracket of other words: no fields
            pairs.append(("due", part.strip()))
    if not pairs:
        return text, []
    names = [name for name, _ in pairs]
    if "lead" in names and "due" not in names:
        k = names.index("lead")
        tail = _DUE_TAIL.search(pairs[k][1])
        if tail:
            pairs[k] = ("lead", pairs[k][1][: tail.start()].strip(" ,–—-"))
            pairs.append(("due", tail.group("due").strip()))
    return text[: m.start()].strip(), pairs


# The deadline written after the lead inside one bracket: "(Lead: Head of Service, SCC, by March
# 2021)", "(Lead: Business Manager, ongoing)", "(Leads: …, annually in June)"
_DUE_TAIL = re.compile(
    r"(?:,|\s[–—-])\s*(?P<due>(?:by|due|before|from|within|ongoing|on-going|annually|annual|quarterly|monthly|termly|"
    r"six[\s-]monthly|bi-?annually|every|each|end of|immediately|q[1-4])\b[^,]*"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4})\s*$", re.I)


def _inline_lead(text: str) -> bool:
    """A list item that ends with its lead in brackets ("… (Lead: SSAB Business Manager, by
    December 2020)"): an action written as a bullet of a business plan's "We will:" list."""
    m = _INLINE.search(text)
    return bool(m) and m.start() > 0 and any(
        ":" in part and _label_field(part.split(":", 1)[0]) == "lead" for part in m.group(1).split(";"))


def _split_outcome(text: str) -> tuple[str, str]:
    """("Roll out the tool", "200 practitioners trained") from "Roll out the tool How we will
    know: 200 practitioners trained": a labelled outcome or measure line written in the action's
    own cell (or run into its line by extraction) is the outcome, not part of the action."""
    for m in _RUNNING_LABEL.finditer(text):
        if m.start() > 0 and classify(m.group(1)) in ("outcome", "measure"):
            head = text[: m.start()].strip()
            if head:
                return head, text[m.end():].strip()
    return text, ""


# "Action 1.2: Publish …", "Action 3 – …": an action's number given with the word
# or by a tab alone ("Action 2.1<tab>Develop …"): the number is read whole ("2.1", never "2" then ".1")
_ACTION_WORD = re.compile(r"^action\s+(?P<num>\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)(?![\d.]*\d)(?:\s*[:.)–—-]\s*|\s+)(?P<rest>\S.*)$",
                          re.I | re.S)


def _action_label(p: Paragraph) -> tuple[str, str, str]:
    """split_label, reading "Action 1.2: …" as the numbered item 1.2."""
    key, kind, rest = split_label(p)
    if kind == "text":
        m = _ACTION_WORD.match(" ".join(p.text.split()))
        if m:
            return m.group("num"), "num", m.group("rest")
    return key, kind, rest


def _reads_as_deadline(line: str) -> bool:
    """A line of a shared lead-and-deadline cell that is a deadline ("Sep-18", "Ongoing", "TBC")."""
    from normalise.dates import parse_deadline

    return parse_deadline(line).strategy != "none"


_DATE_WORD = re.compile(r"^(by|end|of|the|from|before|w/c|week|commencing|q[1-4]|\d[\d./-]*(st|nd|rd|th)?|"
                        r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|early|mid|late|"
                        r"spring|summer|autumn|winter)$", re.I)


def _deadline_tail(text: str) -> tuple[str, str]:
    """("Board Manager", "by March 2021") from "Board Manager by March 2021": the shortest tail
    that reads as a deadline, with the date words before it; ("", text) for a deadline alone,
    (text, "") when no tail of at most four words reads as one."""
    words = text.split()
    for k in range(1, min(4, len(words)) + 1):
        if _reads_as_deadline(" ".join(words[-k:])):
            while k < len(words) and _DATE_WORD.match(words[-k - 1]):
                k += 1
            return " ".join(words[:-k]), " ".join(words[-k:])
    return text, ""


def _bullet_action(blocks: list, i: int) -> bool:
    """A bulleted item that is an action: it ends with its lead in brackets, or the paragraph
    after it is a labelled lead or deadline line ("Lead: …", "By: …") that is no list item."""
    rest = split_label(blocks[i])[2]
    if _inline_lead(rest):
        return True
    return _fields_follow(blocks, i)


def _labelled_action(text: str) -> str | None:
    """The action of a line labelled as one ("What we will do: …", "Action: …"), else None."""
    m = _LABEL_LINE.match(" ".join(text.split()))
    return m.group(2) if m and _label_field(m.group(1)) == "action" else None


def _fields_follow(blocks: list, i: int) -> bool:
    nxt = next((b for b in blocks[i + 1:] if isinstance(b, Table) or b.text.strip()), None)
    if nxt is None or isinstance(nxt, Table) or split_label(nxt)[1] != "text":
        return False
    m = _LABEL_LINE.match(" ".join(nxt.text.split()))
    return bool(m) and _label_field(m.group(1)) in ("lead", "due")


def _set_field(a: RawAction, name: str | None, value: str) -> None:
    value = value.strip()
    if name == "lead":
        a.lead_raw = value
    elif name == "due":
        a.due_raw = value
    elif name == "status":
        a.status_raw = value
    elif name == "source":
        a.source_raw = value
    elif name in ("outcome", "measure"):
        a.outcome = value


def _has_fields(a: RawAction) -> bool:
    return bool(a.lead_raw or a.due_raw)


def recognise(doc: Document) -> tuple[list[RawAction], list[TableReport]]:
    r = Recogniser(doc)
    actions = r.run()
    return actions, r.reports
