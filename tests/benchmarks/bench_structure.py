"""Benchmark: how right the structure is on the development set (tests/core/devset).

For each saved page (read from a local clone of its public repository; see
``tests/benchmarks/devset.py``) and in total:

- **comment F1**: a found comment counts when its opening words (the first eight, case and
  punctuation ignored) match a true comment's, each true comment matched once;
- **parents**: of matched comments, the share whose parent is the true parent (or both
  top level); **authors** and **dates**: the share whose author equals the true one
  (case and spacing ignored) and whose date holds the true date's numbers;
- **lost**: visible text runs of the page in neither the article, a comment (text, author,
  date) nor the left-out text; **in article**: true comments whose opening sits in the
  article's shown text;
- pages without a thread: comments invented.

For the unmarked renderings (``devset/unmarked``: article paragraphs, then each comment's
text, no markers): the share of true comment openings that open a found comment
(**recall**) and the share of article characters kept in the article (**kept**).

    uv run python -m tests.benchmarks.bench_structure [--mirror DIR] [--page NAME]

Prints CPU time beside wall time for the whole run (parsing included).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.html.page import parse_html  # noqa: E402
from reader.core.model import BlockKind, Document  # noqa: E402
from reader.core.parse import parse_text  # noqa: E402
from reader.core.textio import UnreadableFile, decode_bytes, normalise  # noqa: E402
from tests.benchmarks.devset import (  # noqa: E402
    DEFAULT_MIRROR,
    opening,
    page_bytes,
    pages,
    truth_and_rendering,
)

_WORD = re.compile(r"\w+")
# What a browser does not draw, as the markup says (no style sheet is read).
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def _date_ok(truth: str, found: str | None) -> bool:
    if not found:
        return False
    if _norm(truth) == _norm(found):
        return True
    want = _NUMBER.findall(truth)
    have = _NUMBER.findall(found)
    return bool(want) and not (Counter(want) - Counter(have))


def _squeeze(text: str) -> str:
    return "".join(_WORD.findall(normalise(text).casefold()))


def lost_runs(data: bytes, doc: Document) -> int:
    root = html.document_fromstring(decode_bytes(data).text)
    for el in root.xpath("//*[@hidden or @style]"):
        if el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
            el.drop_tree()
    # <title> is never drawn, wherever a broken head lets the parser put it.
    for tag in ("script", "style", "noscript", "template", "head", "title", "svg", "iframe",
                "object"):  # fmt: skip
        for el in list(root.iter(tag)):
            el.drop_tree()
    body = root.find("body")
    texts = [doc.text, doc.title, doc.byline or "", doc.site or ""]
    texts += [t for c in doc.comments for t in (c.author, c.date) if t]
    held = _squeeze(" ".join(texts))
    runs = (_squeeze(t) for t in (body if body is not None else root).itertext())
    return sum(1 for r in runs if r and r not in held)


def score_page(truth: dict, doc: Document) -> dict:
    true = truth["comments"]
    found = list(doc.comments)
    by_id = {c.id: c for c in found}
    pool: dict[str, list[int]] = {}
    for i, c in enumerate(found):
        pool.setdefault(opening(c.text), []).append(i)
    match: dict[int, int] = {}  # true index -> found index
    for t, c in enumerate(true):
        candidates = pool.get(opening(c["text"]))
        if candidates:
            match[t] = candidates.pop(0)
    matched = len(match)
    precision = matched / len(found) if found else (1.0 if not true else 0.0)
    recall = matched / len(true) if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    parents_ok = authors_ok = authors_n = dates_ok = dates_n = 0
    for t, f in match.items():
        want = true[t]["parent"]
        got = found[f].parent
        got_opening = opening(by_id[got].text) if got is not None else None
        want_opening = opening(true[want]["text"]) if want is not None else None
        parents_ok += got_opening == want_opening
        if true[t]["author"]:
            authors_n += 1
            authors_ok += _norm(true[t]["author"]) == _norm(found[f].author)
        if true[t]["date"]:
            dates_n += 1
            dates_ok += _date_ok(true[t]["date"], found[f].date)
    shown = " ".join(_norm(b.text) for b in doc.blocks if b.kind is not BlockKind.BOILERPLATE)
    in_article = sum(
        1 for c in true if len(opening(c["text"])) > 12 and opening(c["text"]) in shown
    )
    return {
        "true": len(true),
        "found": len(found),
        "matched": matched,
        "f1": f1,
        "parents": (parents_ok, matched),
        "authors": (authors_ok, authors_n),
        "dates": (dates_ok, dates_n),
        "in_article": in_article,
    }


def score_unmarked(truth: dict, text: str) -> dict:
    doc = parse_text(text)
    openings = Counter(opening(c.text) for c in doc.comments)
    found = 0
    for c in truth["comments"]:
        key = opening(c["text"])
        if openings[key] > 0:
            openings[key] -= 1
            found += 1
    article_chars = sum(len(p) for p in truth["article"])
    kept = 0
    blocks = [b for b in doc.blocks if b.kind is not BlockKind.BOILERPLATE]
    first_comment = doc.comments[0].start if doc.comments else len(doc.text)
    pos = 0
    for p in truth["article"]:
        at = doc.text.find(p, pos)
        if at < 0:
            continue
        pos = at + len(p)
        if at < first_comment and any(b.start <= at < b.end for b in blocks):
            kept += len(p)
    return {
        "recall": (found, len(truth["comments"])),
        "kept": (kept, article_chars),
    }


def score_article_alone(truth: dict) -> int:
    """Comments found in the page's article paragraphs rendered alone (no thread): what
    the unmarked finder invents on an article."""
    if len(truth["article"]) < 3:
        return 0
    return len(parse_text("\n\n".join(truth["article"]) + "\n").comments)


def _share(pair: tuple[int, int]) -> str:
    ok, n = pair
    return f"{ok / n:.2f}" if n else "  – "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--page")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    wall, cpu = time.perf_counter(), time.process_time()
    rows = []
    missing = []
    for page in pages():
        if args.page and page.name != args.page:
            continue
        data = page_bytes(page, args.mirror)
        if data is None:
            missing.append(page.name)
            continue
        truth, rendering = truth_and_rendering(page, data)
        try:
            doc = parse_html(decode_bytes(data).text)
        except UnreadableFile as error:
            print(f"{page.name}: unreadable ({error})")
            continue
        row = {
            "page": page.name,
            "thread": page.has_thread,
            "held_out": page.held_out,
            "round": page.round,
        }
        row.update(score_page(truth, doc))
        row["lost"] = lost_runs(data, doc)
        if rendering is not None:
            row.update(score_unmarked(truth, rendering))
        row["article_alone"] = score_article_alone(truth)
        rows.append(row)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    head = (f"{'page':<20} {'true':>4} {'found':>5} {'F1':>5} {'par':>5} {'auth':>5} "
            f"{'date':>5} {'lost':>4} {'inArt':>5} {'unm.rec':>7} {'kept':>5}")  # fmt: skip
    print(head)
    for r in rows:
        mark = {2: "+", 3: "#"}.get(r["round"], "*" if r["held_out"] else " ")
        print(
            f"{r['page']:<19}{mark} {r['true']:>4} {r['found']:>5} {r['f1']:>5.2f} "
            f"{_share(r['parents']):>5} {_share(r['authors']):>5} {_share(r['dates']):>5} "
            f"{r['lost']:>4} {r['in_article']:>5} "
            f"{_share(r['recall']) if 'recall' in r else '':>7} "
            f"{_share(r['kept']) if 'kept' in r else '':>5}"
        )

    def total(selected: list[dict], label: str) -> None:
        threads = [r for r in selected if r["thread"]]
        if not threads:
            return
        t = sum(r["true"] for r in threads)
        f = sum(r["found"] for r in threads)
        m = sum(r["matched"] for r in threads)
        p, rc = (m / f if f else 0.0), (m / t if t else 0.0)
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0

        def add(key: str) -> tuple[int, int]:
            return tuple(sum(r[key][i] for r in threads if key in r) for i in (0, 1))

        invented = sum(r["found"] for r in selected if not r["thread"])
        print(
            f"{label}: {len(threads)} pages, comment F1 {f1:.3f} (P {p:.3f} R {rc:.3f}), "
            f"parents {_share(add('parents'))}, authors {_share(add('authors'))}, "
            f"dates {_share(add('dates'))}, runs lost {sum(r['lost'] for r in selected)} "
            f"(pages with loss: {sum(1 for r in selected if r['lost'])}), "
            f"comments in article {sum(r['in_article'] for r in threads)}, "
            f"invented on {sum(1 for r in selected if not r['thread'])} pages without a "
            f"thread: {invented}; unmarked: recall {_share(add('recall'))}, "
            f"article kept {_share(add('kept'))}, comments invented in articles alone "
            f"{sum(r['article_alone'] for r in selected)} (on "
            f"{sum(1 for r in selected if r['article_alone'])} pages); per-page F1 median "
            f"{statistics.median(r['f1'] for r in threads):.2f}"
        )

    total(rows, "all")
    total([r for r in rows if not r["held_out"]], "developed on")
    total([r for r in rows if r["round"] == 1], "round 1 (first 23 pages)")
    total([r for r in rows if r["round"] == 1 and (r["held_out"] or not r["thread"])],
          "round 1 held out (*)")  # fmt: skip
    total([r for r in rows if r["round"] == 2], "round 2, added unseen (+)")
    total([r for r in rows if r["round"] == 3], "round 3, added unseen (#)")
    if missing:
        print(f"not measured (no clone or no truth): {', '.join(missing)}")
    print(f"time: {wall:.1f} s wall, {cpu:.1f} s CPU")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=list), encoding="utf-8")


if __name__ == "__main__":
    main()
