"""The comments pane: the threaded comments, an editor on the current one, their highlights."""
