"""How fast the structural parser is, on the two workloads issue 2 sets goals for.

1. One big page: a 1 MB scrape holding 5,000 comments (median of several parses;
   goal ≤ 150 ms).
2. A corpus: 10,000 seed-sized scrapes of every shape (goal ≥ 1,000 documents/s).

The inputs come from ``tests.benchmarks.synthetic`` (deterministic) and are built before
the clock starts; only ``parse_text`` is timed. Run from the repository root::

    uv run python -m tests.benchmarks.bench_parse
    uv run python -m tests.benchmarks.bench_parse --runs 9 --docs 2000 --seeds

Exit status is 0 whether or not a goal is met; the figures are for reading.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

from reader.core.parse import parse_text
from reader.core.textio import normalise, read_text_file
from tests.benchmarks.synthetic import make_corpus, make_scrape

BIG_BYTES = 1_000_000
BIG_COMMENTS = 5_000
GOAL_BIG_MS = 150.0
GOAL_DOCS_PER_S = 1_000.0
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _verdict(ok: bool) -> str:
    return "meets the goal" if ok else "MISSES the goal"


def bench_big(runs: int, shape: str) -> float:
    text = normalise(make_scrape(BIG_COMMENTS, BIG_BYTES, seed=0, shape=shape))
    size = len(text.encode("utf-8"))
    parse_text(text)  # warm-up: imports, regex compilation
    times, cpu = [], []
    for _ in range(runs):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        doc = parse_text(text)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    median = statistics.median(times)
    print(
        f"big page ({shape}): {size:,} bytes, {BIG_COMMENTS:,} comments written, "
        f"{len(doc.comments):,} found, {len(doc.blocks):,} blocks, {len(doc.links):,} links"
    )
    if shape == "markerless":
        print("  (no markers: a comment written over two lines may be found as two)")
    print(
        f"  parse: median {median:.1f} ms over {runs} runs "
        f"(min {min(times):.1f}, max {max(times):.1f}); goal ≤ {GOAL_BIG_MS:.0f} ms: "
        f"{_verdict(median <= GOAL_BIG_MS)}"
    )
    print(f"  CPU time: median {statistics.median(cpu):.1f} ms (less sensitive to a busy machine)")
    return median


def bench_corpus(n_docs: int) -> float:
    texts = [normalise(t) for t in make_corpus(n_docs, seed=0)]
    total = sum(len(t.encode("utf-8")) for t in texts)
    parse_text(texts[0])
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    comments = 0
    for text in texts:
        comments += len(parse_text(text).comments)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rate = n_docs / elapsed
    print(
        f"corpus: {n_docs:,} seed-sized scrapes, {total / 1e6:.1f} MB "
        f"(mean {total / n_docs / 1024:.1f} KB), {comments:,} comments found"
    )
    print(
        f"  parse: {elapsed:.2f} s, {rate:,.0f} documents/s, {total / 1e6 / elapsed:.1f} MB/s; "
        f"goal ≥ {GOAL_DOCS_PER_S:,.0f} documents/s: {_verdict(rate >= GOAL_DOCS_PER_S)}"
    )
    print(f"  CPU time: {cpu:.2f} s, {n_docs / cpu:,.0f} documents per CPU-second")
    return rate


def bench_seeds(runs: int) -> None:
    print("the five seeds:")
    for path in sorted(SEEDS.glob("*.txt")):
        text = read_text_file(path).text
        parse_text(text)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            parse_text(text)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"  {path.name}: {len(text):,} chars, median {statistics.median(times):.2f} ms")


def _pathological() -> dict[str, str]:
    """Inputs no site produces but a user can open: each should parse in well under a
    second (they are 40,000 to 4.5 million characters)."""
    return {
        "one 1 MB line": "word " * 200_000,
        "10,000 numbered lines, no header": "".join(
            f"  {i}. comment number {i} says something\n" for i in range(1, 10_001)
        ),
        "20,000 lone bullets": "•\n" * 20_000,
        "3,000-step indentation staircase": "".join(
            " " * i + "• reply at depth\n" for i in range(3000)
        ),
        "5,000 repeated quoted lines": "".join(
            f"“the same quoted sentence of more than eight words here {i % 7}”\n\n"
            for i in range(5000)
        ),
    }


def bench_pathological() -> None:
    print("pathological inputs:")
    for name, text in _pathological().items():
        t0 = time.perf_counter()
        doc = parse_text(text)
        elapsed = time.perf_counter() - t0
        print(
            f"  {name}: {len(text):,} chars, {elapsed:.2f} s "
            f"({len(doc.blocks):,} blocks, {len(doc.comments):,} comments)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.bench_parse", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=7, help="parses of the big page (median)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the corpus")
    parser.add_argument(
        "--markerless", action="store_true", help="also time a big page in seed 000's shape"
    )
    parser.add_argument("--seeds", action="store_true", help="also time each seed")
    parser.add_argument(
        "--pathological", action="store_true", help="also time inputs no site produces"
    )
    args = parser.parse_args(argv)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}")
    bench_big(args.runs, "threaded")
    if args.markerless:
        bench_big(args.runs, "markerless")
    bench_corpus(args.docs)
    if args.seeds:
        bench_seeds(args.runs)
    if args.pathological:
        bench_pathological()
    return 0


if __name__ == "__main__":
    sys.exit(main())
