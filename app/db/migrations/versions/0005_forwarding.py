"""forwarding: sender leases on outbox messages, the online-change cursor, sender status

Revision ID: 0005_forwarding
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_forwarding"
down_revision: str | None = "0004_printing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_outbox_message_case_order", ["case_no", "status", "id"], unique=False
        )
        batch_op.create_index("ix_outbox_message_status_id", ["status", "id"], unique=False)

    with op.batch_alter_table("online_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remote_seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("remote_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("applied_by", BigId, nullable=True))
        batch_op.create_index(batch_op.f("ix_online_change_remote_seq"), ["remote_seq"])
        batch_op.create_foreign_key(
            batch_op.f("fk_online_change_applied_by_app_user"), "app_user", ["applied_by"], ["id"]
        )

    op.create_table(
        "forwarding_node",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("host", sa.String(length=128), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resume_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_forwarding_node")),
    )


def downgrade() -> None:
    op.drop_table("forwarding_node")
    with op.batch_alter_table("online_change", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_online_change_applied_by_app_user"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_online_change_remote_seq"))
        batch_op.drop_column("applied_by")
        batch_op.drop_column("remote_at")
        batch_op.drop_column("remote_seq")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_status_id")
        batch_op.drop_index("ix_outbox_message_case_order")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
