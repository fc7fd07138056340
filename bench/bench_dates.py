"""Speed of the deadline normaliser against raw dateparser on the same strings. Not a test.

    python bench/bench_dates.py [--rounds N]

Strings: every gold ``due_raw`` (repeats kept, as in a real batch) plus the tables of
tests/test_dates.py. Prints calls/s of ``parse_deadline`` with a cold cache (cleared each round)
and a warm one, and of ``dateparser.parse`` with default settings, and their ratios.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dateparser  # noqa: E402

from normalise.dates import parse_deadline  # noqa: E402


def bench_strings() -> list[str]:
    strings = []
    for path in sorted((ROOT / "fixtures" / "gold").glob("*.json")):
        strings += [a["due_raw"] for a in json.loads(path.read_text(encoding="utf-8"))["actions"]]
    spec = importlib.util.spec_from_file_location("test_dates", ROOT / "tests" / "test_dates.py")
    tables = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tables)
    strings += [c[0] for c in tables.CASES] + [c[0] for c in tables.RELATIVE_CASES]
    return strings


def calls_per_second(strings: list[str], rounds: int, parse: Callable[[str], object],
                     before_round: Callable[[], None] = lambda: None) -> float:
    elapsed = 0.0
    for _ in range(rounds):
        before_round()
        start = time.perf_counter()
        for s in strings:
            parse(s)
        elapsed += time.perf_counter() - start
    return rounds * len(strings) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    strings = bench_strings()
    # One untimed pass each, so module imports and dateparser's one-off set-up are not counted.
    for s in strings:
        parse_deadline(s)
        dateparser.parse(s)

    cold = calls_per_second(strings, args.rounds, parse_deadline, parse_deadline.cache_clear)
    warm = calls_per_second(strings, args.rounds, parse_deadline)
    raw = calls_per_second(strings, args.rounds, dateparser.parse)
    print(f"{len(strings)} strings ({len(set(strings))} distinct) x {args.rounds} rounds")
    print(f"{'dateparser.parse (defaults)':32} {raw:12,.0f} calls/s   1.0x")
    print(f"{'parse_deadline, cold cache':32} {cold:12,.0f} calls/s {cold / raw:6.1f}x")
    print(f"{'parse_deadline, warm cache':32} {warm:12,.0f} calls/s {warm / raw:6.1f}x")


if __name__ == "__main__":
    main()
