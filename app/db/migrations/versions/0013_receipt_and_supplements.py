"""收件 and its 5-day decision, defective materials, 终止 after the supplement deadline

A clerk may take materials in without deciding (收件, 行政许可法 §32): the case keeps the day its
decision is due and whether it came to count as accepted from receipt (视为受理). A material can be
received but defective (不符合要求), with what is wrong. A case whose supplement deadline passed is
ended (终止) with its reason, or accepted as a new application that names the old case.

Revision ID: 0013_receipt_and_supplements
Revises: 0012_extensions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_receipt_and_supplements"
down_revision: str | None = "0012_extensions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("service_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_due_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("deemed_accepted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("terminated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("termination_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("previous_case_id", BigId, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_service_case_previous_case_id_service_case"),
            "service_case",
            ["previous_case_id"],
            ["id"],
        )
    with op.batch_alter_table("case_material", schema=None) as batch_op:
        batch_op.add_column(sa.Column("defect", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_material", schema=None) as batch_op:
        batch_op.drop_column("defect")
    with op.batch_alter_table("service_case", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_service_case_previous_case_id_service_case"), type_="foreignkey"
        )
        batch_op.drop_column("previous_case_id")
        batch_op.drop_column("termination_reason")
        batch_op.drop_column("terminated_at")
        batch_op.drop_column("deemed_accepted")
        batch_op.drop_column("decision_due_date")
