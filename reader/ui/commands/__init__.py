"""Undo commands: every user-visible change to the project is one QUndoCommand calling one
store method and, on undo, its inverse. The only ui room besides the session that may call
the store."""
