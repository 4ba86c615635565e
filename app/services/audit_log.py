"""Checking the audit log's hash chain (`halldesk audit verify`, the admin's 校验 button).

Reads the entries in chain order through a streaming cursor, a batch at a time, and hands them to
app.domain.audit_chain.ChainWalk, so a log of years is checked in bounded memory; stops at the
first break. Reads only: the program's own database role can run it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from app.db.engine import Database
from app.db.models import AuditLog
from app.domain.audit_chain import ChainReport, ChainRow, ChainWalk

BATCH = 2000
CHAIN_COLUMNS = (
    AuditLog.id,
    AuditLog.chain_seq,
    AuditLog.prev_hash,
    AuditLog.entry_hash,
    AuditLog.at,
    AuditLog.user_id,
    AuditLog.username,
    AuditLog.host,
    AuditLog.action,
    AuditLog.entity,
    AuditLog.entity_id,
    AuditLog.before,
    AuditLog.after,
)


def verify_audit_log(db: Database, *, expected: Iterable[tuple[int, str]] = ()) -> ChainReport:
    """Walk the whole chain; `expected`: (place, hash) pairs noted from an earlier walk's head."""
    chain = ChainWalk(expected)
    with db.reader() as session:
        rows = session.execute(
            select(*CHAIN_COLUMNS).order_by(AuditLog.chain_seq).execution_options(yield_per=BATCH)
        )
        for row in rows:
            if chain.feed(ChainRow(**row._mapping)) is not None:
                break
        rows.close()
    return chain.finish()
