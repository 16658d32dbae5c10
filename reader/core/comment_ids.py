"""Stable comment ids: derived from what a comment says, not where it stands.

A re-scrape of the same page that adds, removes or reorders comments keeps the id of
every comment whose words are unchanged, so annotations can find their comment again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+")


def fold_for_id(text: str) -> str:
    """The comment's words only: case, punctuation, quotes and spacing do not count."""
    return " ".join(_WORD.findall(text)).casefold()


def comment_id(text: str) -> str:
    digest = hashlib.blake2b(fold_for_id(text).encode("utf-8"), digest_size=6).hexdigest()
    return f"c{digest}"


def assign_ids(texts: Iterable[str]) -> list[str]:
    """Ids for comments in thread order; exact repeats get ``-2``, ``-3``… in order."""
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        base = comment_id(text)
        n = seen.get(base, 0) + 1
        seen[base] = n
        ids.append(base if n == 1 else f"{base}-{n}")
    return ids
