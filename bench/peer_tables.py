"""Run the PDF table extractor over a peer benchmark and write one NAME.json per PDF.

    python bench/peer_tables.py OUT_DIR [--bench-dir DIR]

Each JSON is ``[{"pages": [...], "rows": [[cell, ...], ...]}, ...]``, the form
``shared/peer-bench/score_tables.py`` scores. Only the pages the benchmark's cases name are read.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.model import Cell, Table  # noqa: E402
from extractors.pdf import extract_pdf_tables  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "peer-bench" / "camelot"


def printed_text(cell: Cell) -> str:
    """Cell text as printed, bullets included (``Cell.text`` leaves bullet glyphs out)."""
    out = []
    for p in cell.paragraphs:
        out.append(f"{p.list_label} {p.text}".strip() if p.list_label else p.text)
    return "\n".join(t for t in out if t)


def table_json(table: Table) -> dict:
    rows = []
    for r, row in enumerate(table.grid):
        rows.append([printed_text(c) if c.is_origin_at(r, j) else "" for j, c in enumerate(row)])
    return {"pages": table.pages, "rows": rows}


def case_pages(bench_dir: Path) -> dict[str, list[int]]:
    """PDF path -> sorted 1-based pages named by the benchmark's cases."""
    cases = json.loads((bench_dir / "expected.json").read_text(encoding="utf-8"))
    pages: dict[str, set[int]] = {}
    for case in cases:
        got = pages.setdefault(case["file"], set())
        got.update(int(p) for p in str(case["pages"]).split(",") if p.strip())
    return {f: sorted(p) for f, p in pages.items()}


def run(bench_dir: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for rel, pages in case_pages(bench_dir).items():
        tables = extract_pdf_tables(bench_dir / rel, pages=pages)
        out = out_dir / (Path(rel).stem + ".json")
        out.write_text(json.dumps([table_json(t) for t in tables], ensure_ascii=False), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    args = ap.parse_args()
    run(args.bench_dir, args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
