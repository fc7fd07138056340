"""The raw lead text moves to a narrow table of its own, so a --lead phrase match reads only
lead text. PostgreSQL: lead_text (action_id, lead_vector) with a GIN index replaces the
actions.lead_vector column (a phrase match rechecked each candidate row in the wide actions
table: ~177 ms for a role's first page). SQLite: an FTS5 table over actions.lead_raw alone
(lead_text_fts); actions_fts is text and outcome again, so a common word in action text no
longer lengthens the lists a lead phrase reads. Both are written by the store, one
INSERT … SELECT per plan, and deleted by it when a plan is replaced.

Revision ID: 0006_lead_text_table
Revises: 0005_lead_vector
Create Date: 2024-06-05
"""
from alembic import op

revision = "0006_lead_text_table"
down_revision = "0005_lead_vector"
branch_labels = None
depends_on = None

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"
GIN = "USING gin ({}) WITH (gin_pending_list_limit = 4096)"
# punctuation read as spaces ("CDOP/LADO" is two words), as SQLite's tokenizer does
LEAD_VECTOR = "to_tsvector('simple'::regconfig, regexp_replace(lead_raw, '\\W+', ' ', 'g'))"


def _sqlite_actions_fts(columns: list[str]) -> None:
    """actions_fts rebuilt over `columns` of actions, with its delete and update triggers."""
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_actions_fts(["text", "outcome"])
        op.execute(
            "CREATE VIRTUAL TABLE lead_text_fts USING fts5(lead_raw, content='actions', content_rowid='id', "
            f"{TOKENIZE})"
        )
        op.execute("INSERT INTO lead_text_fts(lead_text_fts) VALUES ('rebuild')")
        return
    op.execute("CREATE TABLE lead_text (action_id integer PRIMARY KEY, lead_vector tsvector NOT NULL)")
    op.execute(f"INSERT INTO lead_text (action_id, lead_vector) SELECT id, {LEAD_VECTOR} FROM actions")
    op.execute("CREATE INDEX ix_lead_text_search ON lead_text " + GIN.format("lead_vector"))
    op.execute("ALTER TABLE actions DROP COLUMN lead_vector")  # drops ix_actions_lead_search too


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE lead_text_fts")
        _sqlite_actions_fts(["text", "outcome", "lead_raw"])
        return
    op.execute("DROP TABLE lead_text")
    op.execute(f"ALTER TABLE actions ADD COLUMN lead_vector tsvector GENERATED ALWAYS AS ({LEAD_VECTOR}) STORED")
    op.execute("CREATE INDEX ix_actions_lead_search ON actions " + GIN.format("lead_vector"))
