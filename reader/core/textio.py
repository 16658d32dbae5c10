"""Reading a file into the document's normalised text.

The normalised text is what every offset in Reader counts in: decoded to ``str``,
line ends folded to ``\\n``, terminal escape sequences dropped, Unicode NFC. Decoding is
forgiving (BOMs, UTF-16 with or without one, legacy encodings chosen by how well the
text reads) but refuses what is clearly not text, and never garbles without saying so:
a UTF-8 file with a few bad bytes stays UTF-8, and :meth:`DecodedText.problem` says how
many bytes were replaced and on which lines. The user can also pick the encoding.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reader.core.reading_evidence import evidence

# Large enough for any article with a long comment thread, small enough that a
# mistakenly chosen video or database dump is refused rather than read into memory.
MAX_FILE_BYTES = 32 * 1024 * 1024


class UnreadableFile(Exception):
    """A file that cannot become a document. ``str(error)`` is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Decoded, normalised text. ``unreadable`` bytes could not be read in ``encoding``
    and were each replaced by U+FFFD; ``unreadable_lines`` are the (1-based) lines they
    were on. ``chosen``: the encoding was the user's pick, not a guess."""

    text: str
    encoding: str
    unreadable: int = 0
    unreadable_lines: tuple[int, ...] = ()
    chosen: bool = False

    def problem(self) -> str | None:
        """A sentence for the user about the bytes that could not be read (each is shown
        as \ufffd in the text), or None."""
        if not self.unreadable:
            return None
        lines = self.unreadable_lines
        shown = ", ".join(f"{n:,}" for n in lines[:LINES_SHOWN])
        more = ", …" if len(lines) > LINES_SHOWN else ""
        where = f" (line{'s' if len(lines) > 1 else ''} {shown}{more})" if lines else ""
        noun = "byte" if self.unreadable == 1 else "bytes"
        return (
            f"{self.unreadable:,} {noun} could not be read as {display_name(self.encoding)}{where}"
        )


LINES_SHOWN = 3

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Terminal escape sequences (colours from `ls --color`, `grep --color`, `tput`): CSI
# sequences, OSC titles ended by BEL or ST, charset designations, and shift-in/out.
_TERMINAL_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()*+][0-9A-Za-z]"
    r"|\x1b[=>78cDEHMNOZ]|[\x0e\x0f]"
)
_TERMINAL_ESCAPES_BYTES = re.compile(_TERMINAL_ESCAPES.pattern.encode("ascii"))


def normalise(text: str) -> str:
    """Fold CRLF/CR to LF, drop NUL characters and terminal escape sequences, compose
    to NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if "\x1b" in text or "\x0e" in text or "\x0f" in text:
        text = _TERMINAL_ESCAPES.sub("", text)
    return unicodedata.normalize("NFC", text)


def display_name(encoding: str) -> str:
    """How an encoding is named to the user ("UTF-8", "Windows-1252", "Shift-JIS")."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return _DISPLAY_NAMES.get(name, name.upper())


_DISPLAY_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-16": "UTF-16",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "cp1252": "Windows-1252",
    "cp1253": "Windows-1253",
    "cp1254": "Windows-1254",
    "cp1255": "Windows-1255",
    "cp1256": "Windows-1256",
    "cp1257": "Windows-1257",
    "iso8859-1": "Latin-1 (ISO-8859-1)",
    "shift_jis": "Shift-JIS",
    "cp932": "Shift-JIS (Windows)",
    "euc_jp": "EUC-JP",
    "gb18030": "GB18030",
    "gbk": "GBK",
    "big5": "Big5",
    "euc_kr": "EUC-KR",
    "koi8-r": "KOI8-R",
}

# The encodings offered when the user picks one (File › Re-import With Encoding…, and
# `reader import --encoding`, which also takes any name Python knows).
COMMON_ENCODINGS = (
    "utf-8", "cp1252", "iso8859-1", "cp1250", "iso8859-2", "cp1251", "koi8-r", "cp1253",
    "cp1254", "cp1255", "cp1256", "cp1257", "shift_jis", "euc_jp", "gb18030", "big5",
    "euc_kr", "utf-16-le", "utf-16-be",
)  # fmt: skip

