"""Document from a PDF: paragraphs and tables in reading order, tables stitched over page breaks."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pdfplumber

from .errors import EncryptedDocument, NoTextLayer, UnreadableDocument
from .model import Block, Cell, Document, Paragraph, Table
from .pdf_page import load_page
from .pdf_paragraphs import lines_to_paragraphs
from .pdf_quiet import quiet
from .pdf_stitch import repeated_header, same_columns, stitch
from .pdf_reflow import GridReach, Reach, cannot_fit, resolve_breaks
from .pdf_grid import Grid
from .pdf_tables import FoundTable, analyse_page, table_paragraphs
from .pdf_text import Line

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
MARGIN = 0.1  # running headers and footers live in the top and bottom tenth of the page


@dataclass
class _PageResult:
    number: int
    height: float
    tables: list[FoundTable]
    lines: list[Line]  # lines outside tables


def _open(path: Path) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types for bad input
        raise _classify(exc, path) from exc


def _classify(exc: Exception, path: Path) -> Exception:
    # pdfplumber wraps pdfminer's errors; the wrapped one says what went wrong
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    names = f"{type(exc).__name__} {type(inner).__name__} {inner}"
    if "password" in names.lower() or "encrypt" in names.lower():
        return EncryptedDocument("the PDF is encrypted and needs a password to open", str(path))
    if isinstance(inner, FileNotFoundError):
        return UnreadableDocument("no such file", str(path))
    detail = f": {inner}" if str(inner) and len(str(inner)) < 80 else ""
    return UnreadableDocument(f"not a readable PDF ({type(inner).__name__}{detail})", str(path))


def _pages(path: Path, pages: Iterable[int] | None) -> Iterator[tuple[int, _PageResult, int]]:
    """(page count, result, images on the page) for each page, one page in memory at a time."""
    with quiet():
        yield from _read_pages(path, pages)


def _read_pages(path: Path, pages: Iterable[int] | None) -> Iterator[tuple[int, _PageResult, int]]:
    pdf = _open(path)
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise _classify(exc, path) from exc
        wanted = range(1, count + 1) if pages is None else [p for p in pages if 1 <= p <= count]
        carry: tuple[int, FoundTable] | None = None  # a table that ran to the foot of its page
        for number in wanted:
            page = pdf.pages[number - 1]
            try:
                content = load_page(page)
                n_images = content.images
            except Exception as exc:
                raise _classify(exc, path) from exc
            layout = analyse_page(content, carry[1] if carry is not None and carry[0] == number - 1 else None)
            free = layout.free_lines()
            yield count, _PageResult(number, content.height, layout.tables, free), n_images
            carry = None
            if layout.tables:
                lt = max(layout.tables, key=lambda t: t.bottom)
                below = [ln for ln in free if ln.top > lt.bottom and ln.bottom < (1 - MARGIN) * content.height]
                if lt.bottom >= 0.7 * content.height and not below:
                    carry = (number, lt)
            page.close()
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: BLE001 - closing a damaged PDF must not hide why it failed
            pass


def extract_pdf_tables(path: str | Path, pages: Iterable[int] | None = None) -> list[Table]:
    """Every table of the PDF (or of the given 1-based pages), continued tables stitched."""
    path = Path(path)
    out: list[Table] = []
    last: tuple[int, FoundTable] | None = None
    for _, res, _ in _pages(path, pages):
        for k, ft in enumerate(res.tables):
            if k == 0 and last is not None and _continues(last, ft, res):
                _join(last[1], ft)
                last = (res.number, FoundTable(last[1].table, ft.x0, ft.top, ft.x1, ft.bottom, ft.grid))
                continue
            out.append(ft.table)
            last = (res.number, ft)
        if res.tables:
            lt = res.tables[-1]
            if last is not None and last[1].grid is not lt.grid:
                last = (res.number, lt)
        else:
            last = None
    resolve_breaks(p for t in out for p in table_paragraphs(t))
    for i, t in enumerate(out):
        t.index = i
    return out


def _join(prev: FoundTable, nxt: FoundTable) -> None:
    """Stitch ``nxt`` (a table continued at the top of a page) onto ``prev``'s table, first laid
    out on ``prev``'s columns if it has fewer of them."""
    cmap = _column_map(prev.grid.xs, nxt.grid.xs, _tolerance(nxt), _spans(nxt))
    if cmap is not None:
        _widen(nxt.table, cmap, prev.grid.n_cols, nxt.grid, prev.grid.xs)
    stitch(prev.table, nxt.table, _wraps(prev, nxt, cmap))


def _tolerance(ft: FoundTable) -> float:
    return max(6.0, 0.02 * (ft.x1 - ft.x0))


def _spans(ft: FoundTable) -> list[tuple[float, float]]:
    """Where the words of a found table lie across the page."""
    return [(w.x0, w.x1) for c in ft.grid.cells for ln in c.lines for w in ln.words]


