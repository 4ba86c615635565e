"""What a transaction changed, collected by its session and told once at commit (app/db/changes.py),
on SQLite and PostgreSQL; and two PCs: a change made on one reaches the other's change feed, by
kind, while a PC's own operations are not delivered to it twice."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import func, select

from app.clock import utcnow
from app.db import changes
from app.db.changes import CHANNEL, ChangeSet, OwnTransactions, capture
from app.db.engine import Database, open_database
from app.db.models import Case, ChangeLog, OutboxMessage
from app.domain.codes import DocumentKind, OutboxStatus
from app.services import admin, intake, queue
from app.services import documents as docs
from app.services.context import Actor
from app.services.feed import ChangeFeed, Changes
from printing.samples import sample_documents
from tests.intake_helpers import accept_case

TICKET = sample_documents()[DocumentKind.QUEUE_TICKET]


def _actor(db: Database, username: str, host: str) -> Actor:
    from app.db.models import User

    with db.reader() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
    return Actor(user.id, user.username, user.role, host)


@pytest.fixture
def clerk(demo_db) -> Actor:
    return _actor(demo_db, "clerk01", "pc-1")


@pytest.fixture
def manager(demo_db) -> Actor:
    return _actor(demo_db, "manager", "pc-9")


def _counter_id(db: Database, number: int) -> int:
    return next(c.id for c in admin.list_counters(db) if c.number == number)


def _category_id(db: Database) -> int:
    return admin.list_categories(db)[0].id


def _changed(fn: Callable[[], object]) -> list[ChangeSet]:
    """The change sets the transactions `fn` commits hand over, in order."""
    with capture() as captured:
        fn()
    return captured.sets


@contextmanager
def _notices(db: Database) -> Iterator[Callable[[], list[str]]]:
    """What is told at commit: PostgreSQL's notices on the channel, SQLite's change-log rows."""
    if db.backend == "postgresql":
        url = db.engine.url
        conn = psycopg.connect(
            host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
        )
        conn.execute(f"LISTEN {CHANNEL}")
        try:
            # a notice is delivered at its commit, which has happened when the call returned
            yield lambda: [n.payload for n in conn.notifies(timeout=0.3)]
        finally:
            conn.close()
        return
    with db.reader() as s:
        last = s.scalar(select(func.max(ChangeLog.id))) or 0

    def read() -> list[str]:
        with db.reader() as s:
            return list(s.scalars(select(ChangeLog.notice).where(ChangeLog.id > last)))

    yield read


# --------------------------------------------------------------------------- the collector


def test_each_kind_of_change_is_named_by_its_transaction(demo_db, clerk, manager):
    db = demo_db
    counter_id = _counter_id(db, 1)

    [opened] = _changed(lambda: queue.open_counter(db, clerk, counter_id))
    assert set(opened.ids) == {"counter"} and len(opened.ids["counter"]) == 1

    issued: list = []
    [issue] = _changed(lambda: issued.append(queue.issue_ticket(db, _category_id(db))))
    assert set(issue.ids) == {"ticket"}  # on PostgreSQL: the one-statement hot path

    [call] = _changed(lambda: queue.call_next(db, clerk, counter_id))
    assert set(call.ids) == {"ticket"} and call.ids["ticket"].isdisjoint(issue.ids["ticket"])

    cases: list = []
    [decided] = _changed(lambda: cases.append(accept_case(db, clerk)))
    case = cases[0]
    assert decided.ids["case"] == {case.id}  # the case with its materials, event and steps
    with db.reader() as s:
        message_ids = set(
            s.scalars(select(OutboxMessage.id).where(OutboxMessage.case_id == case.id))
        )
    assert decided.ids["outbox"] == message_ids  # written in the same transaction

    [step] = _changed(
        lambda: intake.start_processing(db, clerk, case.id, expected_version=case.data_version)
    )
    assert step.ids["case"] == {case.id} and set(step.ids) == {"case", "outbox"}  # forwarded

    jobs: list = []
    [archived] = _changed(
        lambda: jobs.append(docs.archive_document(db, clerk, TICKET, printer="坏打印机").job)
    )
    job = jobs[0]
    assert archived.ids == {"print_job": {job.id}}
    [failed] = _changed(lambda: docs.fail_print_job(db, job.id, "缺纸"))
    assert failed.ids == {"print_job": {job.id}}

    # a transaction that changes nothing the feed carries tells nothing
    assert _changed(lambda: queue.window_state(db, counter_id)) == []
    assert _changed(lambda: admin.list_counters(db)) == []


def test_a_refused_transaction_tells_nothing(demo_db, clerk):
    db = demo_db
    counter_id = _counter_id(db, 1)
    with _notices(db) as told:
        with capture() as captured, pytest.raises(queue.NothingWaiting):
            queue.open_counter(db, clerk, counter_id)
            queue.call_next(db, clerk, counter_id)  # nobody waits: refused, rolled back
        assert [set(c.ids) for c in captured.sets] == [{"counter"}]  # the opening only
        assert len(told()) == 1


def test_one_notice_per_transaction_naming_every_kind(demo_db, clerk):
    db = demo_db
    with _notices(db) as told:
        with capture() as captured:
            case = accept_case(db, clerk)
        notices = told()
    assert len(notices) == 1
    told_set = ChangeSet.from_notice(notices[0])
    assert told_set is not None
    assert told_set.token == captured.sets[0].token
    assert told_set.ids["case"] == {case.id}
    assert told_set.ids["outbox"] == captured.sets[0].ids["outbox"]


def test_an_object_set_to_what_it_was_is_no_change(demo_db, clerk):
    db = demo_db
    case = accept_case(db, clerk)

    def touch() -> None:
        with db.session() as s:
            row = s.get(Case, case.id)
            row.status = row.status  # noqa: PLW0127 - assigned, not changed

    assert _changed(touch) == []


def test_a_change_the_orm_does_not_see_is_named_by_hand(demo_db, clerk):
    db = demo_db
    case = accept_case(db, clerk)

    def by_hand() -> None:
        with db.session() as s:
            changes.note(s, "case", [case.id])

    [named] = _changed(by_hand)
    assert named.ids == {"case": {case.id}}
    with db.session() as s, pytest.raises(AssertionError, match="KINDS"):
        changes.note(s, "complaint", [1])  # a kind is declared before it is used


def test_a_large_transaction_names_the_kind_whole_within_the_notice_limit():
    big = ChangeSet(token="t1")
    big.add("ticket", range(1, 5001))
    big.add("counter", [7])
    text = big.notice()
    assert len(text.encode()) <= changes.NOTICE_BYTES
    back = ChangeSet.from_notice(text)
    assert back is not None
    assert back.ids == {"counter": {7}} and back.whole == {"ticket"}
    assert back.token == "t1"
    small = ChangeSet(token="t2")
    small.add("print_job", [3, 4])
    assert json.loads(small.notice()) == {"tx": "t2", "ids": {"print_job": [3, 4]}, "whole": []}
    assert ChangeSet.from_notice('{"k":"t","ids":[1]}') is None  # an earlier release's notice


def test_the_end_of_day_too_large_to_name_reaches_the_feed_as_whole(demo_db, monkeypatch):
    db = demo_db
    yesterday = utcnow() - timedelta(days=1)
    for _ in range(30):
        queue.issue_ticket(db, _category_id(db), now=yesterday)
    monkeypatch.setattr(changes, "NOTICE_BYTES", 100)  # thirty ids are "too many" here
    feed = ChangeFeed(db)
    try:
        feed.wait(0.2)
        with capture() as captured:
            assert queue.expire_stale(db) == 30  # one transaction, thirty ticket events
        got = _collect(feed, lambda c: bool(c.whole))
    finally:
        feed.close()
    assert len(captured.sets[0].ids["ticket"]) == 30  # this PC knows them all
    assert got.whole == {"ticket"} and got.tickets == []  # the others reload the queue
    assert got.concerns("ticket") and not got.concerns("counter")


def test_sqlite_keeps_the_latest_change_log_rows_and_a_feed_left_behind_reloads_all(
    sqlite_url, db_templates, monkeypatch
):
    db_templates.clone_sqlite("demo", sqlite_url.removeprefix("sqlite:///"))
    db = open_database(sqlite_url)
    monkeypatch.setattr(changes, "LOG_KEPT", 10)
    monkeypatch.setattr(changes, "PRUNE_EVERY", 5)
    feed = ChangeFeed(db)
    try:
        feed.wait(0.2)
        for _ in range(25):
            queue.issue_ticket(db, _category_id(db))
        with db.reader() as s:
            ids = list(s.scalars(select(ChangeLog.id).order_by(ChangeLog.id)))
        assert len(ids) <= 10 + 5 and ids == list(range(ids[0], ids[-1] + 1))
        assert feed.wait(0.5) == Changes(resync=True)  # what it had not read is gone
        queue.issue_ticket(db, _category_id(db))
        after = feed.wait(0.5)  # and from there on, as before
        assert not after.resync and len(after.tickets) == 1
    finally:
        feed.close()
        db.dispose()


# --------------------------------------------------------------------------- two PCs


def _collect(feed: ChangeFeed, until: Callable[[Changes], bool], seconds: float = 10) -> Changes:
    """The feed's changes merged until `until` holds (or the time is up)."""
    merged = Changes()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = feed.wait(0.3)
        merged.tickets += got.tickets
        merged.counters += got.counters
        merged.cases += got.cases
        merged.resync |= got.resync
        merged.whole |= got.whole
        for kind, ids in got.ids.items():
            merged.ids[kind] = merged.ids.get(kind, frozenset()) | ids
        if until(merged):
            break
    return merged


