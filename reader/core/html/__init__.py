"""Saved web pages: decoding, the article, and the comment thread from the markup."""

from reader.core.html.charset import decode_html
from reader.core.html.page import parse_html

__all__ = ["decode_html", "parse_html"]
