"""The About dialog: what this is, which version, under which licence, where the data lives."""

from __future__ import annotations

import html
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, Slot, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import reader
from reader import APP_NAME
from reader.child_env import open_url
from reader.data_locations import DataLocations

LICENCE = "MIT"


class AboutDialog(QDialog):
    """Version, licence and data locations; each location is a link that opens the folder.

    Signals: none (a plain modal dialog). The locations are handed in by the app.
    """

    def __init__(
        self,
        locations: DataLocations,
        *,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self._locations = locations

        picture = QLabel()
        picture.setObjectName("about_icon")
        if icon is not None and not icon.isNull():
            picture.setPixmap(icon.pixmap(96, 96))

        version = html.escape(reader.__version__)
        self.title_label = QLabel(f"<h2>{html.escape(APP_NAME)} {version}</h2>")
        self.title_label.setObjectName("about_title")
        self.body_label = QLabel(self._body_html())
        self.body_label.setObjectName("about_body")
        self.body_label.setWordWrap(True)
        self.body_label.setOpenExternalLinks(False)
        self.body_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        text = QVBoxLayout()
        text.addWidget(self.title_label)
        text.addWidget(self.body_label)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(picture, 0)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

        self._connect_signals(buttons)
        self.setMinimumWidth(520)

    def _connect_signals(self, buttons: QDialogButtonBox) -> None:
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.body_label.linkActivated.connect(self._on_body_link_activated)

    def _body_html(self) -> str:
        def place(label: str, path: Path | None) -> str:
            if path is None:
                return ""
            url = QUrl.fromLocalFile(str(path)).toString()
            shown = html.escape(str(path))
            return f"<tr><td>{label}:&nbsp;</td><td><a href='{url}'>{shown}</a></td></tr>"

        where = self._locations
        rows = (
            place("Projects and backups", where.data)
            + place("Settings", where.settings)
            + place("Crash log", where.logs)
        )
        return (
            "<p>Close reading of news articles and their reader comments: the article, "
            "the conversation under it, and the links between them.</p>"
            f"<p>Released under the {LICENCE} licence. Built with Qt {html.escape(qVersion())} "
            f"(PySide6 {html.escape(pyside_version)}) on Python "
            f"{html.escape(platform.python_version())}.</p>"
            f"<p>Your data lives here, never next to the program:</p><table>{rows}</table>"
        )

    @Slot(str)
    def _on_body_link_activated(self, link: str) -> None:
        open_url(link)
