"""Engines and migrations: turning a URL into a ready, up-to-date database."""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool

from store.errors import BadDatabaseURL, DatabaseUnavailable
# The newest migration's revision id (in store.lite, which needs it without SQLAlchemy). Opening
# a database already at this revision compares it with alembic_version directly, so Alembic (and
# Mako) are imported only when migrating; a test checks it equals the real head.
from store.lite import HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_MS = 60_000
# Execution option read by the SQLite "begin" hook: "IMMEDIATE" takes the write lock at BEGIN,
# so a read-check-write transaction cannot be overtaken by another process.
BEGIN_OPTION = "plansift_sqlite_begin"
_BEGIN_MODES = {"": "BEGIN", "DEFERRED": "BEGIN DEFERRED", "IMMEDIATE": "BEGIN IMMEDIATE"}

_upgraded: set[str] = set()
_upgraded_lock = threading.Lock()


def parse_url(url: str | URL) -> URL:
    """Parse and normalise a database URL; only SQLite and PostgreSQL (psycopg 3) are supported."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise BadDatabaseURL(f"not a database URL: {url!r} ({exc})") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise BadDatabaseURL(f"unsupported PostgreSQL driver {driver!r}: use postgresql+psycopg://…")
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise BadDatabaseURL(f"unsupported SQLite driver {driver!r}: use sqlite:///file.db")
        return parsed
    raise BadDatabaseURL(
        f"unsupported database {backend!r} in {display_url(parsed)}: use sqlite:///file.db or postgresql+psycopg://…"
    )


def display_url(url: str | URL) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return str(url)


def make_engine(url: str | URL) -> Engine:
    """An engine with the per-backend settings the store relies on (not yet connected)."""
    parsed = parse_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
        # no server-side prepared statements: after five runs psycopg prepares a statement and
        # PostgreSQL may switch to a generic plan that ignores the values (a rag, a lead phrase,
        # a date), which doubled some filters' p95 (search+rag+due page 27 -> 63 ms); planning
        # each time costs under a millisecond
        kwargs["connect_args"] = {"prepare_threshold": None}
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise BadDatabaseURL(f"cannot use database URL {display_url(parsed)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    else:
        _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The store's queries run in milliseconds, but a filter tested per row has a high
        # estimated cost, past jit_above_cost: compiling it took 25 ms of a 50 ms query.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; "begin" below emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _set_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        # filters read thousands of scattered action rows: a 64 MB page cache and memory-mapped
        # reads (256 MB) instead of the 2 MB default roughly halve their latency
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA mmap_size = 268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "")
        conn.exec_driver_sql(_BEGIN_MODES[mode])


def _set_wal(cursor: Any) -> None:
    """Switch a new database file to WAL (persistent). The switch needs an exclusive lock and
    SQLite reports "database is locked" at once, without its busy handler, while another
    process holds a write transaction (e.g. creating the schema), so wait here instead."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode not in ("wal", "memory"):
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def write_engine(engine: Engine) -> Engine:
    """The engine to use for read-check-write transactions (SQLite: BEGIN IMMEDIATE)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with a one-line reason when the database cannot be opened."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        raise DatabaseUnavailable(f"cannot open database {display_url(engine.url)}: {_first_line(exc)}") from None


def _first_line(exc: OperationalError) -> str:
    orig = exc.orig if exc.orig is not None else exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The migrations directory's head, as Alembic reads it (imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's alembic_version, None when it has none (a new database); raises
    DatabaseUnavailable when it cannot be opened. One connection, no Alembic import."""
    try:
        conn = engine.connect()
    except OperationalError as exc:
        raise DatabaseUnavailable(f"cannot open database {display_url(engine.url)}: {_first_line(exc)}") from None
    with conn:
        try:
            conn.exec_driver_sql("SELECT 1")
        except OperationalError as exc:
            raise DatabaseUnavailable(f"cannot open database {display_url(engine.url)}: {_first_line(exc)}") from None
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DBAPIError:  # no alembic_version table yet
            conn.rollback()
            return None


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply migrations up to `revision` under a database-wide lock, so two processes opening a
    fresh database at once do not both create it. Idempotent. Returns the revision now current."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    check_connection(engine)
    cfg = alembic_config()
    locked = write_engine(engine)
    with locked.connect() as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(current_database() || '.' || current_schema() || :tag))"),
                    {"tag": ".plansift-migrations"},
                )
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        rev = MigrationContext.configure(conn).get_current_revision()
    with _upgraded_lock:
        _upgraded.add(_engine_key(engine))
    return rev


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head unless this process already knows the database is there (cheap check first)."""
    key = _engine_key(engine)
    if key in _upgraded:
        return
    if current_revision(engine) == HEAD_REVISION:
        with _upgraded_lock:
            _upgraded.add(key)
        return
    upgrade(engine)


def _engine_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)
