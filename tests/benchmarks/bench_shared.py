"""Load test: a shared project on PostgreSQL with eight coders writing at once.

Eight coder processes (each its own database login, as eight machines would be) each add
``--per-coder`` annotations (default 1,000) with a note to one shared project over the
server's socket, while a ninth process reads it as the window does: it listens for the
changes (``SharedProject.listen``) and reads the new annotations when told. Each
annotation gets its id from the writer, which records it — with the moment the call
returned — only when ``add_annotation`` returned: that is what was *reported saved*.

``--kill`` kills one coder process (SIGKILL) a third of the way and starts it again (it
goes on after the last annotation it recorded); ``--restart`` restarts the server two
thirds of the way (a writer whose call failed with the connection finds out whether it
was saved by its id, and writes it again if not). At the end it counts, against the
database: annotations reported saved and missing (**lost**), and notes present more than
once (**duplicated**); the p95 of the write latency (one ``add_annotation``, a transaction
with its tags, as the writer sees it) and the p95 of the visibility delay (from the
writer's "saved" to the reader having read it). Goals: 0 lost, 0 duplicated, p95 write
≤ 50 ms, p95 visibility ≤ 1 s.

Run from the repository root (a throwaway server is started unless ``READER_TEST_PG``
names one; ``--durable`` runs it with fsync on, as a real server is)::

    uv run python -m tests.benchmarks.bench_shared
    uv run python -m tests.benchmarks.bench_shared --per-coder 200 --kill --restart
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.store.errors import ProjectError  # noqa: E402
from reader.store.postgres.project import SharedProject  # noqa: E402
from tests import pg_server  # noqa: E402

CODERS = 8
DOCS = 8
GOAL_WRITE_MS = 50.0
GOAL_VISIBLE_S = 1.0


def _p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def coder(url: str, name: str, count: int, record: str, pace: float = 0.0) -> None:
    """Add ``count`` annotations as ``name``; record each one reported saved."""
    done = set()
    if os.path.exists(record):
        with open(record, encoding="utf-8") as f:
            done = {json.loads(line)["id"] for line in f if line.strip()}
    project = _open(url)
    docs = [s.id for s in project.documents()]
    tag = project.tags()[0].id
    lengths = {d: len(project.load(d).text) for d in docs}
    cpu = time.process_time()
    with open(record, "a", encoding="utf-8") as out:
        for i in range(count):
            annotation_id = f"{name}-{i:05d}"
            if annotation_id in done:
                continue
            doc = docs[i % len(docs)]
            start = (i * 37) % max(1, lengths[doc] - 40)
            while True:
                t = time.perf_counter()
                try:
                    project.add_annotation(
                        doc, start, start + 30, [tag], note=f"{name} note {i}",
                        annotation_id=annotation_id,
                    )  # fmt: skip
                    break
                except (ProjectError, KeyError):
                    # Connection lost (or server restarting): saved or not? Its id says.
                    time.sleep(0.2)
                    try:
                        project.annotation(annotation_id)
                        break  # it was saved before the connection went
                    except (ProjectError, KeyError):
                        continue
            latency = (time.perf_counter() - t) * 1000
            out.write(json.dumps({"id": annotation_id, "saved": time.time(), "ms": latency}))
            out.write("\n")
            out.flush()
            if pace:
                time.sleep(pace)
    out_cpu = time.process_time() - cpu
    with open(record + ".cpu", "w") as f:
        f.write(str(out_cpu))
    project.close()


def _open(url: str) -> SharedProject:
    for _ in range(100):
        try:
            return SharedProject.open(url)
        except ProjectError:
            time.sleep(0.2)
    raise SystemExit(f"cannot open {url}")


def reader(url: str, record: str, total: int, stop_at: float) -> None:
    """Read the project as a window does: when told of changes, read what is new (the
    rows changed in the last seconds again, since eight writers commit out of order)."""
    import select
    from datetime import datetime, timedelta

    project = _open(url)
    listener = project.listen()
    seen: set[str] = set()
    since = ""
    with open(record, "w", encoding="utf-8") as out:
        while len(seen) < total and time.time() < stop_at:
            if listener.online:
                select.select([listener.fileno()], [], [], 0.5)
                if not listener.drain() and listener.online:
                    continue
            else:  # the server went away: connect again and read, unasked
                time.sleep(0.2)
                if not (listener.reconnect() and project.reconnect()):
                    continue
            try:
                rows = project._conn.execute(
                    "SELECT id, modified FROM annotations WHERE modified >= ?", (since,)
                ).fetchall()
            except sqlite3.Error:  # the server restarting: read again soon
                listener.close()
                continue
            now = time.time()
            for annotation_id, _modified in rows:
                if annotation_id not in seen:
                    seen.add(annotation_id)
                    out.write(json.dumps({"id": annotation_id, "seen": now}) + "\n")
            if rows:
                newest = max(datetime.fromisoformat(m) for _, m in rows)
                since = (newest - timedelta(seconds=2)).isoformat(timespec="milliseconds")
                since = since.replace("+00:00", "Z")
            out.flush()
    listener.close()
    project.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_shared")
    parser.add_argument("--coders", type=int, default=CODERS)
    parser.add_argument("--per-coder", type=int, default=1000)
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="seconds each coder waits between annotations (0: as fast as it can)",
    )
    parser.add_argument("--kill", action="store_true", help="kill and restart one coder")
    parser.add_argument("--restart", action="store_true", help="restart the server mid-run")
    parser.add_argument("--durable", action="store_true", help="server with fsync on")
    args = parser.parse_args(argv)
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores shared with other work)")
    server = pg_server.start(durable=args.durable)
    try:
        return _run(server, args)
    finally:
        pg_server.stop(server)


def _run(server: pg_server.Server, args) -> int:
    import tempfile

    from tests.benchmarks.synthetic import make_corpus

    dbname = server.create_database("bench")
    owner_url = server.url(dbname)
    folder = Path(tempfile.mkdtemp(prefix="reader-bench-shared-"))
    for i, text in enumerate(make_corpus(DOCS, seed=3)):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    with SharedProject.open(owner_url, create=True) as owner:
        owner.import_files([folder])
        owner.add_tag("Claims")
    names = [f"coder{i}" for i in range(1, args.coders + 1)]
    for name in names:
        server.create_login(name, "reader_coder")
    server.create_login("watcher", "reader_reader")
    total = args.coders * args.per_coder
    ctx = multiprocessing.get_context("spawn")
    stop_at = time.time() + 1800
    watch = ctx.Process(
        target=reader,
        args=(server.url(dbname, "watcher"), str(folder / "reader.jsonl"), total, stop_at),
    )
    watch.start()
    time.sleep(2)
    records = {n: str(folder / f"{n}.jsonl") for n in names}

    def start(name: str):
        p = ctx.Process(target=coder, args=(server.url(dbname, name), name, args.per_coder,
                                            records[name], args.pace))  # fmt: skip
        p.start()
        return p

    t0 = time.perf_counter()
    procs = {n: start(n) for n in names}

    def progress() -> int:
        n = 0
        for r in records.values():
            if os.path.exists(r):
                with open(r, encoding="utf-8") as f:
                    n += sum(1 for _ in f)
        return n

    killed = restarted = False
    while any(p.is_alive() for p in procs.values()):
        time.sleep(0.5)
        done = progress()
        if args.kill and not killed and done >= total / 3:
            os.kill(procs[names[0]].pid, signal.SIGKILL)
            procs[names[0]].join()
            print(f"killed {names[0]} at {done:,} saved; starting it again")
            procs[names[0]] = start(names[0])
            killed = True
        if args.restart and not restarted and done >= 2 * total / 3:
            print(f"restarting the server at {done:,} saved")
            pg_server.restart(server)
            restarted = True
    wall = time.perf_counter() - t0
    watch.join(timeout=15)
    if watch.is_alive():
        watch.terminate()

    saved: dict[str, dict] = {}
    cpu = 0.0
    for r in records.values():
        with open(r, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    entry = json.loads(line)
                    saved[entry["id"]] = entry
        if os.path.exists(r + ".cpu"):
            cpu += float(Path(r + ".cpu").read_text())
    seen = {}
    with open(folder / "reader.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                seen[entry["id"]] = entry["seen"]
    with SharedProject.open(owner_url) as owner:
        stored = {r[0] for r in owner._conn.execute("SELECT id FROM annotations")}
        doubled = owner._conn.execute(
            "SELECT count(*) FROM (SELECT note FROM annotations GROUP BY note"
            " HAVING count(*) > 1) AS d"
        ).fetchone()[0]
    lost = [i for i in saved if i not in stored]
    latencies = [e["ms"] for e in saved.values()]
    delays = [seen[i] - e["saved"] for i, e in saved.items() if i in seen]
    write95, visible95 = _p95(latencies), _p95(delays)
    print(f"{args.coders} coders × {args.per_coder:,} annotations with notes, 1 reader"
          f"{' (fsync on)' if args.durable else ' (fsync off)'}"
          f"{f', {args.pace * 1000:.0f} ms between writes' if args.pace else ', flat out'}"
          f"{', one coder killed and restarted' if args.kill else ''}"
          f"{', server restarted' if args.restart else ''}")  # fmt: skip
    print(f"  wall {wall:.1f} s for {len(saved):,} reported saved ({len(saved) / wall:,.0f}/s); "
          f"coders' CPU {cpu:.1f} s")  # fmt: skip
    print(f"  in the database: {len(stored):,}; lost {len(lost)}; duplicated {doubled}")
    print(f"  write latency: median {statistics.median(latencies):.1f} ms, "
          f"p95 {write95:.1f} ms (goal ≤ {GOAL_WRITE_MS:.0f} ms)")  # fmt: skip
    print(f"  visibility to the reader: {len(delays):,} of {len(saved):,} seen; median "
          f"{statistics.median(delays) * 1000:.0f} ms, p95 {visible95 * 1000:.0f} ms "
          f"(goal ≤ {GOAL_VISIBLE_S * 1000:.0f} ms)")  # fmt: skip
    met = not lost and not doubled and write95 <= GOAL_WRITE_MS and visible95 <= GOAL_VISIBLE_S
    print(f"goals {'met' if met else 'NOT met'}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
