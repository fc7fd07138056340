"""Saving one extracted plan: validation in Python first, then one transaction."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, Connection, Table, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from ingest.records import ExtractedPlan
from store.errors import InvalidRecord
from store.keys import is_complete, lead_kind, norm_key, source_code
from store.models import (
    LEAD_KINDS,
    Action,
    ActionLead,
    ActionSource,
    Lead,
    LegendEntry,
    Plan,
    PlanPerson,
    Section,
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class PreparedLead:
    name: str  # as first written in this plan
    kind: str
    initials: str | None
    explicit_kind: bool


@dataclass
class PreparedPlan:
    """Everything save_plan writes, computed and validated before the transaction starts."""

    plan: dict[str, Any]
    legend: list[dict[str, Any]]
    people: list[dict[str, Any]]
    sections: list[tuple[str, str]]  # (ref, text), first-seen order
    actions: list[dict[str, Any]]  # Action columns + "_section": index | None
    action_leads: list[list[tuple[str, str]]]  # per action: (key, name as written)
    action_sources: list[list[dict[str, Any]]]  # per action: ActionSource columns
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
    if lead_kinds:
        bad = {k: v for k, v in lead_kinds.items() if v not in LEAD_KINDS}
        if bad:
            raise InvalidRecord(f"lead kinds must be one of {', '.join(LEAD_KINDS)}: {bad}", document)
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
    legend = [{"code": code, "meaning": meaning} for code, meaning in p.legend.items()]
    people = [
        {"initials": ini, "name": name, "initials_key": norm_key(ini), "name_key": norm_key(name)}
        for ini, name in p.people.items()
    ]
    initials_by_name = {norm_key(name): ini for ini, name in p.people.items()}

    sections: list[tuple[str, str]] = []
    section_index: dict[tuple[str, str], int] = {}
    actions: list[dict[str, Any]] = []
    action_leads: list[list[tuple[str, str]]] = []
    action_sources: list[list[dict[str, Any]]] = []
    leads: dict[str, PreparedLead] = {}

    for n, a in enumerate(extracted.actions):
        sec: int | None = None
        if a.section_ref or a.section:
            pair = (a.section_ref, a.section)
            if pair not in section_index:
                section_index[pair] = len(sections)
                sections.append(pair)
            sec = section_index[pair]
        due = parse_iso_date(a.due_date, f"action {n} due_date", document)
        actions.append({
            "_section": sec,
            "position": a.position,
            "seq": n,
            "ref": a.ref,
            "text": a.action,
            "lead_raw": a.lead_raw,
            "due_raw": a.due_raw,
            "due_date": due,
            "due_precision": a.due_precision,
            "due_kind": a.due_kind,
            "status_raw": a.status_raw,
            "complete": is_complete(a.status_raw),
            "rag": a.rag,
            "outcome": a.outcome,
            "page": a.page,
            "confidence": float(a.confidence),
            "reasons": list(a.reasons),
            "source_types": list(a.source_types),
        })
        links: list[tuple[str, str]] = []
        for name in a.leads:
            key = norm_key(name)
            if not key:
                continue
            links.append((key, name))
            if key not in leads:
                explicit = bool(lead_kinds) and any(norm_key(w) == key for w in lead_kinds or {})
                leads[key] = PreparedLead(
                    name=" ".join(name.split()),
                    kind=lead_kind(name, lead_kinds),
                    initials=initials_by_name.get(key),
                    explicit_kind=explicit,
                )
        action_leads.append(links)
        srcs = []
        for i, ref in enumerate(a.sources):
            code = source_code(ref, p.legend)
            meaning = p.legend.get(code, "")
            if not meaning and len(a.source_types) == len(a.sources):
                meaning = a.source_types[i]  # no key entry: the extractor's own alignment
            srcs.append({
                "position": i, "ref": ref, "code": code, "meaning": meaning,
                "code_key": norm_key(code), "meaning_key": norm_key(meaning),
            })
        action_sources.append(srcs)
    return PreparedPlan(plan_row, legend, people, sections, actions, action_leads, action_sources, leads)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the caller's transaction. PostgreSQL: COPY … FROM STDIN through
    psycopg (values travel in the COPY data stream, never in SQL text; about 3x executemany).
    SQLite: executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        _executemany_processed(conn, table, rows)
        return
    names = list(rows[0])
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    raw = conn.connection.dbapi_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n in json_cols else row[n] for n in names])


def _executemany_processed(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """executemany with the same bind processing SQLAlchemy applies (dates, JSON, booleans),
    without its per-row parameter compilation, which costs more than SQLite's own work here."""
    dialect = conn.dialect
    names = list(rows[0])
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    pairs = list(zip(names, processors))
    params = [tuple(proc(row[n]) if proc else row[n] for n, proc in pairs) for row in rows]
    conn.exec_driver_sql(sql, params)


