"""The ingest run's bookkeeping on an existing SQLite store, through the standard library alone.

Re-importing an unchanged corpus reads no document: it hashes the files, asks the store which
hashes it already has and logs the run. Importing SQLAlchemy and mapping the models costs more
than all of that together (0.8 of a 0.85 s rerun of 30 files), so ``IngestStore`` answers
start_run / unchanged / record_outcomes / finish_run itself with ``sqlite3``, and opens the full
``store.Store`` only when a file has to be saved. Anything it does not recognise (a new or
older database, PostgreSQL, an unusual URL) goes to the full Store from the start, which also
migrates and reports errors as usual.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote

# The newest migration's revision id (re-exported by store.db; a test checks it is the
# migrations directory's real head). Here so that checking it imports nothing else.
HEAD_REVISION = "0006_lead_text_table"
OUTCOMES = ("stored", "unchanged", "replaced", "failed")
SQLITE_BUSY_TIMEOUT_S = 60.0
_CHUNK = 500  # documents per query: under SQLite's 999 bound parameters on old builds


def _sqlite_file(url: str) -> Path | None:
    """The database file of a plain sqlite:/// URL, or None (memory, query options, other backends)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    name = unquote(url[len(prefix):])
    return Path(name) if name and name != ":memory:" else None


def _timestamp() -> str:
    # the format SQLAlchemy's SQLite DateTime writes (UTC, naive): both read each other's rows
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


class IngestStore:
    """What ingest_paths needs from a store. On an up-to-date SQLite file the run log and the
    unchanged check go through sqlite3; save_plan (and everything, when the fast path does not
    apply) goes to a full Store, opened on first need."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._full: Any = None
        self._conn: sqlite3.Connection | None = None
        self._changed = False
        path = _sqlite_file(url)
        if path is not None and path.is_file():
            self._conn = self._up_to_date(path)
        if self._conn is None:
            self.full()  # migrates, or raises the store's one-line error

    @staticmethod
    def _up_to_date(path: Path) -> sqlite3.Connection | None:
        """A connection to the file when it is a store at the newest revision, else None (a new,
        older or foreign database: the full Store migrates it or says what is wrong)."""
        try:
            conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error:
            return None
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is not None and row[0] == HEAD_REVISION:
                return conn
        except sqlite3.Error:
            pass
        conn.close()
        return None

    @property
    def fast(self) -> bool:
        """True while no full Store has been needed."""
        return self._full is None

    def full(self) -> Any:
        if self._full is None:
            from store import open_store

            self._full = open_store(self.url)
        return self._full

    def start_run(self) -> int:
        if self._conn is None:
            return int(self.full().start_run())
        cur = self._conn.execute("INSERT INTO ingest_runs (started_at) VALUES (?)", (_timestamp(),))
        return int(cur.lastrowid or 0)

    def unchanged(self, pairs: Iterable[tuple[str, str]]) -> set[str]:
        if self._conn is None:
            return set(self.full().unchanged(pairs))
        wanted = set(pairs)
        documents = sorted({document for document, _ in wanted})
        found: set[str] = set()
        for start in range(0, len(documents), _CHUNK):
            chunk = documents[start:start + _CHUNK]
            rows = self._conn.execute(
                "SELECT current_document, sha256 FROM plans WHERE current_document IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update(doc for doc, sha in rows if (doc, sha) in wanted)
        return found

    def record_outcomes(self, run_id: int, outcomes: Iterable[tuple[str, str, str, str | None, float]]) -> None:
        if self._conn is None:
            self.full().record_outcomes(run_id, outcomes)
            return
        now = _timestamp()
        rows = []
        for path, document, outcome, reason, seconds in outcomes:
            if outcome not in OUTCOMES:
                raise ValueError(f"outcome must be one of {OUTCOMES}, not {outcome!r}")
            rows.append((run_id, str(path), document, outcome, reason or "", float(seconds or 0.0), now))
        if not rows:
            return
        with self._conn:  # one transaction: all or none
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT INTO run_files (run_id, path, document, outcome, reason, seconds, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def save_plan(self, extracted: Any) -> str:
        outcome = str(self.full().save_plan(extracted))
        self._changed = self._changed or outcome != "unchanged"
        return outcome

    def finish_run(self, run_id: int) -> None:
        """Close the run; planner statistics are refreshed only when the run changed data."""
        if self._conn is None:
            self.full().finish_run(run_id, changed=self._changed)
            return
        self._conn.execute("UPDATE ingest_runs SET finished_at = ? WHERE id = ?", (_timestamp(), run_id))
        if self._changed:
            self.full().optimize()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._full is not None:
            self._full.close()
            self._full = None
