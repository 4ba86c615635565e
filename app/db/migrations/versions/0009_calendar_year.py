"""calendar years: which years' State Council holiday arrangement the admin confirmed

A year chinesecalendar does not know counts weekends and the statutory holidays; once the admin has
entered the year's arrangement (extra rest days, 调休 working days) and confirmed it, deadlines in
that year stop carrying the "not confirmed" warning. Entering a day does not confirm a year.

Revision ID: 0009_calendar_year
Revises: 0008_print_job_who_and_why
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_calendar_year"
down_revision: str | None = "0008_print_job_who_and_why"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "calendar_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("confirmed_by", BigId, nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["app_user.id"], name=op.f("fk_calendar_year_confirmed_by_app_user")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_year")),
    )


def downgrade() -> None:
    op.drop_table("calendar_year")
