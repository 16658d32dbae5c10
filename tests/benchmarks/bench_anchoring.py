"""Benchmark: re-anchor 5,000 annotations on a 1 MB document after 20 edits.

Goals (issue 4): re-anchoring ≤ 200 ms, peak memory ≤ 250 MiB.

Run from the repository root:  uv run python tests/benchmarks/bench_anchoring.py

The document is synthetic but word-for-word varied (sentences drawn from the seed
articles' vocabulary, with curly quotes and emoji), about 60 % article and 40 % a
comment thread, so repeated sentences are as rare as in a real long page. The edits are
the kinds a re-scrape makes: paragraphs inserted and deleted, words changed, a
paragraph reflowed, quotes made curly, comments reordered and added.
"""

from __future__ import annotations

import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.anchoring import (  # noqa: E402
    Anchor,
    fold,
    folded_view,  # cleared before each run: an import re-anchors a new text once
    make_anchor,
    reanchor,
)
from reader.core.model import Block, BlockKind, Comment, Document  # noqa: E402

TARGET_CHARS = 1_000_000
ANNOTATIONS = 5_000
EDITS = 20


@dataclass
class Page:
    """A document as editable parts: article paragraphs and (id, text) comments."""

    paragraphs: list[str]
    comments: list[tuple[str, str]] = field(default_factory=list)

    def render(self) -> Document:
        pieces, blocks, comments = [], [], []
        at = 0
        for p in self.paragraphs:
            blocks.append(Block(BlockKind.PARAGRAPH, at, at + len(p), p))
            pieces.append(p + "\n\n")
            at += len(p) + 2
        header = "Comments\n\n"
        pieces.append(header)
        at += len(header)
        for cid, body in self.comments:
            comments.append(Comment(cid, None, 0, body, at, at + len(body)))
            pieces.append(body + "\n\n")
            at += len(body) + 2
        text = "".join(pieces)
        return Document(text, "Benchmark", None, None, tuple(blocks), tuple(comments), ())


def vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        words += path.read_text(encoding="utf-8").split()
    return words


def sentence(rng: random.Random, words: list[str]) -> str:
    n = rng.randint(8, 30)
    out = " ".join(rng.choice(words) for _ in range(n))
    if rng.random() < 0.15:
        out = f"“{out}”"
    if rng.random() < 0.05:
        out += rng.choice(["😀", "👍", "🇫🇷", "👩\u200d👩\u200d👧"])
    return out[0].upper() + out[1:] + "."


def paragraph(rng: random.Random, words: list[str]) -> str:
    return " ".join(sentence(rng, words) for _ in range(rng.randint(2, 7)))


def build_page(rng: random.Random, words: list[str]) -> Page:
    page = Page([])
    size = 0
    while size < 0.6 * TARGET_CHARS:
        p = paragraph(rng, words)
        page.paragraphs.append(p)
        size += len(p) + 2
    n = 0
    while size < TARGET_CHARS:
        body = paragraph(rng, words)
        page.comments.append((f"c{n:05d}", body))
        size += len(body) + 2
        n += 1
    return page


def make_anchors(rng: random.Random, doc: Document) -> list[Anchor]:
    anchors = []
    parts = [(b.start, b.end) for b in doc.blocks] + [(c.start, c.end) for c in doc.comments]
    while len(anchors) < ANNOTATIONS:
        lo, hi = rng.choice(parts)
        if rng.random() < 0.05:  # a whole paragraph or comment
            start, end = lo, hi
        else:
            start = rng.randint(lo, hi - 4)
            end = min(hi, start + rng.randint(4, 200))
        anchors.append(make_anchor(doc, start, end))
    return anchors


