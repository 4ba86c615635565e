"""What each transaction changed, for the change feed on SQLite

`change_log`: one row per committed transaction that changed tickets, windows, cases, print jobs,
outbox messages or online changes, holding the same JSON notice PostgreSQL sends with
``pg_notify`` (app/db/changes.py). SQLite has no notices: the other PCs' feeds read the rows after
the last one they saw. Only the latest rows are kept; PostgreSQL leaves the table empty.

Revision ID: 0019_change_log
Revises: 0018_category_english
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_change_log"
down_revision: str | None = "0018_category_english"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("notice", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )


def downgrade() -> None:
    op.drop_table("change_log")
