"""How the window's action groups declare their actions: one table row per action."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """An action's object name, menu text (with its & mnemonic), shortcuts and tip."""

    name: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...]
    tip: str = ""
