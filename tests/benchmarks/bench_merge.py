"""Benchmark: merging two coders' projects of 10,000 annotations each (issue 14).

Two projects hold the same synthetic 1 MB scrape (5,000 comments), imported from two
folders as on two machines, each with a 12-tag codebook made by hand (other tag ids,
the same names) and 10,000 annotations by its coder. ``Project.merge_from`` of Ben's
file into a fresh copy of Ada's is timed (documents matched by text, codebook by name,
10,000 annotations added and their comments found), then merging the same file again
(nothing to add), and the undo (``unmerge``). A fourth timing merges a *changed*
version of the scrape (a line added at the top), where every passage is found again in
the other text as a re-import does. Goal: ≤ 5 s for the merge.

Run from the repository root::

    uv run python -m tests.benchmarks.bench_merge
    uv run python -m tests.benchmarks.bench_merge --runs 1 --annotations 2000

CPU time is printed beside wall time; on a shared machine it is the steadier figure.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_agreement import passages, write_annotations  # noqa: E402


def _project(folder: Path, coder: str, text: str, n: int, seed: int) -> Path:
    from reader.store.project import Project

    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "big.txt"
    page.write_text(text, encoding="utf-8")
    path = folder / f"{coder.lower()}.reader"
    with Project.open(path, backup_dir=folder / "backups", coder=coder) as p:
        p.import_files([page])
        doc_id = p.documents()[0].id
        tags = [p.add_tag(f"Tag {i + 1}").id for i in range(12)]
        rng = random.Random(seed)
        plan = [
            (coder, s, e, cid, rng.randrange(len(tags)))
            for s, e, cid in passages(p.load(doc_id), n, seed)
        ]
        write_annotations(p, doc_id, plan, tags)
    return path


def _timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - w0, time.process_time() - c0


def _line(name: str, wall: list[float], cpu: list[float], goal: str = "") -> str:
    return (f"{name:<28} median {statistics.median(wall):6.2f} s wall, "
            f"{statistics.median(cpu):6.2f} s CPU{goal}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--annotations", type=int, default=10_000)
    args = parser.parse_args(argv)
    from reader.store.project import Project
    from tests.benchmarks.synthetic import make_scrape

    text = make_scrape(5000, target_bytes=1_000_000, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ada = _project(root / "ada", "Ada", text, args.annotations, 1)
        ben = _project(root / "ben", "Ben", text, args.annotations, 2)
        changed = _project(root / "cy", "Cy", "Updated at noon.\n\n" + text, args.annotations, 3)
        print(f"two projects of {args.annotations:,} annotations each on a 1 MB document "
              "with 5,000 comments; 12 tags")  # fmt: skip
        times: dict[str, tuple[list[float], list[float]]] = {}
        for run in range(args.runs):
            target = root / f"run{run}.reader"
            shutil.copy(ada, target)
            with Project.open(target, backup_dir=root / "backups", coder="Ada") as p:
                report, w, c = _timed(lambda p=p: p.merge_from(ben))
                assert report.annotations_added == args.annotations, report.summary()
                times.setdefault("merge", ([], []))[0].append(w)
                times["merge"][1].append(c)
                again, w, c = _timed(lambda p=p: p.merge_from(ben))
                assert again.annotations_added == 0
                times.setdefault("merge again (adds nothing)", ([], []))[0].append(w)
                times["merge again (adds nothing)"][1].append(c)
                _r, w, c = _timed(lambda p=p, r=report: p.unmerge(r))
                times.setdefault("undo (unmerge)", ([], []))[0].append(w)
                times["undo (unmerge)"][1].append(c)
                other, w, c = _timed(lambda p=p: p.merge_from(changed))
                times.setdefault("merge another version", ([], []))[0].append(w)
                times["merge another version"][1].append(c)
            print(f"  run {run + 1}: added {report.annotations_added:,}; another version: "
                  f"{other.annotations_added:,} added, {len(other.orphans)} orphans")  # fmt: skip
        for name, (wall, cpu) in times.items():
            goal = " (goal ≤ 5 s)" if name.startswith("merge") else ""
            print(_line(name, wall, cpu, goal))
    return 0


if __name__ == "__main__":
    sys.exit(main())
