"""The ingest run's bookkeeping on an up-to-date store, through the database driver alone.

Re-importing an unchanged corpus reads no document: it hashes the files, asks the store which
hashes it already has and logs the run. Importing SQLAlchemy and mapping the models costs more
than all of that together (0.8 of a 0.85 s rerun of 30 files), so ``IngestStore`` answers
start_run / unchanged / record_outcomes / finish_run itself through ``sqlite3`` or psycopg, and
opens the full ``store.Store`` only when a file has to be saved. Anything it does not recognise
(a new or older database, an unusual URL, a server it cannot reach) goes to the full Store from
the start, which migrates and reports errors as usual.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

# The newest migration's revision id (re-exported by store.db; a test checks it is the
# migrations directory's real head). Here so that checking it imports nothing else.
HEAD_REVISION = "0010_index_only_walks"
OUTCOMES = ("stored", "unchanged", "replaced", "skipped", "failed")
SQLITE_BUSY_TIMEOUT_S = 60.0
_CHUNK = 500  # documents per query: under SQLite's 999 bound parameters on old builds


def _sqlite_file(url: str) -> Path | None:
    """The database file of a plain sqlite:/// URL, or None (memory, query options, other backends)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    name = unquote(url[len(prefix):])
    return Path(name) if name and name != ":memory:" else None


def _postgres_uri(url: str) -> str | None:
    """A libpq URI for a postgresql[+psycopg]:// URL (its query options are libpq's too)."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql://{rest}" if sep and scheme in ("postgresql", "postgresql+psycopg", "postgres") else None


def _connect(url: str) -> tuple[Any, str] | None:
    """(DB-API connection in autocommit mode, placeholder) for a store at the newest revision,
    else None."""
    conn: Any = None
    try:
        path = _sqlite_file(url)
        if path is not None and path.is_file():
            conn, mark = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None), "?"
        elif (uri := _postgres_uri(url)) is not None:
            import psycopg

            conn, mark = psycopg.connect(uri, autocommit=True, connect_timeout=10), "%s"
        else:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is not None and row[0] == HEAD_REVISION:
            return conn, mark
    except Exception:  # noqa: BLE001 -- any doubt: the full Store opens it and names the problem
        pass
    if conn is not None:
        conn.close()
    return None


class IngestStore:
    """What ingest_paths needs from a store. On an up-to-date SQLite file or PostgreSQL database
    the run log and the unchanged check go straight through the driver; save_plan (and
    everything, when that does not apply) goes to a full Store, opened on first need."""

    def __init__(self, url: str, before_full: Callable[[], None] | None = None) -> None:
        """before_full: called first when the full Store must open at once (a new or older
        database: every file will be read), so the caller can start work that overlaps it."""
        self.url = url
        self._full: Any = None
        self._changed = False
        found = _connect(url)
        self._conn, self._mark = found if found is not None else (None, "?")
        self._sqlite = isinstance(self._conn, sqlite3.Connection)
        if self._conn is None:
            if before_full is not None:
                before_full()
            self.full()  # migrates, or raises the store's one-line error

    @property
    def fast(self) -> bool:
        """True while no full Store has been needed."""
        return self._full is None

    def full(self) -> Any:
        if self._full is None:
            from store import open_store

            self._full = open_store(self.url)
        return self._full

    def _now(self) -> Any:
        now = datetime.now(timezone.utc)
        # SQLite: the text SQLAlchemy's DateTime writes there (UTC, naive), so each reads the other's
        return now.strftime("%Y-%m-%d %H:%M:%S.%f") if self._sqlite else now

    def start_run(self) -> int:
        if self._conn is None:
            return int(self.full().start_run())
        m = self._mark
        row = self._conn.execute(f"INSERT INTO ingest_runs (started_at) VALUES ({m}) RETURNING id", (self._now(),))
        return int(row.fetchone()[0])

    def unchanged(self, pairs: Iterable[tuple[str, str]]) -> set[str]:
        if self._conn is None:
            return set(self.full().unchanged(pairs))
        wanted = set(pairs)
        documents = sorted({document for document, _ in wanted})
        found: set[str] = set()
        for start in range(0, len(documents), _CHUNK):
            chunk = documents[start:start + _CHUNK]
            where = f"IN ({', '.join('?' * len(chunk))})" if self._sqlite else "= ANY(%s)"
            rows = self._conn.execute(
                f"SELECT current_document, sha256 FROM plans WHERE current_document {where}",
                chunk if self._sqlite else (chunk,),
            ).fetchall()
            found.update(doc for doc, sha in rows if (doc, sha) in wanted)
        return found

    def record_outcomes(self, run_id: int, outcomes: Iterable[tuple[str, str, str, str | None, float]]) -> None:
        if self._conn is None:
            self.full().record_outcomes(run_id, outcomes)
            return
        now = self._now()
        rows = []
        for path, document, outcome, reason, seconds in outcomes:
            if outcome not in OUTCOMES:
                raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
            rows.append((run_id, str(path), document, outcome, reason or "", float(seconds or 0.0), now))
        if not rows:
            return
        m = self._mark
        insert = (
            "INSERT INTO run_files (run_id, path, document, outcome, reason, seconds, recorded_at) "
            f"VALUES ({', '.join([m] * 7)})"
        )
        if self._sqlite:
            with self._conn:  # one transaction: all or none
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(insert, rows)
        else:
            with self._conn.transaction(), self._conn.cursor() as cur:
                cur.executemany(insert, rows)

    def save_plan(self, extracted: Any) -> str:
        outcome = str(self.full().save_plan(extracted))
        self._changed = self._changed or outcome != "unchanged"
        return outcome

    def finish_run(self, run_id: int) -> None:
        """Close the run; planner statistics are refreshed only when the run changed data."""
        if self._conn is None:
            self.full().finish_run(run_id, changed=self._changed)
            return
        m = self._mark
        self._conn.execute(f"UPDATE ingest_runs SET finished_at = {m} WHERE id = {m}", (self._now(), run_id))
        if self._changed:
            self.full().optimize()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._full is not None:
            self._full.close()
            self._full = None
