"""Benchmark: opening a project, with the proof that it is whole (issue 12).

Every open checks the file's size against its header and runs ``PRAGMA quick_check``
before anything is written (see ``reader/store/project.py``); a file changed since its
newest backup is then backed up. For projects of about 10 MB, 200 MB and 1 GB (documents
of random sentences written straight into the documents table, full-text index and all)
this prints, as medians of wall time beside CPU time:

* **open, backup current**: the everyday reopen (size check + quick_check);
* **open, changed since backup**: the same plus starting the online backup, which is
  copied in a thread (the time until it finishes is printed too: close waits for it);
* **quick_check alone** and **integrity_check alone**, for comparison.

Goal: a 200 MB project opens in under 1 s. Run from the repository root::

    uv run python -m tests.benchmarks.bench_open                 # 10, 200, 1000 MB
    uv run python -m tests.benchmarks.bench_open --sizes 10 200  # quicker
    uv run python -m tests.benchmarks.bench_open --keep /tmp/open-bench  # reuse the files

The files are read from the page cache after the first run (the warm case, which is what
reopening a project one has just worked on sees).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.store import backups  # noqa: E402
from reader.store.documents import now_iso, pack_structure, parser_version  # noqa: E402
from reader.store.project import Project  # noqa: E402
from reader.store.schema import write  # noqa: E402
from tests.benchmarks.bench_store import _paragraphs, _sentence  # noqa: E402


def _median(fn: Callable[[], object], runs: int) -> str:
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return f"{statistics.median(wall) * 1000:7.0f} ms (CPU {statistics.median(cpu) * 1000:.0f} ms)"


def build(path: Path, megabytes: int) -> None:
    """A project of about ``megabytes`` MB (left as it is when it is already that big)."""
    target = megabytes * 1_000_000
    if path.exists() and path.stat().st_size >= target * 0.95:
        return
    rng = random.Random(megabytes)
    started = time.perf_counter()
    with Project.open(path, backup_dir=path.parent / "build-backups") as project:
        conn = project._conn  # a benchmark may fill the table directly
        n = len(project.documents())
        while path.stat().st_size < target:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the file's own size counts
            with write(conn):
                for _ in range(50):
                    text = "\n".join(_sentence(rng) for _ in range(300))
                    doc = _paragraphs(text)
                    conn.execute(
                        "INSERT INTO documents (source_path, title, text, content_hash,"
                        " imported_at, parser_version, structure, comment_count)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            f"/bench/{n:07d}.txt", doc.title, text, str(n), now_iso(),
                            parser_version(), pack_structure(doc), 0,
                        ),
                    )  # fmt: skip
                    n += 1
    print(f"built {path.name}: {n:,} documents in {time.perf_counter() - started:.0f} s")


def bench(path: Path, runs: int) -> None:
    size = path.stat().st_size
    kept = path.parent / f"backups-{path.stem}"

    def forget_backups() -> None:
        for old in backups.backups_of(path, kept):
            old.unlink()

    def reopen() -> None:
        Project.open(path, backup_dir=kept).close()

    reopen()  # warm the page cache, keep a first backup
    print(f"\n{path.name}: {size / 1e6:,.0f} MB")
    print(f"  open, backup current:           {_median(reopen, runs)}")
    # The backup is copied in a thread: open returns at once, close waits for the copy.
    few = max(1, runs // 2)
    walls, cpus = [], []
    for _ in range(few):
        forget_backups()
        t, c = time.perf_counter(), time.process_time()
        project = Project.open(path, backup_dir=kept)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        t2 = time.perf_counter()
        project.close()
        walls.append(-(time.perf_counter() - t2))  # negative: the wait at close
    opens = [w for w in walls if w >= 0]
    waits = [-w for w in walls if w < 0]
    print(
        f"  open, changed since backup:     {statistics.median(opens) * 1000:7.0f} ms "
        f"(CPU {statistics.median(cpus) * 1000:.0f} ms); the backup finishes "
        f"{statistics.median(waits) * 1000:.0f} ms later, at close"
    )
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    for check in ("quick_check", "integrity_check"):
        ms = _median(lambda c=check: conn.execute(f"PRAGMA {c}").fetchall(), few)
        print(f"  PRAGMA {check} alone:{' ' * (18 - len(check))}{ms}")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_open")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 200, 1000], help="MB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the projects here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for mb in args.sizes:
            path = folder / f"open-{mb}mb.reader"
            build(path, mb)
            bench(path, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
