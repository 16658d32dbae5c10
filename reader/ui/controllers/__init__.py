"""Controllers: turn the panes' intents into commands and keep the panes in step with the
session. A controller reads the open document from the session and speaks to a pane only
through its public methods (never its text cursor, its view or its caches)."""
