"""Comment text that a platform gives as HTML, as plain text.

Hacker News (its API and Algolia's) gives a comment's text as HTML (``<p>`` between
paragraphs, ``&#x27;`` for an apostrophe, links as ``<a href>``); Disqus's ``message``
is HTML; Reddit's dumps (Pushshift, Arctic Shift) escape a body's ``>``, ``<`` and ``&``
(``&gt;`` before a quoted line). :func:`plain_text` makes such text read as the reader
saw it: paragraphs as blank lines, line breaks kept, the markup of the few tags these
platforms write dropped, character references decoded. Text without any of that markup
is returned as it is (a cheap test first: most comments hold no ``<`` and no ``&``).
"""

from __future__ import annotations

import html
import re

# Markup the platforms write: a tag they use, or a character reference.
_MARKUP = re.compile(
    r"</?(?:p|br|a|i|b|em|strong|u|s|pre|code|blockquote|span|div)\b[^>]*>"
    r"|&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|quot|amp|lt|gt|apos|nbsp);",
    re.I,
)
_PARAGRAPH = re.compile(
    r"\s*(?:</p>\s*)?<(?:p|div|blockquote)\b[^>]*>\s*|\s*</(?:p|div|blockquote)>\s*", re.I
)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?(?:a|i|b|em|strong|u|s|pre|code|span)\b[^>]*>", re.I)


def plain_text(text: str) -> str:
    """The text without the platforms' HTML (see the module's notes)."""
    if ("<" not in text and "&" not in text) or _MARKUP.search(text) is None:
        return text
    text = _PARAGRAPH.sub("\n\n", text)
    text = _TAG.sub("", _BREAK.sub("\n", text))
    return html.unescape(text).strip()
