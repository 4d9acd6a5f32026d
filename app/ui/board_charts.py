"""The board's charts (QtCharts): how many days lenders take from signing to payout, per
month and per lender, with the median on every bar and the overall median as a line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.services.board import FundingTime

MEDIAN_COLOUR = QColor("#1e88e5")
AVERAGE_COLOUR = QColor("#b0bec5")
OVERALL_COLOUR = QColor("#e53935")


def _axis_max(groups: Sequence[FundingTime]) -> float:
    top = max((max(g.median_days, g.average_days) for g in groups), default=0.0)
    return max(5.0, top * 1.2)  # room above the tallest bar for its label


class FundingChart(QChartView):
    """Median (labelled) and average days per group; `horizontal` for long lender names."""

    def __init__(self, title: str, *, horizontal: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(180)
        self.show_groups([], None)

    def show_groups(self, groups: Sequence[FundingTime], overall: FundingTime | None) -> None:
        chart = QChart()
        if overall is None:
            chart.setTitle(self._title)
        else:
            chart.setTitle(QCoreApplication.translate(
                "FundingChart", "{title} (median of all {days} days)").format(
                title=self._title, days=overall.median_days))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        median = QBarSet(QCoreApplication.translate("FundingChart", "Median days"))
        median.setColor(MEDIAN_COLOUR)
        average = QBarSet(QCoreApplication.translate("FundingChart", "Average days"))
        average.setColor(AVERAGE_COLOUR)
        for bar in (median, average):
            bar.setLabelColor(QColor("#263238"))  # the default white vanishes off the bar
        for group in groups:
            median.append(group.median_days)
            average.append(group.average_days)
        series = QHorizontalBarSeries() if self._horizontal else QBarSeries()
        series.append(median)
        series.append(average)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([g.key for g in groups] or ["—"])
        values = QValueAxis()
        values.setRange(0, _axis_max(groups))
        values.applyNiceNumbers()
        values.setLabelFormat("%d")
        values.setTitleText(QCoreApplication.translate("FundingChart", "days"))
        category_side, value_side = ((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
                                     if self._horizontal else
                                     (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft))
        chart.addAxis(categories, category_side)
        chart.addAxis(values, value_side)
        series.attachAxis(categories)
        series.attachAxis(values)
        if overall is not None and groups and not self._horizontal:
            # The overall median across the chart: which months were slower than usual.
            line = QLineSeries()
            line.setName(QCoreApplication.translate(
                "FundingChart", "Median of all: {days} days").format(days=overall.median_days))
            pen = QPen(OVERALL_COLOUR, 2, Qt.PenStyle.DashLine)
            line.setPen(pen)
            line.append(QPointF(-0.5, overall.median_days))
            line.append(QPointF(len(groups) - 0.5, overall.median_days))
            chart.addSeries(line)
            line.attachAxis(values)
            spread = QValueAxis()  # the line's x runs along the bar slots, unseen
            spread.setRange(-0.5, len(groups) - 0.5)
            spread.setVisible(False)
            chart.addAxis(spread, Qt.AlignmentFlag.AlignTop)
            line.attachAxis(spread)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
