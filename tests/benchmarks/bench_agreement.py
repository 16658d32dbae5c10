"""Benchmark: inter-coder agreement on a big document (issue 14).

A synthetic 1 MB scrape with 5,000 comments is imported; three coders (Ada, Ben, Cy)
make 5,000 annotations between them with a 12-tag codebook: Ada codes passages at random
(article blocks and comments), Ben and Cy code most of the same passages with their ends
moved a little and some tags changed, and some passages of their own. Then
``agreement_input.measure`` (what ``reader agreement`` and Tools › Coder Agreement run:
reading the annotations, the document and computing every figure and the disagreement
list) is timed for each unit. Goal: ≤ 1 s.

Run from the repository root::

    uv run python -m tests.benchmarks.bench_agreement
    uv run python -m tests.benchmarks.bench_agreement --runs 3 --annotations 1000

CPU time is printed beside wall time; on a shared machine it is the steadier figure.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CODERS = ("Ada", "Ben", "Cy")


def passages(doc, n: int, seed: int = 0) -> list[tuple[int, int, str | None]]:
    """``n`` random passages (start, end, comment id), each inside one article block or
    one comment, chosen in proportion to the parts' lengths."""
    rng = random.Random(seed)
    parts = [(b.start, b.end, None) for b in doc.article_blocks if b.end - b.start > 40]
    parts += [(c.start, c.end, c.id) for c in doc.comments if c.end - c.start > 40]
    chosen = rng.choices(parts, weights=[e - s for s, e, _c in parts], k=n)
    out = []
    for lo, hi, comment_id in chosen:
        length = rng.randrange(5, min(160, hi - lo))
        start = rng.randrange(lo, hi - length)
        out.append((start, start + length, comment_id))
    return out


def write_annotations(project, doc_id: int, plan, tags: list[str]) -> None:
    """Write (coder, start, end, comment id, tag) records in one transaction."""
    from reader.store import annotations
    from reader.store.records import Annotation
    from reader.store.schema import write

    text = project.load(doc_id).text
    stamp = annotations.now_iso()
    c = annotations.CONTEXT
    with write(project._conn):
        for coder, start, end, comment_id, tag in plan:
            annotations.insert(project._conn, Annotation(
                str(uuid.uuid4()), doc_id, start, end, text[start:end],
                text[max(0, start - c):start], text[end:end + c], comment_id, "", stamp,
                stamp, False, (tags[tag],), coder,
            ))  # fmt: skip


def three_coders(doc, n: int, n_tags: int, seed: int = 0) -> list[tuple]:
    """The plan of ``n`` annotations by Ada, Ben and Cy (see the module's docstring)."""
    rng = random.Random(seed)
    base = passages(doc, n, seed)
    plan: list[tuple] = []
    per = n // 3
    for i, (start, end, comment_id) in enumerate(base[:per]):
        tag = i % n_tags
        plan.append(("Ada", start, end, comment_id, tag))
        for coder in ("Ben", "Cy"):
            if rng.random() < 0.8:  # the same passage, ends moved, now and then another tag
                s = max(0, start + rng.randint(-6, 6))
                e = max(s + 1, end + rng.randint(-6, 6))
                t = tag if rng.random() < 0.85 else rng.randrange(n_tags)
                plan.append((coder, s, e, comment_id, t))
            else:  # a passage of their own
                s, e, cid = base[rng.randrange(per, n)]
                plan.append((coder, s, e, cid, rng.randrange(n_tags)))
    return plan[:n]


def setup(folder: Path, n: int):
    from reader.store.project import Project
    from tests.benchmarks.synthetic import make_scrape

    page = folder / "big.txt"
    page.write_text(make_scrape(5000, target_bytes=1_000_000, seed=0), encoding="utf-8")
    project = Project.open(folder / "bench.reader", backup_dir=folder / "backups", coder="Ada")
    project.import_files([page])
    doc_id = project.documents()[0].id
    tags = [project.add_tag(f"Tag {i + 1}").id for i in range(12)]
    doc = project.load(doc_id)
    write_annotations(project, doc_id, three_coders(doc, n, len(tags)), tags)
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--annotations", type=int, default=5000)
    args = parser.parse_args(argv)
    from reader.store import agreement_input as ai

    with tempfile.TemporaryDirectory() as folder:
        project = setup(Path(folder), args.annotations)
        size = len(project.load(project.documents()[0].id).text.encode("utf-8"))
        print(f"{len(project.annotations())} annotations by {', '.join(CODERS)} "
              f"on a {size / 1e6:.2f} MB document with 5,000 comments; 12 tags")  # fmt: skip
        for unit in ("character", "comment", "paragraph"):
            wall, cpu = [], []
            for _ in range(args.runs):
                w0, c0 = time.perf_counter(), time.process_time()
                result = ai.measure(project, unit=unit)
                ai.figure_rows(result)
                ai.disagreement_rows(result)
                wall.append(time.perf_counter() - w0)
                cpu.append(time.process_time() - c0)
            r = result.report
            print(
                f"{unit:<10} median {statistics.median(wall) * 1000:7.0f} ms wall, "
                f"{statistics.median(cpu) * 1000:7.0f} ms CPU (goal ≤ 1000 ms); "
                f"overall κ(Ada,Ben) {r.overall.cohen:.3f}, Fleiss {r.overall.fleiss:.3f}, "
                f"α {r.overall.alpha:.3f}; {len(r.disagreements)} disagreements"
            )
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
