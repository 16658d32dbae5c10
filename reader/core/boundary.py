"""Where the article ends and the reader comments begin.

Most pages say so ("8 Comments", a numbered list of posts, "Leave a Reply"); some say
nothing at all, and then the comments have to be told apart from the article by how
they are written. Every answer carries a confidence the user can later overrule.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import accumulate
from statistics import median

from reader.core import patterns, voice
from reader.core.lines import Line


@dataclass(frozen=True, slots=True)
class Boundary:
    """``start`` is the index of the first line of the comment section, or None."""

    start: int | None
    header: int | None
    declared: int | None
    confidence: float
    reason: str


_QUOTED = re.compile(r"[“\"«„][^”\"»“]*[”\"»]")
# Cue words, matched against a paragraph's words (split on white space, punctuation
# stripped): a set lookup per word is far cheaper than a pattern over the paragraph.
_FIRST_PERSON = frozenset(["i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "my", "me", "mine"])
_SECOND_PERSON = frozenset(["you", "your", "you're", "you’re"])
_REPORTING = frozenset(
    [
        "said",
        "says",
        "told",
        "stated",
        "announced",
        "reported",
        "added",
        "noted",
        "asserted",
        "ministry",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
    ]
)
_PUNCTUATION = ".,;:!?\"“”'‘’()[]«»—–-…*"
_END_WORDS = ("develop", "update", "contributed", "the end", "(end)", "###", "-30-")


def commentness(text: str) -> float:
    """How much a paragraph reads like a reader's comment rather than reporting."""
    quoted = "“" in text or '"' in text
    own = _QUOTED.sub(" ", text) if quoted else text
    own_words = {w.strip(_PUNCTUATION) for w in own.lower().split()}
    all_words = {w.strip(_PUNCTUATION) for w in text.lower().split()} if quoted else own_words
    score = 0.0
    if not own_words.isdisjoint(_FIRST_PERSON):
        score += 1.0
    if not own_words.isdisjoint(_SECOND_PERSON):
        score += 0.7
    if "?" in own or "!" in own:
        score += 0.3
    # Reporting shows in the attribution around quotations too, so all words count.
    if not all_words.isdisjoint(_REPORTING) or "according to" in text.lower():
        score -= 0.8
    if text[:1] in '“"':
        score -= 0.5
    return score


def _says_article_ended(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _END_WORDS) and bool(patterns.ARTICLE_END.search(text))


def _numbered_run(lines: list[Line], first: int) -> bool:
    """Whether a "1." at ``lines[first]`` is followed by "2." at the same indentation."""
    indent = lines[first].indent
    for line in lines[first + 1 :]:
        m = patterns.NUMBER_MARKER.match(line.text)
        if m and line.indent == indent:
            return m.group("n") == "2"
    return False


def find_boundary(lines: list[Line]) -> Boundary:
    for i, line in enumerate(lines):
        if i == 0 or len(line.text) > 120:
            continue
        m = patterns.COMMENT_HEADER.match(line.text)
        if m:
            return Boundary(i, i, patterns.count_from_header(m), 0.95, "comment header")

    form = next(
        (i for i, line in enumerate(lines) if i and patterns.comment_form(line.text)),
        None,
    )
    limit = form if form is not None else len(lines)
    for i in range(1, limit):
        m = patterns.NUMBER_MARKER.match(lines[i].text)
        if m and m.group("n") == "1" and _numbered_run(lines, i):
            # An article's own numbered list is followed by more article; a comment
            # list runs to the form or the end.
            tail = lines[i:limit]
            if all(_comment_shaped(line) for line in tail):
                return Boundary(i, None, None, 0.8, "numbered comments")

    end_markers = [i for i in range(limit) if _says_article_ended(lines[i].text)]
    for e in end_markers:
        tail = lines[e + 1 : limit]
        if tail and e >= 2 and _reads_like_comments(tail, 0.35):
            return Boundary(e + 1, None, None, 0.7, "comments after the article's last line")

    if form is not None and form > 0:
        # "Leave a Reply" with nothing comment-like before it: the section is empty.
        return Boundary(form, None, None, 0.8, "comment form")

    # Nothing marks the comments: the voice model looks for where reporting turns into
    # readers talking (whatever the language: its cues are pooled across languages and
    # most are not words at all), then the cue words, then whether the whole text after
    # its title is a thread.
    scores = [commentness(line.text) for line in lines]
    if len(lines) >= _MIN_ARTICLE_LINES:
        # The comments' side must show readers talking: a share of its lines the model
        # reads as comments, or (in English) lines clearly in a reader's own voice. A
        # report that merely turns less formal at its end (a closing quotation, a call
        # to readers) shows neither.
        tail = len(scores) // 3
        cues = sum(1 for s in scores[tail:] if s >= _STRONG_START) >= _VOICE_CUES
        # The model costs more than the cue words: asked only where some later lines
        # address someone, speak for themselves or ask (in any language it knows), which
        # most texts that get this far, articles with no comments, do not.
        if cues or _talk_lines(lines[tail:]) >= _VOICE_CUES or _sounds_like_talk(lines[tail:]):
            texts = [line.text for line in lines]
            odds = voice.weighed(texts)
            found = _voice_split(texts, odds, cues)
            if found.start is not None and not _loud_end(texts, odds, found.start):
                found = _after_long_paragraphs(texts, odds, found)
                # A comment's own list reads louder than its prose: the voice's change
                # can fall inside the thread where the paragraphs already turned short.
                shorter = _length_split(texts, odds)
                if shorter.start is not None and shorter.start < (found.start or 0):
                    return shorter
                return found
            whole = _voice_thread(texts, odds)
            if whole.start is not None:
                return whole
    found = _score_split(lines, scores)
    if found.start is not None and not _tail_talks(lines[found.start :]):
        # A review written as I and you ends in that voice too: the model reads its
        # last part as reporting, and readers talking read otherwise.
        return Boundary(None, None, None, 0.7, "no comment section found")
    if found.start is None and len(lines) >= _MIN_ARTICLE_LINES:
        # No voice or cue word marks a change: the paragraphs' length may.
        shorter = _length_split([line.text for line in lines])
        if shorter.start is not None:
            return shorter
    return found


