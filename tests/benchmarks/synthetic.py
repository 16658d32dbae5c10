"""Synthetic scrapes in the shapes of the seeds, at any size.

Four shapes, all plain text as a scraper leaves it:

``threaded`` (seeds 001, 002)
    Title, standfirst, a slideshow line, captions, paragraphs separated by blank lines, a
    pull-quote, an author name and bio, an "N Comments" header, numbered top-level comments
    ("  1. ") with bullet replies ("    • ", "      ◦ ", "        ▪ ", then "-") at any depth,
    continuation paragraphs indented under their comment, comments quoting earlier
    comments in curly quotes, a comment holding its own "•Item" list, and a "Leave a Reply"
    tail. ``n_comments`` counts replies too and is the declared count.
``markerless`` (seed 000)
    One paragraph per line, no blank lines, no header: the comments simply follow the
    article's last paragraph, one or two lines each.
``article`` (seed 004)
    No comments: paragraphs separated by blank lines, ending with a credit line.
``dense`` (seed 003)
    No comments and no blank lines, a donation appeal in the middle, and pull-quotes that
    repeat a quoted body sentence.

``make_scrape`` builds one scrape of a given comment count and (roughly) byte size;
``make_corpus`` yields seed-sized scrapes of every shape. Both are deterministic for a
given ``seed``. Standalone::

    uv run python -m tests.benchmarks.synthetic --comments 5000 --bytes 1000000 -o out.txt
    uv run python -m tests.benchmarks.synthetic --corpus 100 -o corpus/
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHAPES = ("threaded", "markerless", "article", "dense")


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


_WORDS = _split(
    """
    government ministry officials border villages soldiers ceasefire talks agreement
    statement reporters council committee budget region capital city residents families
    schools hospitals roads bridges drones artillery shelling evidence investigation
    weapons exports sanctions diplomats envoy parliament opposition election campaign
    president minister spokesman analyst professor researchers report figures data
    international community humanitarian crisis shelter refugees convoy supplies fuel
    medicine food water winter spring summer autumn morning evening night week month
    year decade history memory monument church market harbour railway station airport
    factory farmers workers union strike wages prices inflation economy trade pipeline
    oil gas electricity network coverage signal phone newspaper radio television video
    photograph archive letter petition protest rally march square street district
    province mountain river valley lake forest coast island peninsula frontier corridor
    """
)

_VERBS = _split(
    """
    said announced denied confirmed warned promised argued insisted reported suggested
    rejected demanded welcomed condemned questioned described explained expected
    """
)

_VOICE = (
    "I think",
    "I don’t believe the",
    "Thank you for the",
    "As usual, the",
    "Your comment about",
    "We need to stop the",
    "Honestly, our",
    "You are right about the",
    "Nobody I know trusts the",
    "I agree that the",
    "Sadly, my",
    "Why do they keep ignoring the",
    "Let’s be clear: the",
    "My family lost the",
)

_LINKS = _split("and but while because although since after before as so yet")

_NAMES = [
    "Ana Petrosyan",
    "Davit Harutyunyan",
    "Lena Ward",
    "Samuel Okoye",
    "Mariam Sargsyan",
    "Jordan Ellis",
    "Priya Natarajan",
    "Tomas Reyes",
    "Zoë Lambert",
    "Élise Caron",
]

_PLACES = ["Stepanakert", "Yerevan", "Goris", "Shushi", "Martuni", "Gyumri", "Jermuk", "Tatev"]

_APPEALS = [
    [
        "This holiday season, give to:",
        "Truth and understanding",
        "Our correspondents are on the ground providing first-person reporting.",
        "We report with just one agenda: the truth.",
    ],
    [
        "Support independent journalism",
        "Our reporting is free to read because readers like you chip in.",
        "Donate",
    ],
    [
        "Subscribe to our newsletter",
        "Get the week’s best reporting in your inbox every Friday.",
        "Sign up",
    ],
]


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


class _Writer:
    """Random news-like prose. Sentences are long enough that an 8-word run repeats only
    where a quote puts it on purpose."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def word(self) -> str:
        r = self.rng.random()
        if r < 0.04:
            return self.rng.choice(_PLACES) + "’s"
        if r < 0.07:
            return self.rng.choice(_PLACES)
        if r < 0.09:
            return str(self.rng.randint(2, 2024))
        return self.rng.choice(_WORDS)

    def sentence(self, lo: int = 8, hi: int = 22) -> str:
        n = self.rng.randint(lo, hi)
        words = [self.word() for _ in range(n)]
        words.insert(self.rng.randint(1, n - 1), self.rng.choice(_VERBS))
        if n > 12:
            words.insert(self.rng.randint(3, n - 3), self.rng.choice(_LINKS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice(".....?!")

    def paragraph(self, lo: int = 2, hi: int = 6) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))
        if self.rng.random() < 0.2:
            quoted = self.sentence().rstrip(".?!")
            text += f" “{quoted},” {self.rng.choice(_VERBS)} {self.rng.choice(_NAMES)}."
        # Scrapes keep the non-breaking spaces pasted after some paragraphs.
        return text + ("\u00a0" if self.rng.random() < 0.15 else "")

    def text_of_size(self, nbytes: int, voice: bool = False) -> list[str]:
        """Sentences adding up to about ``nbytes`` (one word over at most), at least one.
        With ``voice`` they sound like a reader talking (first and second person), the
        way comments differ from the article in seed 000."""
        sentences: list[str] = []
        words: list[str] = []
        size = 0
        length = self.rng.randint(6, 20)
        while size < nbytes or not words:
            if words:
                word = self.word()
            elif voice:
                word = self.rng.choice(_VOICE)
            else:
                word = self.word().capitalize()
            words.append(word)
            size += _utf8_len(word) + 1
            if len(words) >= length:
                sentences.append(" ".join(words) + self.rng.choice(".....?!"))
                words, length = [], self.rng.randint(6, 20)
        if words:
            sentences.append(" ".join(words) + ".")
        return sentences


