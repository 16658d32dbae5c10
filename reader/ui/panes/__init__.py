"""Panes: the widgets of the window. A pane shows what it is given and emits intents
(signals); it imports no other pane, no controller and nothing of the store."""
