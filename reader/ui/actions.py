"""The window's actions and menus, declared as tables and built in one place.

Each controller (and the window) declares its actions as :class:`ActionSpec` rows and
its menus as tuples of action names (``"-"`` a separator, ``"@name"`` a submenu given by
name); :func:`build_actions` makes the ``QAction``s, :func:`build_menu` the menus, and
:func:`menu_named` / :func:`insert_menu` find and place menus by their ``objectName``
(never by their text, which a translation or a mnemonic may change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

Shortcut = str | QKeySequence | QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """An action's object name, menu text (with its & mnemonic), shortcuts and tip.

    ``local``: the shortcut works only in the widgets the action is added to (Delete
    means something else in lists and text fields), not in the whole window."""

    name: str
    text: str
    shortcuts: tuple[Shortcut, ...] = ()
    tip: str = ""
    checkable: bool = False
    local: bool = False


def key_sequences(shortcuts: Iterable[Shortcut]) -> list[QKeySequence]:
    """The shortcuts as key sequences: standard keys expanded for this platform, empty
    and repeated ones left out, in order."""
    keys: list[QKeySequence] = []
    for key in shortcuts:
        if isinstance(key, QKeySequence.StandardKey):
            found = QKeySequence.keyBindings(key)
        else:
            found = [QKeySequence(key)]
        keys += [k for k in found if not k.isEmpty() and k not in keys]
    return keys


def build_actions(
    specs: Iterable[ActionSpec], window: QWidget, *, prefix: str = ""
) -> dict[str, QAction]:
    """One ``QAction`` per spec, owned by and added to ``window`` (a ``local`` one is
    left for the caller to add to the widgets it works in), by spec name; the object name
    is ``prefix + name``."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        action = QAction(spec.text, window)
        action.setObjectName(prefix + spec.name)
        action.setShortcuts(key_sequences(spec.shortcuts))
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.local:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        actions[spec.name] = action
    return actions


def build_menu(
    title: str,
    name: str,
    items: Iterable[str],
    actions: Mapping[str, QAction],
    parent: QWidget,
    submenus: Mapping[str, QMenu] | None = None,
) -> QMenu:
    """A menu (object name ``name``) of ``items``: action names, ``"-"`` for a
    separator, ``"@key"`` for ``submenus[key]``."""
    menu = QMenu(title, parent)
    menu.setObjectName(name)
    for item in items:
        if item == "-":
            menu.addSeparator()
        elif item.startswith("@"):
            menu.addMenu((submenus or {})[item[1:]])
        else:
            menu.addAction(actions[item])
    return menu


def menu_named(bar: QMenuBar, name: str) -> QMenu | None:
    """The menu of the bar whose object name is ``name``."""
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.objectName() == name:
            return menu
    return None


def insert_menu(bar: QMenuBar, menu: QMenu, before: str | None = None) -> None:
    """Put ``menu`` on the bar before the menu named ``before`` (None: at the end)."""
    found = menu_named(bar, before) if before else None
    if found is not None:
        bar.insertMenu(found.menuAction(), menu)
    else:
        bar.addMenu(menu)


def insert_after(menu: QMenu, action: QAction, after: str) -> None:
    """Put ``action`` in ``menu`` right after the action named ``after`` (else last)."""
    items = menu.actions()
    at = next((i for i, x in enumerate(items) if x.objectName() == after), -1)
    follows = items[at + 1] if 0 <= at < len(items) - 1 else None
    menu.insertAction(follows, action)
