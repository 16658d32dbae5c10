"""Who is coding: the name asked once at first start, and the Preferences dialog.

The name is a user setting (``coder/name`` in QSettings), recorded on every annotation
and structure correction made in the window (``Project.set_coder``). :func:`coder_name`
returns the saved name, asking for it the first time through ``ask`` (the composition
root passes :func:`ask_coder_name`; tests pass a function, so nothing blocks).

A name given for one run (``reader --coder NAME``, else ``READER_CODER``) wins over the
remembered one, as on the command line's commands, and is not remembered; a name saved
in Preferences during the run wins over both from then on (:class:`RunCoder`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

CODER_KEY = "coder/name"
EXPLANATION = (
    "Reader records your name on every passage you tag, every note and every structure "
    "correction, so that a team can merge its projects and compare its coding. "
    "Use the name your colleagues know you by."
)


def tidy(name: str | None) -> str:
    return " ".join((name or "").split())


def saved_coder_name(settings: QSettings) -> str:
    return tidy(str(settings.value(CODER_KEY, "") or ""))


def coder_name(settings: QSettings, suggested: str, ask: Callable[[str], str | None] | None) -> str:
    """The coder's name: the saved one, else asked once (``ask(suggested)``; None or a
    blank answer keeps ``suggested``) and saved, so the question is never asked again."""
    name = saved_coder_name(settings)
    if name:
        return name
    answer = ask(suggested) if ask is not None else None
    name = tidy(answer) or tidy(suggested) or "Reader user"
    settings.setValue(CODER_KEY, name)
    return name


class RunCoder:
    """Who codes in this run of the window. ``named``: the name given for this run
    (``--coder``, else ``READER_CODER``; '' if none), which wins over the saved name and
    is not saved; else the saved name, else asked once (``ask``; None: nothing asked,
    ``suggested`` used and not saved, for the self-test and CI)."""

    def __init__(
        self,
        settings: QSettings,
        named: str,
        suggested: str,
        ask: Callable[[str], str | None] | None,
    ) -> None:
        self._settings = settings
        if tidy(named):
            self.name = tidy(named)
        elif ask is None:
            self.name = saved_coder_name(settings) or tidy(suggested) or "Reader user"
        else:
            self.name = coder_name(settings, suggested, ask)
        self._saved = saved_coder_name(settings)

    def current(self) -> str:
        """The name to open the next project with: the run's, unless Preferences saved
        another one since (the reader's latest choice)."""
        saved = saved_coder_name(self._settings)
        return saved if saved and saved != self._saved else self.name


class CoderNameDialog(QDialog):
    """ "Your name as a coder": one field, prefilled, with why it is asked."""

    def __init__(self, suggested: str, parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("coder_name_dialog")
        self.setWindowTitle(title or "Your Name as a Coder")
        layout = QVBoxLayout(self)
        text = QLabel(EXPLANATION, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.name_edit = QLineEdit(suggested, self)
        self.name_edit.setObjectName("coder_name")
        self.name_edit.selectAll()
        form.addRow("&Name:", self.name_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    @Slot(str)
    def _on_name_edit_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(tidy(text)))

    def name(self) -> str:
        return tidy(self.name_edit.text())


def ask_coder_name(suggested: str) -> str | None:
    """Ask at first start (a modal dialog before the window shows)."""
    dialog = CoderNameDialog(suggested)
    return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PreferencesDialog(CoderNameDialog):
    """Edit › Preferences…: change the coder's name (from now on; what was coded under
    the old name keeps it).

    Signals:
        coder_name_changed(str): the user saved another name.
    """

    coder_name_changed = Signal(str)

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(current, parent, title="Preferences")
        self.setObjectName("preferences_dialog")
        self._current = current
        note = QLabel(
            "A new name applies to what you code from now on; what you coded under "
            "the old one keeps it.",
            self,
        )
        note.setWordWrap(True)
        self.layout().insertWidget(2, note)
        self.accepted.connect(self._on_accepted)

    @Slot()
    def _on_accepted(self) -> None:
        if self.name() and self.name() != self._current:
            self.coder_name_changed.emit(self.name())
