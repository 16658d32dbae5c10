"""Reading a file into the document's normalised text.

The normalised text is what every offset in Reader counts in: decoded to ``str``,
line ends folded to ``\\n``, Unicode NFC. Decoding is forgiving (BOMs, UTF-16, legacy
single-byte encodings) but refuses what is clearly not text.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

# Large enough for any article with a long comment thread, small enough that a
# mistakenly chosen video or database dump is refused rather than read into memory.
MAX_FILE_BYTES = 32 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot become a document. ``str(error)`` is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def normalise(text: str) -> str:
    """Fold CRLF/CR to LF, drop NUL characters and compose to NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in nearly every other byte (for Latin text)."""
    half = len(sample) / 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    # A stray NUL in a scrape is damage, not a sign of binary; images and archives are
    # full of them and of other control bytes.
    nuls = sample.count(0)
    controls = sum(1 for b in sample if b < 32 and b not in (0, 9, 10, 12, 13, 27))
    return nuls > 0.02 * len(sample) or controls > 0.05 * len(sample)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode ``data`` into normalised text, or raise :class:`UnreadableFile`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(normalise(data[len(bom) :].decode(encoding)), encoding)
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"it starts like {encoding} text but is not") from error
    sample = data[:8192]
    utf16 = _utf16_without_bom(sample) if sample.count(0) else None
    if utf16 is not None:
        try:
            return DecodedText(normalise(data.decode(utf16)), utf16)
        except UnicodeDecodeError:
            pass
    if _looks_binary(sample):
        raise UnreadableFile("it is a binary file, not text")
    try:
        return DecodedText(normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UnreadableFile("its encoding could not be recognised")
    return DecodedText(normalise(str(best)), best.encoding)


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or :class:`UnreadableFile` with the reason it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            raise UnreadableFile("it is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(
                f"it is {size / 1_048_576:.0f} MB; Reader reads files up to "
                f"{MAX_FILE_BYTES // 1_048_576} MB"
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise UnreadableFile("no such file") from error
    except PermissionError as error:
        raise UnreadableFile("permission denied") from error
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error


def read_text_file(path: str | Path) -> DecodedText:
    """Read and decode a text file, with a user-facing reason when that is impossible."""
    return decode_bytes(read_bytes(path))