# The legacy encodings a guess may choose from, most used first: those real pages and
# scrapes use. A wider set lets the detector pick exotic code pages (mac_iceland, cp775)
# whose letters happen to fit the bytes. Measured on chardet's test corpus (424 files
# in 50 encodings): 411 read right, against 402 for charset_normalizer alone.
_LEGACY_CANDIDATES = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "koi8_r", "iso8859_2", "shift_jis", "cp932", "euc_jp", "gb18030", "big5", "euc_kr",
    "latin_1", "iso8859_15", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_13",
    "iso8859_6", "iso8859_8", "cp866", "cp855", "mac_cyrillic", "koi8_u", "tis_620",
    "cp874", "cp949", "johab", "mac_roman", "big5hkscs",
]  # fmt: skip


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a BOM: NULs on one side of each pair only (the high byte of every
    ASCII letter, space and line end), and the text decodes cleanly that way."""
    half = len(sample) / 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > 0.05 * half and others <= 0.01 * zeros:
            try:
                text = sample[: len(sample) // 2 * 2].decode(encoding, errors="strict")
            except UnicodeDecodeError:
                continue
            controls = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Cn", "Cs"))
            if controls - text.count("\n") - text.count("\r") - text.count("\t") < 0.02 * len(text):
                return encoding
    return None


def _utf32_without_bom(sample: bytes) -> str | None:
    """UTF-32 without a BOM: of each four bytes, the two high ones are zero (nearly all
    text is in the first 65,536 code points), and the text decodes cleanly that way."""
    quads = len(sample) // 4
    if quads < 2:
        return None
    for encoding, high in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
        if all(sample[i::4][:quads].count(0) >= 0.95 * quads for i in high):
            try:
                sample[: quads * 4].decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _looks_binary(sample: bytes) -> bool:
    # A stray NUL in a scrape is damage, not a sign of binary; images and archives are
    # full of them and of other control bytes. Terminal colour codes are text.
    sample = _TERMINAL_ESCAPES_BYTES.sub(b"", sample)
    nuls = sample.count(0)
    controls = sum(1 for b in sample if b < 32 and b not in (0, 8, 9, 10, 12, 13, 27))
    return nuls > 0.02 * len(sample) or controls > 0.05 * max(len(sample), 1)


def _line_numbers(text: str, positions: list[int], most: int = 100) -> tuple[int, ...]:
    """The 1-based lines of ``positions`` in ``text`` (sorted), without repeats; the
    first ``most`` of them (a sentence for the user names a few)."""
    lines, line, last = [], 1, 0
    for pos in positions:
        line += text.count("\n", last, pos)
        last = pos
        if not lines or lines[-1] != line:
            lines.append(line)
            if len(lines) == most:
                break
    return tuple(lines)


def decode_with(data: bytes, encoding: str, *, chosen: bool = False) -> DecodedText:
    """``data`` read as ``encoding``; bytes that cannot be are replaced and counted."""
    try:  # the built-in handler is fast, but fails on a byte below 0x80
        raw = data.decode(encoding, errors="surrogateescape")
    except UnicodeDecodeError:
        raw = data.decode(encoding, errors=_ESCAPE)
    return _replaced(raw, encoding, chosen)


def _replaced(raw: str, encoding: str, chosen: bool = False) -> DecodedText:
    """Text decoded with ``_ESCAPE``: each byte that could not be read (a lone
    surrogate) becomes U+FFFD, counted, with the lines it was on."""
    bad = [m.start() for m in _SURROGATE_BYTES.finditer(raw)]
    if not bad:
        return DecodedText(normalise(raw), encoding, chosen=chosen)
    lines = _line_numbers(raw, bad)
    text = _SURROGATE_BYTES.sub("\ufffd", raw)
    return DecodedText(normalise(text), encoding, len(bad), lines, chosen)


def _escape_bytes(error: UnicodeError) -> tuple[str, int]:
    """Like ``surrogateescape``, for every byte (that one leaves bytes below 0x80 to
    fail, as a UTF-16 file's odd last byte does): byte b becomes the lone surrogate
    U+DC00 + b, which no successful decoding produces."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + b) for b in bad), error.end


_ESCAPE = "reader.textio.escape"
codecs.register_error(_ESCAPE, _escape_bytes)
_SURROGATE_BYTES = re.compile("[\udc00-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 with a few bytes that are not (a damaged download, one pasted line): it
    stays UTF-8 when the file holds at least as many well-formed multi-byte characters
    as bytes that fail, or some and only a few bad bytes."""
    readable = data.decode("utf-8", errors="ignore")
    bad = len(data) - len(readable.encode("utf-8"))
    wide = len(readable) - len(readable.encode("ascii", errors="ignore"))
    if bad and (wide >= bad or (wide and bad <= _FEW_BAD_BYTES)):
        return decode_with(data, "utf-8")
    return None


# A file with well-formed UTF-8 in it and no more bad bytes than this is UTF-8 however
# few its other non-ASCII characters (one curly quote, two damaged bytes); a legacy
# file rarely holds even one well-formed UTF-8 sequence by chance.
_FEW_BAD_BYTES = 3


def _legacy(data: bytes) -> DecodedText | None:
    """The legacy encoding the bytes read best in, by the detector's measures of how
    messy the text is and how well its letters fit a language's letter frequencies.
    Readings that score alike (Windows-1252, -1250 and -1257 agree on many accented
    letters) are told apart by language evidence (``reading_evidence.evidence``),
    then ranked by ``_LEGACY_CANDIDATES``: Windows-1252 first, which is what Western
    European text without a declaration nearly always is."""
    # The detector's own order first (how messy each reading is, then how well its
    # letters fit a language, with its preference for multi-byte readings of CJK).
    import charset_normalizer  # only for bytes that declare no encoding (~50 ms to import)

    matches = list(charset_normalizer.from_bytes(data, cp_isolation=_LEGACY_CANDIDATES))
    # C1 control characters never stand in real text: they are bytes read in the wrong
    # encoding (Shift-JIS's lead bytes read as Latin-1), however English the rest reads.
    matches = [m for m in matches if not _C1.search(str(m))] or matches
    if not matches:
        return None
    first = matches[0]
    close = [
        m
        for m in matches
        if abs(m.chaos - first.chaos) <= _SAME_MESS and m.coherence >= first.coherence - _TIE
    ]
    # Among readings as good as the first: the likeliest as written text (one alphabet,
    # one script per word, no stray symbols); then the list's order. A match stands for
    # every encoding that gives its very text (could_be_from_charset).
    best = min(
        close,
        key=lambda m: (-round(evidence(str(m)), 3), min(map(_rank, m.could_be_from_charset))),
    )
    encoding = min(best.could_be_from_charset, key=_rank)
    text = str(best)
    if encoding == "cp932":  # the same text in plain Shift-JIS: name it so
        try:
            if data.decode("shift_jis") == text:
                encoding = "shift_jis"
        except UnicodeDecodeError:
            pass
    return DecodedText(normalise(text), encoding)


_C1 = re.compile("[\x80-\x9f]")
# How much less coherent, or messier, than the detector's first a reading may be and
# still count as as good as it.
_TIE = 0.05
_SAME_MESS = 0.01


def _rank(encoding: str) -> int:
    try:
        return _LEGACY_CANDIDATES.index(encoding)
    except ValueError:
        return len(_LEGACY_CANDIDATES)


def decode_bytes(data: bytes, encoding: str | None = None) -> DecodedText:
    """Decode ``data`` into normalised text, or raise :class:`UnreadableFile`.

    ``encoding``: the user's choice, used whatever the bytes look like (bytes it cannot
    read are replaced and counted). Otherwise: a BOM; UTF-16 without one; UTF-8, also
    when a few bytes are not (replaced and counted); else the likeliest legacy encoding.
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise UnreadableFile(f"{encoding!r} is not an encoding Reader knows") from error
        for bom, _name in _BOMS:
            if data.startswith(bom) and encoding.replace("_", "-").lower().startswith(_name):
                data = data[len(bom) :]
                break
        return decode_with(data, encoding, chosen=True)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(normalise(data[len(bom) :].decode(name)), name)
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"it starts like {name} text but is not") from error
    sample = data[:8192]
    wide = None
    if sample.count(0):
        wide = _utf32_without_bom(sample) or _utf16_without_bom(sample)
    if wide is not None:
        decoded = decode_with(data, wide)
        if decoded.unreadable <= 3:  # at most a cut-off last character
            return decoded
    if b"\x1b$" in sample and data.isascii():
        # ISO-2022 (Japanese and Korean mail): 7-bit text that escape sequences switch
        # between character sets; read as UTF-8 it would lose them.
        korean = b"\x1b$)C" in sample  # KS X 1001 shifted in and out (RFC 1557)
        for encoding in ("iso2022_kr", "iso2022_jp_2") if korean else ("iso2022_jp_2",):
            try:
                return DecodedText(normalise(data.decode(encoding)), encoding)
            except UnicodeDecodeError:
                continue
    if _looks_binary(sample):
        raise UnreadableFile("it is a binary file, not text")
    try:
        return DecodedText(normalise(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = _mostly_utf8(data) or _legacy(data)
    if decoded is None:
        raise UnreadableFile("its encoding could not be recognised")
    return decoded


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


def read_text_file(path: str | Path, encoding: str | None = None) -> DecodedText:
    """Read and decode a text file, with a user-facing reason when that is impossible."""
    return decode_bytes(read_bytes(path), encoding)