# An article's last section in its author's own voice (a yearly letter's personal
# part) reads like the comments to the model; its paragraphs stay as long as the
# article's, and the thread's are far shorter (dev set: articles' median 60-110 words
# a paragraph, comments' 15-40).
_LONG_AS_ARTICLE = 0.7
_SHORT_COMMENTS = 0.5
_MIN_SECTION = 3


# Of an article's end the model misreads at most this share as comments (dev set 0.15).
_ARTICLE_END_POSITIVE = 0.15


def _after_long_paragraphs(texts: list[str], odds: list[float | None], found: Boundary) -> Boundary:
    """The voice's change point moved past paragraphs as long as the article's up to
    where the lines turn short: the thread starts where the length drops."""
    start = found.start
    assert start is not None
    n = len(texts)
    counts = [len(t.split()) for t in texts]
    head = median(counts[:start])
    best, best_ratio = None, _SHORT_COMMENTS
    for k in range(start + _MIN_SECTION, n - voice.MIN_COMMENTS + 1):
        middle = median(counts[start:k])
        if middle < _LONG_AS_ARTICLE * head:
            continue
        ratio = median(counts[k:]) / middle
        if ratio < best_ratio:
            best, best_ratio = k, ratio
    if best is None:
        return found
    # The stretch passed over must read as an article's end does (few lines the model
    # takes for comments), not as a thread's first, long comments.
    weighed = [o for o in odds[start:best] if o is not None]
    if weighed and sum(1 for o in weighed if o > 0) > _ARTICLE_END_POSITIVE * len(weighed):
        return found
    # The length drops after the last long paragraph: move to the first line after it.
    while best > start and counts[best - 1] < _LONG_AS_ARTICLE * head:
        best -= 1
    return Boundary(
        best, None, None, found.confidence, found.reason + " (after the long paragraphs)"
    )


# Readers write shorter paragraphs than the article they answer: where the voice alone
# cannot tell them apart (long, formal comments), the paragraphs' length drops at the
# thread's start. The drop must stand out (a t statistic over the log word counts),
# the article's paragraphs be this many times as long as the comments' (geometric
# means), the comments' side keep this many lines, and the model read it as more
# talkative than the article, with some of its lines as comments (an article's closing
# short lines, notes and credits, read as reporting: dev set at most 0.05 of them).
_LENGTH_T = 3.0
_LENGTH_RATIO = 1.9
_LOG_RATIO = math.log(_LENGTH_RATIO)
_LENGTH_TAIL = 5
# An article of fewer paragraphs says too little of its usual length.
_LENGTH_HEAD = 5
_LENGTH_POSITIVE = 0.1
_SENTENCE_END = frozenset('.!?…"”»)')


