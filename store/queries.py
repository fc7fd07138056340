"""Reading the store: the action filter, export rows, plans and leads listings."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, ColumnElement, Integer, Select, and_, any_, bindparam, column, exists, false, func, intersect, literal, null, or_, select, text, union, union_all
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from store.keys import fts_tokens, norm_key
from store.models import Action, ActionLead, ActionSource, Lead, Plan, PlanPerson, Section

BATCH = 1000
# PostgreSQL pages: a lead or source type of at least this many actions is tested per row, in
# export order
PROBE_SET = 3000
# SQLite pages: a search matching at least this many actions walks the export order
COMMON_SEARCH = 3000


@dataclass
class ActionFilter:
    """Conditions on actions; every field is optional and the given ones are ANDed.

    due_before / due_after are inclusive and exclude actions without a due date.
    overdue: due_date < as_of (default today), due_kind "by", status not complete/done.
    """

    authority: list[str] | None = None
    lead: str | None = None
    due_before: date | None = None
    due_after: date | None = None
    overdue: bool = False
    as_of: date | None = None
    source_type: str | None = None
    rag: str | None = None
    search: str | None = None
    document: list[str] | None = None


@dataclass
class _Term:
    """One filter's condition on actions. `ids`, when set, is the same filter as a query for
    the distinct ids of the matching actions (a set: cheap to count and intersect alone);
    `cond` then tests actions.id against it."""

    cond: ColumnElement[bool]
    ids: Any = None


def _lead_term(session: Session, lead: str, probe: bool, driving: bool, page: bool = False) -> _Term:
    """A lead matches by its normalised name / role key, by initials that the action's own
    plan defines in its key of leads (initials are per plan: SK is not the same person
    everywhere), or by its words written consecutively in the raw lead text (any case, spacing
    or punctuation between them: "chair of cdop" finds "Chair of  CDOP/LADO").

    Lead ids are looked up first, so the main query filters action_leads.lead_id by value and
    the planner can use that column's statistics (a role may lead thousands of actions).
    probe: test each candidate row (EXISTS) instead of building the set of matching actions;
    driving: whether the set may drive the query (see _id_in)."""
    key = norm_key(lead)
    # one round trip: the lead by its key (plan NULL), and the leads its initials name, per plan
    found = session.execute(union_all(
        select(Lead.id, null().label("plan_id")).where(Lead.key == key),
        select(Lead.id, PlanPerson.plan_id).join(Lead, Lead.key == PlanPerson.name_key)
        .where(PlanPerson.initials_key == key),
    )).all()
    by_key = [lead_id for lead_id, plan_id in found if plan_id is None]
    by_initials: dict[int, list[int]] = defaultdict(list)  # lead id -> plans defining the initials
    for lead_id, plan_id in found:
        if plan_id is not None and lead_id not in by_key:
            by_initials[lead_id].append(plan_id)
    raw = _lead_text_ids(session, lead)
    if raw is None and not by_key and not by_initials:
        return _Term(false())
    postgres = session.get_bind().dialect.name == "postgresql"
    if not probe and page and postgres and _many_led(session, by_key, lead, PROBE_SET):
        # a lead of thousands of actions: walking the export order and testing each row finds a
        # page after a few hundred rows; building the set means sorting every match (166 -> 10 ms)
        probe = True
    if probe:
        link = aliased(ActionLead)
        matches = [link.lead_id.in_(by_key)] if by_key else []
        matches += [
            and_(link.lead_id == lead_id, Action.plan_id.in_(plan_ids))
            for lead_id, plan_ids in sorted(by_initials.items())
        ]
        conds = [_row_test(link.action_id == Action.id, or_(*matches), postgres=postgres)] if matches else []
        if raw is not None and postgres:
            conds.append(text(
                "EXISTS (SELECT 1 FROM lead_text WHERE lead_text.action_id = actions.id "
                "AND lead_vector @@ to_tsquery('simple', :lead_q) OFFSET 0)"
            ).bindparams(lead_q=" <-> ".join(fts_tokens(lead))))
        elif raw is not None:
            conds.append(_id_in(session, raw, driving=False))
        return _Term(or_(*conds))
    # one id set (UNION) rather than an OR of conditions, which PostgreSQL can only test per row
    branches: list[Any] = []
    if by_key:
        branches.append(select(ActionLead.action_id).where(ActionLead.lead_id.in_(by_key)))
    led = aliased(Action)
    for lead_id, plan_ids in sorted(by_initials.items()):
        branches.append(
            select(ActionLead.action_id)
            .join(led, led.id == ActionLead.action_id)
            .where(ActionLead.lead_id == lead_id, led.plan_id.in_(plan_ids))
        )
    if raw is not None:
        branches.append(raw)
    return _set_term(session, branches, driving)


def _row_test(*where: ColumnElement[bool], postgres: bool) -> ColumnElement[bool]:
    """EXISTS (… WHERE where), tested for each candidate row. On PostgreSQL with OFFSET 0, which
    keeps the planner from turning it into a semi-join that builds the whole set of matches
    (44,000 source rows hashed to test 2,000 candidates: 30 ms instead of 3)."""
    if postgres:
        return select(literal(1)).where(*where).offset(0).exists()
    return exists().where(*where)


def _at_least(session: Session, rows: Any, n: int) -> bool:
    """Whether the query `rows` (a Select, or a textual one already ending LIMIT :cap) gives n
    rows or more; the count stops at n, so it reads an index range of at most n entries."""
    if isinstance(rows, Select):
        rows = rows.limit(n)
    else:
        rows = rows.bindparams(cap=n).columns(column("one", Integer))
    return (session.scalar(select(func.count()).select_from(rows.subquery())) or 0) >= n


def _many_led(session: Session, lead_ids: list[int], lead: str, n: int) -> bool:
    """Whether the lead's entities, or the lead's words in raw lead text, have n actions or more."""
    if lead_ids and _at_least(session, select(ActionLead.action_id).where(ActionLead.lead_id.in_(lead_ids)), n):
        return True
    tokens = fts_tokens(lead)
    return bool(tokens) and _at_least(session, text(
        "SELECT 1 FROM lead_text WHERE lead_vector @@ to_tsquery('simple', :lead_q) LIMIT :cap"
    ).bindparams(lead_q=" <-> ".join(tokens)), n)


def _lead_text_ids(session: Session, lead: str) -> Any:
    """Ids of actions whose raw lead text has the lead's words, in order and adjacent (through
    the lead text's own full-text table); None when the lead has no words."""
    tokens = fts_tokens(lead)
    if not tokens:
        return None
    if session.get_bind().dialect.name == "postgresql":
        return (
            text("SELECT action_id FROM lead_text WHERE lead_vector @@ to_tsquery('simple', :lead_q)")
            .bindparams(lead_q=" <-> ".join(tokens))
            .columns(column("action_id", Integer))
        )
    return (
        text("SELECT rowid FROM lead_text_fts WHERE lead_text_fts MATCH :fts_lead")
        .bindparams(fts_lead="\"" + " ".join(tokens) + "\"")
        .columns(column("rowid", Integer))
    )


