"""Saved web pages: decoding, the article, and the comment thread from the markup."""

from reader.core.html.charset import decode_html
from reader.core.html.page import comment_ids, parse_html

__all__ = ["comment_ids", "decode_html", "parse_html"]
