"""Accuracy of the fixture plans per document and format, in-process (no store).

    python bench/accuracy.py [--format pdf|docx] [--show-misses] [--documents KEY ...]

Prints the contract's scoring table for each format; the README's accuracy table comes from here.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.errors import PlansiftError  # noqa: E402
from ingest.evaluate import load_export, load_gold, print_report, score  # noqa: E402
from ingest.pipeline import extract_plan  # noqa: E402
from ingest.records import EXPORT_COLUMNS  # noqa: E402


def run(fmt: str, documents: list[str], show_misses: bool) -> dict:
    gold = load_gold(ROOT / "fixtures" / "gold")
    keys = documents or sorted(gold)
    gold = {k: v for k, v in gold.items() if k in keys}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "actions.csv"
        with out.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
            w.writeheader()
            for key in keys:
                start = time.perf_counter()
                try:
                    plan = extract_plan(ROOT / "fixtures" / "plans" / f"{key}.{fmt}")
                except PlansiftError as exc:
                    print(f"  {exc}", file=sys.stderr)
                    continue
                for a in plan.actions:
                    w.writerow(a.export_row(plan.plan))
                print(f"  {key}.{fmt}: {len(plan.actions)} actions in {time.perf_counter() - start:.2f} s", file=sys.stderr)
        result = score(gold, load_export(out), show_misses)
    print(f"\n== {fmt}")
    print_report(result)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--format", choices=["pdf", "docx"], action="append")
    ap.add_argument("--documents", nargs="*", default=[])
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    for fmt in args.format or ["docx", "pdf"]:
        run(fmt, args.documents, args.show_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
