"""Benchmark: the project file (reader/store).

1. **Import**: the five seeds copied N times (default 200: 1,000 files) imported into a
   fresh project with ``Project.import_files``, then imported again (all unchanged).
2. **Corpus of 100,000 small documents** (about 700 characters each; written straight
   into the documents table in one transaction, the way an import leaves them, with a
   paragraph-per-line structure instead of a parse):
   ``documents()`` (the sidebar list), ``matching_documents`` for queries of several
   kinds (goal ≤ 50 ms each, issue 3's filter per keystroke), opening the file
   (integrity check and backup included) and ``load`` of one document.
3. **5,000 annotations on one document**: ``add_annotation`` with 5,000 present,
   ``annotations(doc_id)`` (whole records) and what it is made of (the rows, the record
   objects), ``annotation_marks(doc_id)``, the light read a document is opened with
   (issue 16's goal for the first open: under 20 ms) and the window's index built from
   it, the codebook's counts under a coder filter (``tag_usage(coders)`` beside counting
   every whole record, as the window did), ``export_w3c``.

Run from the repository root::

    uv run python -m tests.benchmarks.bench_store
    uv run python -m tests.benchmarks.bench_store --copies 20 --docs 10000   # quick
    uv run python -m tests.benchmarks.bench_store --only annotations         # one part

Figures depend on the machine: compare runs on the same one.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.annotation_index import AnnotationIndex  # noqa: E402
from reader.core.model import Block, BlockKind, Document  # noqa: E402
from reader.store.documents import now_iso, pack_structure, parser_version  # noqa: E402
from reader.store.project import Project  # noqa: E402
from reader.store.schema import write  # noqa: E402

_VOCABULARY = """
    government ministry officials border villages soldiers ceasefire talks agreement
    statement reporters council committee budget region capital city residents families
    schools hospitals roads bridges drones artillery evidence investigation weapons
    sanctions diplomats envoy parliament opposition election campaign president minister
    analyst professor report figures humanitarian crisis shelter refugees convoy fuel
    medicine food water winter spring morning evening history memory church market
    harbour railway station airport factory farmers workers strike wages prices économie
    Zürich café naïve 😀 said announced denied confirmed warned promised argued insisted
"""
WORDS = tuple(_VOCABULARY.split())


def _median_ms(fn: Callable[[], object], runs: int = 7) -> str:
    """Median wall time and median CPU time of ``fn``, as "W ms (CPU C ms)": on a shared
    machine the CPU time is the steadier figure."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return f"{statistics.median(wall):.1f} ms (CPU {statistics.median(cpu):.1f} ms)"


