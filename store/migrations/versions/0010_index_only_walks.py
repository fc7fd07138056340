"""Index-only walks for a first page tested row by row (a lead or source type of thousands of
actions, PostgreSQL): the export order index carries the action id (PostgreSQL: INCLUDE; in
SQLite every index carries the rowid already), and each action's source codes and meanings are
indexed by action, so testing a row reads no table page. A common source type's page: 21.6 ->
15.5 ms of server time on 200k actions.

Revision ID: 0010_index_only_walks
Revises: 0009_actions_document_due
Create Date: 2026-11-23
"""
from alembic import op

revision = "0010_index_only_walks"
down_revision = "0009_actions_document_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_actions_order", table_name="actions")
        op.create_index("ix_actions_order", "actions", ["document", "position", "seq"], postgresql_include=["id"])
    op.create_index("ix_action_sources_action_keys", "action_sources", ["action_id", "code_key", "meaning_key"])


def downgrade() -> None:
    op.drop_index("ix_action_sources_action_keys", table_name="action_sources")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_actions_order", table_name="actions")
        op.create_index("ix_actions_order", "actions", ["document", "position", "seq"])
