"""File › Open Shared Project…: where the team's PostgreSQL database is.

The dialog asks what every PostgreSQL client asks: a service name (from
``pg_service.conf``) or host, port, database and user, and the SSL mode. It has no
password field on purpose: libpq finds the password in ``~/.pgpass``, the service file
or ``PGPASSWORD``, so Reader never holds or stores one. :func:`target` is the libpq
``key=value`` string the answers make (what Open Recent remembers).
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable")
EXPLANATION = (
    "A shared project lives in a PostgreSQL database that your team's administrator "
    "set up (see “Team project on PostgreSQL” in the README). Reader never asks for or "
    "stores your password: put it in ~/.pgpass (or your pg_service.conf) as for psql."
)


def _quoted(value: str) -> str:
    if value and not any(c in value for c in " '\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class SharedProjectDialog(QDialog):
    """Asks where the shared project is; :meth:`target` after ``exec()``."""

    def __init__(self, parent: QWidget | None = None, *, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("shared_project_dialog")
        self.setWindowTitle("Open Shared Project")
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.service = QLineEdit(objectName="shared_service")
        self.service.setPlaceholderText("optional: a name from pg_service.conf")
        self.host = QLineEdit(objectName="shared_host")
        self.host.setPlaceholderText("localhost")
        self.port = QSpinBox(objectName="shared_port")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit(objectName="shared_database")
        self.user = QLineEdit(user, objectName="shared_user")
        self.user.setPlaceholderText("your account name")
        self.database.setPlaceholderText("e.g. team_corpus")
        self.sslmode = QComboBox(objectName="shared_sslmode")
        self.sslmode.addItems(SSL_MODES)
        form = QFormLayout()
        form.addRow("&Service:", self.service)
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("SS&L mode:", self.sslmode)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for edit in (self.service, self.database):
            edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    @Slot()
    def _on_text_changed(self) -> None:
        named = bool(self.service.text().strip() or self.database.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(named)

    def target(self) -> str:
        """The libpq connection string of the answers (no password, ever)."""
        words = []
        service = self.service.text().strip()
        if service:
            words.append(f"service={_quoted(service)}")
        for key, value in (
            ("host", self.host.text().strip()),
            ("port", str(self.port.value()) if self.port.value() != 5432 else ""),
            ("dbname", self.database.text().strip()),
            ("user", self.user.text().strip()),
        ):
            if value:
                words.append(f"{key}={_quoted(value)}")
        if self.sslmode.currentText() != "prefer":
            words.append(f"sslmode={self.sslmode.currentText()}")
        return " ".join(words)


def ask_shared_target(parent: QWidget | None, user: str = "") -> str | None:
    """The connection string the user gave, or None when they cancelled."""
    dialog = SharedProjectDialog(parent, user=user)
    return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
