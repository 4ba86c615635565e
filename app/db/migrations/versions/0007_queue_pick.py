"""queue pick: indexes that hold only callable tickets, and call-next's pick as a PostgreSQL function

Call-next used to sort every callable ticket of the day by the calling rule and take the first
(a sort of all waiting tickets on every call: about 8 ms at 2,000 waiting). The calling rule is a
concatenation of small queues — for each priority class, the tickets sent to this window, then
each category in the window's order — each oldest first. On PostgreSQL `halldesk_pick_ticket`
walks those queues in order and takes the first ticket it can lock (FOR UPDATE SKIP LOCKED), each
step one probe of an index holding only callable tickets.

Revision ID: 0007_queue_pick
Revises: 0006_manager
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_queue_pick"
down_revision: str | None = "0006_manager"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CALLABLE = "status IN ('waiting', 'transferred')"
UNTARGETED = f"{CALLABLE} AND target_counter_id IS NULL"
TARGETED = f"{CALLABLE} AND target_counter_id IS NOT NULL"

PICK_FUNCTION = """
CREATE FUNCTION halldesk_pick_ticket(
    p_counter_id bigint, p_day date, p_prefer_priority boolean,
    p_categories bigint[], p_ranked bigint[], p_weights integer[]
) RETURNS TABLE (ticket_id bigint, ticket_status text, ticket_priority boolean)
LANGUAGE plpgsql VOLATILE ROWS 1 AS $$
-- The ticket call-next takes at window p_counter_id, locked. The order is the calling rule of
-- app.domain.queue.choose_next (app.services.queue.pick_next_statement, which SQLite uses, is
-- the same rule as one ORDER BY):
--   1. the class the priority ratio prefers now, then the other class; within a class
--   2. tickets sent straight to this window, oldest first, then
--   3. the window's categories in rank order (p_ranked), or, when p_ranked is empty (FIFO),
--      all its categories together; within each, oldest queue_since first.
-- p_weights (weighted mode; parallel to p_ranked, which is then in the window's order) re-ranks
-- the categories: the one furthest behind its share of today's calls at this window first.
-- Each step takes the first ticket no other window is claiming right now (SKIP LOCKED).
DECLARE
    v_priority boolean;
    v_category bigint;
BEGIN
    IF p_weights IS NOT NULL THEN
        SELECT array_agg(s.category ORDER BY coalesce(k.n, 0)::float8 / greatest(s.weight, 1),
                                             s.position)
          INTO p_ranked
          FROM unnest(p_ranked, p_weights) WITH ORDINALITY AS s(category, weight, position)
          LEFT JOIN (SELECT t.category_id, count(*) AS n FROM ticket t
                     WHERE t.service_date = p_day AND t.counter_id = p_counter_id
                       AND t.called_at IS NOT NULL
                     GROUP BY t.category_id) k ON k.category_id = s.category;
    END IF;
    FOREACH v_priority IN ARRAY ARRAY[p_prefer_priority, NOT p_prefer_priority] LOOP
        RETURN QUERY
            SELECT t.id, t.status::text, t.priority FROM ticket t
            WHERE t.target_counter_id = p_counter_id AND t.service_date = p_day
              AND t.status IN ('waiting', 'transferred') AND t.priority = v_priority
            ORDER BY t.queue_since, t.id
            LIMIT 1 FOR UPDATE OF t SKIP LOCKED;
        IF FOUND THEN RETURN; END IF;
        IF cardinality(p_ranked) = 0 THEN
            RETURN QUERY
                SELECT t.id, t.status::text, t.priority FROM ticket t
                WHERE t.service_date = p_day AND t.priority = v_priority
                  AND t.status IN ('waiting', 'transferred') AND t.target_counter_id IS NULL
                  AND t.category_id = ANY(p_categories)
                ORDER BY t.queue_since, t.id
                LIMIT 1 FOR UPDATE OF t SKIP LOCKED;
            IF FOUND THEN RETURN; END IF;
        ELSE
            FOREACH v_category IN ARRAY p_ranked LOOP
                RETURN QUERY
                    SELECT t.id, t.status::text, t.priority FROM ticket t
                    WHERE t.service_date = p_day AND t.category_id = v_category
                      AND t.priority = v_priority
                      AND t.status IN ('waiting', 'transferred') AND t.target_counter_id IS NULL
                    ORDER BY t.queue_since, t.id
                    LIMIT 1 FOR UPDATE OF t SKIP LOCKED;
                IF FOUND THEN RETURN; END IF;
            END LOOP;
        END IF;
    END LOOP;
END $$
"""


def upgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        # superseded by the callable-only indexes below (it held every ticket ever issued)
        batch_op.drop_index("ix_ticket_queue")
        batch_op.create_index(
            "ix_ticket_callable_category",
            ["service_date", "category_id", "priority", "queue_since", "id"],
            unique=False,
            sqlite_where=sa.text(UNTARGETED),
            postgresql_where=sa.text(UNTARGETED),
        )
        batch_op.create_index(
            "ix_ticket_callable_day",
            ["service_date", "priority", "queue_since", "id", "category_id"],
            unique=False,
            sqlite_where=sa.text(UNTARGETED),
            postgresql_where=sa.text(UNTARGETED),
        )
        batch_op.create_index(
            "ix_ticket_callable_target",
            ["target_counter_id", "service_date"],
            unique=False,
            sqlite_where=sa.text(TARGETED),
            postgresql_where=sa.text(TARGETED),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PICK_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS halldesk_pick_ticket(bigint, date, boolean, bigint[], bigint[], integer[])"
        )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_callable_target")
        batch_op.drop_index("ix_ticket_callable_day")
        batch_op.drop_index("ix_ticket_callable_category")
        batch_op.create_index(
            "ix_ticket_queue", ["status", "category_id", "queue_since"], unique=False
        )