@pytest.fixture
def two_pcs(demo_db, db_url) -> Iterator[tuple[Database, Database]]:
    """PC A is the test's database handle; PC B opens its own (its own engine and pools)."""
    other = open_database(db_url)
    try:
        yield demo_db, other
    finally:
        other.dispose()


def test_print_jobs_outbox_and_cases_changed_on_one_pc_reach_the_other(two_pcs, clerk, manager):
    pc_a, pc_b = two_pcs
    feed_b = ChangeFeed(pc_b)
    try:
        feed_b.wait(0.3)  # listening / the change log's end noted

        job = docs.archive_document(pc_a, clerk, TICKET, printer="坏打印机").job
        docs.fail_print_job(pc_a, job.id, "缺纸")
        case = accept_case(pc_a, clerk)
        with pc_a.session() as s:  # the online hall refused it: a dead letter for a manager
            message = s.scalars(
                select(OutboxMessage).where(OutboxMessage.case_id == case.id)
            ).first()
            message.status = OutboxStatus.DEAD
            message_id = message.id
        from app.services.forwarding import retry_dead_letter

        retry_dead_letter(pc_a, manager, message_id)  # the manager's panel on PC A
        got = _collect(
            feed_b,
            lambda c: message_id in c.outbox and job.id in c.print_jobs and bool(c.cases),
        )
    finally:
        feed_b.close()
    assert job.id in got.print_jobs
    assert message_id in got.outbox
    assert [c.case_id for c in got.cases] == [case.id]
    assert got.cases[0].status == case.status and got.cases[0].case_no == case.case_no
    assert got.concerns("print_job", "outbox", "case") and not got.concerns("counter")
    assert not got.resync and not got.own


