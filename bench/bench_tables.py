"""Peer benchmark: pdfplumber's default ``page.extract_tables()`` against plansift's extractor.

    python bench/bench_tables.py [--bench-dir DIR] [--show] [--reps N]

Both run in this process over the pages the benchmark's cases name, each opening every PDF
afresh; prints both mean scores, both times and the time ratio (ours / pdfplumber). The two
runs alternate ``--reps`` times (after one warm-up run of each) so that load changes on a
shared machine hit both alike; the ratio is the median of the per-repetition ratios, of CPU
time (this process's) and of wall time. Scores use the benchmark's own scorer
(``score_tables.py`` beside the case folder).
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
    ap.add_argument("--reps", type=int, default=3, help="timed repetitions of each (default 3)")
    args = ap.parse_args()
    if not (args.bench_dir / "expected.json").exists():
        raise SystemExit(f"no peer benchmark at {args.bench_dir}")
    scorer = load_scorer(args.bench_dir)
    cases = json.loads((args.bench_dir / "expected.json").read_text(encoding="utf-8"))
    files = case_pages(args.bench_dir)

    plumber = run_pdfplumber(args.bench_dir, files)  # warm-up runs (imports, caches)
    ours = run_ours(args.bench_dir, files)
    walls: dict[str, list[float]] = {"plumber": [], "ours": []}
    cpus: dict[str, list[float]] = {"plumber": [], "ours": []}
    for _ in range(max(1, args.reps)):
        for name, fn in (("plumber", run_pdfplumber), ("ours", run_ours)):
            w0, c0 = time.perf_counter(), time.process_time()
            fn(args.bench_dir, files)
            walls[name].append(time.perf_counter() - w0)
            cpus[name].append(time.process_time() - c0)

    s_plumber = score(scorer, cases, plumber)
    s_ours = score(scorer, cases, ours)
    if args.show:
        for case, a, b in zip(cases, s_plumber, s_ours):
            print(f"{case['id']:<40} pdfplumber {a:.3f}  plansift {b:.3f}")
    n = len(cases)
    print(f"cases: {n}, pages: {sum(len(p) for p in files.values())}")
    def median(v: list[float]) -> float:
        v = sorted(v)
        return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2

    cpu_ratio = median([o / p for o, p in zip(cpus["ours"], cpus["plumber"])])
    wall_ratio = median([o / p for o, p in zip(walls["ours"], walls["plumber"])])
    print(f"pdfplumber defaults: mean {sum(s_plumber) / n:.3f}  time {median(walls['plumber']):.2f} s "
          f"(CPU {median(cpus['plumber']):.2f} s)")
    print(f"plansift:            mean {sum(s_ours) / n:.3f}  time {median(walls['ours']):.2f} s "
          f"(CPU {median(cpus['ours']):.2f} s)")
    print(f"time ratio plansift / pdfplumber: {wall_ratio:.2f} wall, {cpu_ratio:.2f} CPU "
          f"(median of {len(cpus['ours'])} repetitions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
