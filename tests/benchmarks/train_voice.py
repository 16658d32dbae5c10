"""Train the paragraph voice model (``reader/core/data/voice.json``) offline.

Article paragraphs (the negatives) come from Mozilla Readability's test pages, whose
``expected.html`` is the article a person checked; reader comments (the positives) from
Reddit pages saved in Postlight Parser's fixtures (not the ones in the development set),
read with the same markup truth as the development set. Both are read from local clones
(``--mirror``, as for ``devset.py``); nothing from them is stored but the weights.

    uv run python -m tests.benchmarks.train_voice [--mirror DIR]

A plain logistic regression (batch gradient descent with a little L2), classes weighed
equally; prints its accuracy on a held-out fifth.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.core.html.visible import fold  # noqa: E402
from reader.core.voice import FEATURES, features  # noqa: E402
from tests.benchmarks.devset import DEFAULT_MIRROR, pages, truth_of  # noqa: E402

OUT = ROOT / "reader" / "core" / "data" / "voice.json"
_REDDIT = {
    "items": "//div[starts-with(@id, 't1_') and contains(@style, 'padding-left')]",
    "body": ".//div[@data-testid='comment']",
}
_REDDIT_PAGES = ("embedded", "external-image", "external-link", "image", "video")


def _git(mirror: Path, repo: str, *args: str) -> str:
    git_dir = mirror / repo.replace("/", "+") / "repo"
    done = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True)
    return done.stdout.decode("utf-8", errors="replace")


def article_paragraphs(mirror: Path) -> list[str]:
    found = []
    names = _git(mirror, "mozilla/readability", "ls-tree", "--name-only", "HEAD",
                 "test/test-pages/").split()  # fmt: skip
    # The development set's own pages are left out: their figures must not be learnt.
    measured = {p.path.rsplit("/", 1)[0] for p in pages() if p.repo == "mozilla/readability"}
    for name in names:
        if name.rstrip("/") in measured:
            continue
        text = _git(mirror, "mozilla/readability", "show", f"HEAD:{name}/expected.html")
        if not text.strip():
            continue
        root = html.fromstring(text)
        for p in root.iter("p"):
            para = fold(p.text_content())
            if len(para) >= 40:
                found.append(para)
    return found


def comments(mirror: Path) -> list[str]:
    found = []
    for name in _REDDIT_PAGES:
        path = f"HEAD:fixtures/www.reddit.com--{name}.html"
        page = _git(mirror, "postlight/parser", "show", path)
        if page:
            found += [c["text"] for c in truth_of(page.encode("utf-8"), _REDDIT)["comments"]]
    return [p for c in found for p in c.split("\n\n") if p.strip()]


def train(rows: list[tuple[list[float], int]], epochs: int = 400, rate: float = 0.5):
    n = len(FEATURES)
    w = [0.0] * n
    pos = sum(y for _, y in rows) or 1
    neg = (len(rows) - pos) or 1
    weight = {1: len(rows) / (2 * pos), 0: len(rows) / (2 * neg)}
    for _ in range(epochs):
        grad = [0.0] * n
        for x, y in rows:
            z = sum(a * b for a, b in zip(w, x, strict=True))
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            g = (p - y) * weight[y]
            for i in range(n):
                grad[i] += g * x[i]
        for i in range(n):
            w[i] -= rate * (grad[i] / len(rows) + 0.001 * w[i] * (i > 0))
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    args = parser.parse_args()
    negatives = article_paragraphs(args.mirror)
    positives = comments(args.mirror)
    rows = [(features(t), 0) for t in negatives] + [(features(t), 1) for t in positives]
    random.Random(7).shuffle(rows)
    cut = len(rows) // 5
    test, learn = rows[:cut], rows[cut:]
    w = train(learn)

    def accuracy(part):
        ok = sum((sum(a * b for a, b in zip(w, x, strict=True)) > 0) == bool(y) for x, y in part)
        return ok / len(part)

    print(f"{len(negatives)} article paragraphs, {len(positives)} comment paragraphs")
    print(f"accuracy: learnt {accuracy(learn):.3f}, held out {accuracy(test):.3f}")
    w = train(rows)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "about": "Paragraph voice model: logistic regression, see train_voice.py",
                "features": list(FEATURES),
                "weights": [round(v, 4) for v in w],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    for name, v in zip(FEATURES, w, strict=True):
        print(f"  {name:<12} {v:+.3f}")


if __name__ == "__main__":
    main()
