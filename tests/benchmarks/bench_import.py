"""How fast a folder of saved pages and text scrapes becomes documents (issue 7).

A folder of 2,000 files, half HTML, is written to a temporary directory before the clock
starts: text scrapes from ``tests.benchmarks.synthetic`` and saved pages generated here in
the three comment-markup families (WordPress, Disqus-rendered, generic nested divs) plus
pages without comments, each with the clutter a browser's "Save page as" leaves (inline
scripts and styles, navigation, footers, images that are never loaded). Then:

1. ``read_document`` on every file, one after the other (the core's share);
2. ``Project.import_files`` on the folder into a fresh project (what the user waits for).

Goal: ≥ 200 files/s for the folder import. Run from the repository root::

    uv run python -m tests.benchmarks.bench_import
    uv run python -m tests.benchmarks.bench_import --files 400 --no-project --workers 2
    uv run python -m tests.benchmarks.bench_import --files 400 --import-workers 1,2,8

The project import runs once per ``--import-workers`` count (default 1 and 2) into a
fresh project; from the CPU time of this process alone and with a pool (where it only
plans and writes), it prints the rate more cores would give ("simulated").

Exit status is 0 whether or not the goal is met; the figures are for reading.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from html import escape
from pathlib import Path

from reader.core.source import read_document
from tests.benchmarks.synthetic import make_corpus

GOAL_FILES_PER_S = 200.0

_WORDS = (
    "council",
    "budget",
    "library",
    "residents",
    "meeting",
    "volunteers",
    "hours",
    "funding",
    "review",
    "school",
    "bridge",
    "river",
    "ferry",
    "timetable",
    "operator",
    "figures",
    "consultation",
    "parents",
    "children",
    "night",
    "bus",
    "route",
    "stop",
    "winter",
    "shift",
    "workers",
    "market",
    "traders",
    "rent",
    "mayor",
    "promise",
    "plan",
    "flood",
    "embankment",
    "pumping",
    "station",
    "grant",
    "household",
    "evidence",
    "report",
    "minister",
    "question",
    "answer",
)
_NAMES = ["Margaret Ellison", "Tom Reeve", "Priya N.", "Dev Sharma", "guest_4471", "BusFan",
          "islandmum", "Ferryman", "G. Harris", "Ann Cole", "Renée", "Алексей"]  # fmt: skip


def _sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(_WORDS) for _ in range(n or rng.randint(8, 22))]
    return (" ".join(words)).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _clutter_head(rng: random.Random, title: str, site: str) -> str:
    script = "var cfg = {" + ",".join(f'"k{i}": {rng.random()}' for i in range(400)) + "};"
    style = "".join(f".c{i}{{margin:{i}px;color:#{i:06x}}}" for i in range(300))
    return (
        f'<head><meta charset="utf-8"><title>{escape(title)} | {site}</title>'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta name="author" content="{rng.choice(_NAMES)}">'
        '<meta property="article:published_time" '
        f'content="2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}">'
        '<link rel="stylesheet" href="https://cdn.example/site.css">'
        '<script src="https://cdn.example/app.js"></script>'
        f"<script>{script}</script><style>{style}</style></head>"
    )


def _chrome_nav(rng: random.Random) -> str:
    links = "".join(f'<li><a href="/s{i}">{rng.choice(_WORDS).title()}</a></li>' for i in range(60))
    return f'<header><nav class="menu"><ul>{links}</ul></nav></header>'


def _article(rng: random.Random, title: str) -> str:
    paras = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(5, 14)))
    figure = (
        '<figure><img src="https://cdn.example/p.jpg"><figcaption>'
        f"{_sentence(rng, 9)}</figcaption></figure>"
    )
    return f"<article><h1>{escape(title)}</h1>{figure}{paras}</article>"


def _footer(rng: random.Random) -> str:
    links = "".join(f'<a href="/f{i}">{rng.choice(_WORDS)}</a> ' for i in range(40))
    tracker = f"<script>track({rng.random()})</script>"
    return f"<footer><p>© 2024 Example News. {links}</p></footer>{tracker}"


def _thread(rng: random.Random, n: int, depth: int = 0) -> list[tuple[int, str, str]]:
    """(depth, author, text) in thread order."""
    out: list[tuple[int, str, str]] = []
    while len(out) < n:
        out.append(
            (depth, rng.choice(_NAMES), " ".join(_sentence(rng) for _ in range(rng.randint(1, 3))))
        )
        if depth < 3 and rng.random() < 0.4 and len(out) < n:
            out += _thread(rng, min(rng.randint(1, 3), n - len(out)), depth + 1)
    return out[:n]


def _tree(items: list[tuple[int, str, str]]) -> list[tuple[str, str, list]]:
    """(author, text, replies) nodes from (depth, author, text) in thread order."""
    top: list = []
    stack: list[tuple[int, list]] = [(-1, top)]
    for depth, author, text in items:
        while stack[-1][0] >= depth:
            stack.pop()
        node = (author, text, [])
        stack[-1][1].append(node)
        stack.append((depth, node[2]))
    return top


def _nest(items, render, children_open: str, children_close: str, close: str = "</li>") -> str:
    def walk(nodes, depth):
        out = []
        for author, text, replies in nodes:
            out.append(render(depth, author, text))
            if replies:
                out.append(children_open + walk(replies, depth + 1) + children_close)
            out.append(close)
        return "".join(out)

    return walk(_tree(items), 0)


def _wordpress(items) -> str:
    def render(depth, author, text):
        return (
            f'<li class="comment depth-{depth + 1}"><article class="comment-body">'
            '<footer class="comment-meta"><div class="comment-author vcard">'
            f'<b class="fn">{escape(author)}</b> <span class="says">says:</span></div>'
            '<div class="comment-metadata"><time datetime="2024-03-04T09:12">'
            f'4 March</time></div></footer><div class="comment-content"><p>{escape(text)}</p></div>'
            '<div class="reply"><a class="comment-reply-link">Reply</a></div></article>'
        )

    body = _nest(items, render, '<ol class="children">', "</ol>")
    return (
        '<div id="comments" class="comments-area">'
        f'<h2 class="comments-title">{len(items)} thoughts</h2>'
        f'<ol class="comment-list">{body}</ol></div>'
    )


def _disqus(items) -> str:
    def render(depth, author, text):
        return (
            '<li class="post"><div class="post-content"><div class="post-body"><header>'
            f'<span class="post-byline"><span class="author">{escape(author)}</span></span>'
            '<span class="post-meta"><a class="time-ago" title="Monday, March 11, 2024 11:52 PM">'
            "2 days ago</a></span>"
            f'</header><div class="post-message"><p>{escape(text)}</p></div>'
            '<footer><menu><li class="voting"><a class="vote-up">3</a></li>'
            '<li class="reply">Reply</li></menu></footer>'
            "</div></div>"
        )

    body = _nest(items, render, '<ul class="children">', "</ul>")
    return (
        f'<div id="disqus_thread"><span class="comment-count">{len(items)} comments</span>'
        f'<ul id="post-list">{body}</ul></div>'
    )


def _generic(items) -> str:
    def render(depth, author, text):
        return (
            f'<div class="comment"><div class="comment__header">'
            f'<span class="comment__username">{escape(author)}</span>'
            f'<span class="comment__date">12 Nov 2024</span></div>'
            f'<div class="comment__text"><p>{escape(text)}</p></div>'
            '<div class="comment__actions"><button>Reply</button></div>'
        )

    body = _nest(items, render, '<div class="comment__replies">', "</div>", close="</div>")
    return f'<section class="reader-comments"><h2>Comments ({len(items)})</h2>{body}</section>'


def make_page(seed: int) -> str:
    rng = random.Random(f"page:{seed}")
    title = _sentence(rng, rng.randint(5, 10))[:-1]
    family = rng.choice(("wordpress", "disqus", "generic", "none"))
    n = rng.randint(3, 60) if family != "none" else 0
    items = _thread(rng, n) if n else []
    comments = {"wordpress": _wordpress, "disqus": _disqus, "generic": _generic}.get(
        family, lambda _: ""
    )(items)
    return (
        "<!DOCTYPE html><html>"
        + _clutter_head(rng, title, "Example News")
        + "<body>"
        + _chrome_nav(rng)
        + "<main>"
        + _article(rng, title)
        + comments
        + "</main>"
        + _footer(rng)
        + "</body></html>"
    )


def write_folder(folder: Path, n_files: int) -> tuple[list[Path], list[Path]]:
    half = n_files // 2
    texts, pages = [], []
    for i, scrape in enumerate(make_corpus(n_files - half, seed=7)):
        path = folder / "text" / f"scrape-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(scrape, encoding="utf-8")
        texts.append(path)
    for i in range(half):
        path = folder / "html" / f"page-{i:05d}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make_page(i), encoding="utf-8")
        pages.append(path)
    return texts, pages


def _verdict(ok: bool) -> str:
    return "meets the goal" if ok else "MISSES the goal"


def bench_read(texts: list[Path], pages: list[Path]) -> float:
    times: dict[str, list[float]] = {"text": [], "html": []}
    cpus: dict[str, float] = {"text": 0.0, "html": 0.0}
    comments = 0
    gc.collect()
    start = time.perf_counter()
    cpu = time.process_time()
    for kind, paths in (("text", texts), ("html", pages)):
        for path in paths:
            t = time.perf_counter()
            c = time.process_time()
            doc = read_document(path)
            cpus[kind] += time.process_time() - c
            times[kind].append(time.perf_counter() - t)
            comments += len(doc.comments)
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    n = len(texts) + len(pages)
    rate = n / total
    for kind, ts in times.items():
        if ts:
            print(
                f"  {kind:<4} {len(ts):>5} files  median {statistics.median(ts) * 1000:6.2f} ms"
                f"  p95 {sorted(ts)[int(0.95 * (len(ts) - 1))] * 1000:6.2f} ms"
                f"  CPU {cpus[kind] / len(ts) * 1000:6.2f} ms/file"
            )
    print(
        f"read_document: {n} files in {total:.2f} s = {rate:.0f} files/s"
        f" (CPU {cpu:.2f} s = {n / cpu:.0f} files per CPU-second; {comments} comments)"
    )
    return rate


def _comments_in(path: Path) -> int:
    return len(read_document(path).comments)


def bench_parallel(paths: list[Path], workers: int) -> float:
    """read_document in ``workers`` processes: what a folder import that parses in a
    pool (and writes in one thread) could reach on this machine."""
    gc.collect()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        comments = sum(pool.map(_comments_in, paths, chunksize=16))
    total = time.perf_counter() - start
    rate = len(paths) / total
    print(
        f"read_document in {workers} processes: {len(paths)} files in {total:.2f} s"
        f" = {rate:.0f} files/s ({comments} comments)"
    )
    return rate


def bench_project(folder: Path, workers: int) -> tuple[float, float] | None:
    """``Project.import_files`` on the folder into a fresh project, parsing in
    ``workers`` processes (1: in this process). Returns (files/s, CPU s of this process)."""
    try:
        from reader.store.project import Project
    except ImportError:
        print("project import: skipped (reader.store.project not available)")
        return None
    project = Project.open(folder / f"bench-{workers}.reader", backup_dir=folder / "backups")
    project.import_workers = workers
    gc.collect()
    start = time.perf_counter()
    cpu = time.process_time()
    outcomes = project.import_files([folder / "text", folder / "html"])
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    close = getattr(project, "close", None)
    if close is not None:
        close()
    states: dict[str, int] = {}
    for o in outcomes:
        states[o.status] = states.get(o.status, 0) + 1
    rate = len(outcomes) / total
    print(
        f"project import, {workers} worker{'s' if workers > 1 else ''}: {len(outcomes)} files"
        f" in {total:.2f} s = {rate:.0f} files/s (CPU of this process {cpu:.2f} s"
        f" = {len(outcomes) / cpu:.0f} files per CPU-second) {states}"
    )
    return rate, cpu


def simulate(files: int, alone_cpu: float, writer_cpu: float, workers: int) -> float:
    """Files/s with ``workers`` cores: this process plans and writes (``writer_cpu``, as
    measured with a pool), the workers parse the rest of what one process did alone;
    the slower of the two sets the pace."""
    parse = max(alone_cpu - writer_cpu, 0.0)
    return files / max(writer_cpu, parse / workers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_import")
    parser.add_argument("--files", type=int, default=2000, help="files in the folder (half HTML)")
    parser.add_argument("--no-project", action="store_true", help="time read_document only")
    parser.add_argument(
        "--workers", type=int, default=0, help="also time read_document in N processes"
    )
    parser.add_argument(
        "--import-workers",
        type=lambda v: [int(x) for x in v.split(",")],
        default=[1, 2],
        help="worker counts for the project import, e.g. 1,2,8 (1: parse in this process)",
    )
    args = parser.parse_args(argv)
    print(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="reader-bench-import-") as tmp:
        folder = Path(tmp)
        texts, pages = write_folder(folder, args.files)
        size = sum(p.stat().st_size for p in texts + pages)
        print(f"folder: {len(texts)} text + {len(pages)} HTML files, {size / 1_048_576:.1f} MB")
        rate = bench_read(texts, pages)
        print(f"  goal ≥ {GOAL_FILES_PER_S:.0f} files/s: {_verdict(rate >= GOAL_FILES_PER_S)}")
        if args.workers > 1:
            bench_parallel(texts + pages, args.workers)
        if not args.no_project:
            measured = {}
            for workers in args.import_workers:
                result = bench_project(folder, workers)
                if result is not None:
                    measured[workers] = result
                    verdict = _verdict(result[0] >= GOAL_FILES_PER_S)
                    print(f"  goal ≥ {GOAL_FILES_PER_S:.0f} files/s: {verdict}")
            pooled = [w for w in measured if w > 1]
            if 1 in measured and pooled:
                n = len(texts) + len(pages)
                writer = measured[pooled[0]][1]
                for w in (2, 4, 8):
                    rate = simulate(n, measured[1][1], writer, w)
                    print(
                        f"  simulated {w} cores (CPU alone {measured[1][1]:.2f} s, this process"
                        f" with a pool {writer:.2f} s): {rate:.0f} files/s"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
