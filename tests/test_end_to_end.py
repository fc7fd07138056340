"""The whole path a user takes, by running the CLI: ingest the fixture plans, export the
contract CSV, evaluate it against the hand-made gold, and hold the accuracy figures."""
from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.records import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "fixtures" / "plans"
GOLD = ROOT / "fixtures" / "gold"
REFERENCE_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DOCUMENTS = sorted(p.stem for p in GOLD.glob("*.json"))
# The five seed plans (CONTRACT.md) carry issue 3's bar; the plans written for issue 8 in
# layouts the seeds don't show carry a regression floor at the level reached so far.
SEEDS = {"lewisham-2016", "southwark-2012", "barnet-2017", "kingston-2009", "redbridge-2014"}
NEW_LAYOUTS_MIN_STRICT = 0.90
# Fixture files the tool cannot read yet, by format: listed so the suite says so (and fails
# when one starts working, so the list is kept honest).
KNOWN_GAPS: dict[str, set[str]] = {}
# Documents under the new-layout floor, by format, at the level measured (strict F1). Listed
# so the suite holds the rest to the floor and says which fall short; a listed document may
# improve (drop it from the list then) but may not fall more than 0.02 below its level.
BELOW_FLOOR: dict[str, dict[str, float]] = {
    "docx": {},
    "pdf": {},
}

# Issue 3's bar, per format: overall strict F1, every document's strict F1, each field.
MIN_OVERALL_STRICT = 0.95
MIN_DOCUMENT_STRICT = 0.90
MIN_FIELD_ACCURACY = 0.97


def plansift(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"plansift {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module", params=["pdf", "docx"])
def run(request, tmp_path_factory):
    fmt = request.param
    tmp = tmp_path_factory.mktemp(fmt)
    src = tmp / "plans"
    src.mkdir()
    for key in DOCUMENTS:
        (src / f"{key}.{fmt}").symlink_to(PLANS / f"{key}.{fmt}")
    db = f"sqlite:///{tmp / 'plansift.db'}"
    ingest = plansift("--db", db, "ingest", str(src), check=False)
    out = tmp / "actions.csv"
    plansift("--db", db, "export", str(out))
    figures = tmp / "figures.json"
    report = plansift("evaluate", str(GOLD), str(out), "--json", str(figures))
    print(f"\n[{fmt}]\n{report.stdout}")
    return {"format": fmt, "ingest": ingest, "csv": out, "figures": json.loads(figures.read_text()), "report": report.stdout}


def test_every_fixture_file_ingests_without_error(run):
    lines = run["ingest"].stdout.strip().splitlines()
    failures = [ln for ln in run["ingest"].stderr.splitlines() if ln.startswith("/")]
    known = {f"{key}.{run['format']}" for key in KNOWN_GAPS.get(run["format"], ())}
    assert "Traceback" not in run["ingest"].stderr
    assert all(line.endswith("actions)") and ": stored" in line for line in lines), run["ingest"].stdout
    assert {Path(f.split(":")[0]).name for f in failures} == known, run["ingest"].stderr
    assert len(lines) + len(failures) == len(DOCUMENTS)
    assert run["ingest"].returncode == (1 if known else 0)


def test_export_has_exactly_the_contract_columns(run):
    with run["csv"].open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert tuple(header) == EXPORT_COLUMNS
    assert rows and all(len(r) == len(header) for r in rows)
    assert {r[0] for r in rows} == set(DOCUMENTS) - KNOWN_GAPS.get(run["format"], set())


def test_pdf_rows_carry_pages_and_word_rows_do_not(run):
    with run["csv"].open(encoding="utf-8", newline="") as fh:
        pages = [row["page"] for row in csv.DictReader(fh)]
    if run["format"] == "pdf":
        assert all(p.isdigit() and int(p) >= 1 for p in pages)
    else:
        assert all(p == "" for p in pages)


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="the reference scorer lives outside the repo (../shared/eval)")
def test_evaluate_agrees_with_the_reference_scorer(run):
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    expected = ref.score(ref.load_gold(GOLD), ref.load_export(run["csv"]))
    assert run["figures"] == json.loads(json.dumps(expected))


def _subset(figures: dict, keys: set[str]) -> dict:
    return {d: m for d, m in figures["documents"].items() if d in keys}


def test_seed_plans_meet_issue_3s_bar(run):
    docs = _subset(run["figures"], SEEDS)
    gold = sum(m["gold"] for m in docs.values())
    exported = sum(m["exported"] for m in docs.values())
    strict = sum(m["strict_f1"] * (m["gold"] + m["exported"]) / 2 for m in docs.values())
    overall = strict / ((gold + exported) / 2)  # F1 pooled over the five documents
    low_docs = {d: round(m["strict_f1"], 3) for d, m in docs.items() if m["strict_f1"] < MIN_DOCUMENT_STRICT}
    paired = sum(m["paired"] for m in docs.values())
    fields = {f: round(sum(m[f"{f}_acc"] * m["paired"] for m in docs.values()) / paired, 3)
              for f in ("leads", "due_date", "sources", "section_ref")}
    assert overall >= MIN_OVERALL_STRICT, run["report"]
    assert not low_docs, f"documents under {MIN_DOCUMENT_STRICT}: {low_docs}"
    assert all(v >= MIN_FIELD_ACCURACY for v in fields.values()), fields


def test_authority_and_title_of_every_plan(run):
    docs = {d: m for d, m in run["figures"]["documents"].items() if d not in KNOWN_GAPS.get(run["format"], set())}
    assert all(m["authority_ok"] and m["title_ok"] for m in docs.values()), run["report"]


def test_new_layout_plans_hold_their_floor(run):
    docs = _subset(run["figures"], set(DOCUMENTS) - SEEDS)
    gaps = KNOWN_GAPS.get(run["format"], set())
    listed = BELOW_FLOOR.get(run["format"], {})
    low = {d: round(m["strict_f1"], 3) for d, m in docs.items() if m["strict_f1"] < NEW_LAYOUTS_MIN_STRICT and d not in gaps}
    assert set(low) <= set(listed), f"below the floor and not listed: {set(low) - set(listed)}; {low}"
    worse = {d: (v, listed[d]) for d, v in low.items() if v < listed[d] - 0.02}
    assert not worse, f"fell below their listed level: {worse}"