@dataclass
class _Comment:
    depth: int
    paragraphs: list[str]
    items: list[str] = field(default_factory=list)


def _thread(rng: random.Random, w: _Writer, n: int, budget: int | None) -> list[_Comment]:
    """``n`` comments in reading (pre-)order, each at most one deeper than the last."""
    comments: list[_Comment] = []
    said: list[str] = []
    depth = 0
    for i in range(n):
        if i == 0 or rng.random() < 0.45 or comments[-1].items:
            # (A reply straight after a list comment would read as one more list item.)
            depth = 0
        elif rng.random() < 0.4:
            depth = min(depth + 1, 6)  # a conversation going deeper
        else:
            depth = rng.randint(1, min(depth + 1, 6))
        size = budget if budget is not None else rng.randint(120, 900)
        size = int(size * rng.uniform(0.7, 1.3))
        quote = None
        if said and rng.random() < 0.12:
            # Quote an earlier comment (seed 001's comment 4), then answer it.
            quote = f"“{rng.choice(said)}”"
            size -= _utf8_len(quote) + 8
        sentences = w.text_of_size(max(30, size - 8), voice=True)
        cut = sorted(rng.sample(range(1, len(sentences)), min(len(sentences) - 1, 2)))
        bounds = [0, *([c for c in cut if rng.random() < 0.5]), len(sentences)]
        paragraphs = [" ".join(sentences[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        comment = _Comment(depth, paragraphs)
        if quote is not None:
            comment.paragraphs.insert(0, quote)
        elif depth == 0 and budget is None and rng.random() < 0.05:
            # A comment that is its own list (seed 001's comment 3).
            comment.paragraphs = []
            comment.items = [w.sentence(6, 14).rstrip(".?!") for _ in range(rng.randint(2, 4))]
        said += [s for s in sentences if len(s.split()) >= 9]
        comments.append(comment)
    return comments


_BULLETS = ["•", "◦", "▪", "-", "-"]


def _render_thread(comments: list[_Comment]) -> list[str]:
    out: list[str] = []
    number = 0
    for c in comments:
        if c.depth == 0:
            number += 1
            lead, cont = f"  {number}. ", "    "
        else:
            pad = " " * (2 + 2 * c.depth)
            lead = f"{pad}{_BULLETS[min(c.depth, len(_BULLETS)) - 1]} "
            cont = pad + "  "
        if c.items:
            out.append(lead + "•" + c.items[0])
            out += [cont + "•" + item for item in c.items[1:]]
        else:
            out.append(lead + c.paragraphs[0])
            out += [cont + p for p in c.paragraphs[1:]]
    return out


def _threaded(
    rng: random.Random, n_comments: int, target_bytes: int | None
) -> tuple[str, list[_Comment]]:
    w = _Writer(rng)
    name = rng.choice(_NAMES)
    head = [w.sentence(6, 12).rstrip(".?!"), w.sentence(8, 16).rstrip(".?!")]
    if rng.random() < 0.5:
        head.append("This slideshow requires JavaScript.")
    head.append(f"{w.sentence(6, 14).rstrip('.?!')} (Photo: {name}, October 4, 2020)")
    bio = [
        name,
        f"{name} is a reporter covering {rng.choice(_WORDS)} and {rng.choice(_WORDS)} for the "
        f"Weekly. {w.sentence()}",
    ]
    thread: list[str] = []
    comments: list[_Comment] = []
    if n_comments:
        budget = None
        if target_bytes is not None:
            budget = max(40, (target_bytes - 3000) // n_comments - 12)
        comments = _thread(rng, w, n_comments, budget)
        thread = [f"{n_comments} Comments", *_render_thread(comments)]
    tail = ["Leave a Reply", "Your email address will not be published.", "\n*"]

    fixed = _utf8_len("\n\n".join(head + bio + thread + tail))
    body: list[str] = []
    if target_bytes is None:
        body = [w.paragraph() for _ in range(rng.randint(6, 12))]
    else:
        size = fixed
        while size < target_bytes - 200 or len(body) < 3:
            body.append(w.paragraph())
            size += _utf8_len(body[-1]) + 2
    # A pull-quote repeating a sentence of an earlier paragraph.
    sentences = body[0].split(". ")
    if len(body) >= 3 and len(sentences) > 1:
        body.insert(2, sentences[0].rstrip(".") + ".")
    if len(body) >= 6:
        body.insert(4, f"{w.sentence(6, 12).rstrip('.?!')} (Photo: {name})")
    return "\n\n".join(head + body + bio + thread + tail) + "\n", comments


def _markerless(rng: random.Random, n_comments: int, target_bytes: int | None) -> str:
    w = _Writer(rng)
    comments: list[str] = []
    for _ in range(n_comments):
        lines = rng.randint(1, 2)
        if target_bytes is not None:
            per = int((target_bytes - 3000) / max(1, n_comments) * rng.uniform(0.7, 1.3))
            size = max(30, per // lines - 1)
            comments += [" ".join(w.text_of_size(size, voice=True)) for _ in range(lines)]
        else:
            size = rng.randint(80, 500)
            comments += [" ".join(w.text_of_size(size, voice=True)) for _ in range(lines)]
    end = "This is a developing story. Further updates will be provided."
    body: list[str] = []
    if target_bytes is None:
        body = [w.paragraph() for _ in range(rng.randint(8, 12))]
    else:
        size = _utf8_len("\n".join(comments)) + len(end)
        while size < target_bytes - 200 or len(body) < 3:
            body.append(w.paragraph())
            size += _utf8_len(body[-1]) + 1
    return "\n".join([*body, end, *comments])


def _article(rng: random.Random, target_bytes: int | None) -> str:
    w = _Writer(rng)
    parts = [w.sentence(6, 12).rstrip(".?!")]
    credit = f"{rng.choice(_NAMES)} in {rng.choice(_PLACES)} contributed to this report."
    size = _utf8_len(parts[0] + credit)
    goal = target_bytes if target_bytes is not None else rng.randint(5000, 9000)
    while size < goal - 200 or len(parts) < 3:
        parts.append(w.paragraph(1, 4))
        size += _utf8_len(parts[-1]) + 2
    return "\n\n".join(parts) + "\n\n\n" + credit


def _dense(rng: random.Random, target_bytes: int | None) -> str:
    w = _Writer(rng)
    lines = [w.sentence(6, 12).rstrip(".?!"), w.sentence(10, 18).rstrip(".?!")]
    size = sum(map(_utf8_len, lines))
    goal = target_bytes if target_bytes is not None else rng.randint(5000, 9000)
    body: list[str] = []
    while size < goal - 400 or len(body) < 6:
        body.append(w.paragraph(1, 4))
        size += _utf8_len(body[-1]) + 1
    # Two pull-quotes, each set a little before the paragraph that quotes it.
    for at in sorted(rng.sample(range(2, len(body)), 2), reverse=True):
        quote = w.sentence(10, 18).rstrip(".?!")
        body[at] = f"“{quote},” {rng.choice(_NAMES)} {rng.choice(_VERBS)}. " + body[at]
        body.insert(at - 1, quote)
    body[len(body) // 2 : len(body) // 2] = rng.choice(_APPEALS)
    return "\n".join(lines + body)


def make_scrape(
    n_comments: int,
    target_bytes: int | None = None,
    seed: int = 0,
    *,
    shape: str = "threaded",
) -> str:
    """One synthetic scrape with ``n_comments`` comments (replies included).

    With ``target_bytes`` the scrape's UTF-8 size is close to it (within a few hundred
    bytes when the comments fit; the comments are shortened to fit, never dropped).
    ``shape`` is one of :data:`SHAPES`; ``article`` and ``dense`` have no comments.
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    if n_comments < 0:
        raise ValueError("n_comments must be 0 or more")
    if shape in ("article", "dense") and n_comments:
        raise ValueError(f"the {shape} shape has no comments")
    rng = random.Random(f"{shape}:{n_comments}:{target_bytes}:{seed}")
    if shape == "threaded":
        return _threaded(rng, n_comments, target_bytes)[0]
    if shape == "markerless":
        return _markerless(rng, n_comments, target_bytes)
    if shape == "article":
        return _article(rng, target_bytes)
    return _dense(rng, target_bytes)


@dataclass(frozen=True)
class SyntheticComment:
    """A comment as the generator wrote it: the words its text starts with (marker left
    out), its parent's index in reading order (``None`` at the top level), its depth."""

    first_words: str
    parent: int | None
    depth: int


@dataclass(frozen=True)
class SyntheticThread:
    text: str
    comments: tuple[SyntheticComment, ...]


def make_thread(n_comments: int, target_bytes: int | None = None, seed: int = 0) -> SyntheticThread:
    """The ``threaded`` scrape ``make_scrape`` gives for these arguments, with the thread
    it holds: what a parser should recover."""
    if n_comments < 0:
        raise ValueError("n_comments must be 0 or more")
    rng = random.Random(f"threaded:{n_comments}:{target_bytes}:{seed}")
    text, comments = _threaded(rng, n_comments, target_bytes)
    out: list[SyntheticComment] = []
    path: list[int] = []  # indices of the open ancestors, by depth
    for i, c in enumerate(comments):
        del path[c.depth :]
        first = "•" + c.items[0] if c.items else c.paragraphs[0]
        out.append(
            SyntheticComment(" ".join(first.split()[:5]), path[-1] if path else None, c.depth)
        )
        path.append(i)
    return SyntheticThread(text, tuple(out))


def make_corpus(n_docs: int, seed: int = 0) -> Iterator[str]:
    """``n_docs`` seed-sized scrapes (about 6–12 KB) in a mix of all shapes."""
    rng = random.Random(f"corpus:{seed}")
    for _ in range(n_docs):
        shape = rng.choices(SHAPES, weights=(5, 2, 2, 1))[0]
        n = rng.randint(2, 12) if shape in ("threaded", "markerless") else 0
        yield make_scrape(n, rng.randint(6000, 12000), rng.getrandbits(32), shape=shape)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.synthetic",
        description="Write synthetic scrapes in the shapes of the seeds.",
    )
    parser.add_argument("--comments", type=int, default=8, help="comments (replies included)")
    parser.add_argument("--bytes", type=int, default=None, help="approximate size in bytes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default="threaded")
    parser.add_argument(
        "--corpus", type=int, metavar="N", help="write N seed-sized scrapes into the -o folder"
    )
    parser.add_argument("-o", "--output", help="file (or folder with --corpus); default stdout")
    args = parser.parse_args(argv)

    if args.corpus is not None:
        if not args.output:
            parser.error("--corpus needs -o FOLDER")
        folder = Path(args.output)
        folder.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(make_corpus(args.corpus, seed=args.seed)):
            (folder / f"synthetic_{i:05d}.txt").write_text(text, encoding="utf-8")
        print(f"wrote {args.corpus} scrapes to {folder}", file=sys.stderr)
        return 0

    text = make_scrape(args.comments, args.bytes, args.seed, shape=args.shape)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {_utf8_len(text):,} bytes to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
