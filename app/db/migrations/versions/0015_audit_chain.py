"""The audit log becomes a hash chain: each entry carries its place, the previous entry's hash and
its own (app/domain/audit_chain.py), so a change, a deletion or a reordering shows in
`halldesk audit verify`.

The entries already there are chained here in id order, the order they were written in. Doing so
updates rows of the append-only table: its triggers are set aside for this migration only
(PostgreSQL: disabled and enabled again in the same transaction; SQLite: dropped and made again,
which the table's rebuild for the new NOT NULL columns needs anyway).

The hash is taken with app.domain.audit_chain, which is frozen (a new format is a new version
string): the migration and every later walk must agree on it, so both use the one function.

Revision ID: 0015_audit_chain
Revises: 0014_gap_materials
"""

from collections.abc import Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.domain import audit_chain

revision: str = "0015_audit_chain"
down_revision: str | None = "0014_gap_materials"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
_json = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
audit_log = sa.table(
    "audit_log",
    sa.column("id", sa.BigInteger()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("user_id", sa.BigInteger()),
    sa.column("username", sa.String()),
    sa.column("host", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.String()),
    sa.column("before", _json),
    sa.column("after", _json),
    sa.column("chain_seq", sa.BigInteger()),
    sa.column("prev_hash", sa.String()),
    sa.column("entry_hash", sa.String()),
)


def _set_triggers_aside(bind) -> None:
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def _restore_triggers(bind) -> None:
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    else:  # as made by 0001
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def _chain_existing_entries(bind) -> None:
    """In id order, a batch at a time (a long log is never held in memory at once)."""
    seq, head, last_id = 0, audit_chain.GENESIS, None
    columns = [c for c in audit_log.c if c.name not in ("chain_seq", "prev_hash", "entry_hash")]
    while True:
        query = sa.select(*columns).order_by(audit_log.c.id).limit(BATCH)
        if last_id is not None:
            query = query.where(audit_log.c.id > last_id)
        rows = bind.execute(query).all()
        if not rows:
            return
        links = []
        for row in rows:
            seq += 1
            at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
            digest = audit_chain.entry_hash(
                chain_seq=seq,
                prev_hash=head,
                at=at,
                user_id=row.user_id,
                username=row.username,
                host=row.host,
                action=row.action,
                entity=row.entity,
                entity_id=row.entity_id,
                before=row.before,
                after=row.after,
            )
            links.append({"row_id": row.id, "seq": seq, "prev": head, "hash": digest})
            head, last_id = digest, row.id
        bind.execute(
            audit_log.update()
            .where(audit_log.c.id == sa.bindparam("row_id"))
            .values(
                chain_seq=sa.bindparam("seq"),
                prev_hash=sa.bindparam("prev"),
                entry_hash=sa.bindparam("hash"),
            ),
            links,
        )


def upgrade() -> None:
    bind = op.get_bind()
    _set_triggers_aside(bind)
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    _chain_existing_entries(bind)
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("chain_seq", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_audit_log_chain_seq"), ["chain_seq"])
    _restore_triggers(bind)


def downgrade() -> None:
    bind = op.get_bind()
    _set_triggers_aside(bind)
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint(batch.f("uq_audit_log_chain_seq"), type_="unique")
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("chain_seq")
    _restore_triggers(bind)
