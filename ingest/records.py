"""Typed records passed between recognition, normalisation, the store and export."""
from __future__ import annotations

from dataclasses import dataclass, field

# The contract's export columns, in order (CONTRACT.md).
EXPORT_COLUMNS: tuple[str, ...] = (
    "document", "authority", "plan_title", "section_ref", "section", "ref", "action",
    "lead_raw", "leads", "due_raw", "due_date", "due_precision", "due_kind", "status_raw",
    "rag", "sources", "source_types", "outcome", "page", "source_file",
)


@dataclass
class PlanRecord:
    document: str  # document key: the file's stem
    source_file: str
    format: str
    sha256: str = ""
    page_count: int | None = None
    authority: str = ""
    plan_title: str = ""
    plan_date: str | None = None  # ISO date when the plan states one
    legend: dict[str, str] = field(default_factory=dict)  # source code -> meaning
    people: dict[str, str] = field(default_factory=dict)  # initials -> full name


@dataclass
class ActionRecord:
    section_ref: str = ""
    section: str = ""
    ref: str = ""
    action: str = ""
    lead_raw: str = ""
    leads: list[str] = field(default_factory=list)
    due_raw: str = ""
    due_date: str = ""  # ISO YYYY-MM-DD or ""
    due_precision: str = ""
    due_kind: str = ""
    status_raw: str = ""
    rag: str = ""
    sources: list[str] = field(default_factory=list)
    source_types: list[str] = field(default_factory=list)
    outcome: str = ""
    page: int | None = None
    position: int = 0  # order within the document
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)  # why confidence is below 1

    def export_row(self, plan: PlanRecord) -> dict[str, str]:
        values = {
            "document": plan.document,
            "authority": plan.authority,
            "plan_title": plan.plan_title,
            "section_ref": self.section_ref,
            "section": self.section,
            "ref": self.ref,
            "action": self.action,
            "lead_raw": self.lead_raw,
            "leads": "; ".join(self.leads),
            "due_raw": self.due_raw,
            "due_date": self.due_date,
            "due_precision": self.due_precision,
            "due_kind": self.due_kind,
            "status_raw": self.status_raw,
            "rag": self.rag,
            "sources": "; ".join(self.sources),
            "source_types": "; ".join(self.source_types),
            "outcome": self.outcome,
            "page": "" if self.page is None else str(self.page),
            "source_file": plan.source_file,
        }
        return {c: values[c] for c in EXPORT_COLUMNS}


@dataclass
class ExtractedPlan:
    """A document's plan metadata and actions, ready to store."""

    plan: PlanRecord
    actions: list[ActionRecord]
    lead_kinds: dict[str, str] = field(default_factory=dict)  # lead -> person / role / organisation
