"""Format-neutral document model shared by the PDF and Word extractors.

A document is an ordered list of blocks: paragraphs and tables. Tables are full grids:
every (row, col) position holds a ``Cell``; a cell spanning several positions appears once
as the origin (``is_origin``) and is referenced again at the positions it covers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass
class Paragraph:
    text: str
    style: str = ""
    heading_level: int | None = None
    list_label: str | None = None  # rendered marker of a list item: "1.", "a)", "•"
    list_level: int = 0
    bold: bool = False
    page: int | None = None

    @property
    def is_list_item(self) -> bool:
        return self.list_label is not None

    def display(self) -> str:
        """The paragraph as a reader sees it, list marker included."""
        if self.list_label and self.list_label not in "•◦▪-–·*o":
            return f"{self.list_label} {self.text}".strip()
        return self.text


@dataclass
class Cell:
    paragraphs: list[Paragraph] = field(default_factory=list)
    row: int = 0
    col: int = 0
    row_span: int = 1
    col_span: int = 1
    fill: str | None = None  # "RRGGBB" background colour, if any
    page: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(p.display() for p in self.paragraphs if p.display())

    def is_origin_at(self, row: int, col: int) -> bool:
        return self.row == row and self.col == col


@dataclass
class Table:
    grid: list[list[Cell]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    header_rows: int = 0  # leading rows marked (or detected) as header
    index: int = 0

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def text_rows(self) -> list[list[str]]:
        """Rows of cell texts; positions covered by a span (not its origin) are empty."""
        out = []
        for r, row in enumerate(self.grid):
            out.append([c.text if c.is_origin_at(r, j) else "" for j, c in enumerate(row)])
        return out

    def to_json(self) -> dict:
        return {"pages": self.pages, "rows": self.text_rows()}


Block = Union[Paragraph, Table]


@dataclass
class Document:
    path: str
    format: str  # "pdf" | "docx"
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def all_text(self) -> Iterator[str]:
        """Every paragraph of the document in order, table cells included."""
        for b in self.blocks:
            if isinstance(b, Paragraph):
                yield b.text
            else:
                for r, row in enumerate(b.grid):
                    for j, c in enumerate(row):
                        if c.is_origin_at(r, j):
                            for p in c.paragraphs:
                                yield p.text
