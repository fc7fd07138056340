"""The raw lead text joins the actions' full-text index, so --lead also finds words written in
a lead cell that no lead entity was recognised for. SQLite: actions_fts gains a lead_raw
column (rebuilt from the actions table); PostgreSQL: search_vector holds text and outcome
with weight A and lead_raw, punctuation read as spaces ("CDOP/LADO" is two words), with weight B.

Revision ID: 0004_lead_text_search
Revises: 0003_link_tables_unchecked
Create Date: 2024-06-03
"""
from alembic import op

revision = "0004_lead_text_search"
down_revision = "0003_link_tables_unchecked"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def _sqlite_actions_fts(columns: list[str]) -> None:
    op.execute("DROP TRIGGER IF EXISTS actions_fts_delete")
    op.execute("DROP TRIGGER IF EXISTS actions_fts_update")
    op.execute("DROP TABLE IF EXISTS actions_fts")
    cols = ", ".join(columns)
    old = ", ".join(f"old.{c}" for c in columns)
    new = ", ".join(f"new.{c}" for c in columns)
    op.execute(f"CREATE VIRTUAL TABLE actions_fts USING fts5({cols}, content='actions', content_rowid='id', {TOKENIZE})")
    op.execute(
        "CREATE TRIGGER actions_fts_delete AFTER DELETE ON actions BEGIN "
        f"INSERT INTO actions_fts(actions_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER actions_fts_update AFTER UPDATE OF {cols} ON actions BEGIN "
        f"INSERT INTO actions_fts(actions_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO actions_fts(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO actions_fts(actions_fts) VALUES ('rebuild')")


def _postgres_search_vector(expression: str) -> None:
    op.execute("ALTER TABLE actions DROP COLUMN search_vector")  # drops ix_actions_search too
    op.execute(f"ALTER TABLE actions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED")
    op.execute(
        "CREATE INDEX ix_actions_search ON actions USING gin (search_vector) WITH (gin_pending_list_limit = 4096)"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_actions_fts(["text", "outcome", "lead_raw"])
    else:
        _postgres_search_vector(
            "setweight(to_tsvector('simple'::regconfig, text || ' ' || outcome), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, regexp_replace(lead_raw, '\\W+', ' ', 'g')), 'B')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_actions_fts(["text", "outcome"])
    else:
        _postgres_search_vector("to_tsvector('simple'::regconfig, text || ' ' || outcome)")
