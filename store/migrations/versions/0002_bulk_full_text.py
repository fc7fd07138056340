"""SQLite: full-text rows of new actions and sections are written by the store in one
statement per plan (INSERT INTO …_fts SELECT … WHERE plan_id = ?) instead of a trigger per
row, which cost three times as much when loading. Delete and update triggers stay.

Revision ID: 0002_bulk_full_text
Revises: 0001_initial
Create Date: 2024-06-01
"""
from alembic import op

revision = "0002_bulk_full_text"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS actions_fts_insert")
    op.execute("DROP TRIGGER IF EXISTS sections_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TRIGGER actions_fts_insert AFTER INSERT ON actions BEGIN "
        "INSERT INTO actions_fts(rowid, text, outcome) VALUES (new.id, new.text, new.outcome); END"
    )
    op.execute(
        "CREATE TRIGGER sections_fts_insert AFTER INSERT ON sections BEGIN "
        "INSERT INTO sections_fts(rowid, text) VALUES (new.id, new.text); END"
    )
