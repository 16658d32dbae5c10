"""The article pane: the text of the article with its highlights, marks and links."""
