"""decisions that hold up in law: departments with their remedies; a case's basis and remedies

A rejection (不予受理) or a denial (不予许可) states its legal basis and where the applicant can
challenge it (行政复议机关, 人民法院), which differ by department. `department` holds them per unit
named on the catalog's items (seeded here from the items' department names, remedies left for the
admin to fill in); the case keeps the basis, the denial's reason and the remedies as printed.

Revision ID: 0011_decisions
Revises: 0010_hall_case_number_rule
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_decisions"
down_revision: str | None = "0010_hall_case_number_rule"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    department = op.create_table(
        "department",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("review_body", sa.String(length=128), nullable=True),
        sa.Column("court", sa.String(length=128), nullable=True),
        sa.Column("vertical", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
    )
    with op.batch_alter_table("service_case") as batch:
        batch.add_column(sa.Column("decision_basis", sa.Text(), nullable=True))
        batch.add_column(sa.Column("denial_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("review_body", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("court", sa.String(length=128), nullable=True))
    names = op.get_bind().execute(
        sa.text(
            "SELECT DISTINCT department FROM service_item "
            "WHERE department IS NOT NULL AND department <> '' ORDER BY department"
        )
    )
    rows = [{"name": name[:128]} for (name,) in names]
    if rows:
        op.bulk_insert(department, rows)


def downgrade() -> None:
    with op.batch_alter_table("service_case") as batch:
        batch.drop_column("court")
        batch.drop_column("review_body")
        batch.drop_column("denial_reason")
        batch.drop_column("decision_basis")
    op.drop_table("department")
