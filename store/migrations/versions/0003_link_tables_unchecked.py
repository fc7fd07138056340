"""Loading speed: the link tables (action_leads, action_sources) lose their foreign keys and
ix_actions_authority goes; PostgreSQL's full-text GIN indexes buffer 4 MB of new entries.

Foreign-key checks doubled the cost of writing a plan's ~1,100 link rows on PostgreSQL (each
check locks the parent row). Only the store writes these rows, with ids it has just inserted
in the same transaction, and it deletes them itself when a plan is replaced (they no longer
cascade). The authority filter now reaches actions through the plans' documents
(ix_actions_order), so its own index is not needed. Store.optimize merges the GIN pending
lists after a load, so a larger buffer does not slow searches for long.

Revision ID: 0003_link_tables_unchecked
Revises: 0002_bulk_full_text
Create Date: 2024-06-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_link_tables_unchecked"
down_revision = "0002_bulk_full_text"
branch_labels = None
depends_on = None

Key = sa.String().with_variant(sa.String(collation="C"), "postgresql")


def _link_columns(table: str, with_fk: bool) -> list[sa.Column]:
    def fk(target: str, **kw: str) -> list[sa.ForeignKey]:
        return [sa.ForeignKey(target, **kw)] if with_fk else []

    if table == "action_leads":
        return [
            sa.Column("action_id", sa.Integer, *fk("actions.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("position", sa.Integer, primary_key=True),
            sa.Column("lead_id", sa.Integer, *fk("leads.id"), nullable=False),
            sa.Column("name", sa.Text, nullable=False),
        ]
    return [
        sa.Column("action_id", sa.Integer, *fk("actions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("meaning", sa.Text, nullable=False),
        sa.Column("code_key", Key, nullable=False),
        sa.Column("meaning_key", Key, nullable=False),
    ]


_INDEXES = {
    "action_leads": [("ix_action_leads_lead", ["lead_id", "action_id"])],
    "action_sources": [
        ("ix_action_sources_code", ["code_key", "action_id"]),
        ("ix_action_sources_meaning", ["meaning_key", "action_id"]),
    ],
}


def _rebuild(table: str, with_fk: bool) -> None:
    """SQLite cannot drop or add a foreign key: copy the table into a new definition."""
    names = [c.name for c in _link_columns(table, with_fk)]
    op.create_table(f"_new_{table}", *_link_columns(table, with_fk))
    op.execute(f"INSERT INTO _new_{table} ({', '.join(names)}) SELECT {', '.join(names)} FROM {table}")
    op.drop_table(table)
    op.rename_table(f"_new_{table}", table)
    for name, columns in _INDEXES[table]:
        op.create_index(name, table, columns)


def upgrade() -> None:
    op.drop_index("ix_actions_authority", table_name="actions")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in _INDEXES:
            _rebuild(table, with_fk=False)
        return
    inspector = sa.inspect(bind)
    for table in _INDEXES:
        for fk in inspector.get_foreign_keys(table):
            op.drop_constraint(fk["name"], table, type_="foreignkey")
    for index in ("ix_actions_search", "ix_sections_search"):
        op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = 4096)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for table in _INDEXES:
            _rebuild(table, with_fk=True)
    else:
        for index in ("ix_actions_search", "ix_sections_search"):
            op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = 1024)")
        op.create_foreign_key(None, "action_leads", "actions", ["action_id"], ["id"], ondelete="CASCADE")
        op.create_foreign_key(None, "action_leads", "leads", ["lead_id"], ["id"])
        op.create_foreign_key(None, "action_sources", "actions", ["action_id"], ["id"], ondelete="CASCADE")
    op.create_index("ix_actions_authority", "actions", ["authority_key", "document", "position", "seq"])
