"""The tag overview: how often each tag was applied (a bar chart, across the project or in
the document shown) and which tags meet (a heat map: on the same passage, or on
overlapping passages), each with its numbers in a table beside it that can be copied.

Bars are a QtCharts chart, made when there are first bars to draw (QtCharts stays out
of the window's start); the heat map is a table whose cells are shaded by their
number (the numbers stay readable on the shade). The pane computes nothing: it is
given ``TagFrequencies`` and ``CoOccurrence`` and asks for them again
(``refresh_requested``) when the user changes what to count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.records import CoOccurrence, TagFrequencies
from reader.ui.models.overview import (
    CoOccurrenceModel,
    FrequencyModel,
    table_text,
)

if TYPE_CHECKING:
    from PySide6.QtCharts import QChart, QChartView

BAR_HEIGHT = 26  # pixels per tag in the chart (it scrolls when there are many)
CHART_AT_LEAST = 100  # pixels: room for the axis and one bar
LABEL_CHARS = 32  # a tag path longer than this is cut on the chart's axis
SAME, OVERLAPPING = "same", "overlapping"
PROJECT = -1  # the scope list's value for the whole project

_Index = QModelIndex | QPersistentModelIndex

# Heat map shades, light and dark: from the base colour to a deep blue.


def nice_scale(top: int, ticks: int = 5) -> tuple[int, int]:
    """A whole step of 1, 2 or 5 times a power of ten, and an axis end that is a multiple
    of it with room after ``top`` for a bar's label."""
    rough = max(1.0, top / ticks)
    power = 10 ** max(0, len(str(int(rough))) - 1)
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    upper = (top // step + 1) * step
    return step, upper


def _axis_label(text: str, chars: int = LABEL_CHARS) -> str:
    """A tag path as the chart's axis shows it: its end, when longer than ``chars``."""
    return text if len(text) <= chars else "…" + text[-(chars - 1) :]


# ---- models ---------------------------------------------------------------------------


# ---- views ----------------------------------------------------------------------------


class CopyTable(QTableView):
    """A read-only table whose Copy (Ctrl+C) puts the selected rows (all rows when none
    is selected) on the clipboard as tab-separated text, headers first."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        super().keyPressEvent(event)

    def copy(self) -> str:
        model = self.model()
        if model is None:
            return ""
        rows = sorted({i.row() for i in self.selectionModel().selectedIndexes()})
        text = table_text(model, rows or None)
        QApplication.clipboard().setText(text)
        return text


def _table(parent: QWidget, name: str, model: QAbstractTableModel) -> CopyTable:
    view = CopyTable(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    return view


class OverviewPane(QWidget):
    """Tag frequencies and co-occurrence, as pictures and as numbers.

    Signals:
        refresh_requested(): what to count changed (the scope, or counting the tags
            below each tag): give the pane new numbers.
    """

    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.setMinimumWidth(320)  # a dock beside others: its bar may be cut, not the window
        self.frequency_model = FrequencyModel(self)
        self.co_model = CoOccurrenceModel(self)
        self._frequencies: TagFrequencies | None = None
        self._co: CoOccurrence | None = None
        self._paths: dict[str, str] = {}
        self._bars: list[tuple[str, int]] = []

        self.scope_combo = QComboBox(self)
        self.scope_combo.setObjectName("overview_scope")
        self.scope_combo.addItem("Across the project", PROJECT)
        self.scope_combo.addItem("In the document shown", None)
        self.below_box = QCheckBox("Count the tags &below each", self)
        self.below_box.setObjectName("overview_below")
        self.below_box.setToolTip("A passage with a subtag counts for its parent tags too")
        self.sort_box = QCheckBox("&Most used first", self)
        self.sort_box.setObjectName("overview_sort")
        self.sort_box.setChecked(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("overview_kind")
        self.kind_combo.addItem("On the same passage", SAME)
        self.kind_combo.addItem("On overlapping passages", OVERLAPPING)
        self.copy_button = QPushButton("&Copy Numbers", self)
        self.copy_button.setObjectName("overview_copy")
        self.copy_button.setToolTip("Copy the table of the tab shown, tab-separated")

        self.chart: QChart | None = None  # made with the first bars (_chart)
        self.chart_view: QChartView | None = None
        self.chart_scroll = QScrollArea(self)
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.empty_label = QLabel("No tag has been applied yet.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frequency_table = _table(self, "frequency_table", self.frequency_model)
        header = self.frequency_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.heat_map = _table(self, "co_occurrence_map", self.co_model)
        self.heat_map.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.heat_map.setShowGrid(False)
        self.heat_map.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.heat_map.horizontalHeader().setMinimumSectionSize(44)

        frequencies = QTabWidget(self)
        frequencies.setObjectName("frequency_tabs")
        chart_page = QWidget(frequencies)
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.empty_label)
        chart_layout.addWidget(self.chart_scroll)
        frequencies.addTab(chart_page, "Chart")
        frequencies.addTab(self.frequency_table, "Numbers")
        self.frequency_tabs = frequencies

        co_page = QWidget(self)
        co_layout = QVBoxLayout(co_page)
        co_layout.setContentsMargins(0, 4, 0, 0)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel("Tags meeting:", co_page))
        kind_row.addWidget(self.kind_combo)
        kind_row.addStretch(1)
        co_layout.addLayout(kind_row)
        co_layout.addWidget(self.heat_map, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("overview_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(frequencies, "Tag Frequencies")
        self.tabs.addTab(co_page, "Co-occurrence")

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.scope_combo)
        bar.addWidget(self.below_box)
        bar.addWidget(self.sort_box)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.scope_combo.activated.connect(self._on_options_changed)
        self.below_box.toggled.connect(self._on_options_changed)
        self.sort_box.toggled.connect(self._on_sort_box_toggled)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self._style_chart()

    # ---- what to count

    def scope(self) -> int | None:
        """PROJECT, or None for the document shown."""
        return self.scope_combo.currentData()

    def set_scope(self, scope: int | None) -> None:
        self.scope_combo.setCurrentIndex(0 if scope == PROJECT else 1)

    def descendants(self) -> bool:
        return self.below_box.isChecked()

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_document_available(self, available: bool) -> None:
        """Whether a document is shown (the second scope needs one)."""
        item = self.scope_combo.model().item(1)
        if item is not None:
            item.setEnabled(available)
        if not available and self.scope() is None:
            self.scope_combo.setCurrentIndex(0)

    # ---- the numbers

    def show_numbers(
        self,
        frequencies: TagFrequencies,
        co: CoOccurrence,
        paths: dict[str, str],
        document_id: int | None,
    ) -> None:
        """Show these counts; ``document_id`` picks the document row of ``frequencies``
        for the bars (None: the project's totals)."""
        self._frequencies, self._co, self._paths = frequencies, co, paths
        tags = frequencies.tags
        here = list(frequencies.totals)
        if document_id is not None and document_id in frequencies.documents:
            here = list(frequencies.counts[frequencies.documents.index(document_id)])
        self.frequency_model.set_rows(
            [
                (paths.get(t.id, t.name), here[j], frequencies.totals[j], frequencies.spread[j])
                for j, t in enumerate(tags)
            ]
        )
        self._bars = [(paths.get(t.id, t.name), here[j]) for j, t in enumerate(tags)]
        self._build_chart()
        self._show_matrix()

    def bar_values(self) -> list[tuple[str, int]]:
        """The bars as drawn, top to bottom: (category label, value)."""
        if self.chart is None:
            return []
        series = self.chart.series()
        if not series:
            return []
        bar_set = series[0].barSets()[0]
        axis = next(a for a in self.chart.axes(Qt.Orientation.Vertical))
        labels = list(axis.categories())
        values = [int(bar_set.at(i)) for i in range(bar_set.count())]
        return list(reversed(list(zip(labels, values, strict=True))))

    # ---- building

    def _ordered_bars(self) -> list[tuple[str, int]]:
        bars = list(self._bars)
        if self.sort_box.isChecked():
            bars.sort(key=lambda b: -b[1])  # stable: codebook order among equals
        return bars

    def _chart(self) -> QChart:
        """The chart, made on first use (with its view in the scroll area)."""
        if self.chart is None:
            from PySide6.QtCharts import QChart, QChartView

            self.chart = QChart()
            self.chart.setObjectName("frequency_chart")
            self.chart.legend().hide()
            self.chart.setMargins(QMargins(4, 4, 12, 4))
            self.chart.setBackgroundRoundness(0)
            self.chart.layout().setContentsMargins(0, 0, 0, 0)  # the margins above do
            self.chart_view = QChartView(self.chart, self)
            self.chart_view.setObjectName("frequency_chart_view")
            self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_scroll.setWidget(self.chart_view)
            self._style_chart()
        return self.chart

    def _build_chart(self) -> None:
        bars = self._ordered_bars()
        has_any = any(v for _, v in bars)
        self.empty_label.setVisible(not has_any)
        self.chart_scroll.setVisible(has_any)
        if self.chart is None and not bars:
            return
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis

        chart = self._chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not bars:
            return
        bars = list(reversed(bars))  # a horizontal chart draws its first category lowest
        bar_set = QBarSet("Passages")
        for _, value in bars:
            bar_set.append(value)
        bar_set.setColor(self.palette().color(QPalette.ColorRole.Highlight))
        bar_set.setBorderColor(self.palette().color(QPalette.ColorRole.Highlight))
        bar_set.setLabelColor(self.palette().color(QPalette.ColorRole.Text))
        series = QHorizontalBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.7)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        labels = self._unique([_axis_label(label) for label, _ in bars])
        categories.append(labels)
        values = QValueAxis()
        step, upper = nice_scale(max(v for _, v in bars))
        values.setRange(0, upper)
        values.setLabelFormat("%d")
        values.setTickCount(upper // step + 1)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(values)
        self._style_chart()
        # as tall as its bars need, no taller: a tag or two drawn in a pane's whole
        # height were bars as thick as a thumb; in a short pane the bars thin down to
        # their labels' height before the view scrolls (a scroll of a few pixels only
        # hid them)
        assert self.chart_view is not None
        # (QtCharts writes "..." for a tag's label given less than about its line and
        # 10 px; the axes take about three lines: both measured, with 2 px to spare)
        line = self.fontMetrics().height()
        self.chart_view.setMinimumHeight((line + 10) * len(bars) + 3 * line + 12)
        self.chart_view.setMaximumHeight(max(CHART_AT_LEAST, BAR_HEIGHT * len(bars) + 70))

    @staticmethod
    def _unique(labels: list[str]) -> list[str]:
        """Category labels must differ: repeats get a space more (invisible)."""
        seen: set[str] = set()
        out = []
        for label in labels:
            while label in seen:
                label += " "
            seen.add(label)
            out.append(label)
        return out

    def _style_chart(self) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        grid = palette.color(QPalette.ColorRole.Mid)
        self.co_model.set_dark(base.lightnessF() < 0.5)
        if self.chart is None or self.chart_view is None:
            return
        self.chart.setBackgroundBrush(base)
        self.chart_view.setBackgroundBrush(base)
        font = QFont(self.font())
        for axis in self.chart.axes():
            axis.setLabelsColor(text)
            axis.setLabelsFont(font)
            axis.setLinePenColor(grid)
            axis.setGridLineColor(grid)

    def _show_matrix(self) -> None:
        co = self._co
        if co is None:
            self.co_model.set_matrix([], [], [])
            return
        matrix = co.same_passage if self.kind() == SAME else co.overlapping
        self.co_model.set_matrix(
            [t.name for t in co.tags], [self._paths.get(t.id, t.name) for t in co.tags], matrix
        )

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._build_chart()

    # ---- slots

    @Slot()
    def _on_options_changed(self) -> None:
        self.refresh_requested.emit()

    @Slot(bool)
    def _on_sort_box_toggled(self, _checked: bool) -> None:
        self._build_chart()

    @Slot(int)
    def _on_kind_combo_changed(self, _index: int) -> None:
        self._show_matrix()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        if self.tabs.currentIndex() == 0:
            text = table_text(self.frequency_model)
        else:
            text = table_text(self.co_model)
        QApplication.clipboard().setText(text)
