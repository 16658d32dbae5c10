"""Painting shared by panes: annotation highlights, margin and scroll-bar marks, snippets,
the light and dark palettes."""
