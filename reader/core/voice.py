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
    "je j' moi mon ma mes nous ich mich mir mein meine wir uns yo mi mis nosotros io mio "
    "я меня мне мной мой моя моё мое мои мы нас нам наш наша"
)
_SECOND = _words(
    "you your you're you’re yours yourself u ur tu toi ton ta vous votre du dich dir dein "
    "ihr euch usted tú te ты тебя тебе тобой твой твоя вы вас вам ваш ваша"
)
_REPORTING = _words(
    "said says told stated announced reported added noted according spokesman spokeswoman "
    "officials official ministry minister agency percent per cent dit déclaré a-t-il "
    "selon sagte erklärte laut dijo según заявил заявила сообщил сообщила отметил "
    "по данным процентов министерство"
)
_INFORMAL = _words(
    "lol lmao imo imho btw yeah yes no nope agreed thanks thank wow omg haha ok okay "
    "well actually honestly seriously guys спасибо ну да нет имхо лол ага блин "
    "merci oui non danke ja nein gracias sí"
)
# First and second person outside English (whose cue words the parser weighs already):
# a cheap test of whether a text talks at all.
PERSONAL = (_FIRST | _SECOND) - _words(
    "i i'm i’m i've i’ve i'd i’d i'll i’ll me my mine myself we we're we’re our us "
    "you your you're you’re yours yourself u ur"
)
_WORD = re.compile(r"[\w’']+")

FEATURES = (
    "bias", "first", "second", "question", "exclaim", "reporting", "quoted", "opens_quote",
    "log_words", "short", "digits", "names", "contraction", "informal", "caps", "url",
    "third", "addressed", "lower_start", "open_end", "smiley", "ellipsis",
)  # fmt: skip
_THIRD = _words("he she they his her their him them il elle ils er sie él ella они он она")


# A capitalised word (a name, mostly) and a shouted one, counted in C.
log = logging.getLogger(__name__)

_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zß-öø-ÿа-яё]")
_SHOUTED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ]{3,}\b")
_QUOTES = frozenset('“”"«»„')
# A reply that opens by naming whom it answers ("pogartizm, why?", "@anna", "> quoted").
_ADDRESSED = re.compile(r"(?:[@>]|[^\W\d][\w.-]{1,29},(?:\s|$))")
_SMILEYS = (":)", ":-)", ";)", ":(", ":D", "))", "xD", "XD", "😀", "😂", "😊", "👍", "🙂")
_STOPS = frozenset('.!?…"”»)')
_CONTRACTIONS = ("n't", "n’t", "'re", "’re", "'ve", "’ve", "'m", "’m")


