"""What a second pass over issue 13's first hour found, each tried with real keys: a
passage that opens with a quotation mark is listed with one mark, not two; the
annotations table fits its pane (no sideways scrolling) at 1024×640, with the note
beside it too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from reader.ui.models.annotation_list import PASSAGE

from .annotating import popup_noise
from .test_chains import tag_with_chooser

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | SHIFT

SPEECH = """Martial law declared

“We have declared several times that we don’t support war,” said the president.

The ministry said its lands had not been taken, and that the talks would go on.
"""


def speech_project(tmp_path, open_project):
    source = tmp_path / "speech.txt"
    source.write_text(SPEECH, encoding="utf-8")
    project = open_project(tmp_path / "speech.reader")
    project.import_files([source])
    project.add_tag("blame")
    return project


def select_by_words(window, qtbot, needle: str, words: int) -> None:
    """Put the caret before ``needle`` (F7, as a reader would) and take ``words`` words
    with Ctrl+Shift+Right."""
    article = window.article
    doc = window.current_document()
    at = article.text_map().to_qt(doc.text.index(needle))
    article.setFocus(Qt.FocusReason.MouseFocusReason)
    cursor = article.textCursor()
    cursor.setPosition(at)
    article.setTextCursor(cursor)
    for _ in range(words):
        qtbot.keyClick(article, Qt.Key.Key_Right, CTRL_SHIFT)
    assert article.textCursor().selectedText().startswith(needle[:3])


@popup_noise
def test_a_passage_opening_with_a_quote_mark_is_listed_with_one(
    make_window, open_project, tmp_path, qtbot
):
    project = speech_project(tmp_path, open_project)
    window = make_window(project)
    select_by_words(window, qtbot, "“We have", 3)
    tag_with_chooser(window, qtbot, "bla")
    [a] = project.annotations()
    assert a.exact.startswith("“We have declared")
    shown = window.annotation_model.index(0, PASSAGE).data()
    assert shown.startswith("“We have declared")  # not ““We
    assert shown.count("“") == 1 and shown.endswith("”")
    qtbot.keyClick(window.article, Qt.Key.Key_N)
    qtbot.waitUntil(window.note_editor.edit.hasFocus)
    assert window.note_editor.heading.text().startswith("“We have declared")
    assert "““" not in window.note_editor.heading.text()


def test_quoted_adds_only_the_marks_a_passage_lacks():
    from reader.core.text import quoted

    assert quoted("We have") == "“We have”"
    assert quoted("“We have") == "“We have”"
    assert quoted("for it,”") == "“for it,”"
    assert quoted("“for it,”") == "“for it,”"
    assert quoted("Artsakh’") == "“Artsakh’”"  # an apostrophe is not a closing mark
    assert quoted("") == "“”"


@popup_noise
def test_the_annotations_table_never_scrolls_sideways_at_1024x640(
    make_window, open_project, tmp_path, qtbot
):
    project = speech_project(tmp_path, open_project)
    window = make_window(project)
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() <= 1024)
    select_by_words(window, qtbot, "The ministry", 4)
    tag_with_chooser(window, qtbot, "bla")
    qtbot.keyClick(window.article, Qt.Key.Key_N)  # the note dock opens beside the list
    qtbot.waitUntil(window.note_editor.edit.hasFocus)
    qtbot.keyClicks(window.note_editor.edit, "they say so every day")
    view = window.annotations.view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() > 0)
    qtbot.wait(50)
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    assert header.length() <= view.viewport().width()
    # every column is there to read, the passage the widest
    widths = [view.columnWidth(c) for c in range(header.count())]
    assert min(widths) >= 40
    assert max(widths) == widths[PASSAGE]


def mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


def test_no_two_items_of_a_menu_share_an_alt_letter(make_window, seeded_project, qtbot):
    """Alt+T (Structure or Tools?) or R in the File menu (Open Recent or Document
    Properties?) would only highlight the first of two, not open what was meant."""
    window = make_window(seeded_project)
    clashes = []

    def walk(title: str, actions) -> None:
        seen: dict[str, str] = {}
        for action in actions:
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic(action.text())
            if letter is not None and letter in seen:
                clashes.append(f"{title}: {seen[letter]} / {action.text()}")
            elif letter is not None:
                seen[letter] = action.text()
            if action.menu() is not None:
                walk(action.text(), action.menu().actions())

    walk("menu bar", window.menuBar().actions())
    assert clashes == []


@popup_noise
def test_alt_return_opens_document_properties_from_the_article(make_window, seeded_project, qtbot):
    """Alt+Return is the window's only use of it (the Help sheet lists no other): from the
    article it asks for the open document's properties."""
    window = make_window(seeded_project)
    owners = [
        a for a in window.findChildren(QAction) for key in a.shortcuts()
        if key.toString() == "Alt+Return"
    ]  # fmt: skip
    assert [a.text() for a in owners] == ["Document &Properties…"]
    fired = []
    owners[0].triggered.connect(lambda: fired.append(True))
    window.article.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(window.article.hasFocus)

    def close_dialog():  # the action opens a modal dialog: close it once it shows
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            dialog.reject()

    QTimer.singleShot(300, close_dialog)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert fired == [True]


class X11LineEditKeys(QObject):
    """What a QLineEdit does on X11 (offscreen has no Emacs-style bindings): it claims
    Ctrl+E as End, so a window shortcut on Ctrl+E never fires while it has the focus."""

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.key() == Qt.Key.Key_E and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return False


