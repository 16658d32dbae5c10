"""Benchmark: corpus search (reader/store/search.py) over 10,000 documents.

1. **Set-up** (not a goal): 10,000 seed-sized synthetic scrapes (``make_corpus``, every
   shape, 6–12 KB each) written to files and imported with ``Project.import_files``; 500
   of them get an annotation with a note and a tag.
2. **Index build**: ``Project.refresh_search_index`` indexes every article block, comment
   and note (what the first search after the import does). Also a full ``rebuild``.
3. **Queries**: each run ``--runs`` times (default 9), the median printed; goal ≤ 50 ms
   per query with the default limit of 200 hits. The index is current, as it is for every
   search after the first.

Run from the repository root::

    uv run python -m tests.benchmarks.bench_search
    uv run python -m tests.benchmarks.bench_search --docs 1000   # quick

Figures depend on the machine: compare runs on the same one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.store import search  # noqa: E402
from reader.store.project import Project  # noqa: E402
from tests.benchmarks.synthetic import make_corpus  # noqa: E402

GOAL_MS = 50.0
QUERIES = (
    "ceasefire",  # a common word: hits in most documents
    "Stepanakert",  # a name
    '"humanitarian crisis"',
    "negotiat*",
    "refugees AND convoy",
    "drones OR artillery",
    "ceasefire NOT talks",
    "shelling in:comments",
    "village* in:article",
    "winter in:notes",
    "ministry tag:Claims",
    "zzzunfindable",
)


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_search")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = root / "corpus"
        files.mkdir()
        t = time.perf_counter()
        for i, text in enumerate(make_corpus(args.docs, seed=0)):
            (files / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        print(f"set-up: {args.docs:,} scrapes written in {time.perf_counter() - t:.1f} s")
        with Project.open(root / "bench.reader", backup_dir=root / "backups") as project:
            t = time.perf_counter()
            project.import_files([files])
            print(f"set-up: imported in {time.perf_counter() - t:.1f} s")
            tag = project.add_tag("Claims")
            summaries = project.documents()
            for s in summaries[:: max(1, len(summaries) // 500)]:
                doc = project.load(s.id)
                block = doc.article_blocks[-1]
                project.add_annotation(
                    s.id, block.start, block.end, [tag.id], note="winter supplies ran short"
                )
            size = project.path.stat().st_size

            t = time.perf_counter()
            indexed = project.refresh_search_index()
            build = time.perf_counter() - t
            rows = project._conn.execute("SELECT count(*) FROM search_fts").fetchone()[0]
            print(
                f"index build: {indexed:,} documents ({rows:,} blocks, comments and notes) "
                f"in {build:.1f} s ({indexed / build:,.0f} documents/s)"
            )
            t = time.perf_counter()
            search.rebuild(project._conn, project.load)
            print(f"index rebuild from scratch: {time.perf_counter() - t:.1f} s")
            grown = project.path.stat().st_size
            print(f"project file: {size / 1e6:.0f} MB before the index, {grown / 1e6:.0f} MB after")

            print(f"queries over {args.docs:,} documents (median of {args.runs}, limit 200):")
            worst = 0.0
            for query in QUERIES:
                hits = project.search(query)
                ms = _median_ms(lambda q=query: project.search(q), args.runs)
                worst = max(worst, ms)
                print(f"  {ms:7.1f} ms  {len(hits):>4} hits  {query}")
            ms = _median_ms(lambda: project.search("ceasefire", limit=None), 3)
            every = len(project.search("ceasefire", limit=None))
            print(f"  {ms:7.1f} ms  {every:>4} hits  ceasefire (no limit: every hit)")
            print(f"slowest limited query: {worst:.1f} ms (goal ≤ {GOAL_MS:.0f} ms): "
                  f"{'met' if worst <= GOAL_MS else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
