"""Saving one extracted plan: validation in Python first, then one transaction."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Connection, String, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from ingest.records import ExtractedPlan
from store.errors import InvalidRecord
from store.keys import is_complete, lead_kind, norm_key, source_code
from store.models import LEAD_KINDS, Action, ActionLead, ActionSource, Lead, LegendEntry, Plan, PlanPerson, Section
from store.queries import in_bound_list

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class PreparedLead:
    name: str  # as first written in this plan
    kind: str
    initials: str | None
    explicit_kind: bool


# Column orders of the rows PreparedPlan holds as tuples (written without per-row dicts).
ACTION_FIELDS = (
    "position", "seq", "ref", "text", "lead_raw", "due_raw", "due_date", "due_precision", "due_kind",
    "status_raw", "complete", "rag", "outcome", "page", "confidence", "reasons", "source_types",
)
ACTION_COLUMNS = ("id", "plan_id", "document", "authority_key", "section_id", *ACTION_FIELDS)
SOURCE_FIELDS = ("position", "ref", "code", "meaning", "code_key", "meaning_key")


@dataclass
class PreparedPlan:
    """Everything save_plan writes, computed and validated before the transaction starts.
    Dates are ISO strings and JSON columns JSON text already: both backends take them as is."""

    plan: dict[str, Any]
    legend: list[tuple[str, str]]  # (code, meaning)
    people: list[tuple[str, str, str, str]]  # (initials, name, initials_key, name_key)
    sections: list[tuple[str, str]]  # (ref, text), first-seen order
    actions: list[tuple[Any, ...]]  # ACTION_FIELDS values
    action_sections: list[int | None]  # per action: index into sections
    action_leads: list[list[tuple[str, str]]]  # per action: (key, name as written)
    action_sources: list[list[tuple[Any, ...]]]  # per action: SOURCE_FIELDS values
    leads: dict[str, PreparedLead] = field(default_factory=dict)


def parse_iso_date(value: str | None, what: str, document: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InvalidRecord(f"{what} {value!r} is not an ISO date (YYYY-MM-DD)", document)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(f"{what} {value!r} is not a valid date", document) from None


def content_digest(extracted: ExtractedPlan) -> str:
    """Stand-in for the file's sha256 when the caller has none: a digest of the records."""
    blob = json.dumps(asdict(extracted), sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def prepare(extracted: ExtractedPlan, lead_kinds: Mapping[str, str] | None = None) -> PreparedPlan:
    p = extracted.plan
    document = p.document
    if not document or not document.strip():
        raise InvalidRecord("plan has no document key")
    explicit_kinds: dict[str, str] = {}
    if lead_kinds:
        bad = {k: v for k, v in lead_kinds.items() if v not in LEAD_KINDS}
        if bad:
            raise InvalidRecord(f"lead kinds must be one of {', '.join(LEAD_KINDS)}: {bad}", document)
        for written in lead_kinds:
            explicit_kinds.setdefault(norm_key(written), lead_kind(written, lead_kinds))
    now = datetime.now(timezone.utc)
    plan_row = {
        "document": document,
        "current_document": document,
        "source_file": p.source_file,
        "sha256": p.sha256 or content_digest(extracted),
        "format": p.format,
        "page_count": p.page_count,
        "authority": p.authority,
        "authority_key": norm_key(p.authority),
        "title": p.plan_title,
        "plan_date": parse_iso_date(p.plan_date, "plan_date", document),
        "ingested_at": now,
        "superseded_at": None,
    }
    legend = [(code, meaning) for code, meaning in p.legend.items()]
    people = [(ini, name, norm_key(ini), norm_key(name)) for ini, name in p.people.items()]
    initials_by_name = {norm_key(name): ini for ini, name in p.people.items()}

    sections: list[tuple[str, str]] = []
    section_index: dict[tuple[str, str], int] = {}
    actions: list[tuple[Any, ...]] = []
    action_sections: list[int | None] = []
    action_leads: list[list[tuple[str, str]]] = []
    action_sources: list[list[tuple[Any, ...]]] = []
    leads: dict[str, PreparedLead] = {}
    legend_map = p.legend
    codes: dict[str, str] = {}  # source ref -> code (refs repeat across a plan)
    keys: dict[str, str] = {}  # memoised norm_key of lead names, codes and meanings
    dumps = json.dumps

    def key_of(text_: str) -> str:
        k = keys.get(text_)
        if k is None:
            k = keys[text_] = norm_key(text_)
        return k

    for n, a in enumerate(extracted.actions):
        sec: int | None = None
        if a.section_ref or a.section:
            pair = (a.section_ref, a.section)
            sec = section_index.get(pair)
            if sec is None:
                sec = section_index[pair] = len(sections)
                sections.append(pair)
        action_sections.append(sec)
        due = parse_iso_date(a.due_date, f"action {n} due_date", document)
        actions.append((
            a.position, n, a.ref, a.action, a.lead_raw, a.due_raw, None if due is None else due.isoformat(),
            a.due_precision, a.due_kind, a.status_raw, is_complete(a.status_raw), a.rag, a.outcome, a.page,
            float(a.confidence), dumps(list(a.reasons)), dumps(list(a.source_types)),
        ))
        links: list[tuple[str, str]] = []
        for name in a.leads:
            key = key_of(name)
            if not key:
                continue
            links.append((key, name))
            if key not in leads:
                leads[key] = PreparedLead(
                    name=" ".join(name.split()),
                    kind=lead_kind(name, lead_kinds) if key in explicit_kinds else lead_kind(name),
                    initials=initials_by_name.get(key),
                    explicit_kind=key in explicit_kinds,
                )
        action_leads.append(links)
        srcs = []
        aligned = len(a.source_types) == len(a.sources)
        for i, ref in enumerate(a.sources):
            code = codes.get(ref)
            if code is None:
                code = codes[ref] = source_code(ref, legend_map)
            meaning = legend_map.get(code, "")
            if not meaning and aligned:
                meaning = a.source_types[i]  # no key entry: the extractor's own alignment
            srcs.append((i, ref, code, meaning, key_of(code), key_of(meaning)))
        action_sources.append(srcs)
    return PreparedPlan(
        plan_row, legend, people, sections, actions, action_sections, action_leads, action_sources, leads
    )


def bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows (tuples in `columns` order, values already in database form) in the
    caller's transaction. PostgreSQL: COPY … FROM STDIN through psycopg (values travel in the
    COPY data stream, never in SQL text; about 3x executemany). SQLite: one executemany."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


