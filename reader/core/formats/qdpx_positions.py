"""Where a REFI-QDA selection's positions fall in Reader's text (``qdpx`` reads the
project; this module maps its positions).

Tools differ on whether a CRLF in a source counts as one character or two: ATLAS.ti and
QualCoder's "CRLF for MAXQDA" export count one, MAXQDA two. :func:`line_ends` decides for
a whole project from the quotes of all its sources (a selection's ``name`` is usually
the text it covers), :func:`position_map` maps one source's positions onto the
normalised text (LF line ends, NFC), and :func:`source_document` gives both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.textio import normalise

if TYPE_CHECKING:
    from reader.core.formats.qdpx import QdaProject, QdaSelection, QdaSource


def _fold(text: str) -> str:
    return " ".join(text.split()).rstrip("…").strip()


def _votes(raw: str, selections: tuple[QdaSelection, ...]) -> dict[str, int]:
    """How many of the selections' names (usually their quoted text) match the text when
    a CRLF counts as one character ("one") and when it counts as two ("two")."""
    lf = raw.replace("\r\n", "\n").replace("\r", "\n")
    score = {"one": 0, "two": 0}
    if "\r" not in raw:
        return score
    for sel in selections[:200]:
        name = _fold(sel.name)
        if not name:
            continue
        for label, f in (("one", _one), ("two", _two(raw))):
            quote = _fold(lf[f(sel.start) : f(sel.end)])
            if len(name) < 4:  # a short quote is evidence only when it is the whole passage
                matched = quote == name
            else:
                matched = quote.startswith(name[:40]) or bool(quote) and name.startswith(quote[:40])
            score[label] += matched
    return score


def _one(pos: int) -> int:
    return pos


def _two(raw: str) -> Callable[[int], int]:
    # Each CRLF is one character in the LF text: position p counting it as two lands at
    # p minus the CRLFs before it.
    def two(pos: int) -> int:
        return pos - raw[:pos].count("\r\n")

    return two


def line_ends(project: QdaProject) -> str:
    """How the tool that wrote ``project`` counted a CRLF in positions, "one" or "two"
    characters, from the quotes of all its text sources (a tool counts them one way
    throughout, and a source whose passages are too few or too short to tell is read as
    the others are); with no evidence, what the tool is known to do (ATLAS.ti counts
    one), else two (the file's characters as they stand)."""
    score = {"one": 0, "two": 0}
    for source in project.sources:
        if source.raw_text:
            for label, n in _votes(source.raw_text, source.selections).items():
                score[label] += n
    if score["one"] == score["two"]:
        return "one" if "atlas.ti" in project.origin.lower() else "two"
    return "one" if score["one"] > score["two"] else "two"


def position_map(
    raw: str, selections: tuple[QdaSelection, ...], origin: str = "", counted: str = ""
) -> Callable[[int], int]:
    """A source position → the offset in the normalised text. Tools differ on whether a
    CRLF counts as one character or two: ``counted`` ("one", "two"; see
    :func:`line_ends`) says which; when not given, this source's quotes decide alone,
    and with no evidence what ``origin`` is known to do (ATLAS.ti counts one), else two."""
    if "\r" not in raw:
        return _one
    if not counted:
        score = _votes(raw, selections)
        if score["one"] == score["two"]:
            counted = "one" if "atlas.ti" in origin.lower() else "two"
        else:
            counted = "one" if score["one"] > score["two"] else "two"
    return _one if counted == "one" else _two(raw)


def source_document(
    source: QdaSource, origin: str = "", counted: str = ""
) -> tuple[str, Callable[[int], int]]:
    """The normalised text of a text source and its position map (``counted``: how the
    project counts a CRLF, see :func:`line_ends`)."""
    raw = source.raw_text or ""
    text = normalise(raw)
    place = position_map(raw, source.selections, origin, counted)
    if len(text) != len(raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")):
        # Composing to NFC changed the length: count on the uncomposed text's lines.
        place = _after_nfc(raw, place)
    return text, place


def _after_nfc(raw: str, place: Callable[[int], int]) -> Callable[[int], int]:
    import unicodedata

    lf = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")

    def mapped(pos: int) -> int:
        return len(unicodedata.normalize("NFC", lf[: place(pos)]))

    return mapped
