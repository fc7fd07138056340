"""PostgreSQL: the words of each action (text and outcome, positions stripped) and its section
in a narrow table of their own, action_search, with a GIN index. A search is counted there: a
count must visit every matching row to check that it is visible, and a common word's 44,000
matches lie on 14,400 of the wide actions heap's 15,900 pages (its tsvector is 45 % of each
row) but on a 45 MB heap here. actions.search_vector stays: pages and filters combined with
rag or dates still AND its index with theirs. Written by the store, one INSERT … SELECT per
plan, and deleted by it when a plan is replaced. SQLite counts through actions_fts already.

Revision ID: 0008_action_search
Revises: 0007_run_files_skipped
Create Date: 2026-11-23
"""
from alembic import op

revision = "0008_action_search"
down_revision = "0007_run_files_skipped"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("CREATE TABLE action_search (action_id integer PRIMARY KEY, section_id integer, words tsvector NOT NULL)")
    op.execute("INSERT INTO action_search SELECT id, section_id, strip(search_vector) FROM actions")
    op.execute("CREATE INDEX ix_action_search_words ON action_search USING gin (words) WITH (gin_pending_list_limit = 4096)")
    op.execute("CREATE INDEX ix_action_search_section ON action_search (section_id)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP TABLE action_search")