def _set_term(session: Session, branches: list[Any], driving: bool) -> _Term:
    """The union of id queries as a term (UNION: `ids` is duplicate-free)."""
    if len(branches) > 1:
        ids: Any = union(*branches)
    else:  # full-text rowids are unique already; an action may list one lead twice
        ids = branches[0].distinct() if isinstance(branches[0], Select) else branches[0]
    return _Term(_id_in(session, ids, driving), ids)


def _id_in(session: Session, ids: Any, driving: bool) -> ColumnElement[bool]:
    """actions.id IN (ids). driving=False on SQLite: the set is built once and each candidate
    row tested against it (unary +), so a page can walk the export order and stop early."""
    if not driving and session.get_bind().dialect.name == "sqlite":
        return _not_driving(Action.id).in_(ids)
    return Action.id.in_(ids)


def _source_term(session: Session, source_type: str, probe: bool, driving: bool, page: bool = False) -> _Term:
    """A source code ("OR") or its meaning in the plan's own key ("Ofsted recommendation")."""
    key = norm_key(source_type)
    postgres = session.get_bind().dialect.name == "postgresql"
    if not probe and page and postgres:
        # as for a lead: a page of a source type with thousands of actions is found by walking
        # the export order (hashing 22,000 matches and sorting them took ~40 ms)
        probe = _at_least(session, select(ActionSource.action_id).where(
            or_(ActionSource.code_key == key, ActionSource.meaning_key == key)
        ), PROBE_SET)
    if probe:
        src = aliased(ActionSource)
        return _Term(_row_test(src.action_id == Action.id, or_(src.code_key == key, src.meaning_key == key),
                               postgres=postgres))
    # counted as two index-only branches (UNION removes actions with both a matching code and
    # meaning); tested as one semi-join (PostgreSQL hash-joins a UNION with every action)
    either = select(ActionSource.action_id).where(or_(ActionSource.code_key == key, ActionSource.meaning_key == key))
    ids = union(
        select(ActionSource.action_id).where(ActionSource.code_key == key),
        select(ActionSource.action_id).where(ActionSource.meaning_key == key),
    )
    return _Term(_id_in(session, either, driving), ids)


