"""manager: hall alerts, the manager's limits, indexes for the statistics and supervision

Revision ID: 0006_manager
Revises: 0005_forwarding
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_manager"
down_revision: str | None = "0005_forwarding"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FIRST_CALL = "event_type = 'call' AND from_status = 'waiting'"
FOLLOW_UP_OPEN = "score IN ('4', '5') AND follow_up_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("hall", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pause_limit_minutes", sa.Integer(), server_default="15", nullable=False)
        )
        batch_op.add_column(
            sa.Column("due_soon_working_days", sa.Integer(), server_default="3", nullable=False)
        )

    op.create_table(
        "hall_alert",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("alert_key", sa.String(length=64), nullable=False),
        sa.Column("category_id", BigId, nullable=True),
        sa.Column("counter_id", BigId, nullable=True),
        sa.Column("message", sa.String(length=255), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["queue_category.id"],
            name=op.f("fk_hall_alert_category_id_queue_category"),
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_hall_alert_counter_id_counter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall_alert")),
    )
    with op.batch_alter_table("hall_alert", schema=None) as batch_op:
        batch_op.create_index("ix_hall_alert_started_at", ["started_at"], unique=False)
        batch_op.create_index(
            "uq_hall_alert_open_key",
            ["alert_key"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )

    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_day_category", ["service_date", "category_id", "status"], unique=False
        )

    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_event_first_call",
            ["at", "ticket_id"],
            unique=False,
            sqlite_where=sa.text(FIRST_CALL),
            postgresql_where=sa.text(FIRST_CALL),
        )

    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index("ix_rating_rated_at", ["rated_at"], unique=False)
        batch_op.create_index("ix_rating_follow_up_at", ["follow_up_at"], unique=False)
        batch_op.create_index(
            "ix_rating_follow_up_open",
            ["rated_at"],
            unique=False,
            sqlite_where=sa.text(FOLLOW_UP_OPEN),
            postgresql_where=sa.text(FOLLOW_UP_OPEN),
        )

    with op.batch_alter_table("service_case", schema=None) as batch_op:
        batch_op.create_index("ix_service_case_completed_at", ["completed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_case", schema=None) as batch_op:
        batch_op.drop_index("ix_service_case_completed_at")
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index("ix_rating_follow_up_open")
        batch_op.drop_index("ix_rating_follow_up_at")
        batch_op.drop_index("ix_rating_rated_at")
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_event_first_call")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_day_category")
    with op.batch_alter_table("hall_alert", schema=None) as batch_op:
        batch_op.drop_index("uq_hall_alert_open_key")
        batch_op.drop_index("ix_hall_alert_started_at")
    op.drop_table("hall_alert")
    with op.batch_alter_table("hall", schema=None) as batch_op:
        batch_op.drop_column("due_soon_working_days")
        batch_op.drop_column("pause_limit_minutes")
