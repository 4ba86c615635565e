"""容缺受理 that holds up: which materials may be handed in later, and by when each one is due

`service_item_material.gap_eligible` marks the materials the catalog allows to be handed in after
acceptance (never the application form or a core material); `case_material.gap_due_date` is each
committed material's due date (no later than the promised completion). Cases accepted with gaps
before this keep the case's own `gap_due_date`, copied to their outstanding materials here.

Revision ID: 0014_gap_materials
Revises: 0013_receipt_and_supplements
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_gap_materials"
down_revision: str | None = "0013_receipt_and_supplements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_item_material") as batch:
        batch.add_column(
            sa.Column("gap_eligible", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("case_material") as batch:
        batch.add_column(sa.Column("gap_due_date", sa.Date(), nullable=True))
    op.execute(
        "UPDATE case_material SET gap_due_date = ("
        "SELECT service_case.gap_due_date FROM service_case "
        "WHERE service_case.id = case_material.case_id) "
        "WHERE gap_committed AND NOT received"
    )


def downgrade() -> None:
    with op.batch_alter_table("case_material") as batch:
        batch.drop_column("gap_due_date")
    with op.batch_alter_table("service_item_material") as batch:
        batch.drop_column("gap_eligible")
