"""Join a table that runs on over a page break into one table.

A table at the top of a page continues the last table of the previous page when it has the
same number of columns and (nearly) the same column positions. A header repeated at the top of
the continuation is dropped; a first row whose key (first) column is empty while other cells
hold text is the tail of a row split by the break, and is joined to the row above.
"""
from __future__ import annotations

from typing import Callable

from .model import Cell, Table
from .pdf_reflow import BREAK, runs_on


def _norm(text: str) -> str:
    # a word perhaps broken by a narrow column ("Ma|r") compares as the whole word
    return " ".join(text.replace(BREAK, "").split()).lower()


def _row_texts(table: Table, r: int) -> list[str]:
    return [_norm(c.text) if c.is_origin_at(r, j) else "" for j, c in enumerate(table.grid[r])]


def same_columns(a_xs: list[float], b_xs: list[float], tol: float = 6.0) -> bool:
    if len(a_xs) != len(b_xs):
        return False
    inner = list(zip(a_xs[1:-1], b_xs[1:-1]))
    return all(abs(x - y) <= tol for x, y in inner)


def repeated_header(prev: Table, nxt: Table) -> int:
    """How many leading rows of ``nxt`` repeat the leading rows of ``prev``."""
    n = 0
    limit = max(1, prev.header_rows)  # data rows may repeat too; only a header is dropped
    while n < min(prev.n_rows, nxt.n_rows) - 1 and n < limit:
        a, b = _row_texts(prev, n), _row_texts(nxt, n)
        if not any(b) or (a != b and not _same_words(a, b)):
            break
        n += 1
    return n


def _same_words(a: list[str], b: list[str]) -> bool:
    """Two header rows with the same words where the cells differ: a column boundary not found
    on one page (the column below a label empty there) puts two labels in one cell, their lines
    interleaved ("Completion Progress / evidence date"); a label broken by a narrow column on
    one page ("Ma r") is still the label."""
    wa, wb = " ".join(a).split(), " ".join(b).split()
    return sorted(wa) == sorted(wb) or "".join(wa) == "".join(wb)


Wraps = Callable[[int, int], bool]


def stitch(prev: Table, nxt: Table, wraps: Wraps | None = None) -> Table:
    """``prev`` with the rows of ``nxt`` appended (repeated header dropped, split row rejoined).

    ``wraps(r, j)``, when given, says whether the text of ``nxt``'s cell (r, j) could not have
    fitted on the last line of the cell above it on the previous page (the text wrapped there).
    A cell that carries on the one above while the rest of its row starts afresh is the rest
    of a cell merged down over rows: the cell above is made to span into the row."""
    wraps = wraps or (lambda r, j: False)
    skip = repeated_header(prev, nxt)
    if skip and not prev.header_rows:
        prev.header_rows = skip
    rows = nxt.grid[skip:]
    start = skip
    carried: list[int] = []
    # (a table's lone first row at a page foot is a header: nothing to carry on from)
    if rows and prev.n_rows > max(1, prev.header_rows):
        if _is_continuation_row(prev, rows[0], skip, wraps):
            _merge_row_into(prev, prev.n_rows - 1, rows[0], skip)
            rows = rows[1:]
            start += 1
        else:
            carried = _carried_cells(prev, rows[0], skip, wraps)
    first_new = prev.n_rows
    offset = prev.n_rows - start
    seen: set[int] = set()
    for row in rows:
        for c in row:
            if id(c) not in seen:
                seen.add(id(c))
                c.row += offset
    prev.grid.extend(rows)
    for j in carried:
        # (the rest may itself be merged down over rows on the new page)
        above, cell = prev.grid[first_new - 1][j], prev.grid[first_new][j]
        above.paragraphs.extend(cell.paragraphs)
        above.row_span = first_new + cell.row_span - above.row
        for rr in range(first_new, first_new + cell.row_span):
            for k in range(j, j + cell.col_span):
                prev.grid[rr][k] = above
    for p in nxt.pages:
        if p not in prev.pages:
            prev.pages.append(p)
    return prev


_SENTENCE_END = (".", ":", ";", "!", "?", ")")


def _first_alpha_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False




