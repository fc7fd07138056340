"""PostgreSQL: the raw lead text gets its own tsvector column and GIN index (lead_vector), and
search_vector is text and outcome again, unweighted. Weight-restricted queries (0004) cannot be
answered from a GIN index alone: every candidate row was rechecked, a common search word
took five times as long. SQLite is unchanged (FTS5 column filters are exact).

Revision ID: 0005_lead_vector
Revises: 0004_lead_text_search
Create Date: 2024-06-04
"""
from alembic import op

revision = "0005_lead_vector"
down_revision = "0004_lead_text_search"
branch_labels = None
depends_on = None

GIN = "USING gin ({}) WITH (gin_pending_list_limit = 4096)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE actions DROP COLUMN search_vector")  # drops ix_actions_search too
    op.execute(
        "ALTER TABLE actions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, text || ' ' || outcome)) STORED, "
        "ADD COLUMN lead_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, regexp_replace(lead_raw, '\\W+', ' ', 'g'))) STORED"
    )
    op.execute("CREATE INDEX ix_actions_search ON actions " + GIN.format("search_vector"))
    op.execute("CREATE INDEX ix_actions_lead_search ON actions " + GIN.format("lead_vector"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE actions DROP COLUMN lead_vector, DROP COLUMN search_vector")
    op.execute(
        "ALTER TABLE actions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('simple'::regconfig, text || ' ' || outcome), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, regexp_replace(lead_raw, '\\W+', ' ', 'g')), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_actions_search ON actions " + GIN.format("search_vector"))