def _length_split(texts: list[str], odds: list[float | None] | None = None) -> Boundary:
    """The one place where paragraphs turn markedly shorter and more talkative."""
    none = Boundary(None, None, None, 0.7, "no comment section found")
    n = len(texts)
    if n < 2 * _LENGTH_TAIL or not voice.available():
        return none
    # The first line, a title as often as not, is no paragraph of the article.
    # Words counted by their spaces (the scanner's lines carry single spaces): cheap
    # enough for every text that gets this far.
    log = math.log
    logs = [log(t.count(" ") + 1) for t in texts[1:]]
    n -= 1
    prefix = list(accumulate(logs, initial=0.0))
    squares = list(accumulate((x * x for x in logs), initial=0.0))
    best, best_t = None, 0.0
    for k in range(_LENGTH_HEAD, n - _LENGTH_TAIL + 1):
        before, after = prefix[k] / k, (prefix[n] - prefix[k]) / (n - k)
        shift = before - after
        if shift < _LOG_RATIO:
            continue
        within = (squares[k] - k * before * before) + (
            (squares[n] - squares[k]) - (n - k) * after * after
        )
        spread = math.sqrt(max(within, 1e-9) / (n - 2))
        t = shift / (spread * math.sqrt(1 / k + 1 / (n - k)))
        if t > best_t:
            best, best_t = k, t
    if best is None or best_t < _LENGTH_T:
        return none
    best += 1
    # The article's own closing lines (a credit, "contributed to this report") are short
    # too: a thread starts after them, never before.
    if any(_says_article_ended(t) for t in texts[best:]):
        return none
    if odds is None:
        odds = voice.weighed(texts)
    head = [o for o in odds[:best] if o is not None]
    tail = [o for o in odds[best:] if o is not None]
    if not head or not tail:
        return none
    if sum(tail) / len(tail) <= sum(head) / len(head):
        return none
    # A headline without its full stop (a list of related stories) reads as talk to
    # the model: only whole sentences count as the comments' voice here.
    talking = sum(
        1
        for t, o in zip(texts[best:], odds[best:], strict=True)
        if o is not None and o > 0 and t[-1:] in _SENTENCE_END
    )
    if talking < _LENGTH_POSITIVE * len(tail):
        return none
    confidence = round(min(0.5, 1 / (1 + math.exp(-(best_t - _LENGTH_T)))), 2)
    return Boundary(best, None, None, confidence, "paragraphs turn short and talkative")


def _tail_talks(lines: list[Line]) -> bool:
    """Whether the model reads enough of a cue-word tail's long lines as comments (no
    model at hand: the cue words are trusted)."""
    if not voice.available():
        return True
    odds = [o for o in voice.weighed([line.text for line in lines]) if o is not None]
    if not odds:
        return True
    return sum(1 for o in odds if o > 0) >= _VOICE_POSITIVE * len(odds)


# A change this near the end (its share of the weighed lines) of a text that reads as
# readers talking before it is a thread's last comments talking louder.
_LOUD_END = 0.25


def _loud_end(texts: list[str], odds: list[float | None], start: int) -> bool:
    """Whether the change found is only the end of a thread that starts earlier: the
    lines before it read as comments themselves, and far outnumber those after it."""
    before = sum(1 for o in odds[:start] if o is not None)
    after = sum(1 for o in odds[start:] if o is not None)
    if after > _LOUD_END * (before + after):
        return False
    return voice.throughout(texts[:start], odds[:start]).start is not None


def _talk_lines(lines: list[Line]) -> int:
    """Lines that speak as I or to you in a language other than English (whose cue
    words :func:`commentness` weighs). Questions alone do not count: reports ask too."""
    personal = voice.PERSONAL
    return sum(1 for line in lines if not personal.isdisjoint(line.text.lower().split()))


# A few lines of the text's later part are read by the model when no cue word spoke:
# threads' lines average -0.3 to +2.2 in log-odds, articles' -1.4 to -3.5 (dev set).
_SAMPLE_LINES = 8
# A letter outside the Latin alphabets (curly quotes and dashes are not letters).
_OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_SAMPLE_MEAN = -1.0


def _sounds_like_talk(lines: list[Line]) -> bool:
    """Whether a handful of long lines, spread over ``lines``, read on average like
    readers talking (the model's whole search costs too much to run on every text)."""
    # English and the Latin-script languages have their cue and person words; only a
    # text mostly in another script (Cyrillic, Greek, ...) is sampled.
    other = _OTHER_SCRIPT.search
    if sum(1 for line in lines if other(line.text)) * 2 < len(lines):
        return False
    long = [line.text for line in lines if voice.long_enough(line.text)]
    if len(long) < _SAMPLE_LINES:
        return False
    step = len(long) / _SAMPLE_LINES
    sample = [long[int(i * step)] for i in range(_SAMPLE_LINES)]
    return sum(voice.log_odds(t) for t in sample) / _SAMPLE_LINES > _SAMPLE_MEAN


