"""Queue categories get an English name, for the kiosk's and the board's English screens

`queue_category.name_en` (optional): what a category is called when an applicant switches the
kiosk to English or the board shows English. Empty: the Chinese name is shown there too.

Revision ID: 0018_category_english
Revises: 0016_daily_aggregates
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_category_english"
down_revision: str | None = "0016_daily_aggregates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN on both backends: SQLite's batch mode would rebuild the table, which the
    # tickets' foreign keys (and 0016's triggers) do not allow with data in it
    op.add_column("queue_category", sa.Column("name_en", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("queue_category", "name_en")  # SQLite has DROP COLUMN since 3.35
