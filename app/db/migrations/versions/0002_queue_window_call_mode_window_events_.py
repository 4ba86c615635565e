"""queue: window call mode, window events, issuing category

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:49:55.910225
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "counter_event",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "counter_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=128), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_counter_event_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_counter_event_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_event")),
    )
    with op.batch_alter_table("counter_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counter_event_counter_id"), ["counter_id"], unique=False
        )

    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("call_mode", sa.String(length=16), server_default="order", nullable=False)
        )

    # Tickets already issued were issued by the category they wait in.
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "issue_category_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
    op.execute("UPDATE ticket SET issue_category_id = category_id")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.alter_column(
            "issue_category_id",
            existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        )
        batch_op.drop_constraint(
            batch_op.f("uq_ticket_category_id_service_date_sequence"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_ticket_issue_category_id_service_date_sequence"),
            ["issue_category_id", "service_date", "sequence"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_ticket_issue_category_id_queue_category"),
            "queue_category",
            ["issue_category_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_ticket_issue_category_id_queue_category"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("uq_ticket_issue_category_id_service_date_sequence"), type_="unique"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_ticket_category_id_service_date_sequence"),
            ["category_id", "service_date", "sequence"],
        )
        batch_op.drop_column("issue_category_id")

    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.drop_column("call_mode")

    with op.batch_alter_table("counter_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counter_event_counter_id"))

    op.drop_table("counter_event")
