"""Initial plan store schema: plans, sections, actions, leads, sources, legend, people, runs;
full-text search (SQLite FTS5 tables kept in sync by triggers; PostgreSQL generated tsvector
columns with GIN indexes).

Revision ID: 0001_initial
Revises:
Create Date: 2024-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

Key = sa.String().with_variant(sa.String(collation="C"), "postgresql")
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document", Key, nullable=False),
        sa.Column("current_document", Key, nullable=True),
        sa.Column("source_file", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("page_count", sa.Integer, nullable=True),
        sa.Column("authority", sa.Text, nullable=False),
        sa.Column("authority_key", Key, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("plan_date", sa.Date, nullable=True),
        sa.Column("ingested_at", TZ, nullable=False),
        sa.Column("superseded_at", TZ, nullable=True),
        sa.UniqueConstraint("current_document", name="uq_plans_current_document"),
    )
    op.create_index("ix_plans_document", "plans", ["document"])
    op.create_index("ix_plans_authority_key", "plans", ["authority_key"])

    op.create_table(
        "sections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("plan_id", "position", name="uq_sections_plan_id_position"),
    )

    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("document", Key, nullable=False),
        sa.Column("authority_key", Key, nullable=False),
        sa.Column("section_id", sa.Integer, sa.ForeignKey("sections.id", ondelete="CASCADE"), nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lead_raw", sa.Text, nullable=False),
        sa.Column("due_raw", sa.Text, nullable=False),
        sa.Column("due_date", sa.Date, nullable=True),
        sa.Column("due_precision", sa.String(16), nullable=False),
        sa.Column("due_kind", sa.String(16), nullable=False),
        sa.Column("status_raw", sa.Text, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("rag", sa.String(8), nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("source_types", sa.JSON, nullable=False),
        sa.UniqueConstraint("plan_id", "seq", name="uq_actions_plan_id_seq"),
    )
    op.create_index("ix_actions_order", "actions", ["document", "position", "seq"])
    op.create_index("ix_actions_authority", "actions", ["authority_key", "document", "position", "seq"])
    op.create_index("ix_actions_rag", "actions", ["rag", "document", "position", "seq"])
    op.create_index("ix_actions_due_date", "actions", ["due_date"])
    op.create_index("ix_actions_overdue", "actions", ["due_kind", "complete", "due_date", "document", "position", "seq"])
    op.create_index("ix_actions_section_id", "actions", ["section_id"])

    op.create_table(
        "leads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", Key, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("initials", sa.String(16), nullable=True),
        sa.UniqueConstraint("key", name="uq_leads_key"),
        sa.CheckConstraint("kind IN ('person', 'role', 'organisation')", name="ck_leads_kind"),
    )

    op.create_table(
        "action_leads",
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_index("ix_action_leads_lead", "action_leads", ["lead_id", "action_id"])

    op.create_table(
        "action_sources",
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("meaning", sa.Text, nullable=False),
        sa.Column("code_key", Key, nullable=False),
        sa.Column("meaning_key", Key, nullable=False),
    )
    op.create_index("ix_action_sources_code", "action_sources", ["code_key", "action_id"])
    op.create_index("ix_action_sources_meaning", "action_sources", ["meaning_key", "action_id"])

    op.create_table(
        "legend_entries",
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("code", Key, primary_key=True),
        sa.Column("meaning", sa.Text, nullable=False),
    )

    op.create_table(
        "plan_people",
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("initials", Key, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("initials_key", Key, nullable=False),
        sa.Column("name_key", Key, nullable=False),
    )
    op.create_index("ix_plan_people_initials", "plan_people", ["initials_key", "plan_id"])

    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ, nullable=True),
    )

    op.create_table(
        "run_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("document", Key, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.CheckConstraint(
            "outcome IN ('stored', 'unchanged', 'replaced', 'failed')", name="ck_run_files_outcome"
        ),
    )
    op.create_index("ix_run_files_run", "run_files", ["run_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _postgres_full_text()
    elif dialect == "sqlite":
        _sqlite_full_text()


def _postgres_full_text() -> None:
    # GIN indexes buffer new entries in a pending list that every search scans linearly;
    # 1 MB (not the 4 MB default) bounds that cost between merges (Store.optimize merges it).
    # 'simple': no stemming or stop words, so search behaves the same as the SQLite FTS5 side
    # (unicode61 tokenizer); queries prefix-match each word on both backends.
    op.execute(
        "ALTER TABLE actions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, text || ' ' || outcome)) STORED"
    )
    op.execute("CREATE INDEX ix_actions_search ON actions USING gin (search_vector) WITH (gin_pending_list_limit = 1024)")
    op.execute(
        "ALTER TABLE sections ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, text)) STORED"
    )
    op.execute("CREATE INDEX ix_sections_search ON sections USING gin (search_vector) WITH (gin_pending_list_limit = 1024)")


def _sqlite_full_text() -> None:
    tokenize = "tokenize = 'unicode61 remove_diacritics 0'"
    op.execute(
        f"CREATE VIRTUAL TABLE actions_fts USING fts5(text, outcome, content='actions', content_rowid='id', {tokenize})"
    )
    op.execute(
        "CREATE TRIGGER actions_fts_insert AFTER INSERT ON actions BEGIN "
        "INSERT INTO actions_fts(rowid, text, outcome) VALUES (new.id, new.text, new.outcome); END"
    )
    op.execute(
        "CREATE TRIGGER actions_fts_delete AFTER DELETE ON actions BEGIN "
        "INSERT INTO actions_fts(actions_fts, rowid, text, outcome) VALUES ('delete', old.id, old.text, old.outcome); END"
    )
    op.execute(
        "CREATE TRIGGER actions_fts_update AFTER UPDATE OF text, outcome ON actions BEGIN "
        "INSERT INTO actions_fts(actions_fts, rowid, text, outcome) VALUES ('delete', old.id, old.text, old.outcome); "
        "INSERT INTO actions_fts(rowid, text, outcome) VALUES (new.id, new.text, new.outcome); END"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE sections_fts USING fts5(text, content='sections', content_rowid='id', {tokenize})"
    )
    op.execute(
        "CREATE TRIGGER sections_fts_insert AFTER INSERT ON sections BEGIN "
        "INSERT INTO sections_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER sections_fts_delete AFTER DELETE ON sections BEGIN "
        "INSERT INTO sections_fts(sections_fts, rowid, text) VALUES ('delete', old.id, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER sections_fts_update AFTER UPDATE OF text ON sections BEGIN "
        "INSERT INTO sections_fts(sections_fts, rowid, text) VALUES ('delete', old.id, old.text); "
        "INSERT INTO sections_fts(rowid, text) VALUES (new.id, new.text); END"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in (
            "actions_fts_insert", "actions_fts_delete", "actions_fts_update",
            "sections_fts_insert", "sections_fts_delete", "sections_fts_update",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS actions_fts")
        op.execute("DROP TABLE IF EXISTS sections_fts")
    for table in (
        "run_files", "ingest_runs", "plan_people", "legend_entries", "action_sources",
        "action_leads", "leads", "actions", "sections", "plans",
    ):
        op.drop_table(table)
