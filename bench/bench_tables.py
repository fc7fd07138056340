"""Peer benchmark: pdfplumber's default ``page.extract_tables()`` against plansift's extractor.

    python bench/bench_tables.py [--bench-dir DIR] [--show]

Both run in this process over the pages the benchmark's cases name, each opening every PDF
afresh; prints both mean scores, both wall times and the time ratio (ours / pdfplumber).
Scores use the benchmark's own scorer (``score_tables.py`` beside the case folder).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pdfplumber  # noqa: E402

from extractors.pdf import extract_pdf_tables  # noqa: E402
from peer_tables import DEFAULT_BENCH, case_pages, table_json  # noqa: E402


def load_scorer(bench_dir: Path):
    path = bench_dir.parent / "score_tables.py"
    spec = importlib.util.spec_from_file_location("score_tables", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_pdfplumber(bench_dir: Path, files: dict[str, list[int]]) -> dict[str, list[dict]]:
    out = {}
    for rel, pages in files.items():
        found = []
        with pdfplumber.open(bench_dir / rel) as pdf:
            for p in pages:
                for rows in pdf.pages[p - 1].extract_tables():
                    found.append({"pages": [p], "rows": [[c or "" for c in r] for r in rows]})
        out[rel] = found
    return out


def run_ours(bench_dir: Path, files: dict[str, list[int]]) -> dict[str, list[dict]]:
    return {rel: [table_json(t) for t in extract_pdf_tables(bench_dir / rel, pages=pages)] for rel, pages in files.items()}


def score(scorer, cases: list[dict], outputs: dict[str, list[dict]]) -> list[float]:
    scores = []
    for case in cases:
        pages = scorer.case_pages(case)
        best = 0.0
        for t in outputs.get(case["file"], []):
            if set(t["pages"]) & pages:
                best = max(best, scorer.table_score(case["table"], t["rows"]))
        scores.append(best)
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--show", action="store_true", help="print each case's two scores")
    args = ap.parse_args()
    if not (args.bench_dir / "expected.json").exists():
        raise SystemExit(f"no peer benchmark at {args.bench_dir}")
    scorer = load_scorer(args.bench_dir)
    cases = json.loads((args.bench_dir / "expected.json").read_text(encoding="utf-8"))
    files = case_pages(args.bench_dir)

    t0 = time.perf_counter()
    plumber = run_pdfplumber(args.bench_dir, files)
    t_plumber = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = run_ours(args.bench_dir, files)
    t_ours = time.perf_counter() - t0

    s_plumber = score(scorer, cases, plumber)
    s_ours = score(scorer, cases, ours)
    if args.show:
        for case, a, b in zip(cases, s_plumber, s_ours):
            print(f"{case['id']:<40} pdfplumber {a:.3f}  plansift {b:.3f}")
    n = len(cases)
    print(f"cases: {n}, pages: {sum(len(p) for p in files.values())}")
    print(f"pdfplumber defaults: mean {sum(s_plumber) / n:.3f}  time {t_plumber:.2f} s")
    print(f"plansift:            mean {sum(s_ours) / n:.3f}  time {t_ours:.2f} s")
    print(f"time ratio plansift / pdfplumber: {t_ours / t_plumber:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
