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
    uv run python -m tests.benchmarks.bench_search --engine postgresql   # or both

``--engine postgresql`` runs the same on a shared project (``postgres/search.py``:
tsvector with GIN) in a throwaway PostgreSQL server (``tests/pg_server.py``; or the one
``READER_TEST_PG`` names), so the figures stand beside SQLite's.

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
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    args = parser.parse_args(argv)
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    for engine in engines:
        print(f"== {engine}")
        _bench(args, engine)
    return 0


def _open(engine: str, root: Path):
    """A new project on ``engine``, and how big its storage is (a function)."""
    if engine == "sqlite":
        project = Project.open(root / "bench.reader", backup_dir=root / "backups")
        return project, lambda: project.path.stat().st_size, None
    from reader.store.postgres.project import SharedProject
    from tests import pg_server

    server = pg_server.start()
    url = server.url(server.create_database("search"))
    project = SharedProject.open(url, create=True)

    def size() -> int:
        return project._conn.run("SELECT pg_database_size(current_database())").fetchone()[0]

    return project, size, server


def _index_rows(project) -> int:
    table = "search_segments" if getattr(project, "engine", "") == "postgresql" else "search_fts"
    return project._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _rebuild(project) -> None:
    if getattr(project, "engine", "") == "postgresql":
        from reader.store.postgres import search as pg_search

        pg_search.rebuild(project._conn, project.load)
    else:
        search.rebuild(project._conn, project.load)


def _bench(args, engine: str) -> None:

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = root / "corpus"
        files.mkdir()
        t = time.perf_counter()
        for i, text in enumerate(make_corpus(args.docs, seed=0)):
            (files / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        print(f"set-up: {args.docs:,} scrapes written in {time.perf_counter() - t:.1f} s")
        project, storage, server = _open(engine, root)
        with project:
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
            size = storage()

            t = time.perf_counter()
            indexed = project.refresh_search_index()
            build = time.perf_counter() - t
            rows = _index_rows(project)
            print(
                f"index build: {indexed:,} documents ({rows:,} blocks, comments and notes) "
                f"in {build:.1f} s ({indexed / build:,.0f} documents/s)"
            )
            t, cpu = time.perf_counter(), time.process_time()
            _rebuild(project)
            print(f"index rebuild from scratch: {time.perf_counter() - t:.1f} s "
                  f"(Reader's CPU {time.process_time() - cpu:.1f} s)")  # fmt: skip
            grown = storage()
            print(f"project: {size / 1e6:.0f} MB before the index, {grown / 1e6:.0f} MB after")

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
        if server is not None:
            from tests import pg_server

            pg_server.stop(server)


if __name__ == "__main__":
    sys.exit(main())