def new_ids(conn: Connection, counts: Mapping[str, int]) -> dict[str, list[int]]:
    """Primary keys for rows about to be inserted, per table, so no insert has to read its ids
    back. PostgreSQL: from the table's sequence (safe under concurrent writers); SQLite: above
    the current maximum (writers hold the database's write lock from BEGIN IMMEDIATE)."""
    out: dict[str, list[int]] = {}
    for table, n in counts.items():
        if n == 0:
            out[table] = []
        elif conn.dialect.name == "postgresql":
            out[table] = sorted(conn.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                {"t": table, "n": n},
            ).scalars())
        else:
            top = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one()
            out[table] = list(range(top + 1, top + 1 + n))
    return out


def current_plan(session: Session, document: str) -> tuple[int, str] | None:
    """(id, sha256) of the document's current version."""
    row = session.execute(
        select(Plan.id, Plan.sha256).where(Plan.current_document == document)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def lock_document(session: Session, document: str) -> None:
    """PostgreSQL: serialise writers of the same document (SQLite's BEGIN IMMEDIATE already has)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.plansift-plan.' || :doc))"),
            {"doc": document},
        )


def save_prepared(session: Session, prepared: PreparedPlan) -> str:
    """Write a prepared plan inside the caller's transaction. Returns stored / unchanged / replaced."""
    document = prepared.plan["document"]
    lock_document(session, document)
    old = current_plan(session, document)
    outcome = "stored"
    if old is not None:
        if old[1] == prepared.plan["sha256"]:
            return "unchanged"
        supersede(session, old[0])
        outcome = "replaced"

    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    plans_t = Plan.__table__
    plan_id = conn.execute(insert(plans_t).returning(plans_t.c.id), prepared.plan).scalar_one()
    bulk_insert(conn, "legend_entries", ("plan_id", "code", "meaning"),
                [(plan_id, *row) for row in prepared.legend])
    bulk_insert(conn, "plan_people", ("plan_id", "initials", "name", "initials_key", "name_key"),
                [(plan_id, *row) for row in prepared.people])
    ids = new_ids(conn, {"sections": len(prepared.sections), "actions": len(prepared.actions)})
    section_ids = ids["sections"]
    bulk_insert(conn, "sections", ("id", "plan_id", "position", "ref", "text"), [
        (sid, plan_id, i, ref, txt) for i, (sid, (ref, txt)) in enumerate(zip(section_ids, prepared.sections))
    ])
    if sqlite and section_ids:
        # full-text rows for the whole plan in one statement (per-row triggers cost 3x as much)
        conn.exec_driver_sql(
            "INSERT INTO sections_fts(rowid, text) SELECT id, text FROM sections WHERE plan_id = ?", (plan_id,)
        )
    if not prepared.actions:
        return outcome
    action_ids = ids["actions"]
    authority_key = prepared.plan["authority_key"]
    bulk_insert(conn, "actions", ACTION_COLUMNS, [
        (aid, plan_id, document, authority_key, None if sec is None else section_ids[sec], *values)
        for aid, sec, values in zip(action_ids, prepared.action_sections, prepared.actions)
    ])
    if sqlite:
        conn.exec_driver_sql(
            "INSERT INTO actions_fts(rowid, text, outcome) SELECT id, text, outcome FROM actions WHERE plan_id = ?",
            (plan_id,),
        )
        conn.exec_driver_sql(
            "INSERT INTO lead_text_fts(rowid, lead_raw) SELECT id, lead_raw FROM actions WHERE plan_id = ?",
            (plan_id,),
        )
    else:
        # the lead text's own narrow table: a --lead phrase match never reads the wide actions rows
        conn.exec_driver_sql(
            "INSERT INTO lead_text (action_id, lead_vector) SELECT id, "
            "to_tsvector('simple'::regconfig, regexp_replace(lead_raw, '\\W+', ' ', 'g')) "
            "FROM actions WHERE plan_id = %(plan_id)s",
            {"plan_id": plan_id},
        )
        # and the words' narrow table, where a search is counted (migration 0008)
        conn.exec_driver_sql(
            "INSERT INTO action_search (action_id, section_id, words) SELECT id, section_id, strip(search_vector) "
            "FROM actions WHERE plan_id = %(plan_id)s",
            {"plan_id": plan_id},
        )

    lead_ids = upsert_leads(session, prepared.leads)
    bulk_insert(conn, "action_leads", ("action_id", "position", "lead_id", "name"), [
        (aid, pos, lead_ids[key], name)
        for aid, links in zip(action_ids, prepared.action_leads)
        for pos, (key, name) in enumerate(links)
    ])
    bulk_insert(conn, "action_sources", ("action_id", *SOURCE_FIELDS), [
        (aid, *src) for aid, srcs in zip(action_ids, prepared.action_sources) for src in srcs
    ])
    return outcome


def supersede(session: Session, plan_id: int) -> None:
    """Keep the old version's plan row as history; delete its records (links first: they have
    no foreign keys to cascade)."""
    old_actions = select(Action.id).where(Action.plan_id == plan_id)
    if session.get_bind().dialect.name == "sqlite":
        # an external-content FTS5 row is deleted by giving its indexed values back
        session.execute(text(
            "INSERT INTO lead_text_fts(lead_text_fts, rowid, lead_raw) "
            "SELECT 'delete', id, lead_raw FROM actions WHERE plan_id = :plan_id"
        ), {"plan_id": plan_id})
    else:
        session.execute(text("DELETE FROM lead_text WHERE action_id IN (SELECT id FROM actions WHERE plan_id = :plan_id)"),
                        {"plan_id": plan_id})
        session.execute(text("DELETE FROM action_search WHERE action_id IN (SELECT id FROM actions WHERE plan_id = :plan_id)"),
                        {"plan_id": plan_id})
    session.execute(delete(ActionLead).where(ActionLead.action_id.in_(old_actions)))
    session.execute(delete(ActionSource).where(ActionSource.action_id.in_(old_actions)))
    session.execute(delete(Action).where(Action.plan_id == plan_id))
    session.execute(delete(Section).where(Section.plan_id == plan_id))
    session.execute(delete(LegendEntry).where(LegendEntry.plan_id == plan_id))
    session.execute(delete(PlanPerson).where(PlanPerson.plan_id == plan_id))
    session.execute(
        update(Plan).where(Plan.id == plan_id).values(current_document=None, superseded_at=datetime.now(timezone.utc))
    )


def upsert_leads(session: Session, leads: Mapping[str, PreparedLead]) -> dict[str, int]:
    """Return key -> id for the plan's lead entities, inserting those that do not exist yet
    (INSERT … ON CONFLICT DO NOTHING, keys sorted so concurrent writers take row locks in one
    order), filling in initials first learnt now and applying explicitly given kinds.
    Usually one query: most leads exist already."""
    if not leads:
        return {}
    conn = session.connection()
    dialect = conn.dialect.name
    table = Lead.__table__
    known = select(table.c.key, table.c.id, table.c.initials, table.c.kind).where(
        in_bound_list(table.c.key, "keys", dialect, String())
    )
    keys = sorted(leads)
    found = {row[0]: row for row in conn.execute(known, {"keys": keys})}
    missing = [k for k in keys if k not in found]
    if missing:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        conn.execute(
            dialect_insert(table).on_conflict_do_nothing(index_elements=["key"]),
            [{"key": k, "name": leads[k].name, "kind": leads[k].kind, "initials": leads[k].initials} for k in missing],
        )
        # rows another writer inserted meanwhile keep its values: check them like any existing row
        found.update((row[0], row) for row in conn.execute(known, {"keys": missing}))
    with_initials = [{"k": k, "i": leads[k].initials} for k in keys if leads[k].initials and found[k][2] is None]
    if with_initials:
        conn.execute(
            update(table)
            .where(table.c.key == bindparam("k"), table.c.initials.is_(None))
            .values(initials=bindparam("i")),
            with_initials,
        )
    explicit = [{"k": k, "kind_": leads[k].kind} for k in keys if leads[k].explicit_kind and found[k][3] != leads[k].kind]
    if explicit:
        conn.execute(
            update(table)
            .where(table.c.key == bindparam("k"), table.c.kind != bindparam("kind_"))
            .values(kind=bindparam("kind_")),
            explicit,
        )
    return {k: found[k][1] for k in keys}