def current_plan(session: Session, document: str) -> Plan | None:
    return session.scalars(select(Plan).where(Plan.current_document == document)).one_or_none()


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
        if old.sha256 == prepared.plan["sha256"]:
            return "unchanged"
        supersede(session, old.id)
        outcome = "replaced"

    # Bulk inserts without RETURNING (SQLite cannot order RETURNING rows of a multi-row insert,
    # so SQLAlchemy would fall back to one statement per row); ids are read back by each row's
    # per-plan number instead.
    conn = session.connection()
    plans_t, sections_t, actions_t = Plan.__table__, Section.__table__, Action.__table__
    plan_id = conn.execute(insert(plans_t).returning(plans_t.c.id), prepared.plan).scalar_one()
    bulk_insert(conn, LegendEntry.__table__, [{"plan_id": plan_id, **row} for row in prepared.legend])
    bulk_insert(conn, PlanPerson.__table__, [{"plan_id": plan_id, **row} for row in prepared.people])
    section_ids: dict[int, int] = {}
    if prepared.sections:
        bulk_insert(conn, sections_t, [
            {"plan_id": plan_id, "position": i, "ref": ref, "text": txt}
            for i, (ref, txt) in enumerate(prepared.sections)
        ])
        section_ids = dict(
            conn.execute(select(sections_t.c.position, sections_t.c.id).where(sections_t.c.plan_id == plan_id)).all()
        )
    if not prepared.actions:
        return outcome
    rows = []
    for a in prepared.actions:
        row = {k: v for k, v in a.items() if k != "_section"}
        row["plan_id"] = plan_id
        row["document"] = document
        row["authority_key"] = prepared.plan["authority_key"]
        row["section_id"] = None if a["_section"] is None else section_ids[a["_section"]]
        rows.append(row)
    bulk_insert(conn, actions_t, rows)
    by_seq = dict(conn.execute(select(actions_t.c.seq, actions_t.c.id).where(actions_t.c.plan_id == plan_id)).all())
    action_ids = [by_seq[a["seq"]] for a in prepared.actions]

    lead_ids = upsert_leads(session, prepared.leads)
    link_rows = [
        {"action_id": aid, "position": pos, "lead_id": lead_ids[key], "name": name}
        for aid, links in zip(action_ids, prepared.action_leads)
        for pos, (key, name) in enumerate(links)
    ]
    bulk_insert(conn, ActionLead.__table__, link_rows)
    source_rows = [
        {"action_id": aid, **src}
        for aid, srcs in zip(action_ids, prepared.action_sources)
        for src in srcs
    ]
    bulk_insert(conn, ActionSource.__table__, source_rows)
    return outcome


def supersede(session: Session, plan_id: int) -> None:
    """Keep the old version's plan row as history; delete its records (links cascade)."""
    session.execute(delete(Action).where(Action.plan_id == plan_id))
    session.execute(delete(Section).where(Section.plan_id == plan_id))
    session.execute(delete(LegendEntry).where(LegendEntry.plan_id == plan_id))
    session.execute(delete(PlanPerson).where(PlanPerson.plan_id == plan_id))
    session.execute(
        update(Plan).where(Plan.id == plan_id).values(current_document=None, superseded_at=datetime.now(timezone.utc))
    )


def upsert_leads(session: Session, leads: Mapping[str, PreparedLead]) -> dict[str, int]:
    """Insert lead entities that do not exist yet (INSERT … ON CONFLICT DO NOTHING, keys sorted so
    concurrent writers take row locks in one order) and return key -> id."""
    if not leads:
        return {}
    keys = sorted(leads)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    ins = dialect_insert(Lead)
    session.execute(
        ins.on_conflict_do_nothing(index_elements=["key"]),
        [{"key": k, "name": leads[k].name, "kind": leads[k].kind, "initials": leads[k].initials} for k in keys],
    )
    table = Lead.__table__
    conn = session.connection()
    with_initials = [{"k": k, "i": leads[k].initials} for k in keys if leads[k].initials]
    if with_initials:
        conn.execute(
            update(table)
            .where(table.c.key == bindparam("k"), table.c.initials.is_(None))
            .values(initials=bindparam("i")),
            with_initials,
        )
    explicit = [{"k": k, "kind_": leads[k].kind} for k in keys if leads[k].explicit_kind]
    if explicit:
        conn.execute(
            update(table)
            .where(table.c.key == bindparam("k"), table.c.kind != bindparam("kind_"))
            .values(kind=bindparam("kind_")),
            explicit,
        )
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        ids.update(session.execute(select(Lead.key, Lead.id).where(Lead.key.in_(chunk))).all())
    return ids
