"""A note's Markdown as safe HTML: what the HTML report and the note editor's preview show.

Notes are written in Markdown (CommonMark, with a line end kept as a line break, as
people type notes). :func:`note_html` renders one with markdown-it-py with raw HTML off:
markup typed in a note (``<b>``, ``<script>``, ``<img src=…>``) is shown as the text it is,
never run or loaded, and links to ``javascript:``, ``vbscript:``, ``file:`` and ``data:``
addresses are not made links (markdown-it's own link check). Images are shown as their
alternative text, so a note never makes a reader of the report fetch anything.
"""

from __future__ import annotations

from functools import cache


@cache
def _renderer():
    from markdown_it import MarkdownIt  # here, so that loading Reader does not load it

    md = MarkdownIt("commonmark", {"html": False, "breaks": True})
    md.enable("strikethrough").enable("table")

    def image_as_text(renderer, tokens, idx, options, env):
        # the alternative text, escaped; never an <img> that would fetch its source
        return renderer.renderInline(tokens[idx].children or [], options, env)

    md.add_render_rule("image", image_as_text)
    return md


def note_html(text: str) -> str:
    """``text`` (a note, Markdown) as an HTML fragment, safe to put in a page."""
    return _renderer().render(text)