@popup_noise
def test_ctrl_e_in_the_document_filter_opens_export(make_window, open_project, tmp_path, qtbot):
    """The window starts with the focus in the document filter, where X11's Emacs-style
    Ctrl+E (End) ate Export; the field keeps its editing chords (Ctrl+Z, End)."""
    project = speech_project(tmp_path, open_project)
    window = make_window(project)
    field = window.sidebar.filter_edit
    window.article.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(window.article.hasFocus)
    x11 = X11LineEditKeys(field)
    field.installEventFilter(x11)  # before the focus comes: the field's own handling
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "martial")
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClick(field, Qt.Key.Key_End)
    assert field.cursorPosition() == len("martial")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert field.selectedText() == "martial"  # select all in the field is the field's
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.retrieval.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.reject()


def test_a_field_keeps_its_editing_chords_and_lends_emacs_moves():
    from reader.ui.controllers.key_guard import field_keeps

    for kept in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+C", "Ctrl+V", "Ctrl+A", "End", "Ctrl+Left"):
        assert field_keeps(QKeySequence(kept)), kept
    assert not field_keeps(QKeySequence("Ctrl+E"))
    assert not field_keeps(QKeySequence("Ctrl+L"))


@popup_noise
def test_alt_f_in_the_export_dialog_goes_to_the_file_field(
    make_window, open_project, tmp_path, qtbot
):
    """ "&Format:" and "&File:" both said Alt+F, so Alt+F went to the format first."""
    project = speech_project(tmp_path, open_project)
    window = make_window(project)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.retrieval.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.path_edit.hasFocus)
    dialog.reject()


def widget_mnemonics(dialog) -> list[str]:
    """The Alt letters of a dialog's labels and buttons, one per visible widget."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    letters = []
    for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if widget.isVisibleTo(dialog) and (letter := mnemonic(widget.text())) is not None:
            letters.append(letter)
    return letters


def test_the_comment_data_dialog_has_one_widget_per_alt_letter(qtbot):
    from reader.ui.dialogs.dataset_mapping import DatasetMappingDialog

    dialog = DatasetMappingDialog("comments.csv", ["id", "body"], [{"id": "1", "body": "hi"}],
                                  None)  # fmt: skip
    qtbot.addWidget(dialog)
    letters = widget_mnemonics(dialog)
    assert "i" in letters  # &Import
    assert sorted(letters) == sorted(set(letters))


@popup_noise
def test_alt_2_from_the_filter_then_del_removes_the_current_annotation(
    make_window, open_project, tmp_path, qtbot
):
    """Alt+2 (Go to Article) is a command, not text typed in the filter: the Del that
    follows at once acts, and the status bar does not say text was typed."""
    project = speech_project(tmp_path, open_project)
    window = make_window(project)
    select_by_words(window, qtbot, "The ministry", 2)
    tag_with_chooser(window, qtbot, "bla")
    assert len(project.annotations()) == 1
    field = window.sidebar.filter_edit
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.article.hasFocus)
    assert field.text() == ""
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert project.annotations() == []
    assert "typed" not in window.statusBar().currentMessage()


@popup_noise
def test_one_tag_in_the_overview_is_a_bar_not_a_slab(make_window, open_project, tmp_path, qtbot):
    """The tag overview after tagging one passage: the chart is as tall as its bar needs,
    not the dock's whole height (one bar was ~140 px thick at 1440×900)."""
    from reader.ui.panes.overview import BAR_HEIGHT

    project = speech_project(tmp_path, open_project)
    window = make_window(project)
    select_by_words(window, qtbot, "The ministry", 2)
    tag_with_chooser(window, qtbot, "bla")
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.docks["overview_dock"].isVisible())
    pane = window.overview
    assert pane.bar_values() == [("blame", 1)]
    qtbot.waitUntil(lambda: pane.chart_scroll.viewport().height() > 150)
    qtbot.wait(50)
    plot = pane.chart.plotArea()
    assert plot.height() > 0
    thickness = plot.height() * 0.7  # the series' bar width, one category
    assert thickness <= 2 * BAR_HEIGHT


def test_a_window_saved_on_a_larger_screen_fills_a_smaller_one(
    make_window, seeded_project, settings, qtbot
):
    """Closed at 1440×900, opened on a 1024×640 laptop: the window takes the screen,
    centred, not what Qt made of the saved frame (934×426 in a corner on X11)."""
    from PySide6.QtCore import QRect

    from reader.ui.window_layout import fit_to_screen, saved_frame

    window = make_window(seeded_project)
    screen = window.screen().availableGeometry()
    big = QRect(40, 30, screen.width() + 400, screen.height() + 300)
    window.setGeometry(big)
    geometry = window.saveGeometry()
    assert saved_frame(geometry).contains(big)  # the frame: the window and its edges
    window.resize(screen.width() // 2, screen.height() // 3)  # as Qt may restore it
    fit_to_screen(window, geometry)
    frame = window.frameGeometry()
    assert frame.top() == screen.top() and frame.height() == screen.height()
    # as wide as the screen (the offscreen screen, 800 px, is narrower than the window
    # can be: its panes' minimum widths)
    assert frame.width() >= screen.width()
    assert window.width() <= max(screen.width(), window.minimumSizeHint().width())