def test_a_pcs_own_operations_reach_its_windows_once(two_pcs, clerk):
    """PC A's feed skips the transactions PC A's operations committed (the task runner hands
    those over itself) and delivers PC B's, in the same Changes form as before."""
    pc_a, pc_b = two_pcs
    own = OwnTransactions()
    feed_a = ChangeFeed(pc_a, own)
    counter_id = _counter_id(pc_a, 1)
    try:
        feed_a.wait(0.3)
        with capture(own) as mine:  # what PC A's runner does around a clerk's action
            queue.open_counter(pc_a, clerk, counter_id)
            queue.issue_ticket(pc_a, _category_id(pc_a))
        assert len(mine.sets) == 2 and all(s.token in own for s in mine.sets)
        ticket = queue.issue_ticket(pc_b, _category_id(pc_b)).ticket  # another PC's kiosk
        got = _collect(feed_a, lambda c: bool(c.tickets))
    finally:
        feed_a.close()
    assert [t.ticket_id for t in got.tickets] == [ticket.id]  # PC B's only
    assert got.counters == []  # PC A's own opening: not a second time
    assert got.tickets[0].event_type == "issue" and got.tickets[0].number == ticket.number
    assert not any(s.token in own for s in mine.sets)  # each skipped once, then forgotten


def test_a_window_the_manager_opens_is_a_window_change(demo_db, manager):
    from app.services import manager as manager_service

    counter_id = _counter_id(demo_db, 2)
    [opened] = _changed(lambda: manager_service.open_window(demo_db, manager, counter_id))
    assert set(opened.ids) == {"counter"}


def test_the_notice_is_sent_before_the_audit_chain_is_taken(db):
    """The audit chain's lock is held for its entries and the commit only (app/services/audit.py):
    the notice's statement runs before it is taken."""
    from app.services import audit

    hooks = list(db.write_factory().dispatch.before_commit)
    assert hooks.index(changes._before_commit) < hooks.index(audit._link_pending_entries)
