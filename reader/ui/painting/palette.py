"""Light or dark: follow the system, or force one (``--color-scheme``, READER_COLOR_SCHEME)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

SCHEMES = ("system", "light", "dark")


def dark_palette() -> QPalette:
    """A dark palette for Fusion, for platforms whose theme cannot switch by itself."""
    p = QPalette()
    base, window, text = QColor(30, 31, 34), QColor(43, 45, 48), QColor(222, 223, 226)
    role = QPalette.ColorRole
    for r, c in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, QColor(38, 40, 43)),
        (role.ToolTipBase, QColor(55, 57, 61)),
        (role.ToolTipText, text),
        (role.PlaceholderText, QColor(150, 153, 160)),
        (role.Text, text),
        (role.Button, window),
        (role.ButtonText, text),
        (role.BrightText, QColor(255, 120, 120)),
        (role.Light, QColor(70, 72, 77)),
        (role.Midlight, QColor(58, 60, 64)),
        (role.Mid, QColor(88, 91, 97)),
        (role.Dark, QColor(20, 21, 23)),
        (role.Shadow, QColor(0, 0, 0)),
        (role.Highlight, QColor(74, 136, 222)),
        (role.HighlightedText, QColor(255, 255, 255)),
        (role.Link, QColor(120, 170, 255)),
        (role.LinkVisited, QColor(180, 150, 255)),
    ):
        p.setColor(r, c)
    disabled = QColor(120, 122, 128)
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return p


INDICATOR_FRAME = QColor(180, 183, 190)
"""The window colour Fusion derives a check box's or radio button's frame from, in dark:
its own (``Window.darker(140)``) is all but the colour of the box."""


class VisibleIndicators(QProxyStyle):
    """Fusion with check boxes and radio buttons whose frame shows on a dark palette."""

    _INDICATORS = (
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    )

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        dark = option.palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
        if element in self._INDICATORS and dark:
            option = type(option)(option)
            option.palette.setColor(QPalette.ColorRole.Window, INDICATOR_FRAME)
        super().drawPrimitive(element, option, painter, widget)


def apply_color_scheme(app: QApplication, scheme: str) -> None:
    """Ask the platform for ``scheme``; fall back to Fusion with our palette for dark."""
    if scheme not in ("light", "dark"):
        return
    wanted = Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light
    app.styleHints().setColorScheme(wanted)
    if app.styleHints().colorScheme() == wanted:
        return
    app.setStyle(VisibleIndicators("Fusion"))
    app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
