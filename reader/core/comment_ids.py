"""Stable comment ids: derived from what a comment says, not where it stands.

A re-scrape of the same page that adds, removes or reorders comments keeps the id of
every comment whose words are unchanged, so annotations can find their comment again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

from reader.core.words import folded_words


def id_of_words(words: Sequence[str]) -> str:
    """The id of a comment made of these folded words: case, punctuation, quotes and
    spacing do not count."""
    if isinstance(words, tuple):
        return _id_of_tuple(words)
    return _id(words)


@lru_cache(maxsize=20_000)
def _id_of_tuple(words: tuple[str, ...]) -> str:
    # Remembered: a correction names every comment of its thread again.
    return _id(words)


def _id(words: Sequence[str]) -> str:
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=6).hexdigest()
    return f"c{digest}"


def comment_id(text: str) -> str:
    return id_of_words(folded_words(text))


def assign_ids(texts: Iterable[str]) -> list[str]:
    """Ids for comments in thread order; exact repeats get ``-2``, ``-3``… in order."""
    return assign_ids_of_words(folded_words(text) for text in texts)


def assign_ids_of_words(word_lists: Iterable[Sequence[str]]) -> list[str]:
    """As :func:`assign_ids`, for comments already split into folded words."""
    seen: dict[str, int] = {}
    ids = []
    for words in word_lists:
        base = id_of_words(words)
        n = seen.get(base, 0) + 1
        seen[base] = n
        ids.append(base if n == 1 else f"{base}-{n}")
    return ids