def _search_term(session: Session, search: str, driving: bool) -> _Term:
    """Every word must occur (as a prefix of a word) in the action text + outcome, or in the
    enclosing section's text. The same rule on both backends."""
    tokens = fts_tokens(search)
    if not tokens:
        return _Term(false())
    if session.get_bind().dialect.name == "postgresql":
        # ARRAY(...) is computed once and "= ANY" is indexable: PostgreSQL can OR two index
        # bitmaps when the search is selective, or test each row when another filter is.
        ts_q = " & ".join(f"{t}:*" for t in tokens)
        sections = "ARRAY(SELECT id FROM sections WHERE search_vector @@ to_tsquery('simple', :ts_q))"
        # counted in the narrow action_search table (migration 0008), not in the wide actions heap
        ids = (
            text(f"SELECT action_id FROM action_search WHERE words @@ to_tsquery('simple', :ts_q) "
                 f"OR section_id = ANY({sections})")
            .bindparams(ts_q=ts_q)
            .columns(column("action_id", Integer))
        )
        return _Term(text(
            f"(actions.search_vector @@ to_tsquery('simple', :ts_q) OR actions.section_id = ANY({sections}))"
        ).bindparams(ts_q=ts_q), ids)
    q = " ".join(f'"{t}"*' for t in tokens)
    by_text = (
        text("SELECT rowid FROM actions_fts WHERE actions_fts MATCH :fts_actions")
        .bindparams(fts_actions="{text outcome} : (" + q + ")")
        .columns(column("rowid", Integer))
    )
    sections = (
        text("SELECT rowid FROM sections_fts WHERE sections_fts MATCH :fts_sections")
        .bindparams(fts_sections=q)
        .columns(column("rowid", Integer))
    )
    led = aliased(Action)
    ids = union(select(led.id).where(led.section_id.in_(sections)), by_text)  # a textual SELECT cannot lead
    col = (lambda c: c) if driving else _not_driving
    # SQLite: an OR of two INs (a UNION would de-duplicate tens of thousands of ids per query)
    return _Term(or_(col(Action.id).in_(by_text), col(Action.section_id).in_(sections)), ids)


def _not_driving(column_: Any) -> Any:
    """SQLite's unary + : the same value, but the term can no longer pick an index."""
    return UnaryExpression(column_, operator=custom_op("+"), type_=column_.type)


def _not_driving_pg(column_: Any) -> Any:
    """PostgreSQL's equivalent: coalesce(c, c) is c, but no index matches the expression. PostgreSQL
    would otherwise scan the overdue index's whole date range, testing every entry against the
    authority's documents (an array compare per entry, ~260 ms), instead of those documents' rows."""
    return func.coalesce(column_, column_, type_=column_.type)


def conditions(session: Session, flt: ActionFilter | None, page: bool = False) -> list[_Term]:
    """The filter's terms, cheap per-row tests first (SQLite evaluates them in this order and
    builds a full-text set only when a row gets that far).

    page: SQLite ordering the first rows. Id sets (lead, source type, search) are then tested
    per row instead of driving, so the query walks an index in export order (the order index,
    or rag's) and stops at the limit instead of fetching and sorting every match."""
    if flt is None:
        return []
    sqlite = session.get_bind().dialect.name == "sqlite"
    terms: list[_Term] = []
    # When a document or authority already bounds the candidates to one plan or borough, testing
    # each candidate (EXISTS) is far cheaper than building a lead's or source's set of matches:
    # SQLite builds every IN (subquery) set in full, and PostgreSQL hash-joins the whole set.
    probe = bool(flt.document or flt.authority)
    driving = not (probe or (page and sqlite))
    if flt.document:
        terms.append(_Term(Action.document.in_(list(flt.document))))
    if flt.authority:
        # the authorities' current documents, looked up first: the filter then walks the export
        # order index (ix_actions_order) for just those documents, in order
        documents = list(session.scalars(
            select(Plan.current_document)
            .where(Plan.authority_key.in_([norm_key(a) for a in flt.authority]), Plan.current_document.is_not(None))
            .order_by(Plan.current_document)
        ))
        terms.append(_Term(Action.document.in_(documents) if documents else false()))
    # ... and must also drive the query: SQLite cannot size a date range (no STAT4), so it may
    # prefer the overdue or due-date index. Unary + (a no-op on the value) disqualifies a term.
    col = (_not_driving if sqlite else _not_driving_pg) if probe else (lambda c: c)
    if flt.due_before is not None:
        terms.append(_Term(col(Action.due_date) <= flt.due_before))
    if flt.due_after is not None:
        terms.append(_Term(col(Action.due_date) >= flt.due_after))
    if flt.overdue:
        as_of = flt.as_of or date.today()
        # PostgreSQL: kind and completion stay indexable, for ix_actions_document_due (document,
        # due_kind, complete, due_date): an authority's overdue candidates come from the index alone.
        # Only the date range is kept from driving (the overdue index's whole range, above).
        flag = col if sqlite else (lambda c: c)
        not_complete = flag(Action.complete) == False  # noqa: E712 -- "= false" is indexable, "IS false" is not
        terms.extend(_Term(c) for c in (flag(Action.due_kind) == "by", not_complete, col(Action.due_date) < as_of))
    if flt.rag is not None and flt.rag.strip():
        terms.append(_Term(col(Action.rag) == flt.rag.strip().casefold()))
    if flt.lead is not None and flt.lead.strip():
        terms.append(_lead_term(session, flt.lead, probe, driving, page))
    if flt.source_type is not None and flt.source_type.strip():
        terms.append(_source_term(session, flt.source_type, probe, driving, page))
    if flt.search is not None:
        # a rare word's few matches are cheaper to sort than to find by walking the export order;
        # a common word's page is found by walking it (SQLite: 44,000 matches sorted took 72 ms)
        common = sqlite and page and not probe and _common_search(session, flt.search, COMMON_SEARCH)
        terms.append(_search_term(session, flt.search, driving=not (probe or common)))
    return terms