def edit(rng: random.Random, page: Page, words: list[str]) -> list[str]:
    """Apply EDITS random edits; returns their descriptions."""
    done = []
    kinds = [
        "insert paragraph",
        "delete paragraph",
        "change words",
        "reflow paragraph",
        "curly quotes",
        "move comment",
        "add comment",
        "delete sentence",
        "edit and move comment",
    ]
    for i in range(EDITS):
        kind = kinds[i % len(kinds)]
        ps = page.paragraphs
        k = rng.randrange(len(ps))
        if kind == "insert paragraph":
            ps.insert(k, paragraph(rng, words))
        elif kind == "delete paragraph":
            del ps[k]
        elif kind == "change words":
            tokens = ps[k].split(" ")
            for _ in range(max(1, len(tokens) // 10)):
                tokens[rng.randrange(len(tokens))] = rng.choice(words)
            ps[k] = " ".join(tokens)
        elif kind == "reflow paragraph":
            ps[k] = ps[k].replace(". ", ".\n").replace(", ", ",  ")
        elif kind == "curly quotes":
            ps[k] = ps[k].replace("'", "’").replace(" - ", " – ")
        elif kind == "move comment":
            c = rng.randrange(len(page.comments))
            page.comments.insert(rng.randrange(len(page.comments)), page.comments.pop(c))
        elif kind == "add comment":
            page.comments.insert(rng.randrange(len(page.comments)), ("new", sentence(rng, words)))
        elif kind == "edit and move comment":
            # An edited comment gets a new id (ids come from the words), and moves.
            cid, body = page.comments.pop(rng.randrange(len(page.comments)))
            tokens = body.split(" ")
            tokens[rng.randrange(len(tokens))] = rng.choice(words)
            page.comments.insert(
                rng.randrange(len(page.comments)), (cid + "-edited", " ".join(tokens))
            )
        elif kind == "delete sentence":
            sentences = ps[k].split(". ")
            if len(sentences) > 1:
                del sentences[rng.randrange(len(sentences))]
            ps[k] = ". ".join(sentences)
        done.append(kind)
    return done


def main() -> None:
    rng = random.Random(4)
    words = vocabulary()
    page = build_page(rng, words)
    old = page.render()
    anchors = make_anchors(rng, old)
    edits = edit(rng, page, words)
    new = page.render()
    print(
        f"text: {len(old.text):,} -> {len(new.text):,} code points, "
        f"{len(old.comments)} comments, {len(anchors):,} annotations, {len(edits)} edits"
    )

    # Unchanged text first (the common case when a re-import changed nothing).
    times_same = []
    for _ in range(3):
        folded_view.cache_clear()
        t0 = time.process_time()
        reanchor(anchors, old)
        times_same.append(time.process_time() - t0)

    times, cpu_times = [], []
    placements = []
    for _ in range(7):
        gc.collect()
        folded_view.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        placements = reanchor(anchors, new)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)

    gc.collect()
    folded_view.cache_clear()
    tracemalloc.start()
    reanchor(anchors, new)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    methods: dict[str, int] = {}
    exact_text = orphans_still_there = 0
    folded_new = fold(new.text)
    for anchor, p in zip(anchors, placements, strict=True):
        key = "orphan" if p is None else p.method
        methods[key] = methods.get(key, 0) + 1
        if p is not None and fold(new.text[p.start : p.end]) == fold(anchor.quote.exact):
            exact_text += 1
        if p is None and fold(anchor.quote.exact) in folded_new:
            orphans_still_there += 1

    print(f"re-anchor, unchanged text: median {statistics.median(times_same) * 1000:.0f} ms CPU")
    print(
        f"re-anchor after {EDITS} edits: median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms wall; median {statistics.median(cpu_times) * 1000:.0f} "
        "ms CPU (goal <= 200 ms; wall time suffers when other processes share the cores)"
    )
    print(
        f"peak traced memory during re-anchoring: {peak / 2**20:.1f} MiB; "
        f"process max RSS: {maxrss_mib:.0f} MiB (goal <= 250 MiB)"
    )
    print("placements by method: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
    print(f"placed on text equal to the quote (after folding): {exact_text:,}")
    print(f"orphans whose words still occur somewhere (in another context): {orphans_still_there}")

    # A re-scrape that lost the comment thread: every comment annotation is an orphan,
    # and each of them has to be looked for in the whole text.
    page.comments = page.comments[:5]
    lost = page.render()
    t0 = time.process_time()
    lost_placements = reanchor(anchors, lost)
    lost_cpu = time.process_time() - t0
    print(
        f"re-scrape without its comments ({len(lost.text):,} code points): "
        f"{sum(p is None for p in lost_placements):,} orphans in {lost_cpu * 1000:.0f} ms CPU"
    )


if __name__ == "__main__":
    main()
