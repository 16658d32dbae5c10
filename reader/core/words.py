"""Words with their offsets, folded so that typography does not hide a match."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True, slots=True)
class Words:
    """The folded words of a span of text and where each one starts and ends."""

    folded: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def words(text: str, start: int = 0, end: int | None = None) -> Words:
    folded, starts, ends = [], [], []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        folded.append(m.group().casefold().replace("’", "'"))
        starts.append(m.start())
        ends.append(m.end())
    return Words(tuple(folded), tuple(starts), tuple(ends))


def join_words(spans: list[Words]) -> Words:
    folded, starts, ends = [], [], []
    for w in spans:
        folded += w.folded
        starts += w.starts
        ends += w.ends
    return Words(tuple(folded), tuple(starts), tuple(ends))
