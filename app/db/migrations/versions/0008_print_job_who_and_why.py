"""print jobs: who printed (or gave up on) a job, why it was given up, and an index of the
unfinished ones

A document's print state shows the clerk who printed it by name, and a job left unprinted is
discarded only with a reason (audited), which the case's 文书 tab and the unfinished list show.
The clerk's window counts this PC's unfinished jobs at every refresh: a partial index holds only
those, not the job of every ticket ever printed.

Revision ID: 0008_print_job_who_and_why
Revises: 0007_queue_pick
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_print_job_who_and_why"
down_revision: str | None = "0007_queue_pick"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UNFINISHED = "status IN ('pending', 'printing', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finished_by", BigId, nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_print_job_finished_by_app_user"), "app_user", ["finished_by"], ["id"]
        )
        batch_op.create_index(
            "ix_print_job_unfinished",
            ["host"],
            unique=False,
            sqlite_where=sa.text(UNFINISHED),
            postgresql_where=sa.text(UNFINISHED),
        )


def downgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index("ix_print_job_unfinished")
        batch_op.drop_constraint(
            batch_op.f("fk_print_job_finished_by_app_user"), type_="foreignkey"
        )
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("finished_by")
