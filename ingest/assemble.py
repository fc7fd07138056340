"""From a document to a plan with normalised actions: recognise, then normalise each field."""
from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.errors import NoActionTable
from extractors.model import Document
from normalise.dates import PlanPeriod, PlanYears, parse_deadline
from normalise.leads import find_people, lead_kind, normalise_leads
from normalise.metadata import plan_metadata
from normalise.rag import rag_from_fill, rag_from_text
from normalise.sources import find_legend, source_types, split_sources
from normalise.text import clean, strip_list_marker

from .recognise import RawAction, recognise
from .records import ActionRecord, ExtractedPlan, PlanRecord


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def normalise_action(raw: RawAction, people: dict[str, str], legend: dict[str, str], position: int,
                     period: PlanPeriod | None = None, plan_years: PlanYears | None = None) -> ActionRecord:
    """One recognised action with its fields normalised; ``period`` is the plan's (a deadline
    printed with no year, "End of Q2", is read in it), ``plan_years`` when the plan's own "Year 1"
    starts (a deadline "Year 2" is read from it)."""
    reasons: list[str] = []
    lead_raw = clean(raw.lead_raw)
    leads = normalise_leads(raw.lead_raw, people) if raw.lead_raw.strip() else []
    due = parse_deadline(clean(raw.due_raw), period=period, plan_years=plan_years) if raw.due_raw.strip() else None
    sources = split_sources(clean(raw.source_raw), legend) if raw.source_raw.strip() else []
    rag = rag_from_text(raw.rag_raw) or rag_from_text(raw.status_raw) or rag_from_fill(raw.status_fill)
    action_text = clean(strip_list_marker(raw.action))
    confidence = 1.0
    if due is not None and due.strategy == "none":
        reasons.append(f"deadline not understood: {clean(raw.due_raw)!r}")
        confidence -= 0.3
    if not leads and lead_raw:
        reasons.append("lead cell gave no lead")
        confidence -= 0.3
    if sources and legend and not source_types(sources, legend):
        reasons.append("source codes not in the document's key")
        confidence -= 0.2
    if len(action_text) < 12:
        reasons.append("very short action text")
        confidence -= 0.3
    return ActionRecord(
        section_ref=raw.section_ref,
        section=clean(raw.section),
        ref=raw.ref,
        action=action_text,
        lead_raw=lead_raw,
        leads=leads,
        due_raw=due.raw if due else "",
        due_date=due.iso if due else "",
        due_precision=due.precision if due else "",
        due_kind=due.kind if due else "",
        status_raw=clean(raw.status_raw),
        rag=rag,
        sources=sources,
        source_types=source_types(sources, legend),
        outcome=clean(raw.outcome),
        page=raw.page,
        position=position,
        confidence=max(0.0, round(confidence, 2)),
        reasons=reasons + raw.notes,
    )


def assemble(doc: Document, source_path: str | Path, sha256: str = "", require_actions: bool = True) -> ExtractedPlan:
    path = Path(source_path)
    raws, _ = recognise(doc)
    if require_actions and not raws:
        raise NoActionTable("no action table recognised (no table with action and lead/date/status columns)", str(path))
    people = find_people(doc)
    legend = find_legend(doc)
    meta = plan_metadata(doc)
    plan = PlanRecord(
        document=path.stem,
        source_file=path.name,
        format=doc.format,
        sha256=sha256,
        page_count=doc.page_count,
        authority=meta.authority,
        plan_title=meta.plan_title,
        plan_date=meta.plan_date,
        legend=legend,
        people=people,
    )
    actions = [normalise_action(r, people, legend, k, meta.period, meta.plan_years) for k, r in enumerate(raws)]
    kinds = {lead: lead_kind(lead, people) for a in actions for lead in a.leads}
    return ExtractedPlan(plan=plan, actions=actions, lead_kinds=kinds)