def _common_search(session: Session, search: str, n: int) -> bool:
    """SQLite: whether the search's words match at least n actions' own text."""
    tokens = fts_tokens(search)
    return bool(tokens) and _at_least(session, text(
        "SELECT rowid FROM actions_fts WHERE actions_fts MATCH :q LIMIT :cap"
    ).bindparams(q="{text outcome} : (" + " ".join(f'"{t}"*' for t in tokens) + ")"), n)


_DETAIL_COLUMNS = (
    Action.id, Action.document, Plan.authority, Plan.title, Plan.source_file,
    Section.ref, Section.text, Action.ref, Action.text, Action.lead_raw, Action.due_raw,
    Action.due_date, Action.due_precision, Action.due_kind, Action.status_raw, Action.rag,
    Action.source_types, Action.outcome, Action.page, Action.confidence, Action.reasons,
)
_ORDER = (Action.document, Action.position, Action.seq)


def in_bound_list(column_: Any, name: str, dialect: str, item_type: Any) -> ColumnElement[bool]:
    """column IN the list bound as parameter `name`: one parameter either way (an array on
    PostgreSQL, a JSON array read by json_each on SQLite), so one cached statement serves
    every list instead of a new IN list of placeholders each time."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column_ == any_(bindparam(name, type_=ARRAY(item_type)))
    return column_.in_(
        select(column("value", item_type)).select_from(func.json_each(bindparam(name, type_=JSON)))
    )


def _ids_match(column_: Any, dialect: str) -> ColumnElement[bool]:
    """column IN the batch of action ids bound as "ids"."""
    return in_bound_list(column_, "ids", dialect, Integer())


def _matching(session: Session, flt: ActionFilter | None, limit: int | None) -> Select[Any]:
    """The ids of the matching actions in export order (document, position), from the actions
    table alone: filters and ordering never wait on joins."""
    stmt = select(Action.id).where(*(t.cond for t in conditions(session, flt, page=limit is not None))).order_by(*_ORDER)
    return stmt if limit is None else stmt.limit(limit)


def matching_ids(session: Session, flt: ActionFilter | None, limit: int | None = None) -> list[int]:
    return list(session.connection().execute(_matching(session, flt, limit)).scalars())


def _joined(column_: Any, link: Any) -> Any:
    """The action's values of a link table's column, in the action's order, joined by "; "
    (as the export writes them), as a correlated scalar subquery."""
    ordered = (
        select(column_.label("value")).where(link.action_id == Action.id).order_by(link.position)
        .correlate(Action).subquery()
    )
    return select(func.aggregate_strings(ordered.c.value, "; ")).scalar_subquery()


def iter_actions(
    session: Session, flt: ActionFilter | None = None, limit: int | None = None, extras: bool = True
) -> Iterator[dict[str, Any]]:
    """Matching actions as export rows (contract columns, all strings), plus id, confidence and
    reasons when `extras`; ordered by document, then position.

    A page (limit <= BATCH) is one statement: its ids as a subquery, each row's details, leads and
    sources. Otherwise two phases: the ordered ids, then one statement per BATCH of ids (no
    server-side cursor: PostgreSQL plans those for the first rows, without parallelism).
    Run it inside one transaction (REPEATABLE READ on PostgreSQL) for a consistent snapshot."""
    conn = session.connection()
    dialect = conn.dialect.name
    columns = _DETAIL_COLUMNS if extras else _DETAIL_COLUMNS[:-2]  # reasons: JSON worth skipping
    details = (
        select(*columns, _joined(ActionLead.name, ActionLead), _joined(ActionSource.ref, ActionSource))
        .join(Plan, Plan.id == Action.plan_id)
        .outerjoin(Section, Section.id == Action.section_id)
    )
    if limit is not None and limit <= BATCH:
        page = _matching(session, flt, limit).subquery()
        batches: Iterator[Any] = iter([conn.execute(details.join(page, page.c.id == Action.id).order_by(*_ORDER))])
    else:
        ids = matching_ids(session, flt, limit)
        in_batch = details.where(_ids_match(Action.id, dialect)).order_by(*_ORDER)
        batches = (conn.execute(in_batch, {"ids": ids[i:i + BATCH]}) for i in range(0, len(ids), BATCH))
    for rows in batches:
        for r in rows:
            due_date, page_no = r[11], r[18]
            row = {
                "document": r[1],
                "authority": r[2],
                "plan_title": r[3],
                "section_ref": r[5] or "",
                "section": r[6] or "",
                "ref": r[7],
                "action": r[8],
                "lead_raw": r[9],
                "leads": r[-2] or "",
                "due_raw": r[10],
                "due_date": due_date.isoformat() if due_date is not None else "",
                "due_precision": r[12],
                "due_kind": r[13],
                "status_raw": r[14],
                "rag": r[15],
                "sources": r[-1] or "",
                "source_types": "; ".join(r[16] or ()),
                "outcome": r[17],
                "page": "" if page_no is None else str(page_no),
                "source_file": r[4],
            }
            if extras:
                row.update(id=r[0], confidence=r[19], reasons=list(r[20] or ()))
            yield row


def export_rows(session: Session, flt: ActionFilter | None = None) -> Iterator[dict[str, str]]:
    yield from iter_actions(session, flt, extras=False)


def count_actions(session: Session, flt: ActionFilter | None = None) -> int:
    """Filters that are all id sets (lead, source type, search) are counted from the sets
    themselves (their indexes alone), without visiting each matching action."""
    terms = conditions(session, flt)
    if terms and all(t.ids is not None for t in terms):
        sets = [t.ids for t in terms]
        # each set as a subquery: SQLite cannot nest a UNION inside an INTERSECT directly
        ids = sets[0] if len(sets) == 1 else intersect(*(select(s.subquery().c[0]) for s in sets))
        stmt = select(func.count()).select_from(ids.subquery())
    else:
        stmt = select(func.count()).select_from(Action).where(*(t.cond for t in terms))
    return int(session.scalar(stmt) or 0)


def _utc_iso(moment: datetime | None) -> str:
    """SQLite hands back naive datetimes; they were written in UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()