def _column_map(
    a_xs: list[float], b_xs: list[float], tol: float, spans: list[tuple[float, float]] | None = None
) -> list[tuple[int, int]] | None:
    """A table continued with fewer columns than above the break (a column empty on the new
    page is dropped; a boundary shown by white space only in rows that stayed above is not
    found): for each of its columns, the range of the earlier table's columns it covers, when
    every inner boundary of it is one of the earlier table's: close to it, or (``spans``: where
    its words lie) with no word between the two (a boundary found in white space sits anywhere
    in the gap, which the rows on each page leave differently wide). None otherwise (or when
    the columns are as many)."""
    if len(b_xs) >= len(a_xs) or len(b_xs) < 3:
        return None

    def clear(x: float, y: float) -> bool:
        lo, hi = min(x, y), max(x, y)
        return spans is not None and not any(a < hi and b > lo for a, b in spans)

    idx = [0]
    for x in b_xs[1:-1]:
        j = min(range(1, len(a_xs) - 1), key=lambda j: abs(a_xs[j] - x))
        if abs(a_xs[j] - x) > tol and not clear(x, a_xs[j]):
            return None
        if j <= idx[-1]:
            return None
        idx.append(j)
    idx.append(len(a_xs) - 1)
    return list(zip(idx, idx[1:]))


def _widen(
    table: Table, cmap: list[tuple[int, int]], n_cols: int, grid: Grid | None = None, xs: list[float] | None = None
) -> None:
    """Lay a table out on more columns: its column k becomes columns cmap[k]. A cell starts in
    the one of those where its text starts (``grid``: the table's grid, ``xs``: the columns'
    boundaries), the columns before it left empty, and spans to the end of the range."""
    starts: dict[tuple[int, int], float] = {}
    if grid is not None:
        for gc in grid.cells:
            if gc.lines:
                starts[(gc.r0, gc.c0)] = min(ln.x0 for ln in gc.lines)
    placed: dict[int, tuple[int, Cell | None]] = {}
    for row in table.grid:
        for c in row:
            if id(c) in placed:
                continue
            a = cmap[c.col][0]
            b = cmap[c.col + c.col_span - 1][1]
            x = starts.get((c.row, c.col))
            start = a
            if x is not None and xs is not None:
                start = max([j for j in range(a, cmap[c.col][1]) if xs[j] - 1.0 <= x] or [a])
            filler = None
            if start > a:
                filler = Cell(row=c.row, col=a, row_span=c.row_span, col_span=start - a, page=c.page)
            c.col, c.col_span = start, b - start
            placed[id(c)] = (a, filler)
    rows = []
    for row in table.grid:
        new: list = [None] * n_cols
        for c in row:
            a, filler = placed[id(c)]
            for j in range(c.col, c.col + c.col_span):
                new[j] = c
            if filler is not None:
                for j in range(filler.col, filler.col + filler.col_span):
                    new[j] = filler
        rows.append(new)
    table.grid[:] = rows


def _wraps(prev: FoundTable, nxt: FoundTable, cmap: list[tuple[int, int]] | None = None):
    """For stitching: could the text of ``nxt``'s cell (r, j) not have fitted on the last line of
    the previous page's cell above it? (Then the text wrapped over the page break.) ``cmap``:
    the columns of ``prev`` that each of ``nxt``'s grid columns covers, if they differ."""
    pg, ng = prev.grid, nxt.grid
    last_row = pg.n_rows - 1
    reach = GridReach(pg)

    def cell_at(grid, r: int, j: int):
        for c in grid.cells:
            if c.r0 <= r < c.r1 and c.c0 <= j < c.c1:
                return c
        return None

    def wraps(r: int, j: int) -> bool:
        k = j
        if cmap is not None:
            k = next((i for i, (a, b) in enumerate(cmap) if a <= j < b), -1)
            if k < 0 or cmap[k][0] != j:
                return False
        above, cell = cell_at(pg, last_row, j), cell_at(ng, r, k)
        if above is None or cell is None or not above.lines or not cell.lines or cell.c0 != k:
            return False
        line = max(above.lines, key=lambda ln: (ln.top, ln.x1))
        first = min(cell.lines, key=lambda ln: (ln.top, ln.x0))
        if not line.words or not first.words or line.words[-1].text.endswith((".", "!", "?", ":")):
            return False
        return cannot_fit(line, first.words[0], reach(above.c0, above.c1))

    return wraps


def _continues(last: tuple[int, FoundTable], ft: FoundTable, res: _PageResult) -> bool:
    page, prev = last
    if page != res.number - 1:
        return False
    if len(prev.grid.xs) != len(ft.grid.xs):
        # fewer columns on the new page, each boundary one of the table's above, under a table
        # that ran to the foot of its page
        if _column_map(prev.grid.xs, ft.grid.xs, _tolerance(ft), _spans(ft)) is None or prev.bottom < 0.7 * res.height:
            return False
    elif not same_columns(prev.grid.xs, ft.grid.xs, tol=_tolerance(ft)):
        # columns found from white space shift with the text; a repeated header still tells
        if not repeated_header(prev.table, ft.table):
            return False
    # nothing but running heads above the table on its new page
    body_above = [ln for ln in res.lines if ln.bottom < ft.top and ln.top > MARGIN * res.height]
    return not body_above


