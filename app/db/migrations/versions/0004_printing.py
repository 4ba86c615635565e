"""printing: the render data of each printed document, so a reprint (补打) is rendered again

Revision ID: 0004_printing
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_printing"
down_revision: str | None = "0003_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("printed_document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "render_data",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("printed_document", schema=None) as batch_op:
        batch_op.drop_column("render_data")
