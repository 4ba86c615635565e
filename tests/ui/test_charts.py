"""The manager's charts keep their value labels readable: the value axis has at most
`MAX_STEPS` steps, each a whole number, so that a chart as high as the manager's tab gives it at
1366×768 has a text line of room for every label (with ten steps, Qt Charts elided them to "…")."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from app.services.stats import WAIT_BUCKETS, WaitBucket, WaitDistribution
from ui.widgets.charts import MAX_STEPS, WaitDistributionChart, nice_axis


@given(st.integers(min_value=0, max_value=50_000_000))
def test_the_axis_top_is_above_the_value_in_few_whole_steps(value):
    top, ticks = nice_axis(value)
    steps = ticks - 1
    assert top > value
    assert 1 <= steps <= MAX_STEPS
    assert top % steps == 0 and (top // steps) >= 1  # every tick on a whole number
    assert top - top // steps <= value  # and not a whole step more than needed


def _distribution(counts: list[int]) -> WaitDistribution:
    highs = [*WAIT_BUCKETS[1:], None]
    buckets = tuple(
        (WaitBucket(low, high), n) for low, high, n in zip(WAIT_BUCKETS, highs, counts, strict=True)
    )
    return WaitDistribution(date(2026, 12, 4), date(2026, 12, 4), buckets)


def test_a_short_wait_chart_has_room_for_every_value_label(qtbot):
    chart = WaitDistributionChart()
    qtbot.addWidget(chart)
    chart.resize(640, 290)  # one chart of the manager's 统计图表 tab at 1366×768
    chart.show_distribution(_distribution([8, 0, 0, 0, 0, 0, 0, 0]))  # 8 people: once 10 steps
    chart.show()
    qtbot.waitExposed(chart)
    axis = next(a for a in chart.chart().axes(Qt.Orientation.Vertical) if isinstance(a, QValueAxis))
    room = chart.chart().plotArea().height() / (axis.tickCount() - 1)
    assert room >= QFontMetrics(axis.labelsFont()).height(), (
        f"{axis.tickCount() - 1} steps of {room:.1f} px for labels "
        f"{QFontMetrics(axis.labelsFont()).height()} px high"
    )
