"""The run log gets its own "skipped" outcome: a file of a batch that holds another file of the
same document (x.pdf beside x.docx), which was read instead. It was logged as "unchanged" with
the reason "skipped: …".

Revision ID: 0007_run_files_skipped
Revises: 0006_lead_text_table
Create Date: 2026-11-23
"""
from alembic import op

revision = "0007_run_files_skipped"
down_revision = "0006_lead_text_table"
branch_labels = None
depends_on = None

NAME = "ck_run_files_outcome"
BEFORE = "outcome IN ('stored', 'unchanged', 'replaced', 'failed')"
AFTER = "outcome IN ('stored', 'unchanged', 'replaced', 'skipped', 'failed')"


def _check(condition: str) -> None:
    # SQLite cannot alter a constraint: batch mode copies the table with the new one
    with op.batch_alter_table("run_files", recreate="auto") as batch:
        batch.drop_constraint(NAME, type_="check")
        batch.create_check_constraint(NAME, condition)


def upgrade() -> None:
    _check(AFTER)
    op.execute(
        "UPDATE run_files SET outcome = 'skipped', reason = substr(reason, 10) "
        "WHERE outcome = 'unchanged' AND reason LIKE 'skipped: %'"
    )


def downgrade() -> None:
    op.execute("UPDATE run_files SET outcome = 'unchanged', reason = 'skipped: ' || reason WHERE outcome = 'skipped'")
    _check(BEFORE)
