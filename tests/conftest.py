"""Shared, generic fixtures.

db_url: a fresh, empty database URL for each test, once per backend ("sqlite", "postgresql").
    SQLite: a file under tmp_path. PostgreSQL: a new schema per test in the database named by
    PLANSIFT_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test), chosen
    with search_path in the URL and dropped afterwards. When the variable is unset the PostgreSQL
    case skips; when it is set and the server cannot be reached the test fails.
postgres_url: the same fresh-schema URL, PostgreSQL only (for tests comparing backends).
gold_plans: fixtures/gold/*.json as ingest.records.ExtractedPlan objects, sorted by document.
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.records import ActionRecord, ExtractedPlan, PlanRecord

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "fixtures" / "gold"
POSTGRES_ENV = "PLANSIFT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def _postgres_admin() -> Iterator[object]:
    """An engine on PLANSIFT_TEST_POSTGRES_URL; skips when unset, fails when unreachable."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL case not run")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server is a test failure
        engine.dispose()
        pytest.fail(f"{POSTGRES_ENV}={url} is set but the server cannot be reached: {exc}", pytrace=False)
    yield engine
    engine.dispose()


def _fresh_postgres_schema(admin: object) -> Iterator[str]:
    from sqlalchemy import text

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})  # type: ignore[attr-defined]
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:  # type: ignore[attr-defined]
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'x.db'}"
    else:
        admin = request.getfixturevalue("_postgres_admin")
        yield from _fresh_postgres_schema(admin)


@pytest.fixture
def postgres_url(_postgres_admin: object) -> Iterator[str]:
    yield from _fresh_postgres_schema(_postgres_admin)


def load_gold_plan(path: Path) -> ExtractedPlan:
    data = json.loads(path.read_text(encoding="utf-8"))
    plan = PlanRecord(
        document=data["document"],
        source_file=data.get("seed") or f"{data['document']}.pdf",
        format="pdf",
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        authority=data["authority"],
        plan_title=data["plan_title"],
        plan_date=data.get("plan_date"),
        legend=dict(data.get("legend") or {}),
        people=dict(data.get("people") or {}),
    )
    actions = [ActionRecord(**a, position=i) for i, a in enumerate(data["actions"])]
    return ExtractedPlan(plan=plan, actions=actions)


@pytest.fixture
def gold_plans() -> list[ExtractedPlan]:
    return [load_gold_plan(p) for p in sorted(GOLD_DIR.glob("*.json"))]
