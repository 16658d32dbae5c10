"""Decoding a saved HTML page: byte-order marks first, then the page's own declaration
(``<meta charset>`` or the ``http-equiv`` content type), then the same guessing as for
plain text."""

from __future__ import annotations

import codecs
import re

from reader.core.textio import DecodedText, UnreadableFile, decode_bytes, normalise

_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)

# The HTML standard looks for the declaration in the first 1024 bytes; saved pages often
# carry long comments or inline styles first, so look a little further.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([a-zA-Z0-9_:.\-]+)""")

# What browsers really mean by the labels pages declare (WHATWG Encoding Standard):
# a page that says latin-1 is decoded as windows-1252, whose extra letters (curly quotes,
# the euro sign) are what such pages actually contain.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "x-sjis": "shift_jis",
    "gb2312": "gbk",
}


def declared_charset(data: bytes) -> str | None:
    """The Python codec named by the page's XML or ``<meta>`` declaration, if it names one we know.

    A declaration of UTF-16 in a page whose bytes are ASCII-compatible (it was found by
    reading them as such) cannot be true; browsers read such pages as UTF-8, and so do we.
    """
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def decode_html(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode a saved page into normalised text, or raise :class:`UnreadableFile`.
    ``encoding``, the user's pick, outranks everything the page says."""
    if encoding is not None:
        return decode_bytes(data, encoding)
    if data.startswith(_BOMS) or b"\x00" in data[:_PRESCAN_BYTES]:
        # A BOM outranks any declaration; NUL bytes mean UTF-16 without a BOM or a
        # binary file, which the general decoder tells apart.
        return decode_bytes(data)
    declared = declared_charset(data)
    if declared not in (None, "utf-8") and not data.isascii() and _is_utf8(data):
        # A page that declares a legacy charset yet is well-formed UTF-8 with non-ASCII
        # text was re-saved as UTF-8 (its old declaration kept): read as declared, every
        # accented letter would come out as two ("Ã©").
        return decode_bytes(data)
    if declared is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong (a re-saved page, a copied template): guess
        else:
            text = normalise(text)
            _refuse_binary(text)
            return DecodedText(text, declared)
    return decode_bytes(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _refuse_binary(text: str) -> None:
    sample = text[:8192]
    if len(_CONTROL.findall(sample)) > 0.05 * max(len(sample), 1):
        raise UnreadableFile("it is a binary file, not a web page")