def extract_pdf(path: str | Path) -> Document:
    """Read a PDF into a Document: paragraphs and tables in page order."""
    path = Path(path)
    results: list[_PageResult] = []
    count = 0
    glyph_pages = 0
    image_pages = 0
    for count, res, n_images in _pages(path, None):
        results.append(res)
        if res.lines or res.tables:
            glyph_pages += 1
        if n_images:
            image_pages += 1
    if count and not glyph_pages:
        if image_pages:
            raise NoTextLayer("no text layer: the pages are images (scanned); run OCR first", str(path))
        raise NoTextLayer("no text on any page", str(path))
    running = _running_lines(results)
    body_size = _body_size(results)
    blocks: list[Block] = []
    last: tuple[int, FoundTable] | None = None
    for res in results:
        lines = [ln for ln in res.lines if not _is_running(ln, res, running)]
        items: list[tuple[float, object]] = [(t.top, t) for t in res.tables]
        for group in _line_groups(lines):
            items.append((group[0].top, group))
        items.sort(key=lambda it: it[0])
        for _, item in items:
            if isinstance(item, FoundTable):
                if last is not None and blocks and blocks[-1] is last[1].table and _continues(last, item, _PageResult(res.number, res.height, res.tables, lines)):
                    _join(last[1], item)
                    last = (res.number, FoundTable(last[1].table, item.x0, item.top, item.x1, item.bottom, item.grid))
                    continue
                blocks.append(item.table)
                last = (res.number, item)
            else:
                blocks.extend(_paragraphs(item, res.number, body_size, _text_reach(item, lines)))
    resolve_breaks(_all_paragraphs(blocks))
    for i, t in enumerate(b for b in blocks if isinstance(b, Table)):
        t.index = i
    return Document(str(path), "pdf", blocks, count)


def _all_paragraphs(blocks: list[Block]) -> Iterator[Paragraph]:
    for b in blocks:
        if isinstance(b, Table):
            yield from table_paragraphs(b)
        else:
            yield b


def _body_size(results: list[_PageResult]) -> float:
    sizes: Counter[float] = Counter()
    for res in results:
        for ln in res.lines:
            sizes[round(ln.size, 1)] += len(ln.words)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _key(ln: Line) -> str:
    return re.sub(r"\d+", "#", " ".join(ln.text.split()).lower())


def _running_lines(results: list[_PageResult]) -> set[tuple[str, int]]:
    """Text repeated at the same height in the margins of most pages: running heads and feet."""
    if len(results) < 3:
        return set()
    seen: Counter[tuple[str, int]] = Counter()
    for res in results:
        keys = set()
        for ln in res.lines:
            if ln.top < MARGIN * res.height or ln.bottom > (1 - MARGIN) * res.height:
                keys.add((_key(ln), round(ln.top / 6)))
        seen.update(keys)
    need = max(2, int(0.5 * len(results)))
    return {k for k, n in seen.items() if n >= need}


def _is_running(ln: Line, res: _PageResult, running: set[tuple[str, int]]) -> bool:
    in_margin = ln.top < MARGIN * res.height or ln.bottom > (1 - MARGIN) * res.height
    if not in_margin:
        return False
    if _PAGE_NUMBER.match(" ".join(ln.text.split())):
        return True
    k = _key(ln)
    y = round(ln.top / 6)
    return any((k, y + d) in running for d in (-1, 0, 1))


def _line_groups(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines of one size, close together: candidates for paragraphs."""
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    groups: list[list[Line]] = []
    for ln in lines:
        if groups:
            prev = groups[-1][-1]
            same_size = abs(prev.size - ln.size) <= 0.6
            close = ln.top - prev.bottom <= 0.9 * max(prev.size, ln.size)
            if same_size and close and prev.bold == ln.bold or same_size and close and not prev.bold:
                groups[-1].append(ln)
                continue
        groups.append([ln])
    return groups


def _text_reach(group: list[Line], lines: list[Line]) -> Reach:
    """How far a group's lines may reach: at least as far as any line of the page that starts
    where the group's lines do (the same text column; a column beside it starts elsewhere)."""
    lo, hi = min(ln.x0 for ln in group) - 1.0, max(ln.x0 for ln in group) + 1.0
    widest = max(ln.x1 for ln in group)
    for ln in lines:
        if lo <= ln.x0 <= hi and ln.x1 > widest:
            widest = ln.x1
    return Reach(widest, float("inf"))


def _paragraphs(group: list[Line], page: int, body_size: float, reach: Reach | None = None) -> list[Paragraph]:
    size = group[0].size
    paras = lines_to_paragraphs(group, page, reach)
    level = None
    if size >= 1.4 * body_size:
        level = 1
    elif size >= 1.15 * body_size:
        level = 2
    for p in paras:
        p.heading_level = level
        if level:
            p.style = f"Heading {level}"
    return paras
