"""The corpus search pane (Ctrl+Shift+F): a query line, filter toggles and a tag list that
edit the query, a line saying how many hits (or why the query cannot be read), and the
results grouped by document with their snippets painted, matches in bold on a tint.

The pane searches nothing itself: it asks (``search_requested``) and is given results
or an error sentence; a chosen hit is an intent (``hit_activated``) the window routes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.query import PART_WORDS, PARTS, query_parts, query_tag, with_parts, with_tag
from reader.core.records import SearchCount, SearchHit
from reader.ui.models.search_results import CountRole, MarksRole, SearchResultsModel, WhereRole
from reader.ui.painting.snippets import MATCH_TINTS, paint_marked_lines
from reader.ui.panes.views import KeyTreeView
from reader.ui.plain_text import plain_label
from reader.ui.wording import plural

# The part buttons' labels: in full, and short for a narrow pane.
PART_LABELS = {
    "article": ("Article", "Art."),
    "comment": ("Comments", "Com."),
    "note": ("Notes", "Notes"),
}

TYPING_MS = 250  # a pause this long in typing runs the search
SNIPPET_LINES = 2  # a hit's snippet wraps to this many lines (the tooltip has it all)
SYNTAX_HELP = (
    "Words must all occur (any case, any accents)\n"
    '"a phrase" — these words in this order\n'
    "negotiat* — words beginning so\n"
    "drones OR artillery,  drones NOT artillery (or -artillery), brackets\n"
    "in:article  in:comments  in:notes — only there\n"
    'tag:casualty  tag:"two words" — inside passages with that tag (or one below it)\n'
    "author:name — comments by that author\n"
    'coder:name  coder:"First Last" — inside passages that coder made\n'
    'meta:Guardian  meta:Outlet=Guardian  meta:"Outlet=The Times" — in documents whose\n'
    "    properties hold that (File › Document Properties shows them)\n"
    "tag:casualty alone (or coder:name alone) — those passages"
)


# ---- the query's filters, as text ------------------------------------------------------


# ---- painting ------------------------------------------------------------------------


class SnippetDelegate(QStyledItemDelegate):
    """Paints document rows (title in bold, number of hits) and hit rows (where, muted
    and small, over the snippet with its matches in bold on a tint)."""

    PAD = 4

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.Bold)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.88, 7.0))
        return base, bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        base, _bold, small = self._fonts(option)
        line = QFontMetrics(base).height()
        if not index.parent().isValid():
            return QSize(100, line + 2 * self.PAD)
        return QSize(100, QFontMetrics(small).height() + SNIPPET_LINES * line + 3 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        muted = text if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        base, bold, small = self._fonts(opt)
        rect = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        if not index.parent().isValid():
            self._paint_document(painter, rect, index, base, bold, text, muted)
        else:
            top = QRect(rect.left(), rect.top(), rect.width(), QFontMetrics(small).height())
            painter.setFont(small)
            painter.setPen(muted)
            where = str(index.data(WhereRole) or "")
            elided = QFontMetrics(small).elidedText(where, Qt.TextElideMode.ElideRight, top.width())
            painter.drawText(
                top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
            )
            body = QRect(
                rect.left(), top.bottom() + self.PAD, rect.width(),
                SNIPPET_LINES * QFontMetrics(base).height(),
            )  # fmt: skip
            dark = opt.palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
            paint_marked_lines(
                painter, body, str(index.data() or ""), index.data(MarksRole) or [],
                base, bold, text, None if selected else QColor(MATCH_TINTS[dark]),
                SNIPPET_LINES,
            )  # fmt: skip
        painter.restore()

    @staticmethod
    def _paint_document(painter, rect, index, base, bold, text, muted) -> None:
        count = int(index.data(CountRole) or 0)
        count_text = plural(count, "hit")
        count_width = QFontMetrics(base).horizontalAdvance(count_text)
        title_rect = rect.adjusted(0, 0, -count_width - 8, 0)
        title = QFontMetrics(bold).elidedText(
            str(index.data() or ""), Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )
        painter.setFont(base)
        painter.setPen(muted)
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count_text
        )


# ---- the pane ----------------------------------------------------------------------------


class SearchPane(QWidget):
    """Searches the project.

    Signals:
        search_requested(str): run this query (after a pause in typing, Enter, or a
            filter changed); an empty string clears the results.
        hit_activated(object): show this :class:`SearchHit` (Enter or a click).
        text_focus_requested(object): put the focus in the text showing this hit (Enter
            again in the query, once its first hit is shown).
    """

    search_requested = Signal(str)
    hit_activated = Signal(object)
    text_focus_requested = Signal(object)

    def __init__(self, model: SearchResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("search")
        # A tab beside the codebook: its minimum must not widen the window (the filter
        # row is cut when squeezed; asking for the pane widens the dock, room allowing).
        self.setMinimumWidth(150)
        self._model = model
        self._last_query: str | None = None
        self._shown = False  # a hit of these results has been shown
        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("search_query")
        self.query_edit.setPlaceholderText('Search the project: words, "a phrase", tag:name')
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setToolTip(SYNTAX_HELP)
        self.part_buttons: dict[str, QToolButton] = {}
        for part in PARTS:
            button = QToolButton(self)
            button.setObjectName(f"search_in_{part}")
            button.setText(PART_LABELS[part][0])
            button.setToolTip(f"Only hits in {PART_WORDS[part]} (adds in:{PART_WORDS[part]})")
            button.setCheckable(True)
            button.setAutoRaise(True)
            self.part_buttons[part] = button
        self.tag_combo = QComboBox(self)
        self.tag_combo.setObjectName("search_tag")
        self.tag_combo.setToolTip("Only hits inside passages with this tag (adds tag:…)")
        self.tag_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tag_combo.setMinimumContentsLength(12)
        self.status = plain_label(QLabel(self))
        self.status.setObjectName("search_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.view = KeyTreeView(self)
        self.view.setObjectName("search_results")
        self.view.setModel(model)
        self.view.setItemDelegate(SnippetDelegate(self.view))
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_MS)

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(2)
        for button in self.part_buttons.values():
            filters.addWidget(button)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.query_edit)
        layout.addLayout(filters)
        layout.addWidget(self.tag_combo)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.query_edit)
        self.set_tags([])
        self._show_status("")

        self.query_edit.textEdited.connect(self._on_query_edit_text_edited)
        self.query_edit.returnPressed.connect(self._on_query_edit_return_pressed)
        self.query_edit.installEventFilter(self)
        self._typing.timeout.connect(self._on_typing_timeout)
        for button in self.part_buttons.values():
            button.toggled.connect(self._on_part_button_toggled)
        self.tag_combo.activated.connect(self._on_tag_combo_activated)
        self.view.clicked.connect(self._on_view_clicked)
        self.view.enter_pressed.connect(self._on_view_enter_pressed)

    # ---- public

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_part_labels()

    def _fit_part_labels(self) -> None:
        """The part buttons' short labels when their full ones do not fit side by side
        (a narrow pane squeezes a fixed button below its text: "Co…ts"); each button's
        tooltip says what it does either way."""
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - 2 * (len(PARTS) - 1)
        full = 0
        for part, button in self.part_buttons.items():
            padding = button.sizeHint().width() - button.fontMetrics().horizontalAdvance(
                button.text()
            )
            full += padding + button.fontMetrics().horizontalAdvance(PART_LABELS[part][0])
        short = full > room
        for part, button in self.part_buttons.items():
            button.setText(PART_LABELS[part][short])

    def query(self) -> str:
        return self.query_edit.text()

    def set_query(self, text: str) -> None:
        """Put ``text`` in the query line and search it now."""
        self.query_edit.setText(text)
        self._sync_filters()
        self._request()

    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def set_tags(self, tags: Sequence[tuple[str, str]]) -> None:
        """The tags to offer, as (name, path in the codebook)."""
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("Any tag", None)
        for name, path in tags:
            self.tag_combo.addItem(path, name)
        self.tag_combo.blockSignals(False)
        at = self.tag_combo.findData(current) if current else 0
        self.tag_combo.setCurrentIndex(max(at, 0))
        self._sync_filters()

    def show_results(self, hits: Sequence[SearchHit], count: SearchCount | None = None) -> None:
        """Show these hits; ``count`` is the whole count when ``hits`` was cut short."""
        self._model.set_results(hits)
        self._shown = False
        self.view.expandAll()
        if hits:
            self.view.setCurrentIndex(self._model.index(0, 0))
        shown, documents = self._model.hit_count(), self._model.document_count()
        if not hits:
            text = "No hits."
        elif count is not None and count.parts > shown:
            text = (
                f"The first {shown:,} of {plural(count.parts, 'hit')} "
                f"in {plural(count.documents, 'document')}."
            )
        else:
            text = f"{plural(shown, 'hit')} in {plural(documents, 'document')}."
        self._show_status(text)

    def show_error(self, message: str) -> None:
        """The query cannot be read: say why, in place of the results."""
        self._model.clear()
        self._show_status(message, error=True)

    def clear(self) -> None:
        self._model.clear()
        self._show_status("")

    def status_text(self) -> str:
        return self.status.text()

    def is_error_shown(self) -> bool:
        return bool(self.status.property("error"))

    # ---- internals

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.status.setProperty("error", error)
        palette = self.status.palette()
        role = QPalette.ColorRole.WindowText
        colour = self.palette().color(role)
        if error:
            dark = self.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5
            colour = QColor("#ff8a80") if dark else QColor("#b3261e")
        palette.setColor(role, colour)
        self.status.setPalette(palette)

    def _request(self) -> None:
        self._typing.stop()
        query = self.query_edit.text().strip()
        self._last_query = query
        self.search_requested.emit(query)

    def _sync_filters(self) -> None:
        """Toggles and tag list as the query says."""
        query = self.query_edit.text()
        parts = query_parts(query)
        for part, button in self.part_buttons.items():
            button.blockSignals(True)
            button.setChecked(part in parts)
            button.blockSignals(False)
        tag = query_tag(query)
        at = 0
        if tag is not None:
            wanted = " ".join(tag.split()).casefold()
            at = next(
                (
                    i
                    for i in range(1, self.tag_combo.count())
                    if str(self.tag_combo.itemData(i)).casefold() == wanted
                ),
                0,
            )
        self.tag_combo.setCurrentIndex(at)

    def _activate(self, index: QModelIndex | QPersistentModelIndex) -> None:
        hit = self._model.first_hit(index)
        if hit is not None:
            self._shown = True
            self.hit_activated.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self._model.rowCount() > 0
        ):
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_query_edit_text_edited(self, _text: str) -> None:
        self._sync_filters()
        self._typing.start()

    @Slot()
    def _on_query_edit_return_pressed(self) -> None:
        """Search now if the results are not this query's, and show the first hit with
        the focus staying in the query (keys typed next are still text, never a tagging
        shortcut on the hit); Enter again, the hit shown, goes to its text (Down: the
        results)."""
        if self._typing.isActive() or self.query_edit.text().strip() != self._last_query:
            self._request()
            self._shown = False
        if self._model.rowCount() == 0:
            return
        if self._shown and self.view.currentIndex().isValid():
            hit = self._model.first_hit(self.view.currentIndex())
            if hit is not None:
                self.text_focus_requested.emit(hit)
            return
        first = self._model.hit_index(0, 0)
        self.view.setCurrentIndex(first)
        self._activate(first)

    @Slot()
    def _on_typing_timeout(self) -> None:
        self._request()

    @Slot(bool)
    def _on_part_button_toggled(self, _checked: bool) -> None:
        parts = [p for p, b in self.part_buttons.items() if b.isChecked()]
        self.query_edit.setText(with_parts(self.query_edit.text(), parts))
        self._sync_filters()
        self._request()

    @Slot(int)
    def _on_tag_combo_activated(self, index: int) -> None:
        name = self.tag_combo.itemData(index)
        self.query_edit.setText(with_tag(self.query_edit.text(), name))
        self._request()

    @Slot(QModelIndex)
    def _on_view_clicked(self, index: QModelIndex) -> None:
        self._activate(index)

    @Slot()
    def _on_view_enter_pressed(self) -> None:
        self._activate(self.view.currentIndex())
