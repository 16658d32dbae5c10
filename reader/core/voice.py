"""Whose voice a paragraph is in: reporting, or a reader talking back.

A small logistic model over a paragraph's surface (first and second person, questions
and exclamations, reporting verbs and quotation, length, names, numbers, informal
writing) gives the probability that it is a reader's comment. Its weights are a small
JSON file shipped in the package (``reader/core/data/voice.json``), trained offline by
``tests/benchmarks/train_voice.py`` from article paragraphs and comments whose places are
known; nothing is fetched or trained at run time.

:func:`split` then looks for the one place where a text turns from the article to the
comments (a change-point search over the paragraphs' log-odds), and says how sure it is.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FIRST = _words(
    "i i'm i’m i've i’ve i'd i’d i'll i’ll me my mine myself we we're we’re our us "
    "je j' moi mon ma mes nous ich mich mein meine wir yo mi mis nosotros io mio я мне мой"
)
_SECOND = _words(
    "you your you're you’re yours yourself u ur tu toi ton ta vous votre du dich dein "
    "ihr usted tú ты вы"
)
_REPORTING = _words(
    "said says told stated announced reported added noted according spokesman spokeswoman "
    "officials official ministry minister agency percent per cent dit déclaré a-t-il "
    "selon sagte erklärte laut dijo según"
)
_INFORMAL = _words(
    "lol lmao imo imho btw yeah yes no nope agreed thanks thank wow omg haha ok okay "
    "well actually honestly seriously guys"
)
_WORD = re.compile(r"[\w’']+")

FEATURES = (
    "bias", "first", "second", "question", "exclaim", "reporting", "quoted", "opens_quote",
    "log_words", "short", "digits", "names", "contraction", "informal", "caps", "url",
    "third",
)  # fmt: skip
_THIRD = _words("he she they his her their him them il elle ils er sie él ella они он она")


# A capitalised word (a name, mostly) and a shouted one, counted in C.
log = logging.getLogger(__name__)

_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё]")
_SHOUTED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ]{3,}\b")
_QUOTES = frozenset('“”"«»„')
_CONTRACTIONS = ("n't", "n’t", "'re", "’re", "'ve", "’ve", "'m", "’m")


def features(text: str) -> list[float]:
    words = _WORD.findall(text.lower())
    n = len(words) or 1
    word_set = set(words)
    capitalised = len(_CAPITALISED.findall(text)) - bool(_CAPITALISED.match(text))
    return [
        1.0,
        float(not word_set.isdisjoint(_FIRST)),
        float(not word_set.isdisjoint(_SECOND)),
        float("?" in text),
        float("!" in text),
        float(not word_set.isdisjoint(_REPORTING)),
        float(not _QUOTES.isdisjoint(text)),
        float(text[:1] in '“"«„'),
        math.log(n),
        float(n < 12),
        sum(map(text.count, "0123456789")) / max(len(text), 1) * 10,
        capitalised / n * 5,
        float(any(c in text for c in _CONTRACTIONS)),
        float(not word_set.isdisjoint(_INFORMAL)),
        float(_SHOUTED.search(text) is not None),
        float("http" in text or "www." in text),
        len(word_set & _THIRD) / n * 5,
    ]


@cache
def _weights() -> tuple[float, ...] | None:
    """The shipped weights, or ``None`` (logged) when they cannot be read: the parser
    then finds unmarked comments by its cue words alone."""
    try:
        data = json.loads(
            resources.files("reader.core.data").joinpath("voice.json").read_text("utf-8")
        )
        if tuple(data["features"]) != FEATURES:
            raise ValueError("trained on other features")
        return tuple(float(w) for w in data["weights"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning(
            "the voice model could not be read (%s); unmarked comments are found by cue words only",
            error,
        )
        return None


def log_odds(text: str) -> float:
    """log P(comment) / P(article) for one paragraph (0 without a model)."""
    weights = _weights()
    if weights is None:
        return 0.0
    return sum(w * x for w, x in zip(weights, features(text), strict=True))


@dataclass(frozen=True, slots=True)
class Split:
    """``start`` indexes the first comment paragraph, or is ``None`` (no comments)."""

    start: int | None
    confidence: float


_MIN_ARTICLE = 2
_MIN_COMMENTS = 2
# Lines this short (headings, buttons, "Sign up") say little of a voice: they are left
# out of the search, and none opens the comments.
_MIN_WORDS = 6
# The comments must read, on average, this much more like comments than the article
# (in log-odds), and the shift must stand out of the paragraphs' spread (a t statistic).
_MIN_SHIFT = 1.0
_MIN_T = 3.0


def split(paragraphs: list[str]) -> Split:
    """The likeliest place where the comments begin: a change-point search for the one
    shift in the paragraphs' log-odds (article before, comments after), judged by how
    far the mean moves against the spread. Sites write long comments and short
    articles, so the shift matters, not the level. The confidence grows with the shift's
    t statistic."""
    if _weights() is None:
        return Split(None, 0.5)
    scored = [(i, log_odds(p)) for i, p in enumerate(paragraphs) if len(p.split()) >= _MIN_WORDS]
    n = len(scored)
    if n < _MIN_ARTICLE + _MIN_COMMENTS:
        return Split(None, 0.9)
    odds = [o for _, o in scored]
    prefix = [0.0]
    squares = [0.0]
    for o in odds:
        prefix.append(prefix[-1] + o)
        squares.append(squares[-1] + o * o)
    best, best_t = None, 0.0
    for k in range(_MIN_ARTICLE, n - _MIN_COMMENTS + 1):
        before, after = prefix[k] / k, (prefix[n] - prefix[k]) / (n - k)
        shift = after - before
        if shift < _MIN_SHIFT or odds[k] < before + _MIN_SHIFT / 2:
            continue
        within = (squares[k] - k * before * before) + (
            (squares[n] - squares[k]) - (n - k) * after * after
        )
        spread = math.sqrt(max(within, 1e-9) / max(n - 2, 1))
        t = shift / (spread * math.sqrt(1 / k + 1 / (n - k)))
        if t > best_t:
            best, best_t = k, t
    if best is None or best_t < _MIN_T:
        return Split(None, 0.9 if best is None else round(1 / (1 + math.exp(best_t - _MIN_T)), 2))
    return Split(scored[best][0], 1 / (1 + math.exp(-(best_t - _MIN_T))))