# A section heading: a few words, capitalised, no closing punctuation, above a paragraph.
_HEADING_WORDS = 5
_HEADING_END = frozenset(".!?…:,;)\"”»'’")
# Headings an article of sections shows at least, and their least share of its lines
# (dev set: a how-to 0.11-0.14; whole threads at most 0.08, their short unpunctuated
# replies such as "Great post" looking like headings now and then).
_MIN_HEADINGS = 3
_HEADING_SHARE = 0.1


def _headings(texts: list[str]) -> int:
    """Lines that read as an article's section headings (a how-to's "Installing X",
    "Conclusion"): short, capitalised, unpunctuated, each above a long paragraph."""
    count = 0
    for i in range(1, len(texts) - 1):
        text = texts[i]
        if (
            text[:1].isupper()
            and text[-1:] not in _HEADING_END
            and len(text.split()) <= _HEADING_WORDS
            and "http" not in text
            and voice.long_enough(texts[i + 1])
        ):
            count += 1
    return count


def _sectioned(texts: list[str]) -> bool:
    headings = _headings(texts)
    return headings >= _MIN_HEADINGS and headings >= _HEADING_SHARE * len(texts)


def _voice_thread(texts: list[str], odds: list[float | None]) -> Boundary:
    """No change point: whether the whole text after its title is a thread. A text in
    headed sections is an article, however much it talks to its reader (a how-to)."""
    whole = voice.throughout(texts, odds)
    if whole.start is not None and whole.start <= 1 and _sectioned(texts):
        return Boundary(None, None, None, 0.6, "no comment section found (headed sections)")
    if whole.start is None:
        return Boundary(None, None, None, round(whole.confidence, 2), "no comment section found")
    return Boundary(
        whole.start, None, None, round(whole.confidence, 2), "the whole text reads as comments"
    )


def _comment_shaped(line: Line) -> bool:
    text = line.text
    return bool(
        line.indent > 0
        or patterns.NUMBER_MARKER.match(text)
        or patterns.BULLET_MARKER.match(text)
        or patterns.CHROME.match(text)
        or patterns.comment_form(text)
        or patterns.FORM_FIELD.match(text)
        or patterns.author_header(text)
    )


def _reads_like_comments(lines: list[Line], share: float) -> bool:
    scores = [commentness(line.text) for line in lines]
    positive = sum(1 for s in scores if s > 0)
    return positive >= share * len(scores) and sum(scores) > 0


# With no marker at all, the tail must open with a line clearly in a reader's own voice
# and read, on average, clearly more like comments than the article before it does.
_STRONG_START = 0.7
_MIN_GAIN = 0.6


# Fewer lines than this say too little of a voice to ask the model.
_MIN_ARTICLE_LINES = 7
# Lines after the first third clearly in a reader's own voice (English cue words).
_VOICE_CUES = 3
# Or this share of the comments' side read as comments by the model (articles' ends
# misread as comments: at most 0.15 on the development set; threads: 0.26 to 0.62).
_VOICE_POSITIVE = 0.2


def _score_split(lines: list[Line], scores: list[float]) -> Boundary:
    """No marker at all: accept a tail of comment-like lines after reporting-like ones."""
    n = len(lines)
    if n < 7:
        return Boundary(None, None, None, 0.9, "no comment section found")
    # Running sums make every split point cost the same, however long the page.
    total = list(accumulate(scores, initial=0.0))
    positives = list(accumulate((s > 0 for s in scores), initial=0))
    best, best_gain = None, 0.0
    for k in range(max(4, n // 3), n - 2):
        if scores[k] < _STRONG_START:
            continue
        tail_len = n - k
        gain = (total[n] - total[k]) / tail_len - total[k] / k
        positive = (positives[n] - positives[k]) / tail_len
        if positive >= 0.7 and gain > _MIN_GAIN and gain > best_gain:
            best, best_gain = k, gain
    if best is None:
        return Boundary(None, None, None, 0.8, "no comment section found")
    return Boundary(best, None, None, min(0.6, 0.3 + best_gain / 5), "comment-like tail")


def _voice_split(texts: list[str], odds: list[float | None], cues: bool) -> Boundary:
    """Nothing marks the comments and the cue words found no clear tail: ask the voice
    model where the text turns from reporting to readers talking (a change-point over
    the paragraphs), and record how sure it is."""
    found = voice.split(texts, odds)
    if found.start is not None and not cues and found.positive < _VOICE_POSITIVE:
        found = voice.Split(None, 0.6)
    if found.start is None:
        return Boundary(None, None, None, round(found.confidence, 2), "no comment section found")
    # However sure the model is, a start read from the voice alone stays a guess to check.
    return Boundary(
        found.start, None, None, round(min(found.confidence, 0.55), 2), "readers' voice begins"
    )
