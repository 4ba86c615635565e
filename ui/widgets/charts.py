"""The manager's charts (QtCharts): arrivals against served by hour, the distribution of waits,
and daily volumes over a month. Each chart shows plain data handed to it (`show(...)`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from app.services.stats import DayVolume, HourCount, WaitDistribution

BLUE = QColor("#1f77b4")
ORANGE = QColor("#ff7f0e")
GREEN = QColor("#2ca02c")
RED = QColor("#d62728")


MAX_STEPS = 6  # a chart in the manager's tab is ~150 px high at 1366×768: 6 label rows fit


def nice_axis(value: float) -> tuple[float, int]:
    """An axis top a little above `value` on a round step, and its tick count, so that every
    tick lands on a whole number (1, 2, 5, 10, 20, 50 … per step) and there are at most
    `MAX_STEPS` steps (with more, Qt Charts elides the labels of a short chart to "…")."""
    step, scale = 1, 1
    while value / step >= MAX_STEPS:
        for factor in (2, 5, 10):
            step = factor * scale
            if value / step < MAX_STEPS:
                break
        scale *= 10
    steps = max(int(-(-value // step)), 1)
    if steps * step <= value:
        steps += 1
    return float(steps * step), steps + 1


def _value_axis(font: QFont, top: float, title: str) -> QValueAxis:
    axis = QValueAxis()
    high, ticks = nice_axis(top)
    axis.setRange(0, high)
    axis.setTickCount(ticks)
    axis.setLabelFormat("%d")
    axis.setTitleText(title)
    axis.setLabelsFont(font)
    axis.setTitleFont(font)
    return axis


class _Chart(QChartView):
    def __init__(self, title: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        chart = QChart()
        chart.setTitle(title)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        chart.setTitleFont(font)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setFont(self.font())
        chart.setMargins(QMargins(6, 6, 6, 6))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)

    def _reset(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _axes(
        self, series, categories: Sequence[str], top: float, y_title: str, x_title: str = ""
    ) -> None:
        chart = self.chart()
        x = QBarCategoryAxis()
        x.append(list(categories))
        x.setLabelsFont(self.font())
        if x_title:
            x.setTitleText(x_title)
            x.setTitleFont(self.font())
        y = _value_axis(self.font(), top, y_title)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in series:
            s.attachAxis(x)
            s.attachAxis(y)


class HourlyChart(_Chart):
    """Arrivals (取号) and served (办结) in each hour of the day."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("今日每小时取号与办结"), "hourlyChart", parent)
        self.values: list[tuple[int, int, int]] = []

    def show_hours(self, hours: Sequence[HourCount]) -> None:
        chart = self._reset()
        self.values = [(h.hour, h.arrivals, h.served) for h in hours]
        arrivals = QBarSet(self.tr("取号"))
        served = QBarSet(self.tr("办结"))
        arrivals.setColor(BLUE)
        served.setColor(GREEN)
        for h in hours:
            arrivals.append(h.arrivals)
            served.append(h.served)
        series = QBarSeries()
        series.append(arrivals)
        series.append(served)
        chart.addSeries(series)
        top = max([h.arrivals for h in hours] + [h.served for h in hours] + [0])
        self._axes(
            [series],
            [self.tr("{0}时").format(h.hour) for h in hours] or ["—"],
            top,
            self.tr("人数"),
            self.tr("时段"),
        )


class WaitDistributionChart(_Chart):
    """How many tickets waited how long (minutes until the first call)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("等候时长分布"), "waitChart", parent)
        self.values: list[tuple[str, int]] = []

    def show_distribution(self, dist: WaitDistribution, target_minutes: int | None = None) -> None:
        chart = self._reset()
        self.values = [(b.label, n) for b, n in dist.buckets]
        bars = QBarSet(self.tr("人数（共 {0} 人）").format(dist.total))
        bars.setColor(ORANGE)
        for _bucket, n in dist.buckets:
            bars.append(n)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        top = max([n for _b, n in dist.buckets] + [0])
        self._axes(
            [series],
            [b.label for b, _n in dist.buckets],
            top,
            self.tr("人数"),
            self.tr("等候时长（分钟，取号到首次叫号）"),
        )


class DailyVolumeChart(_Chart):
    """Tickets issued, served and not shown per day over the last month."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("近30天每日取号量"), "dailyChart", parent)
        self.values: list[tuple[str, int, int, int]] = []

    def show_days(self, days: Sequence[DayVolume]) -> None:
        chart = self._reset()
        self.values = [(f"{d.day:%m-%d}", d.issued, d.served, d.no_show) for d in days]
        lines = []
        for title, colour, pick in (
            (self.tr("取号"), BLUE, lambda d: d.issued),
            (self.tr("办结"), GREEN, lambda d: d.served),
            (self.tr("过号"), RED, lambda d: d.no_show),
        ):
            line = QLineSeries()
            line.setName(title)
            line.setColor(colour)
            for i, d in enumerate(days):
                line.append(QPointF(i, pick(d)))
            chart.addSeries(line)
            lines.append(line)
        labels = [f"{d.day.day}" for d in days] or ["—"]
        top = max([d.issued for d in days] + [0])
        x = QBarCategoryAxis()
        x.append(labels)
        x.setLabelsFont(self.font())
        x.setTitleText(self.tr("日"))
        x.setTitleFont(self.font())
        y = _value_axis(self.font(), top, self.tr("号数"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for line in lines:
            line.attachAxis(x)
            line.attachAxis(y)
