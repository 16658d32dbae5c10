"""Tools › Coder Agreement: the figures per tag beside the places where coders differ.

The dialog shows what ``measure(unit, coders)`` (handed in by the controller) returns:
on the left the table of figures (percent agreement, Cohen's κ, Fleiss' κ,
Krippendorff's α per tag and over all tags), on the right the disagreement list. Choosing
a tag's row narrows the list to it; activating a place (double-click, Enter) asks the
window to show the passage. Each table exports to CSV or Excel (by the file's suffix).
The unit and the coders compared are chosen at the top; the figures follow at once.

Signals:
    passage_requested(int, int, int): show document, start, end (code points).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.store.agreement_input import (
    ALL_TAGS,
    DISAGREEMENT_COLUMNS,
    FIGURE_COLUMNS,
    AgreementResult,
    disagreement_rows,
    figure_rows,
)
from reader.store.export.agreement_export import write_csv, write_xlsx

UNITS = (
    ("character", "Characters (unitizing α)"),
    ("comment", "Comments"),
    ("paragraph", "Comments and article paragraphs"),
)
PlaceRole = Qt.ItemDataRole.UserRole + 1
"""On a disagreement row: (document id, start, end)."""
TagRole = Qt.ItemDataRole.UserRole + 2
"""On a figures row: the tag's name as the list shows it ("" for all tags)."""
_SHOWN = (1, 2, 5, 6, 7, 8)  # of DISAGREEMENT_COLUMNS: title, where, tag, by, not by, text
FIGURE_HEADERS = ("Tag", "Units", "Agreement", "Cohen's κ", "Fleiss' κ", "Krippendorff's α")
PLACE_HEADERS = ("Document", "Where", "Tag", "Applied by", "Not by", "Text")
PERCENT_COLUMN = 2


def _cell(value) -> QStandardItem:
    if isinstance(value, float):
        item = QStandardItem(f"{value:.3f}")
        item.setData(value, Qt.ItemDataRole.UserRole)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    elif isinstance(value, int):
        item = QStandardItem(f"{value:,}")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    else:
        item = QStandardItem("—" if value == "" else str(value))
    item.setEditable(False)
    return item


