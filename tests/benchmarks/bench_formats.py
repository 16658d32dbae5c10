"""Import speed of the formats that hold many documents in one file.

    uv run python -m tests.benchmarks.bench_formats              # 100,000 comments, 500 pages
    uv run python -m tests.benchmarks.bench_formats --comments 1000000 --pages 0

* **Comment data**: a JSON Lines file of ``--comments`` records (articles of 50–400
  comments of 8–70 words drawn from the sample corpus's words, replies up to five levels deep,
  a fifth of replies quoting their parent, 1 % orphans),
  read with ``read_source`` (core), then imported into a fresh project
  (``Project.import_files``). Goal: ≥ 20,000 comments/s.
* **Web archive**: a gzipped WARC of ``--pages`` saved pages (from ``bench_import``'s
  generator: WordPress, Disqus and generic threads, 25–60 KB each) written with
  ``warcio``, read and imported the same way; the import reads the pages in
  ``--import-workers`` processes (default: one per core; 1: in this process).
  Goal: ≥ 50 pages/s.

Goals are "at one core": the verdict divides by the CPU time of this process *plus*
that of the worker processes (children of multiprocessing's fork server, counted from
its children's times in /proc; the pool's start-up in the first run included), both
printed. Inputs are written, and the readers' modules imported (lxml and trafilatura
take 2–3 s to load once per process, which is start-up, not import speed), before the
clock starts. Each figure is the median of ``--runs`` runs, wall time beside CPU time.
Peak memory (``ru_maxrss`` of this process) is printed at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from reader.core.formats import Item, read_source
from reader.store.project import Project
from tests.benchmarks.bench_import import make_page


def _vocabulary() -> list[str]:
    """Words as comments use them: those of the bundled sample corpus."""
    from reader.resources_path import seed_files

    words: list[str] = []
    for path in seed_files():
        words += path.read_text(encoding="utf-8").split()
    return words


def write_comments(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    written = 0
    article = 0
    with path.open("w", encoding="utf-8") as f:
        while written < n:
            article += 1
            size = min(rng.randint(50, 400), n - written)
            ids: list[tuple[str, int, str]] = []
            for i in range(size):
                cid = f"{article}-{i}"
                # Words drawn one by one: comments share words, not long runs of them.
                words = " ".join(rng.choices(vocabulary, k=rng.randint(8, 70)))
                parent, depth = None, 0
                if ids and rng.random() < 0.6:
                    pid, pdepth, ptext = rng.choice(ids)
                    if pdepth < 5:
                        parent, depth = pid, pdepth + 1
                        if rng.random() < 0.2:
                            words = f'"{" ".join(ptext.split()[:9])}" {words}'
                if rng.random() < 0.01:
                    parent = f"gone-{i}"
                record = {
                    "id": cid, "parent_id": parent, "author": f"user{rng.randint(1, 900)}",
                    "created_utc": 1_700_000_000 + written, "body": words,
                    "article_id": f"https://news.example/story/{article}",
                }  # fmt: skip
                if i == 0:
                    record["article_title"] = f"Story number {article}"
                f.write(json.dumps(record) + "\n")
                ids.append((cid, depth, words))
                written += 1


def write_warc(path: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for i in range(n):
            body = make_page(i).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/page/{i}", "response", payload=io.BytesIO(body),
                length=len(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2026-03-01T10:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)


def _workers_cpu() -> float:
    """CPU seconds the import's worker processes have used so far. They are children of
    multiprocessing's fork server, which reaps them, so its children's times (and its
    own) count them; read from /proc (Linux), 0 where there is none."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    # utime, stime, cutime, cstime: fields 14-17 of stat(5), 11-14 after the name.
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _settled_workers_cpu() -> float:
    """:func:`_workers_cpu` once the fork server has reaped the workers that stopped."""
    before = _workers_cpu()
    for _ in range(20):
        time.sleep(0.05)
        now = _workers_cpu()
        if now == before:
            break
        before = now
    return before


def _timed(work) -> tuple[float, float, float, object]:
    workers = _settled_workers_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, _settled_workers_cpu() - workers, result


def _median_runs(runs: int, work) -> tuple[float, float, float, object]:
    walls, cpus, others, result = [], [], [], None
    for _ in range(runs):
        wall, cpu, other, result = _timed(work)
        walls.append(wall)
        cpus.append(cpu)
        others.append(other)
    return statistics.median(walls), statistics.median(cpus), statistics.median(others), result


def _report(
    what: str, count: int, unit: str, wall: float, cpu: float, goal: float, workers: float = 0.0
) -> None:
    total = cpu + workers
    verdict = "met" if count / total >= goal else "MISSED"
    split = f" (this process {cpu:.2f} s, worker processes {workers:.2f} s)" if workers else ""
    print(
        f"  {what}: {count:,} {unit} in {wall:.2f} s wall ({count / wall:,.0f}/s), "
        f"{total:.2f} s CPU{split}: {count / total:,.0f} per CPU-second; "
        f"goal {goal:,.0f}/s at one core: {verdict}"
    )


def bench(
    path: Path, count: int, unit: str, goal: float, runs: int, folder: Path, workers: int | None
) -> None:
    def read() -> int:
        return sum(1 for f in read_source(path) if isinstance(f, Item))

    wall, cpu, _, documents = _median_runs(runs, read)
    print(f"{path.name} ({path.stat().st_size / 1e6:.1f} MB, {documents} documents)")
    _report("read (core)", count, unit, wall, cpu, goal)

    def imported() -> int:
        project_path = folder / f"bench-{time.monotonic_ns()}.reader"
        with Project.open(project_path, backup_dir=folder / "backups") as project:
            project.import_workers = workers
            outcomes = project.import_files([path])
        return sum(o.status == "imported" for o in outcomes)

    wall, cpu, other, n = _median_runs(runs, imported)
    _report(f"import into a project ({n} documents)", count, unit, wall, cpu, goal, other)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--import-workers", type=int, default=None,
        help="processes a web archive's pages are read in (default: one per core; 1: here)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs")
    from reader.core.formats import datasets, web_archives  # noqa: F401  (see the notes)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.comments:
            path = folder / "comments.jsonl"
            write_comments(path, args.comments)
            bench(path, args.comments, "comments", 20_000, args.runs, folder, args.import_workers)
        if args.pages:
            path = folder / "crawl.warc.gz"
            write_warc(path, args.pages)
            bench(path, args.pages, "pages", 50, args.runs, folder, args.import_workers)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
