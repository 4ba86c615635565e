"""The database going away under a running sender does not end sending (found by
tests/benchmarks/hall_day_chaos.py: `halldesk forward` exited, and a desk's sender thread stopped,
at the first PostgreSQL restart). The sender waits for the database, writes the outcomes it had
drained meanwhile, and delivers every case event once, in order."""

from __future__ import annotations

import logging
import sqlite3
import time

import pytest

from app.db.engine import open_database
from app.db.migrate import upgrade
from tests import pgcluster
from tests.forwarding.conftest import Running, make_sender, wait_for
from tests.forwarding.test_sender import assert_delivered_once_in_order, stats, take_cases


def _deliver_across(db, sim, caplog, outage) -> None:
    take_cases(db, 1, 4)
    sim.set_faults(latency_ms=150)  # requests on the wire while the database goes away
    sender = make_sender(db, sim)
    with caplog.at_level(logging.WARNING, logger="app.forwarding.sender"), Running(sender) as run:
        wait_for(lambda: stats(sim)["recorded"] >= 1, what="sending under way")
        outage()
        take_cases(db, 100, 3)  # the windows work on once the database is back
        wait_for(lambda: stats(sim)["recorded"] == 21, timeout=40, what="all 21 events recorded")
        wait_for(lambda: sender.status().pending == 0, timeout=20, what="all marked sent")
        assert run.thread.is_alive()  # still sending
    assert "the database does not answer" in caplog.text
    assert_delivered_once_in_order(db, sim)


def test_sqlite_file_locked_past_the_busy_timeout(sim, tmp_path, caplog):
    path = tmp_path / "hall.sqlite3"
    db = open_database(f"sqlite:///{path.as_posix()}", busy_timeout_seconds=0.2)
    upgrade(db.engine, backup=False)

    def outage() -> None:
        other = sqlite3.connect(path, isolation_level=None, timeout=30)
        other.execute("BEGIN EXCLUSIVE")  # another program holds the file
        time.sleep(2.0)
        other.execute("ROLLBACK")
        other.close()

    try:
        _deliver_across(db, sim, caplog, outage)
    finally:
        db.dispose()


@pytest.mark.postgres
def test_postgresql_stopped_immediately_and_started(sim, caplog):
    pgcluster.require()
    with pgcluster.private_cluster() as cluster:
        db = open_database(cluster.url)
        upgrade(db.engine, backup=False)

        def outage() -> None:
            cluster.stop("immediate")
            time.sleep(1.5)
            cluster.start()

        try:
            _deliver_across(db, sim, caplog, outage)
        finally:
            db.dispose()
