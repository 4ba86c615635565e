"""The Qt binding itself must hold up for a day of use. PySide6 6.12.0 under Python 3.11 dropped a
reference to None on every call of a method that returns nothing; None's count runs out after a
few thousand calls and the process aborts ("Fatal Python error: none_dealloc") — a board that
refreshes all day would die before lunch. pyproject.toml keeps that version out; this test says so
if an upgrade brings such a binding back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QLineEdit


def _none_refs_lost_by(call, times: int = 2000) -> int:
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    return before - sys.getrefcount(None)


def test_methods_returning_nothing_keep_none_alive(qtbot):
    line, label = QLineEdit(), QLabel()
    qtbot.addWidget(line)
    qtbot.addWidget(label)
    for call in (lambda: line.setText("A001"), lambda: label.resize(120, 30), line.clear):
        # a few references may come and go with the interpreter's own work; one per call may not
        assert _none_refs_lost_by(call) < 100


def test_start_up_objects_are_frozen_out_of_the_collectors_way():
    """A full garbage collection over everything start-up made held the GUI thread 100–140 ms
    during the day (tests/benchmarks/hall_day.py); once frozen, collections skip it."""
    import gc

    from ui.application import settle_memory

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        settle_memory()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
