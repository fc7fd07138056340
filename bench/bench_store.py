"""Store benchmark: bulk loading and filter latency on SQLite and PostgreSQL. Prints figures;
asserts nothing. Targets: loading >= 5,000 actions/s; each filter p95 < 50 ms.

    python bench/bench_store.py                       # 500 plans x 400 actions, SQLite
    PLANSIFT_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
        python bench/bench_store.py --backend both    # PostgreSQL in a throwaway schema

Latency is measured three ways per filter: the first page (limit 100, what `plansift actions`
shows first), the count of matches, and fetching every matching row with leads and sources.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from ingest.records import ActionRecord, ExtractedPlan, PlanRecord  # noqa: E402
from store import ActionFilter, open_store  # noqa: E402
from store.api import BULK_WRITERS  # noqa: E402

AUTHORITIES = [
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing", "Enfield",
    "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow",
    "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham",
    "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest", "Wandsworth",
    "Westminster", "City of London",
]
ROLES = ["LSCB Chair", "Partnership Manager", "Head of Safeguarding", "Director of Children's Services",
         "Designated Nurse", "Business Manager", "Chair of CDOP", "Head of Early Help", "Training Officer",
         "LADO", "Principal Social Worker", "Head of Quality Assurance"]
ORGS = ["Police", "CCG", "Youth Offending Service", "Probation", "Public Health", "Education Services",
        "Community Safety Partnership", "NHS Trust"]
FIRST = ["Sam", "Ann", "Jo", "Chris", "Pat", "Alex", "Sue", "Raj", "Mina", "Tom", "Grace", "Ola", "Ken", "Liz"]
LAST = ["Kent", "Bell", "Khan", "Smith", "Jones", "Patel", "Okafor", "Brown", "Nowak", "Evans", "Ali", "Reid"]
# Action text: domain words in rough order of frequency, then a long tail, drawn with Zipf
# weights, so a search word is as rare or common as it is in real plans (a flat 30-word
# vocabulary would put every word in a third of all actions).
DOMAIN = ("the and to of for with all staff partners children board review practice safeguarding "
          "training audit plan report ensure develop quality assurance agencies multi agency early help "
          "neglect referral threshold strategy protocol police health schools data dashboard workforce "
          "voice child escalation supervision case file learning serious domestic abuse exploitation "
          "missing visitors thresholds sexual online radicalisation disability looked after").split()
WORDS = DOMAIN + [f"term{i:04d}" for i in range(3000)]
_WEIGHTS = [1 / (rank + 1) ** 1.07 for rank in range(len(WORDS))]
_CUM = list(itertools.accumulate(_WEIGHTS))


def words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=_CUM, k=k))


LEGENDS = [
    {"OR": "Ofsted recommendation", "OC": "Ofsted comment", "LR": "LSCB review"},
    {"C&D": "Challenge and development day", "PR": "Peer review", "LR": "Laming review"},
    {"SCR": "Serious case review", "OR": "Ofsted recommendation"},
]
STATUSES = ["", "", "", "On track", "Completed", "In progress", "Done", "Delayed", "Complete - see report"]


def synthetic_plans(n_plans: int, per_plan: int, seed: int = 5) -> list[ExtractedPlan]:
    rng = random.Random(seed)
    people_pool = [f"{f} {l}" for f in FIRST for l in LAST]
    plans = []
    for p in range(n_plans):
        authority = AUTHORITIES[p % len(AUTHORITIES)]
        year = 2008 + p % 14
        legend = LEGENDS[p % len(LEGENDS)]
        people_names = rng.sample(people_pool, 6)
        people = {"".join(w[0] for w in name.split()): name for name in people_names}
        plan = PlanRecord(
            document=f"{authority.lower().replace(' ', '-')}-{year}-{p:03d}", source_file=f"plan-{p:03d}.pdf",
            format="pdf", sha256=f"{p:064x}", page_count=20, authority=authority,
            plan_title=f"{authority} LSCB business plan {year}", legend=legend, people=people,
        )
        sections = {k: words(rng, 8).capitalize() for k in range(per_plan // 10 + 1)}
        actions = []
        for i in range(per_plan):
            leads = rng.sample(ROLES + ORGS + people_names, rng.choice((1, 1, 2, 3)))
            kind = rng.choices(["by", "ongoing", "recurring", "from", ""], [70, 10, 8, 4, 8])[0]
            due = date(year, 1, 1) + timedelta(days=rng.randrange(0, 900)) if kind == "by" else None
            codes = rng.sample(sorted(legend), rng.choice((0, 1, 1, 2)))
            sources = [f"{c} {rng.randrange(1, 20)}" for c in codes]
            actions.append(ActionRecord(
                section_ref=str(i // 10 + 1), section=sections[i // 10],
                ref=f"{i // 10 + 1}.{i % 10 + 1}", action=words(rng, 16).capitalize(),
                lead_raw="/".join(leads), leads=leads, due_raw=due.strftime("%B %Y") if due else "",
                due_date=due.isoformat() if due else "", due_precision="month" if due else "", due_kind=kind,
                status_raw=rng.choice(STATUSES), rag=rng.choice(["", "", "red", "amber", "green"]),
                sources=sources, source_types=list(dict.fromkeys(legend[c] for c in codes)),
                outcome=words(rng, 6), page=1 + i // 20, position=i,
            ))
        plans.append(ExtractedPlan(plan=plan, actions=actions))
    return plans


FILTERS: list[tuple[str, ActionFilter]] = [
    ("none", ActionFilter()),
    ("authority", ActionFilter(authority=["Lewisham"])),
    ("document", ActionFilter(document=["barnet-2009-001"])),
    ("lead: role", ActionFilter(lead="Chair of CDOP")),
    ("lead: person", ActionFilter(lead="Grace Okafor")),
    ("lead: initials", ActionFilter(lead="GO")),
    ("due window", ActionFilter(due_after=date(2015, 1, 1), due_before=date(2015, 3, 31))),
    ("overdue", ActionFilter(overdue=True, as_of=date(2012, 1, 1))),
    ("source type", ActionFilter(source_type="Peer review")),
    ("rag", ActionFilter(rag="red")),
    ("search", ActionFilter(search="domestic exploitation")),
    ("search: common word", ActionFilter(search="training")),
    ("authority+lead+overdue", ActionFilter(authority=["Lewisham", "Southwark"], lead="LSCB Chair",
                                            overdue=True, as_of=date(2016, 1, 1))),
    ("search+rag+due", ActionFilter(search="neglect", rag="amber", due_after=date(2012, 1, 1))),
    ("source+authority+due", ActionFilter(source_type="LR", authority=["Barnet"],
                                          due_before=date(2014, 12, 31))),
    ("all", ActionFilter(authority=["Croydon"], lead="Head of Safeguarding", due_after=date(2010, 1, 1),
                         due_before=date(2022, 12, 31), overdue=True, as_of=date(2020, 1, 1), source_type="LR",
                         rag="red", search="training")),
]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], list[float], object]:
    """Wall and this-process CPU milliseconds per call (after one warm-up call)."""
    result = fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    return wall, cpu, result


def postgres_cpu_seconds() -> float | None:
    """CPU used so far by local PostgreSQL server processes (None when not visible in /proc)."""
    total, seen, tick = 0, False, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if not fields[0].endswith("(postgres"):
                continue
            parts = fields[1].split()
            total += int(parts[11]) + int(parts[12])  # utime + stime
            seen = True
        except (OSError, IndexError, ValueError):
            continue
    return total / tick if seen else None


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs"


def bench(label: str, url: str, plans: list[ExtractedPlan], repeat: int, full_repeat: int, writers: int) -> None:
    n_actions = sum(len(p.actions) for p in plans)
    print(f"\n== {label}: {len(plans)} plans, {n_actions:,} actions ({load()})")
    store = open_store(url)
    server0 = postgres_cpu_seconds() if store.dialect == "postgresql" else None
    t, c = time.perf_counter(), time.process_time()
    for _ in store.save_plans(plans, writers=writers):
        pass
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    shown = writers if store.dialect == "postgresql" else 1
    print(f"bulk load (Store.save_plans, {shown} writer{'s' * (shown > 1)}): {wall:.1f} s wall = {n_actions / wall:,.0f} actions/s (target >= 5,000); "
          f"client CPU {cpu:.1f} s = {n_actions / cpu:,.0f} actions/s", end="")
    server1 = postgres_cpu_seconds() if server0 is not None else None
    if server0 is not None and server1 is not None:
        print(f"; server CPU {server1 - server0:.1f} s = {n_actions / (server1 - server0):,.0f} actions/s", end="")
    print()
    t = time.perf_counter()
    store.optimize()
    print(f"optimize (ANALYZE; PostgreSQL also merges GIN pending lists): {time.perf_counter() - t:.2f} s")

    t = time.perf_counter()
    exported = sum(1 for _ in store.export_rows())
    seconds = time.perf_counter() - t
    print(f"export every row: {exported:,} in {seconds:.1f} s ({exported / seconds:,.0f} rows/s)")

    print("first page = query_actions(filter, limit=100); ms; p95 over "
          f"{repeat} runs (all rows: {full_repeat} runs, only when <= 20,000 match)")
    print(f"{'filter':<24} {'matches':>8} {'page p50':>9} {'page p95':>9} {'cpu p95':>8} "
          f"{'count p95':>10} {'all rows p95':>13}")
    for name, flt in FILTERS:
        wall_ms, cpu_ms, _ = timed(lambda: store.query_actions(flt, limit=100), repeat)
        count_ms, _, count = timed(lambda: store.count_actions(flt), repeat)
        full = "-"
        if int(count) <= 20_000:  # type: ignore[call-overload]
            full_ms, _, _ = timed(lambda: store.query_actions(flt), full_repeat)
            full = f"{p95(full_ms):.1f}"
        print(f"{name:<24} {count:>8,} {statistics.median(wall_ms):>9.1f} {p95(wall_ms):>9.1f} "
              f"{p95(cpu_ms):>8.1f} {p95(count_ms):>10.1f} {full:>13}")
    print(f"({load()})")
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--plans", type=int, default=500)
    ap.add_argument("--actions-per-plan", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=40, help="timed runs per query (p95 over these)")
    ap.add_argument("--writers", type=int, default=BULK_WRITERS,
                    help="connections writing at once when loading PostgreSQL (Store.save_plans)")
    ap.add_argument("--full-repeat", type=int, default=5, help="timed runs fetching every matching row")
    args = ap.parse_args()
    plans = synthetic_plans(args.plans, args.actions_per_plan)

    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            bench("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", plans, args.repeat, args.full_repeat, args.writers)
    if args.backend in ("postgresql", "both"):
        admin_url = os.environ.get("PLANSIFT_BENCH_POSTGRES_URL") or os.environ.get("PLANSIFT_TEST_POSTGRES_URL")
        if not admin_url:
            print("\n== PostgreSQL: skipped (set PLANSIFT_TEST_POSTGRES_URL)")
            return
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
            bench("PostgreSQL", url.render_as_string(hide_password=False), plans, args.repeat, args.full_repeat, args.writers)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