def list_plans(session: Session) -> list[dict[str, Any]]:
    counts = (
        select(Action.plan_id, func.count().label("n")).group_by(Action.plan_id).subquery()
    )
    rows = session.execute(
        select(Plan, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.plan_id == Plan.id)
        .where(Plan.current_document.is_not(None))
        .order_by(Plan.document)
    )
    return [
        {
            "document": p.document,
            "authority": p.authority,
            "plan_title": p.title,
            "source_file": p.source_file,
            "format": p.format,
            "sha256": p.sha256,
            "page_count": p.page_count,
            "plan_date": p.plan_date.isoformat() if p.plan_date else "",
            "ingested_at": _utc_iso(p.ingested_at),
            "actions": int(n),
        }
        for p, n in rows
    ]


def list_leads(session: Session) -> list[dict[str, Any]]:
    """Lead entities linked to at least one stored action, with action and plan counts."""
    rows = session.execute(
        select(
            Lead.name, Lead.kind, Lead.initials, Lead.key,
            func.count(func.distinct(ActionLead.action_id)),
            func.count(func.distinct(Action.plan_id)),
        )
        .join(ActionLead, ActionLead.lead_id == Lead.id)
        .join(Action, Action.id == ActionLead.action_id)
        .group_by(Lead.id, Lead.name, Lead.kind, Lead.initials, Lead.key)
        .order_by(Lead.key)
    )
    return [
        {"name": name, "kind": kind, "initials": initials or "", "key": key, "actions": int(n), "plans": int(p)}
        for name, kind, initials, key, n, p in rows
    ]
