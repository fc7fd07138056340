"""The store: migrations, round trip, unchanged / replaced, atomic saves, concurrent ingestion,
runs, lead entities, errors, export files. Every database test runs on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import dataclasses
import multiprocessing
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, inspect, select, text

from ingest.records import EXPORT_COLUMNS, ActionRecord, ExtractedPlan, PlanRecord
from store import (
    ActionFilter,
    BadDatabaseURL,
    DatabaseUnavailable,
    InvalidRecord,
    Store,
    UnsupportedExportFormat,
    open_store,
    upgrade_database,
    write_export,
)
from store import api as api_module
from store import db as db_module
from store import save as save_module
from store.db import HEAD_REVISION, current_revision, head_revision, make_engine
from store.models import Action, ActionLead, ActionSource, Base, Lead, LegendEntry, Plan, PlanPerson, Section

TABLES = {
    "plans", "sections", "actions", "leads", "action_leads", "action_sources", "legend_entries",
    "plan_people", "ingest_runs", "run_files", "alembic_version",
}


def make_plan(document: str, authority: str, n: int = 3, sha: str | None = None, word: str = "alpha",
              **plan_kw: object) -> ExtractedPlan:
    plan = PlanRecord(
        document=document, source_file=f"{document}.pdf", format="pdf", sha256=sha or f"sha-{document}",
        page_count=n, authority=authority, plan_title=f"{authority} improvement plan",
        legend={"OR": "Ofsted recommendation", "LR": "LSCB review"}, people={"JS": "Jane Smith"},
        **plan_kw,  # type: ignore[arg-type]
    )
    actions = [
        ActionRecord(
            section_ref=str(i // 2 + 1), section=f"Recommendation {i // 2 + 1} about {word} governance",
            ref=f"{i + 1}", action=f"Deliver {word} item {i + 1}", lead_raw="JS/LSCB Chair",
            leads=["Jane Smith", "LSCB Chair"], due_raw="May 2017", due_date="2017-05-31",
            due_precision="month", due_kind="by", sources=[f"OR {i}", "LR"],
            source_types=["Ofsted recommendation", "LSCB review"], outcome=f"Outcome {i}", page=i + 1,
            position=i, confidence=0.9, reasons=["test"],
        )
        for i in range(n)
    ]
    return ExtractedPlan(plan=plan, actions=actions)


def expected_rows(*plans: ExtractedPlan) -> list[dict[str, str]]:
    ordered = sorted(plans, key=lambda p: p.plan.document)
    return [a.export_row(p.plan) for p in ordered for a in sorted(p.actions, key=lambda a: a.position)]


def table_counts(s: Store) -> dict[str, int]:
    with s.engine.connect() as conn:
        return {
            m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Plan, Section, Action, Lead, ActionLead, ActionSource, LegendEntry, PlanPerson)
        }


@pytest.fixture
def store(db_url: str):
    s = open_store(db_url)
    yield s
    s.close()


# -- migrations ----------------------------------------------------------------------------

def test_upgrade_creates_schema_from_empty_and_is_idempotent(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == set()
        assert upgrade_database(db_url) == head_revision()
        assert TABLES <= set(inspect(engine).get_table_names())
        assert upgrade_database(db_url) == head_revision()  # second run: nothing to do, no error
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()


def test_migrated_schema_matches_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    upgrade_database(db_url)
    engine = make_engine(db_url)

    def include_name(name: str | None, type_: str, parent: object) -> bool:
        # full-text machinery lives only in the migrations: FTS5 tables, tsvector columns + GIN indexes
        return not (name or "").startswith(("actions_fts", "sections_fts", "search_vector", "ix_actions_search",
                                             "lead_vector", "lead_text", "ix_lead_text_search", "ix_sections_search",
                                             "action_search", "ix_action_search", "alembic_version"))

    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": True})
            diffs = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    assert diffs == []


def test_head_revision_constant_is_the_migrations_head() -> None:
    assert HEAD_REVISION == head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(db_url: str) -> None:
    upgrade_database(db_url)
    probe = (
        "import sys\n"
        "import store\n"
        "assert 'alembic' not in sys.modules, 'import store imported alembic'\n"
        "s = store.open_store(sys.argv[1])\n"
        "assert s.count_actions() == 0 and s.unchanged([('a', 'b')]) == set()\n"
        "heavy = sorted(m for m in ('alembic', 'mako', 'pandas', 'openpyxl') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, db_url], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_opening_a_new_database_still_migrates_it(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        with open_store(db_url):
            pass
        assert current_revision(engine) == HEAD_REVISION
    finally:
        engine.dispose()


def test_upgrade_keeps_stored_plans(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert db_module.upgrade(engine, "0001_initial") == "0001_initial"
        now = datetime.now(timezone.utc)
        with engine.begin() as conn:  # rows as a store at the first revision wrote them
            conn.execute(insert(Plan), [{
                "id": 1, "document": "a-1", "current_document": "a-1", "source_file": "a.pdf", "sha256": "s",
                "format": "pdf", "authority": "Barnet", "authority_key": "barnet", "title": "t", "ingested_at": now,
            }])
            conn.execute(insert(Action), [{
                "id": 7, "plan_id": 1, "document": "a-1", "authority_key": "barnet", "position": 0, "seq": 0,
                "ref": "1", "text": "Deliver alpha training", "lead_raw": "Chair of CDOP/LADO", "due_raw": "",
                "due_precision": "", "due_kind": "", "status_raw": "", "complete": False, "rag": "", "outcome": "",
                "confidence": 1.0, "reasons": [], "source_types": [],
            }])
            conn.execute(insert(Lead), [{"id": 3, "key": "lado", "name": "LADO", "kind": "role"}])
            conn.execute(insert(ActionLead), [{"action_id": 7, "position": 0, "lead_id": 3, "name": "LADO"}])
            conn.execute(insert(ActionSource), [{"action_id": 7, "position": 0, "ref": "OR 1", "code": "OR",
                                                 "meaning": "Ofsted", "code_key": "or", "meaning_key": "ofsted"}])
        assert db_module.upgrade(engine) == HEAD_REVISION  # link tables rebuilt on SQLite
        with open_store(db_url) as s:
            assert [r["leads"] for r in s.export_rows()] == ["LADO"]
            assert [r["sources"] for r in s.export_rows(ActionFilter(source_type="OR"))] == ["OR 1"]
            assert s.count_actions(ActionFilter(search="alpha")) == 1  # full-text index carried over
            assert s.count_actions(ActionFilter(lead="chair of cdop")) == 1  # raw lead text indexed
            assert s.save_plan(make_plan("a-1", "Barnet", n=1, sha="v2")) == "replaced"
            assert table_counts(s)["action_leads"] == 2  # the replaced version's links are gone
            assert s.count_actions(ActionFilter(search="alpha")) == 1
    finally:
        engine.dispose()


def test_upgrade_gives_skipped_files_their_own_outcome(db_url: str) -> None:
    """Before 0007 a skipped file was logged as unchanged with the reason "skipped: …"."""
    engine = make_engine(db_url)
    try:
        db_module.upgrade(engine, "0006_lead_text_table")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO ingest_runs (id, started_at) VALUES (1, :t)"), {"t": datetime.now(timezone.utc)})
            conn.execute(text(
                "INSERT INTO run_files (run_id, path, document, outcome, reason, seconds, recorded_at) VALUES "
                "(1, 'x.pdf', 'x', 'unchanged', 'skipped: same document as x.docx', 0, :t), "
                "(1, 'y.pdf', 'y', 'unchanged', '', 0, :t)"
            ), {"t": datetime.now(timezone.utc)})
        assert db_module.upgrade(engine) == HEAD_REVISION
        with open_store(db_url) as s:
            assert [(o["outcome"], o["reason"]) for o in s.run_outcomes(1)] == [
                ("skipped", "same document as x.docx"), ("unchanged", "")]
            s.record_outcome(1, "z.pdf", "z", "skipped", "same document as z.docx")
            with pytest.raises(ValueError):
                s.record_outcome(1, "w.pdf", "w", "exploded")
        with engine.begin() as conn, pytest.raises(Exception, match="ck_run_files_outcome|CHECK constraint"):
            conn.execute(text(
                "INSERT INTO run_files (run_id, path, document, outcome, reason, seconds, recorded_at) "
                "VALUES (1, 'w.pdf', 'w', 'exploded', '', 0, :t)"
            ), {"t": datetime.now(timezone.utc)})
    finally:
        engine.dispose()


def test_open_store_applies_migrations(db_url: str) -> None:
    with open_store(db_url) as s:
        assert s.plans() == []
        assert list(s.export_rows()) == []
    engine = make_engine(db_url)
    try:
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


# -- round trip ----------------------------------------------------------------------------

def test_gold_round_trip(store: Store, gold_plans: list[ExtractedPlan]) -> None:
    assert [store.save_plan(p) for p in gold_plans] == ["stored"] * len(gold_plans)
    rows = list(store.export_rows())
    assert rows == expected_rows(*gold_plans)
    assert len(rows) == sum(len(p.actions) for p in gold_plans)
    assert all(list(r) == list(EXPORT_COLUMNS) for r in rows)


def test_save_plans_writes_what_save_plan_writes(store: Store, gold_plans: list[ExtractedPlan]) -> None:
    """The bulk path (several writers on PostgreSQL) gives outcomes in input order and the same
    records; a replaced and an unchanged plan among them are told apart as save_plan would."""
    changed = dataclasses.replace(gold_plans[0], plan=dataclasses.replace(gold_plans[0].plan, sha256="other"))
    store.save_plan(gold_plans[0])
    store.save_plan(gold_plans[1])
    outcomes = list(store.save_plans([changed, gold_plans[1], *gold_plans[2:]], writers=3))
    assert outcomes == ["replaced", "unchanged"] + ["stored"] * (len(gold_plans) - 2)
    assert list(store.export_rows()) == expected_rows(changed, *gold_plans[1:])


def test_save_plans_error_stops_the_batch(store: Store) -> None:
    bad = make_plan("b-2", "Barnet")
    bad.actions[0].due_date = "31/05/2017"
    plans = [make_plan("a-1", "Barnet"), bad] + [make_plan(f"c-{i}", "Croydon") for i in range(20)]
    with pytest.raises(InvalidRecord, match="not an ISO date"):
        list(store.save_plans(plans, writers=2))
    stored = {r["document"] for r in store.export_rows()}
    assert "a-1" in stored and "b-2" not in stored
    assert len(stored) < len(plans) - 1  # plans queued behind the error are not written


def test_round_trip_edge_values(store: Store) -> None:
    p = make_plan("zeta-2020", "Zeta", n=4)
    p.actions[0].section_ref = p.actions[0].section = ""  # no enclosing section
    p.actions[1].page = None
    p.actions[1].due_date = p.actions[1].due_kind = p.actions[1].due_precision = ""
    p.actions[2].action = "Ünïcode – “quoted”, commas; and\ttabs"
    p.actions[2].leads = ["Jane  Smith", "LSCB chair"]  # same entities, written differently
    p.actions[3].sources = p.actions[3].source_types = []
    p.actions[3].leads = []
    # positions out of list order: export follows position
    p.actions[0].position, p.actions[3].position = 3, 0
    assert store.save_plan(p) == "stored"
    assert list(store.export_rows()) == expected_rows(p)
    assert list(store.export_rows())[0]["ref"] == "4"


def test_plan_fields_stored(store: Store) -> None:
    store.save_plan(make_plan("a-1", "Barnet", n=2, plan_date="2017-03-01"))
    [plan] = store.plans()
    assert plan["document"] == "a-1"
    assert plan["authority"] == "Barnet"
    assert plan["plan_date"] == "2017-03-01"
    assert plan["page_count"] == 2
    assert plan["actions"] == 2
    assert plan["ingested_at"].endswith("+00:00")


# -- unchanged / replaced ------------------------------------------------------------------

def test_unchanged_does_nothing(store: Store) -> None:
    p = make_plan("a-1", "Barnet")
    assert not store.is_unchanged("a-1", "sha-a-1")
    assert store.save_plan(p) == "stored"
    before_plans, before_counts = store.plans(), table_counts(store)
    assert store.is_unchanged("a-1", "sha-a-1")
    assert not store.is_unchanged("a-1", "other")
    assert store.save_plan(p) == "unchanged"
    assert store.plans() == before_plans  # same ingested_at: nothing rewritten
    assert table_counts(store) == before_counts


def test_unchanged_many_in_one_query(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for doc in ("a-1", "b-1", "c-1"):
        store.save_plan(make_plan(doc, "Barnet"))
    store.save_plan(make_plan("c-1", "Barnet", sha="sha-c-v2"))  # c-1's old sha is history now
    pairs = [("a-1", "sha-a-1"), ("b-1", "wrong"), ("c-1", "sha-c-1"), ("c-1", "sha-c-v2"), ("zz", "sha-zz")]
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert store.unchanged(iter(pairs)) == {"a-1", "c-1"}
    assert len([q for q in statements if "plans" in q]) == 1
    assert store.unchanged([]) == set()
    monkeypatch.setattr(api_module, "UNCHANGED_CHUNK", 2)  # very many keys: chunked, same answer
    assert store.unchanged(pairs) == {"a-1", "c-1"}
    assert store.is_unchanged("c-1", "sha-c-v2") and not store.is_unchanged("c-1", "sha-c-1")


def test_changed_file_replaces_records(store: Store) -> None:
    store.save_plan(make_plan("a-1", "Barnet", n=3, word="obsolete"))
    store.save_plan(make_plan("b-1", "Kingston", n=2))
    new = make_plan("a-1", "Barnet", n=5, sha="sha-v2", word="fresh")
    assert store.save_plan(new) == "replaced"
    assert list(store.export_rows()) == expected_rows(new, make_plan("b-1", "Kingston", n=2))
    assert [p["document"] for p in store.plans()] == ["a-1", "b-1"]
    counts = table_counts(store)
    assert counts["plans"] == 3  # the superseded version's row is kept as history
    assert counts["actions"] == 7 and counts["action_leads"] == 14 and counts["action_sources"] == 14
    assert counts["sections"] == 3 + 1  # a-1 v2 has 3, b-1 has 1; v1's are gone
    assert counts["legend_entries"] == 4 and counts["plan_people"] == 2
    assert store.is_unchanged("a-1", "sha-v2") and not store.is_unchanged("a-1", "sha-a-1")
    # full-text index follows the replacement in the same transaction
    assert store.query_actions(ActionFilter(search="obsolete")) == []
    assert len(store.query_actions(ActionFilter(search="fresh"))) == 5
    assert store.count_actions(ActionFilter(search="obsolete")) == 0
    assert store.count_actions(ActionFilter(search="fresh")) == 5


def test_fts_index_consistent_after_replace(db_url: str) -> None:
    with open_store(db_url) as s:
        s.save_plan(make_plan("a-1", "Barnet", n=3))
        s.save_plan(make_plan("a-1", "Barnet", n=2, sha="v2"))
        s.save_plan(make_plan("b-1", "Brent", n=1))
        if not db_url.startswith("sqlite"):  # the lead text and words tables follow the current actions
            with s.engine.connect() as conn:
                assert sorted(conn.execute(text("SELECT action_id FROM lead_text")).scalars()) == sorted(
                    conn.execute(text("SELECT id FROM actions")).scalars()
                )
                assert sorted(conn.execute(text("SELECT action_id, section_id FROM action_search")).all()) == sorted(
                    conn.execute(text("SELECT id, section_id FROM actions")).all()
                )
            return
        with s.engine.begin() as conn:
            conn.execute(text("INSERT INTO lead_text_fts(lead_text_fts) VALUES ('integrity-check')"))
            assert conn.execute(text("SELECT count(*) FROM lead_text_fts")).scalar_one() == 3
            conn.execute(text("INSERT INTO actions_fts(actions_fts) VALUES ('integrity-check')"))
            conn.execute(text("INSERT INTO sections_fts(sections_fts) VALUES ('integrity-check')"))
            assert conn.execute(text("SELECT count(*) FROM actions_fts")).scalar_one() == 3


def test_failure_mid_save_stores_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> dict[str, int]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(save_module, "upsert_leads", boom)  # runs after the actions insert
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_plan(make_plan("a-1", "Barnet"))
    assert table_counts(store) == dict.fromkeys(table_counts(store), 0)
    assert list(store.export_rows()) == []


def test_failed_replace_keeps_previous_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    old = make_plan("a-1", "Barnet", n=3)
    store.save_plan(old)
    before = table_counts(store)
    monkeypatch.setattr(save_module, "upsert_leads", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    with pytest.raises(RuntimeError):
        store.save_plan(make_plan("a-1", "Barnet", n=6, sha="v2"))
    assert table_counts(store) == before
    assert list(store.export_rows()) == expected_rows(old)
    assert store.is_unchanged("a-1", "sha-a-1")


def test_invalid_date_rejected_before_writing(store: Store) -> None:
    p = make_plan("a-1", "Barnet")
    p.actions[1].due_date = "31/05/2017"
    with pytest.raises(InvalidRecord, match="not an ISO date"):
        store.save_plan(p)
    assert table_counts(store)["plans"] == 0


def test_missing_sha_uses_content_digest(store: Store) -> None:
    p = make_plan("a-1", "Barnet")
    p.plan.sha256 = ""
    assert store.save_plan(p) == "stored"
    assert store.save_plan(p) == "unchanged"
    p.actions[0].action = "changed"
    assert store.save_plan(p) == "replaced"


# -- concurrency ---------------------------------------------------------------------------

def _ingest_worker(url: str, documents_order: list[int], version: int, barrier: object, results: object) -> None:
    try:
        plans = _concurrency_plans(version)
        barrier.wait()  # type: ignore[attr-defined]
        s = open_store(url)  # both processes may be the first to open (and migrate) the database
        try:
            out: object = [(plans[i].plan.document, s.save_plan(plans[i])) for i in documents_order]
        finally:
            s.close()
    except BaseException:  # report, so the test shows why rather than timing out
        import traceback

        out = traceback.format_exc()
    results.put(out)  # type: ignore[attr-defined]


def _concurrency_plans(version: int) -> list[ExtractedPlan]:
    authorities = ["Barnet", "Kingston upon Thames", "Lewisham", "Redbridge"]
    return [
        make_plan(f"doc-{i:02d}", authorities[i % 4], n=20 + i, sha=f"sha-{i}-v{version}", word=f"v{version}")
        for i in range(12)
    ]


def _run_two(url: str, version: int) -> list[tuple[str, str]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    orders = [list(range(12)), list(reversed(range(12)))]
    procs = [ctx.Process(target=_ingest_worker, args=(url, order, version, barrier, results)) for order in orders]
    for p in procs:
        p.start()
    out = []
    for _ in procs:
        got = results.get(timeout=300)
        assert not isinstance(got, str), f"worker failed:\n{got}"
        out.append(got)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return out[0] + out[1]


def test_concurrent_ingestion_from_two_processes(db_url: str) -> None:
    outcomes = _run_two(db_url, version=1)
    by_doc: dict[str, list[str]] = {}
    for doc, outcome in outcomes:
        by_doc.setdefault(doc, []).append(outcome)
    assert all(sorted(v) == ["stored", "unchanged"] for v in by_doc.values()), by_doc

    # both processes replace every document with a second version at once
    outcomes = _run_two(db_url, version=2)
    by_doc = {}
    for doc, outcome in outcomes:
        by_doc.setdefault(doc, []).append(outcome)
    assert all(sorted(v) == ["replaced", "unchanged"] for v in by_doc.values()), by_doc

    with open_store(db_url) as s:
        counts = table_counts(s)
        expected = _concurrency_plans(2)
        assert counts["actions"] == sum(len(p.actions) for p in expected)
        assert counts["plans"] == 24  # 12 current + 12 superseded
        assert counts["leads"] == 2  # "Jane Smith", "LSCB Chair": one entity each
        assert list(s.export_rows()) == expected_rows(*expected)
        assert len(s.plans()) == 12


# -- runs ----------------------------------------------------------------------------------

def test_ingest_runs_record_outcomes(store: Store) -> None:
    run = store.start_run()
    store.record_outcome(run, "/plans/a.pdf", "a", "stored", seconds=1.5)
    store.record_outcome(run, "/plans/b.pdf", "b", "failed", reason="EncryptedDocument: needs a password")
    store.finish_run(run)
    other = store.start_run()
    assert other != run
    assert store.run_outcomes(run) == [
        {"path": "/plans/a.pdf", "document": "a", "outcome": "stored", "reason": "", "seconds": 1.5},
        {"path": "/plans/b.pdf", "document": "b", "outcome": "failed",
         "reason": "EncryptedDocument: needs a password", "seconds": 0.0},
    ]
    assert store.run_outcomes(other) == []
    with pytest.raises(ValueError):
        store.record_outcome(run, "x", "x", "exploded")


def test_record_outcomes_many_in_one_transaction(store: Store) -> None:
    run = store.start_run()
    store.record_outcomes(run, iter([
        ("/plans/a.pdf", "a", "stored", None, 1.5),
        ("/plans/b.pdf", "b", "failed", "EncryptedDocument: needs a password", 0.25),
        ("/plans/c.pdf", "c", "unchanged", "", 0.0),
    ]))
    assert store.run_outcomes(run) == [
        {"path": "/plans/a.pdf", "document": "a", "outcome": "stored", "reason": "", "seconds": 1.5},
        {"path": "/plans/b.pdf", "document": "b", "outcome": "failed",
         "reason": "EncryptedDocument: needs a password", "seconds": 0.25},
        {"path": "/plans/c.pdf", "document": "c", "outcome": "unchanged", "reason": "", "seconds": 0.0},
    ]
    other = store.start_run()
    with pytest.raises(ValueError):  # one bad outcome: none of the batch is written
        store.record_outcomes(other, [("/plans/d.pdf", "d", "stored", "", 1.0), ("x", "x", "exploded", "", 0.0)])
    assert store.run_outcomes(other) == []
    store.record_outcomes(other, [])
    assert store.run_outcomes(other) == []


# -- lead entities -------------------------------------------------------------------------

def test_lead_entities_shared_across_plans(store: Store) -> None:
    store.save_plan(make_plan("a-1", "Barnet", n=2))
    b = make_plan("b-1", "Lewisham", n=1)
    b.actions[0].leads = ["lscb   CHAIR", "Police", "Head of Strategy, planning and performance"]
    b.plan.people = {}
    store.save_plan(b)
    leads = {l["key"]: l for l in store.leads()}
    assert set(leads) == {"jane smith", "lscb chair", "police", "head of strategy, planning and performance"}
    assert leads["lscb chair"]["plans"] == 2 and leads["lscb chair"]["actions"] == 3
    assert leads["lscb chair"]["name"] == "LSCB Chair"  # first written form
    assert leads["jane smith"]["initials"] == "JS"
    assert {k: v["kind"] for k, v in leads.items()} == {
        "jane smith": "person", "lscb chair": "role", "police": "organisation",
        "head of strategy, planning and performance": "role",
    }
    # as written per action, not the entity's first spelling
    assert [r["leads"] for r in store.export_rows(ActionFilter(document=["b-1"]))] == [
        "lscb   CHAIR; Police; Head of Strategy, planning and performance"
    ]


def test_explicit_lead_kinds_override_rules(store: Store) -> None:
    p = make_plan("a-1", "Barnet", n=1)
    p.actions[0].leads = ["Jane Smith", "Youth Council", "DCS"]
    store.save_plan(p, lead_kinds={"youth council": "role", "Jane Smith": "person"})
    kinds = {l["name"]: l["kind"] for l in store.leads()}
    assert kinds == {"Jane Smith": "person", "Youth Council": "role", "DCS": "role"}
    with pytest.raises(InvalidRecord):
        store.save_plan(make_plan("b-1", "Barnet"), lead_kinds={"X": "robot"})


# -- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db", "postgresql+psycopg2://u@h/db", "sqlite+nope:///x"])
def test_bad_url_is_a_named_one_line_error(url: str) -> None:
    with pytest.raises(BadDatabaseURL) as info:
        Store(url)
    assert "\n" not in str(info.value)


def test_unreachable_postgres_is_a_named_one_line_error() -> None:
    with pytest.raises(DatabaseUnavailable) as info:
        Store("postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    msg = str(info.value)
    assert "\n" not in msg and "127.0.0.1:1" in msg and "secret" not in msg


def test_unopenable_sqlite_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="cannot open database"):
        Store(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")


# -- export files --------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_write_export_formats(store: Store, gold_plans: list[ExtractedPlan], tmp_path: Path, suffix: str) -> None:
    import pandas as pd

    for p in gold_plans:
        store.save_plan(p)
    p0 = gold_plans[0]
    p0.actions[0].action = "=HYPERLINK(\"http://x\")"  # must stay text in a spreadsheet
    store.save_plan(dataclasses.replace(p0, plan=dataclasses.replace(p0.plan, sha256="v2")))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / f"actions{suffix}"
    n = write_export(store.export_rows(), out)
    expected = list(store.export_rows())
    assert n == len(expected) == sum(len(p.actions) for p in gold_plans)
    if suffix == ".csv":
        with out.open(encoding="utf-8", newline="") as fh:
            got = list(csv.DictReader(fh))
        assert list(got[0]) == list(EXPORT_COLUMNS)
    elif suffix == ".xlsx":
        frame = pd.read_excel(out, dtype=str, keep_default_na=False)
        got = frame.to_dict("records")
    else:
        got = pd.read_parquet(out).to_dict("records")
    assert got == expected
    assert [p.name for p in out_dir.iterdir()] == [out.name]  # no temp file left behind


def test_write_export_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "actions.csv"
    out.write_text("previous\n", encoding="utf-8")
    row = make_plan("a", "A", n=1).actions[0].export_row(make_plan("a", "A").plan)

    def rows():
        yield row
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_export(rows(), out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["actions.csv"]
    assert write_export([row], out) == 1
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(EXPORT_COLUMNS)


def test_write_export_rejects_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedExportFormat, match=r"\.csv"):
        write_export([], tmp_path / "actions.json")
    assert list(tmp_path.iterdir()) == []


# -- both backends agree -------------------------------------------------------------------

def test_export_identical_on_both_backends(tmp_path: Path, postgres_url: str, gold_plans: list[ExtractedPlan]) -> None:
    extra = make_plan("aa-edge", "Édge Borough", n=4)
    extra.actions[1].page = None
    extra.actions[2].due_date = ""
    data = gold_plans + [extra, make_plan("Zz-upper", "Zeta"), make_plan("a_under", "Under")]
    outputs = []
    for url in (f"sqlite:///{tmp_path / 'x.db'}", postgres_url):
        with open_store(url) as s:
            for p in data:
                s.save_plan(p)
            rows = list(s.export_rows())
            out = tmp_path / f"{s.dialect}.csv"
            write_export(rows, out)
            filtered = list(s.export_rows(ActionFilter(authority=["Barnet", "lewisham"], due_after=date(2016, 1, 1))))
            outputs.append((rows, out.read_bytes(), filtered, [
                {k: v for k, v in p.items() if k != "ingested_at"} for p in s.plans()
            ], s.leads()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == expected_rows(*data)
