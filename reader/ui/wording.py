"""Counts and labels as the panes and the status bar word them."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def comment_count_text(found: int, declared: int | None) -> str:
    """ "8 comments", "1 comment", or "7 of 8 comments found" when the page said 8."""
    if declared is not None and declared != found:
        return f"{found:,} of {declared:,} comments found"
    return plural(found, "comment")
