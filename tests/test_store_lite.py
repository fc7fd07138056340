"""store.lite: the ingest run's bookkeeping through the driver alone (sqlite3, psycopg), read
back through the full Store, on SQLite and PostgreSQL."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from ingest.records import ActionRecord, ExtractedPlan, PlanRecord
from store import DatabaseUnavailable, open_store
from store.lite import IngestStore

ROOT = Path(__file__).resolve().parent.parent


def plan(document: str, sha: str) -> ExtractedPlan:
    return ExtractedPlan(
        plan=PlanRecord(document=document, source_file=f"{document}.pdf", format="pdf", sha256=sha,
                        page_count=1, authority="Barnet", plan_title="Plan", legend={}, people={}),
        actions=[ActionRecord(ref="1", action="Do the thing", lead_raw="Police", leads=["Police"], position=0)],
    )


@pytest.fixture
def db(db_url: str) -> str:
    with open_store(db_url) as s:  # an up-to-date store with one plan
        s.save_plan(plan("a", "sha-a"))
    return db_url


def test_unchanged_and_run_log_without_sqlalchemy(db: str) -> None:
    store = IngestStore(db)
    assert store.fast
    run = store.start_run()
    assert store.unchanged([("a", "sha-a"), ("a", "other"), ("b", "sha-b")]) == {"a"}
    store.record_outcomes(run, [("/p/a.pdf", "a", "unchanged", None, 0.0), ("/p/c.pdf", "c", "failed", "bad", 0.5)])
    with pytest.raises(ValueError):
        store.record_outcomes(run, [("/p/d.pdf", "d", "stored", "", 0.0), ("x", "x", "exploded", "", 0.0)])
    store.finish_run(run)
    assert store.fast  # nothing was saved: no full Store, no ANALYZE
    store.close()
    with open_store(db) as full:
        assert full.run_outcomes(run) == [
            {"path": "/p/a.pdf", "document": "a", "outcome": "unchanged", "reason": "", "seconds": 0.0},
            {"path": "/p/c.pdf", "document": "c", "outcome": "failed", "reason": "bad", "seconds": 0.5},
        ]
    with open_store(db) as full, full.engine.connect() as conn:
        started, finished = conn.execute(
            text("SELECT started_at, finished_at FROM ingest_runs WHERE id = :r"), {"r": run}
        ).one()
    # SQLAlchemy reads the times back (on SQLite: its own text format) as UTC times of this run
    for stamp in (started, finished):
        if isinstance(stamp, str):
            stamp = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=timezone.utc)
        assert abs((datetime.now(timezone.utc) - stamp).total_seconds()) < 600
    assert started <= finished


def test_saving_opens_the_full_store(db: str) -> None:
    store = IngestStore(db)
    run = store.start_run()
    assert store.save_plan(plan("b", "sha-b")) == "stored"
    assert not store.fast
    store.record_outcomes(run, [("/p/b.pdf", "b", "stored", "", 1.0)])
    store.finish_run(run)
    store.close()
    with open_store(db) as full:
        assert [p["document"] for p in full.plans()] == ["a", "b"]
        assert [o["outcome"] for o in full.run_outcomes(run)] == ["stored"]


@pytest.mark.parametrize("kind", ["missing", "empty", "memory"])
def test_anything_else_goes_to_the_full_store(tmp_path: Path, kind: str) -> None:
    """A missing or empty database is created and migrated by the full Store."""
    path = tmp_path / "x.db"
    url = "sqlite://" if kind == "memory" else f"sqlite:///{path}"
    if kind == "empty":
        sqlite3.connect(path).close()
    store = IngestStore(url)
    assert not store.fast
    assert store.unchanged([("a", "x")]) == set()
    store.close()
    if kind != "memory":
        assert IngestStore(url).fast  # migrated: the next run takes the fast path


def test_an_unreachable_server_is_the_full_stores_error() -> None:
    with pytest.raises(DatabaseUnavailable):
        IngestStore("postgresql+psycopg://postgres@127.0.0.1:1/nothing")


def test_importing_it_loads_no_sqlalchemy() -> None:
    code = "import sys, store.lite; assert 'sqlalchemy' not in sys.modules, sorted(sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_before_full_runs_only_when_the_full_store_opens_at_once(tmp_path: Path, db: str) -> None:
    calls: list[str] = []
    IngestStore(f"sqlite:///{tmp_path / 'new.db'}", before_full=lambda: calls.append("new")).close()
    IngestStore(db, before_full=lambda: calls.append("up to date")).close()
    assert calls == ["new"]