def _carried_cells(prev: Table, row: list[Cell], r: int, wraps: Wraps) -> list[int]:
    """Columns whose cell in ``row`` is surely the rest of the cell above (it goes on in lower
    case after "in", "and", a comma..., or where the line above had no room for its first
    word) in the same columns, where the row as a whole is not a continuation: a first-column
    cell merged down over rows."""
    last = prev.grid[-1]
    out = []
    for j, c in enumerate(row):
        if not c.is_origin_at(r, j) or not c.paragraphs or j >= len(last):
            continue
        above = last[j]
        if above.col != j or above.col_span != c.col_span or not above.paragraphs:
            continue
        first = c.paragraphs[0]
        if first.list_label is not None or not first.text:
            continue
        text = above.text.strip()
        if text.endswith(_SENTENCE_END):
            continue
        if _first_alpha_lower(first.text) and (runs_on(text) or wraps(r, j)):
            out.append(j)
    # only one cell, of the first column or of a column left empty or merged down in some
    # rows: a group cell (area, theme, recommendation) merged down beside rows that start
    # afresh. Several cells carrying on while others start afresh is a row split by the
    # break whose other cells began a paragraph at the page's top: left as a row of its own.
    if len(out) == 1 and (out[0] == 0 or _merged_down(prev, out[0])):
        return out
    return []


def _merged_down(table: Table, j: int) -> bool:
    """Is column j's cell empty, or the one of the row above, in some body row?"""
    for r in range(max(1, table.header_rows), table.n_rows):
        row = table.grid[r]
        if j < len(row) and (not row[j].paragraphs or row[j].row != r):
            return True
    return False


def _is_continuation_row(prev: Table, row: list[Cell], r: int, wraps: Wraps | None = None) -> bool:
    """Is this first row on the new page the rest of the previous page's last row?

    Each cell with text either carries on the cell above (which stops short of a sentence end,
    and this one starts in lower case or the one above ends on "and", "of", a comma...) or
    starts afresh (a capital after a finished cell). Numbered or bulleted cells say nothing.
    A continuation has none starting afresh, and a cell carrying on or an empty key column;
    or an empty key column under a row that had its own key (the key column: see
    ``_key_column``). A capital after an unfinished
    cell whose last line had no room for the word (``wraps``) may be either: the row carries on
    when that is its only text, or when no more cells start so than carry on. A row where most
    cells (two or more) carry on is a continuation whatever the others do.
    """
    last = prev.grid[-1]
    carrying = fresh = wrapped_capital = 0
    with_text = sum(1 for j, c in enumerate(row) if c.is_origin_at(r, j) and c.paragraphs)
    for j, c in enumerate(row):
        if not c.is_origin_at(r, j) or not c.paragraphs or j >= len(last):
            continue
        first = c.paragraphs[0]
        if first.list_label is not None or not first.text:
            continue
        if c.col_span > last[j].col_span:
            fresh += 1  # laid across cells that are apart above (a group heading): no cell's rest
            continue
        above = last[j].text.strip()
        closed = not above or above.endswith(_SENTENCE_END)
        if not closed and (_first_alpha_lower(first.text) or runs_on(above)):
            carrying += 1
        elif not _first_alpha_lower(first.text) and first.text[:1].isalpha():
            if not closed and wraps is not None and wraps(r, j):
                wrapped_capital += 1
            else:
                fresh += 1
    if fresh == 0 and wrapped_capital and (wrapped_capital == with_text == 1 or wrapped_capital <= carrying):
        return True
    fresh += wrapped_capital
    if carrying >= 2 and carrying > fresh:
        return True  # most cells carry on; the others began a paragraph at the page's top
    k = _key_column(prev)
    key = row[k]
    key_empty = key.is_origin_at(r, k) and not key.paragraphs
    others = any(c.paragraphs for j, c in enumerate(row) if j != k and c.is_origin_at(r, j))
    above_key = last[k]
    if key_empty and others and above_key.paragraphs and above_key.row == prev.n_rows - 1 and above_key.row_span == 1:
        # the row above had its own key: an empty key now is that row running on (were the
        # key cell merged down over several rows, an empty key would say nothing)
        return True
    return fresh == 0 and (carrying > 0 or (key_empty and others))


def _key_column(table: Table) -> int:
    """The leftmost column with text in (nearly) every body row: the one that starts rows (a
    first column holding group labels only now and then, unmerged, is not it)."""
    body = range(table.header_rows, table.n_rows)
    if len(body) < 2:
        return 0
    for j in range(table.n_cols):
        # (a cell merged down from the row above counts: it is that row's key too)
        filled = sum(1 for r in body if j < len(table.grid[r]) and table.grid[r][j].paragraphs)
        if filled >= 0.8 * len(body):
            return j
    return 0


def _merge_row_into(table: Table, r: int, row: list[Cell], rr: int) -> None:
    """Append the continuation's paragraphs to the row above. A paragraph cut by the break stays
    two paragraphs, each with the page it is printed on (readers of the table use the pages to
    tell where a row ends)."""
    for j, c in enumerate(row):
        if not c.is_origin_at(rr, j) or not c.paragraphs:
            continue
        table.grid[r][j].paragraphs.extend(c.paragraphs)
