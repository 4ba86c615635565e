"""extensions (行政许可法 §42) and special procedures (§45) as the law asks

An item says by how many working days its deadline can be extended (10 by §42 unless a law says
otherwise; 0: none). A case keeps who approved its extension (the office's 负责人, with the post
printed on the 延期告知书); a special procedure's step keeps how long it is expected to take, as
the applicant was told in writing.

Revision ID: 0012_extensions
Revises: 0011_decisions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_extensions"
down_revision: str | None = "0011_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_item") as batch:
        batch.add_column(
            sa.Column("extension_limit_days", sa.Integer(), server_default="10", nullable=False)
        )
    with op.batch_alter_table("service_case") as batch:
        batch.add_column(sa.Column("extension_approver", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("extension_approver_title", sa.String(length=64), nullable=True))
    with op.batch_alter_table("case_step") as batch:
        batch.add_column(sa.Column("expected_working_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("expected_end", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_step") as batch:
        batch.drop_column("expected_end")
        batch.drop_column("expected_working_days")
    with op.batch_alter_table("service_case") as batch:
        batch.drop_column("extension_approver_title")
        batch.drop_column("extension_approver")
    with op.batch_alter_table("service_item") as batch:
        batch.drop_column("extension_limit_days")