def _ideographs(text: str) -> int:
    """Han, kana and hangul characters: scripts written without spaces, where a 'word'
    of the pattern is a whole clause (two characters count as one word)."""
    return sum(1 for c in text if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")


def features(text: str) -> list[float]:
    words = _WORD.findall(text.lower())
    n = len(words)
    if not text.isascii():
        n += _ideographs(text) // 2
    n = n or 1
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
        float(_ADDRESSED.match(text) is not None),
        float(text[:1].islower()),
        float(text[-1:] not in _STOPS),
        float(any(m in text for m in _SMILEYS)),
        float("..." in text or "…" in text),
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


def available() -> bool:
    """Whether the shipped weights could be read."""
    return _weights() is not None


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
    # Of the lines after ``start`` (those long enough to weigh), the share the model
    # reads as comments rather than reporting.
    positive: float = 0.0


_MIN_ARTICLE = 2
_MIN_COMMENTS = 4
MIN_COMMENTS = _MIN_COMMENTS
# Lines this short (headings, buttons, "Sign up") say little of a voice: they are left
# out of the search, and none opens the comments.
_MIN_WORDS = 6
MIN_WORDS = _MIN_WORDS
# The comments must read, on average, this much more like comments than the article
# (in log-odds), and the shift must stand out of the paragraphs' spread (a t statistic).
_MIN_SHIFT = 1.0
_MIN_T = 3.0


def weighed(paragraphs: list[str]) -> list[float | None]:
    """Each paragraph's log-odds, or ``None`` for one too short to say much of a voice:
    computed once for both searches below."""
    return [log_odds(p) if long_enough(p) else None for p in paragraphs]


def long_enough(text: str) -> bool:
    """Whether a line says enough to judge its voice: six words, or in scripts written
    without spaces, as many pairs of characters."""
    if text.count(" ") >= _MIN_WORDS - 1:
        return True
    return not text.isascii() and len(text.split()) + _ideographs(text) // 2 >= _MIN_WORDS


def split(
    paragraphs: list[str], odds_of: list[float | None] | None = None, min_t: float = _MIN_T
) -> Split:
    """The likeliest place where the comments begin: a change-point search for the one
    shift in the paragraphs' log-odds (article before, comments after), judged by how
    far the mean moves against the spread. Sites write long comments and short
    articles, so the shift matters, not the level. The confidence grows with the shift's
    t statistic."""
    if _weights() is None:
        return Split(None, 0.5)
    if odds_of is None:
        odds_of = weighed(paragraphs)
    scored = [(i, o) for i, o in enumerate(odds_of) if o is not None]
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
    if best is None or best_t < min_t:
        return Split(None, 0.9 if best is None else round(1 / (1 + math.exp(best_t - _MIN_T)), 2))
    after = odds[best:]
    positive = sum(1 for o in after if o > 0) / len(after)
    # The change lies between the article's last long line and the comments' first one;
    # the short lines between ("Why?", "pogartizm, agreed") are the thread's already.
    start = scored[best - 1][0] + 1
    return Split(start, 1 / (1 + math.exp(-(best_t - _MIN_T))), positive)


# A text that is a thread from its first line on (a forum page, a thread saved without
# its article) has no change to find: its long lines read, on average, no less like
# comments than this (in log-odds: articles alone average -1.4 to -3.0 on the
# development set, whole threads -0.7 to +1.0), and this share of them reads more like
# a comment than not (articles: at most 0.13; threads: 0.31 to 0.69).
_THREAD_MEAN = -0.9
_THREAD_POSITIVE = 0.25
_THREAD_MIN_LINES = 6


def throughout(paragraphs: list[str], odds_of: list[float | None] | None = None) -> Split:
    """Whether the text after its first line (the title) is all reader comments: no
    change point, but every stretch reads as readers talking. The confidence stays low
    (the start is a guess the user should see), growing with how clearly it reads so."""
    if _weights() is None or len(paragraphs) < 2:
        return Split(None, 0.5)
    if odds_of is None:
        odds_of = weighed(paragraphs)
    odds = [o for o in odds_of[1:] if o is not None]
    if len(odds) < _THREAD_MIN_LINES:
        return Split(None, 0.9)
    mean = sum(odds) / len(odds)
    positive = sum(1 for o in odds if o > 0) / len(odds)
    if mean < _THREAD_MEAN or positive < _THREAD_POSITIVE:
        return Split(None, 0.8)
    confidence = 0.3 + 0.2 / (1 + math.exp(-(mean - _THREAD_MEAN)))
    # A short article before a long thread is too few lines for the change-point's
    # certainty, yet its lines read as an article alone does: the thread starts after
    # them, not after the title.
    weak = split(paragraphs, odds_of, _WEAK_T)
    if weak.start is not None:
        head = [o for o in odds_of[1 : weak.start] if o is not None]
        if len(head) >= _MIN_ARTICLE and sum(head) / len(head) <= _ARTICLE_MEAN:
            return Split(weak.start, confidence, weak.positive)
    return Split(1, confidence)


# A shift this clear (t statistic), with an article-like head, places a whole thread's
# start after a short article; articles alone average -1.4 to -3.0 in log-odds.
_WEAK_T = 1.5
_ARTICLE_MEAN = -1.2
