"""intake: 容缺 commitment and supplement dates on the case, case search indexes, case materials
survive catalog edits

Revision ID: 0003_intake
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_intake"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gap_commitment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("gap_due_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("supplement_received_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.drop_index("ix_service_case_applicant_name")
        batch_op.create_index(
            "ix_service_case_applicant_name",
            ["applicant_name"],
            unique=False,
            postgresql_ops={"applicant_name": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_service_case_contact_mobile", ["contact_mobile"], unique=False)
        batch_op.create_index("ix_service_case_applied_at", ["applied_at"], unique=False)
        batch_op.create_index("ix_service_case_service_item_id", ["service_item_id"], unique=False)

    with op.batch_alter_table("case_material", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_case_material_material_id_service_item_material", type_="foreignkey"
        )
        batch_op.create_foreign_key(
            "fk_case_material_material_id_service_item_material",
            "service_item_material",
            ["material_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("case_material", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_case_material_material_id_service_item_material", type_="foreignkey"
        )
        batch_op.create_foreign_key(
            "fk_case_material_material_id_service_item_material",
            "service_item_material",
            ["material_id"],
            ["id"],
        )
    with op.batch_alter_table("service_case", schema=None) as batch_op:
        batch_op.drop_index("ix_service_case_service_item_id")
        batch_op.drop_index("ix_service_case_applied_at")
        batch_op.drop_index("ix_service_case_contact_mobile")
        batch_op.drop_index("ix_service_case_applicant_name")
        batch_op.create_index("ix_service_case_applicant_name", ["applicant_name"], unique=False)
        batch_op.drop_column("supplement_received_at")
        batch_op.drop_column("gap_due_date")
        batch_op.drop_column("gap_commitment")
