"""Turning normalised text into a Document (first cut: paragraphs only; replaced by the
structural parser)."""

from __future__ import annotations

import re

from reader.core.model import Block, BlockKind, Document


def parse_text(text: str) -> Document:
    blocks = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            blocks.append(Block(BlockKind.PARAGRAPH, m.start(), m.end(), m.group().strip()))
    title = blocks[0].text if blocks else ""
    return Document(text, title, None, None, tuple(blocks), (), ())
