"""Finding and retrieving for one window: find in the document, corpus search, coded
segments, the tag overview and exports, with their actions and the Search menu.

Like the annotator, it gets the panes it drives handed in and asks the window (by
signals) for what only the window does: opening a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from reader.core.model import Document
from reader.ui.article_pane import ArticlePane
from reader.ui.comment_pane import CommentPane
from reader.ui.find_bar import FindBar
from reader.ui.finder import Finder

if TYPE_CHECKING:
    from reader.store.project import Project


@dataclass(frozen=True, slots=True)
class _ActionSpec:
    name: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...]
    tip: str = ""


class Retrieval(QObject):
    """Find, search, retrieve and export, for one window.

    Signals:
        document_requested(int): show this document (a hit or a segment in it was chosen).
        annotation_requested(str): show this annotation (a hit in its note was chosen).
        pane_requested(str): show and raise this dock ("search", "segments", "overview").
        status_message(str): a line for the status bar.
    """

    document_requested = Signal(int)
    annotation_requested = Signal(str)
    pane_requested = Signal(str)
    status_message = Signal(str)

    ACTIONS = (
        _ActionSpec("find", "&Find in Document…", (QKeySequence.StandardKey.Find, "Ctrl+F"),
                    "Find words in the article and comments shown"),
        _ActionSpec("find_next", "Find &Next", (QKeySequence.StandardKey.FindNext, "F3")),
        _ActionSpec("find_previous", "Find Pre&vious",
                    (QKeySequence.StandardKey.FindPrevious, "Shift+F3")),
    )  # fmt: skip

    def __init__(
        self,
        project: Project,
        *,
        window: QWidget,
        article: ArticlePane,
        comments: CommentPane,
        find_bar: FindBar,
    ) -> None:
        super().__init__(window)
        self._project = project
        self._window = window
        self._article = article
        self._comments = comments
        self._doc_id: int | None = None
        self.finder = Finder(find_bar, article, comments, self)
        self.actions: dict[str, QAction] = {}
        self._build_actions()
        self._connect_signals()

    # ---- building

    def _build_actions(self) -> None:
        for spec in self.ACTIONS:
            action = QAction(spec.text, self._window)
            action.setObjectName(spec.name)
            keys: list[QKeySequence] = []
            for key in spec.shortcuts:
                found = (
                    QKeySequence.keyBindings(key)
                    if isinstance(key, QKeySequence.StandardKey)
                    else [QKeySequence(key)]
                )
                keys += [k for k in found if not k.isEmpty() and k not in keys]
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(spec.tip)
            self._window.addAction(action)
            self.actions[spec.name] = action

    def fill_menu_bar(self, bar: QMenuBar, before: QAction | None = None) -> QMenu:
        """Add the Search menu (before the menu whose action is ``before``)."""
        a = self.actions
        menu = QMenu("&Search", bar)
        menu.setObjectName("search_menu")
        for name in ("find", "find_next", "find_previous"):
            menu.addAction(a[name])
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        return menu

    def _connect_signals(self) -> None:
        a = self.actions
        a["find"].triggered.connect(self.finder.open)
        a["find_next"].triggered.connect(self.finder.next_hit)
        a["find_previous"].triggered.connect(self.finder.previous_hit)

    # ---- the window's calls

    def project(self) -> Project:
        return self._project

    def set_project(self, project: Project) -> None:
        """Another project is open."""
        self._project = project
        self._doc_id = None

    def show_document(self, doc_id: int | None, doc: Document | None) -> None:
        """The window now shows this document."""
        self._doc_id = doc_id
        self.finder.show_document(doc)

    @Slot()
    def left_out_toggled(self) -> None:
        """The article shows or hides its left-out text: hits there come or go."""
        self.finder.refresh()