class AgreementDialog(QDialog):
    """See the module's docstring."""

    passage_requested = Signal(int, int, int)

    def __init__(
        self,
        measure: Callable[[str, Sequence[str] | None], AgreementResult],
        coders: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_dialog")
        self.setWindowTitle("Coder Agreement")
        self._measure = measure
        self.result: AgreementResult | None = None
        # Asking for a file to save to, replaceable in tests ("" for none).
        self.ask_save_path: Callable[[str, str], str] = self._ask_save_path

        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("agreement_unit")
        for key, label in UNITS:
            self.unit_combo.addItem(label, key)
        self.coder_list = QListWidget(self)
        self.coder_list.setObjectName("agreement_coders")
        self.coder_list.setFlow(QListWidget.Flow.LeftToRight)
        self.coder_list.setMaximumHeight(self.fontMetrics().height() * 2 + 8)
        for name in coders:
            item = QListWidgetItem(name, self.coder_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.summary = QLabel(self)
        self.summary.setObjectName("agreement_summary")
        self.summary.setWordWrap(True)

        self.figures_model = QStandardItemModel(0, len(FIGURE_COLUMNS), self)
        self.figures_model.setHorizontalHeaderLabels(list(FIGURE_HEADERS))
        self.figures = QTableView(self)
        self.figures.setObjectName("agreement_figures")
        self.figures.setModel(self.figures_model)
        self.places_model = QStandardItemModel(0, len(_SHOWN), self)
        self.places_model.setHorizontalHeaderLabels(list(PLACE_HEADERS))
        self.places_proxy = QSortFilterProxyModel(self)
        self.places_proxy.setSourceModel(self.places_model)
        self.places_proxy.setFilterKeyColumn(2)
        self.places = QTableView(self)
        self.places.setObjectName("agreement_places")
        self.places.setModel(self.places_proxy)
        self.places.setSortingEnabled(True)
        for view in (self.figures, self.places):
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().hide()
            view.setWordWrap(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.places.horizontalHeader().setStretchLastSection(True)
        self.places_label = QLabel(self)

        self.export_figures_button = QPushButton("Export &Table…", self)
        self.export_places_button = QPushButton("Export &List…", self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        top = QHBoxLayout()
        top.addWidget(QLabel("&Unit:", self, buddy=self.unit_combo))
        top.addWidget(self.unit_combo)
        top.addSpacing(12)
        top.addWidget(QLabel("C&oders:", self, buddy=self.coder_list))
        top.addWidget(self.coder_list, 1)
        left = QWidget(self)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.figures, 1)
        left_column.addWidget(self.export_figures_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.places_label)
        right_column.addWidget(self.places, 1)
        right_column.addWidget(self.export_places_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("agreement_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(close)

        self.unit_combo.currentIndexChanged.connect(self._on_unit_combo_changed)
        self.coder_list.itemChanged.connect(self._on_coder_list_item_changed)
        self.figures.selectionModel().currentRowChanged.connect(self._on_figures_row_changed)
        self.places.activated.connect(self._on_places_activated)
        self.export_figures_button.clicked.connect(self._on_export_figures_clicked)
        self.export_places_button.clicked.connect(self._on_export_places_clicked)
        close.rejected.connect(self.reject)
        screen = parent.screen().availableGeometry() if parent is not None else None
        width = min(1200, screen.width() - 80) if screen is not None else 1100
        height = min(600, screen.height() - 80) if screen is not None else 560
        self.resize(width, height)
        self.splitter.setSizes([width * 9 // 20, width * 11 // 20])
        self.refresh()

    # ---- what is compared

    def unit(self) -> str:
        return str(self.unit_combo.currentData())

    def set_unit(self, unit: str) -> None:
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(unit)))

    def chosen_coders(self) -> list[str]:
        return [
            self.coder_list.item(i).text()
            for i in range(self.coder_list.count())
            if self.coder_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def refresh(self) -> None:
        """Compute again for the unit and coders chosen, and show it."""
        coders = self.chosen_coders()
        self.figures_model.removeRows(0, self.figures_model.rowCount())
        self.places_model.removeRows(0, self.places_model.rowCount())
        self.result = None
        if len(coders) < 2:
            self.summary.setText("Choose two coders or more to compare.")
            self._update_places_label()
            return
        self.result = result = self._measure(self.unit(), coders)
        report = result.report
        if not report.documents:
            self.summary.setText(
                f"No document was coded by {' and '.join(coders)}"
                + (
                    " (by characters, each document must be coded by all)."
                    if self.unit() == "character"
                    else "."
                )  # fmt: skip
            )
        else:
            self.summary.setText(
                f"{', '.join(report.coders)} compared on {len(report.documents):,} "
                f"document{'s' if len(report.documents) != 1 else ''}. Cohen's κ is for "
                f"the first two coders ({', '.join(report.coders[:2])})."
            )
        for row in figure_rows(result):
            items = [_cell(v) for v in row]
            if isinstance(row[PERCENT_COLUMN], float):
                items[PERCENT_COLUMN].setText(f"{100 * row[PERCENT_COLUMN]:.1f} %")
            items[0].setData("" if row[0] == ALL_TAGS else row[0], TagRole)
            self.figures_model.appendRow(items)
        for report_place, row in zip(report.disagreements, disagreement_rows(result), strict=True):
            items = [_cell(row[i]) for i in _SHOWN]
            if report.unit == "character":
                run = f"{row[4] - row[3]:,} characters"
                items[1].setText(f"{row[2]} · {run}" if row[2] else run)
            items[0].setData(
                (report_place.document, report_place.start, report_place.end), PlaceRole
            )
            self.places_model.appendRow(items)
        self.figures.resizeColumnsToContents()
        for column, chars in ((0, 22), (1, 16), (2, 12), (3, 10), (4, 10)):
            self.places.setColumnWidth(column, self.fontMetrics().averageCharWidth() * chars)
        self._update_places_label()

    def _update_places_label(self) -> None:
        shown, total = self.places_proxy.rowCount(), self.places_model.rowCount()
        narrowed = self.places_proxy.filterRegularExpression().pattern()
        text = f"{total:,} places where the coders differ"
        if narrowed:
            text = f"{shown:,} of {total:,} places where the coders differ, for one tag"
        self.places_label.setText(text + " (double-click one to show it)" if total else text)

    # ---- exports

    def _ask_save_path(self, title: str, suggested: str) -> str:
        name, _ = QFileDialog.getSaveFileName(
            self, title, suggested, "CSV (*.csv);;Excel workbook (*.xlsx)"
        )
        return name

    def export_table(self, which: str, path: Path) -> bool:
        """Write the figures (``which`` "figures") or the disagreement list ("places")."""
        if self.result is None:
            return False
        columns, rows = (
            (FIGURE_COLUMNS, figure_rows(self.result)) if which == "figures"
            else (DISAGREEMENT_COLUMNS, disagreement_rows(self.result))
        )  # fmt: skip
        try:
            if path.suffix.lower() == ".xlsx":
                sheet = "Agreement" if which == "figures" else "Disagreements"
                write_xlsx(path, [(sheet, columns, rows)])
            else:
                write_csv(path if path.suffix else path.with_suffix(".csv"), columns, rows)
        except OSError as error:
            QMessageBox.warning(
                self, "Not exported", f"{path.name} cannot be written ({error.strerror})."
            )
            return False
        return True

    def _export(self, which: str, title: str, stem: str) -> None:
        name = self.ask_save_path(title, f"{stem}.csv")
        if name:
            self.export_table(which, Path(name))

    # ---- slots

    @Slot(int)
    def _on_unit_combo_changed(self, _index: int) -> None:
        self.refresh()

    @Slot(QListWidgetItem)
    def _on_coder_list_item_changed(self, _item: QListWidgetItem) -> None:
        self.refresh()

    @Slot(QModelIndex, QModelIndex)
    def _on_figures_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        tag = current.siblingAtColumn(0).data(TagRole) if current.isValid() else ""
        pattern = "" if not tag else f"^{_escape(tag)}$"
        self.places_proxy.setFilterRegularExpression(pattern)
        self._update_places_label()

    @Slot(QModelIndex)
    def _on_places_activated(self, index: QModelIndex) -> None:
        place = index.siblingAtColumn(0).data(PlaceRole)
        if place is not None:
            self.passage_requested.emit(*place)

    @Slot()
    def _on_export_figures_clicked(self) -> None:
        self._export("figures", "Export Agreement Figures", "agreement")

    @Slot()
    def _on_export_places_clicked(self) -> None:
        self._export("places", "Export Disagreements", "disagreements")


def _escape(text: str) -> str:
    from re import escape

    return escape(text)
