"""hall: the case-number rule, hall-wide in the database instead of each PC's settings file

Until now each PC numbered cases by `hall.case_number_rule` of its own settings file, so two PCs
could number differently. The rule is now a column of the hall's row, set by the admin.

A migration cannot read the PCs' files, so a hall migrated here keeps the column empty (NULL: never
set), and the first PC to start after the upgrade copies its file's rule into it, audited
(app.services.hall.adopt_case_number_rule); from then on the files' key is ignored (said in the log
and by `halldesk settings`). The demo hall is seeded with the default rule.

Revision ID: 0010_hall_case_number_rule
Revises: 0009_calendar_year
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_hall_case_number_rule"
down_revision: str | None = "0009_calendar_year"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hall", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_number_rule", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hall", schema=None) as batch_op:
        batch_op.drop_column("case_number_rule")
