"""ORM models of the plan store (SQLAlchemy 2.x typed declarative).

The schema itself is created by Alembic migrations (store/migrations); a test checks the
migrated schema matches these models. PostgreSQL-only full-text columns (tsvector) and the
SQLite FTS5 tables are created by the migration and are not mapped here.
"""
from __future__ import annotations

from datetime import date, datetime
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.lite import OUTCOMES  # one list for both ways of writing the run log

# Keys compared and ordered bytewise on both backends, so ordering is identical
# (SQLite's BINARY collation == PostgreSQL's "C" collation for UTF-8 text).
Key = String().with_variant(String(collation="C"), "postgresql")

LEAD_KINDS = ("person", "role", "organisation")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s"})


class Plan(Base):
    """One row per ingested document version. Only the current version has children."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Key, index=True)
    # equals `document` while this version is current, NULL once superseded: unique among current plans
    current_document: Mapped[str | None] = mapped_column(Key, unique=True)
    source_file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(16))
    page_count: Mapped[int | None] = mapped_column(Integer)
    authority: Mapped[str] = mapped_column(Text)
    authority_key: Mapped[str] = mapped_column(Key, index=True)
    title: Mapped[str] = mapped_column(Text)
    plan_date: Mapped[date | None] = mapped_column(Date)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("plan_id", "seq"),
        # export order, and filters that can walk it: document, authority (by its plans' documents), rag
        Index("ix_actions_order", "document", "position", "seq", postgresql_include=["id"]),  # migration 0010
        Index("ix_actions_rag", "rag", "document", "position", "seq"),
        Index("ix_actions_due_date", "due_date"),
        Index("ix_actions_overdue", "due_kind", "complete", "due_date", "document", "position", "seq"),
        # an authority's or document's overdue actions (migration 0009)
        Index("ix_actions_document_due", "document", "due_kind", "complete", "due_date"),
        Index("ix_actions_section_id", "section_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    # copies of the plan's (a plan version never changes): filter and order without a join
    document: Mapped[str] = mapped_column(Key)
    authority_key: Mapped[str] = mapped_column(Key)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order in the document, as extracted
    seq: Mapped[int] = mapped_column(Integer)  # index in the extracted list: unique per plan, breaks ties
    ref: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    lead_raw: Mapped[str] = mapped_column(Text)
    due_raw: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    due_precision: Mapped[str] = mapped_column(String(16))
    due_kind: Mapped[str] = mapped_column(String(16))
    status_raw: Mapped[str] = mapped_column(Text)
    complete: Mapped[bool] = mapped_column()  # status_raw says complete / completed / done
    rag: Mapped[str] = mapped_column(String(8))
    outcome: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    source_types: Mapped[list[str]] = mapped_column(JSON)  # as extracted, for exact export


class Lead(Base):
    """A lead entity, shared across plans: identity is the normalised key."""

    __tablename__ = "leads"
    __table_args__ = (CheckConstraint("kind IN ('person', 'role', 'organisation')", name="ck_leads_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Key, unique=True)
    name: Mapped[str] = mapped_column(Text)  # as first written
    kind: Mapped[str] = mapped_column(String(16))
    initials: Mapped[str | None] = mapped_column(String(16))  # when a plan's key of leads defines them


class ActionLead(Base):
    """Many-to-many link, in the order the action lists its leads, with the name as written.

    Link tables carry no foreign keys (checking them doubled loading time on PostgreSQL): only
    store.save writes them, with ids just inserted, and deletes them when a plan is replaced."""

    __tablename__ = "action_leads"
    __table_args__ = (Index("ix_action_leads_lead", "lead_id", "action_id"),)

    action_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # actions.id
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(Integer)  # leads.id
    name: Mapped[str] = mapped_column(Text)


class ActionSource(Base):
    __tablename__ = "action_sources"
    __table_args__ = (
        Index("ix_action_sources_code", "code_key", "action_id"),
        Index("ix_action_sources_meaning", "meaning_key", "action_id"),
        # a source type tested per action reads only this index (migration 0010)
        Index("ix_action_sources_action_keys", "action_id", "code_key", "meaning_key"),
    )

    action_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # actions.id, unchecked like ActionLead's
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(Text)  # "OC para 11"
    code: Mapped[str] = mapped_column(Text)  # "OC"
    meaning: Mapped[str] = mapped_column(Text)  # "Ofsted comment", from the plan's own legend
    code_key: Mapped[str] = mapped_column(Key)
    meaning_key: Mapped[str] = mapped_column(Key)


class LegendEntry(Base):
    __tablename__ = "legend_entries"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(Key, primary_key=True)
    meaning: Mapped[str] = mapped_column(Text)


class PlanPerson(Base):
    """A plan's key of leads: initials -> full name."""

    __tablename__ = "plan_people"
    __table_args__ = (Index("ix_plan_people_initials", "initials_key", "plan_id"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    initials: Mapped[str] = mapped_column(Key, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    initials_key: Mapped[str] = mapped_column(Key)
    name_key: Mapped[str] = mapped_column(Key)


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RunFile(Base):
    __tablename__ = "run_files"
    __table_args__ = (
        CheckConstraint(
            "outcome IN (" + ", ".join(f"'{o}'" for o in OUTCOMES) + ")", name="ck_run_files_outcome"
        ),
        Index("ix_run_files_run", "run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Key)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    seconds: Mapped[float] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