def _paragraphs(text: str) -> Document:
    """A document of one block per line, built directly (parsing 100,000 documents
    would take minutes and is measured elsewhere)."""
    blocks, offset = [], 0
    for line in text.split("\n"):
        kind = BlockKind.TITLE if offset == 0 else BlockKind.PARAGRAPH
        blocks.append(Block(kind, offset, offset + len(line), line))
        offset += len(line) + 1
    return Document(text, blocks[0].text, None, None, tuple(blocks), (), ())


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def bench_import(folder: Path, copies: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    files = folder / "files"
    files.mkdir()
    for i in range(copies):
        for seed in seeds:
            shutil.copy(seed, files / f"{i:05d}_{seed.name}")
    size = sum(p.stat().st_size for p in files.iterdir())
    with Project.open(folder / "import.reader", backup_dir=folder / "backups") as project:
        t = time.perf_counter()
        outcomes = project.import_files([files])
        first = time.perf_counter() - t
        assert all(o.status == "imported" for o in outcomes), outcomes[:3]
        t = time.perf_counter()
        again = project.import_files([files])
        second = time.perf_counter() - t
        assert all(o.status == "unchanged" for o in again)
    n = len(outcomes)
    print(
        f"import {n} files ({size / 1e6:.1f} MB): {first:.2f} s = {n / first:.0f} files/s, "
        f"{size / 1e6 / first:.1f} MB/s"
    )
    print(f"re-import, all unchanged: {second:.2f} s = {n / second:.0f} files/s")


def bench_corpus(folder: Path, n_docs: int) -> None:
    path = folder / "corpus.reader"
    rng = random.Random(7)
    with Project.open(path, backup_dir=folder / "backups") as project:
        conn = project._conn  # a benchmark may fill the table directly
        t = time.perf_counter()
        with write(conn):
            for i in range(n_docs):
                title = " ".join(rng.choices(WORDS, k=6)).capitalize()
                body = "\n".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
                if i % 1000 == 0:
                    body += "\nThe needle-in-a-haystack phrase appears here."
                text = f"{title}\n{body}"
                doc = _paragraphs(text)
                conn.execute(
                    "INSERT INTO documents (source_path, title, text, content_hash,"
                    " imported_at, parser_version, structure, comment_count)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        f"/corpus/{i:06d}.txt", title, text, str(i), now_iso(),
                        parser_version(), pack_structure(doc), len(doc.comments),
                    ),
                )  # fmt: skip
        print(f"\n{n_docs:,} documents written in {time.perf_counter() - t:.1f} s")
        print(f"documents(): {_median_ms(project.documents, 5)}")
        for query in ("needle-in-a-haystack", "ceasefire talks", "zürich", "xyzzy", "a", "ca"):
            hits = len(project.matching_documents(query))
            ms = _median_ms(lambda q=query: project.matching_documents(q))
            print(f"matching_documents({query!r}): {ms}, {hits:,} hits")
        some = project.documents()[n_docs // 2].id

        def load_uncached() -> None:
            project._loaded.clear()
            project.load(some)

        print(f"load one document (uncached): {_median_ms(load_uncached)}")
    size = path.stat().st_size
    first = _median_ms(lambda: Project.open(path, backup_dir=folder / "backups2").close(), 1)
    print(f"open ({size / 1e6:.0f} MB file, check and first backup): {first}")
    again = _median_ms(lambda: Project.open(path, backup_dir=folder / "backups2").close(), 3)
    print(f"open again (backup already current): {again}")
    conn = sqlite3.connect(path)
    for check in ("quick_check", "integrity_check"):
        ms = _median_ms(lambda c=check: conn.execute(f"PRAGMA {c}").fetchall(), 1)
        print(f"PRAGMA {check} alone: {ms}")
    conn.close()


def bench_annotations(folder: Path, n: int) -> None:
    rng = random.Random(3)
    story = folder / "long.txt"
    story.write_text("\n".join(_sentence(rng) for _ in range(8000)), encoding="utf-8")
    with Project.open(folder / "ann.reader", backup_dir=folder / "backups") as project:
        [o] = project.import_files([story])
        doc_id = o.document_id
        length = len(project.load(doc_id).text)
        tags = [project.add_tag(f"Tag {i}") for i in range(20)]
        t = time.perf_counter()
        for _ in range(n):
            start = rng.randrange(length - 100)
            project.add_annotation(doc_id, start, start + rng.randint(5, 90), [rng.choice(tags).id])
        print(f"\n{n:,} annotations added: {(time.perf_counter() - t) / n * 1000:.2f} ms each")
        one = _median_ms(lambda: project.add_annotation(doc_id, 10, 20, [tags[0].id]))
        print(f"add_annotation with {n:,} present: {one}")
        print(f"annotations(doc_id): {_median_ms(lambda: project.annotations(doc_id))}")
        marks = _median_ms(lambda: project.annotation_marks(doc_id))
        print(f"annotation_marks(doc_id), the light read a document opens with: {marks}")
        print(
            "  ... and the window's index of them: "
            f"{_median_ms(lambda: AnnotationIndex(project.annotation_marks(doc_id)))}"
        )
        _read_floor(project._conn, doc_id)  # a benchmark may read the tables directly
        shown = frozenset({project.coder})

        def counted_from_records() -> dict[str, int]:  # how the codebook counted before
            usage: dict[str, int] = {}
            for a in project.annotations():
                if a.coder in shown:
                    for tag_id in a.tags:
                        usage[tag_id] = usage.get(tag_id, 0) + 1
            return usage

        print(
            "codebook counts under a coder filter: every whole record counted "
            f"{_median_ms(counted_from_records)}; tag_usage(coders) "
            f"{_median_ms(lambda: project.tag_usage(shown))}"
        )
        print(f"export_w3c: {_median_ms(project.export_w3c, 3)}")


def _read_floor(conn, doc_id: int) -> None:
    """What ``annotations(doc_id)`` costs, part by part, beside the floor of a light read
    (only the columns a highlight needs, no record objects): the figures that say how far
    the first open of a document with thousands of annotations can get by reading less."""
    from reader.store import annotations as store_annotations
    from reader.store.records import Annotation

    where = "FROM annotations a WHERE a.document_id = ?"
    columns = store_annotations._COLUMNS
    rows = conn.execute(f"SELECT {columns} {where}", (doc_id,)).fetchall()
    light = f"SELECT {store_annotations._MARK_COLUMNS} {where}"
    joined = (
        "SELECT a.id, a.span_start, a.span_end, a.comment_id, a.orphan, a.coder,"
        " group_concat(l.tag_id, char(31)) FROM annotations a"
        " LEFT JOIN annotation_tags l ON l.annotation_id = a.id"
        " WHERE a.document_id = ? GROUP BY a.id"
    )
    parts = {
        "  its rows (every column, the tags' list among them)": lambda: conn.execute(
            f"SELECT {columns} {where}", (doc_id,)
        ).fetchall(),
        "  its record objects (frozen dataclasses)": lambda: [
            Annotation(*r[:11], bool(r[11]), (), r[12], r[13]) for r in rows
        ],
        "the light read's query alone (the marks' columns, tag_list)": lambda: conn.execute(
            light, (doc_id,)
        ).fetchall(),
        "  the tags joined by group_concat instead, for comparison": lambda: conn.execute(
            joined, (doc_id,)
        ).fetchall(),
    }
    for label, fn in parts.items():
        print(f"{label}: {_median_ms(fn)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_store")
    parser.add_argument("--copies", type=int, default=200, help="copies of the seeds to import")
    parser.add_argument("--docs", type=int, default=100_000, help="synthetic documents")
    parser.add_argument("--annotations", type=int, default=5000)
    parser.add_argument(
        "--only", choices=("import", "corpus", "annotations"), help="run one part only"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in (None, "import"):
            bench_import(folder, args.copies)
        if args.only in (None, "corpus"):
            bench_corpus(folder, args.docs)
        if args.only in (None, "annotations"):
            bench_annotations(folder, args.annotations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
