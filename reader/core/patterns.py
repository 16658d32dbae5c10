"""The conventions scraped news pages follow, as patterns the parser recognises.

Each pattern matches one *line* of a scrape (already stripped of indentation). They are
kept here, apart from the parsing logic, so that supporting a new site's habit is a
one-line change with a fixture beside it.
"""

from __future__ import annotations

import re

_NUMBER_WORDS = {
    "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_COUNT = (
    r"(?P<count>\d[\d,.]*|no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)

# "8 Comments", "One Response", "12 thoughts on “Title”", "Comments (4)", "Discussion (3)".
COMMENT_HEADER = re.compile(
    rf"^(?:{_COUNT}\s+(?:comments?|responses?|replies|reactions|thoughts?)(?:\s+(?:on|to)\b.*)?"
    r"|(?:comments?|responses?|discussion|reader comments)\s*[(\[]\s*(?P<count2>\d[\d,]*)\s*[)\]]"
    r"|(?:comments?|reader comments|discussion|join the (?:discussion|conversation)"
    r"|what (?:do )?you think\??|responses))\s*:?\s*$",
    re.IGNORECASE,
)

# Lines that end the comment section and begin the site's comment form.
COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment|response)|post a comment|add (?:a|your) comment"
    r"|write a comment|comments are closed\.?|your email address will not be published"
    r"|required fields are marked|cancel reply|you must be logged in to post a comment"
    r"|log in to (?:reply|comment)|save my name, email|notify me of (?:follow-up|new)"
    r"|post comment|submit comment|this site uses akismet)",
    re.IGNORECASE,
)

# Short form-field lines that stand between form lines ("Name *", "Email", "*").
FORM_FIELD = re.compile(
    r"^(?:\*|(?:name|e-?mail|website|comment|message|url)\s*\*?|δ|Δ)\s*$", re.IGNORECASE
)

# Per-comment chrome: buttons, vote counts, "Reply" links.
CHROME = re.compile(
    r"^(?:like|likes?\s*\(?\d*\)?|\d+\s+likes?|reply|reply\s*[↓→]|report|share|flag"
    r"|upvote|downvote|permalink|edit|delete|quote|loading\.*|load more comments"
    r"|show more replies|view \d+ (?:more )?repl(?:y|ies)|hide replies|sort by.*"
    r"|log ?in|sign ?in|log ?out|join the (?:discussion|conversation)\s*(?:…|\.\.\.)?"
    r"|share\s*[›»→]|reply\s*[›»→]|newest|oldest|best|top|\d+|[▲▼↑↓+\-−]?\s*\d+\s*[▲▼↑↓]?(?:\s*[▲▼↑↓+\-−]?\s*\d*)?"
    r"|[▲▼]\s*\d*\s*[▲▼]?|[-+]?\d+\s+points?|\d+\s+(?:upvotes?|votes?)"
    r"|(?:back|go|scroll) to top)\s*$",
    re.IGNORECASE,
)

# Page strings a scrape ran together ("Back to TopLeave a Reply"): a lower-case letter
# straight before a capital, with no space between.
_GLUE = re.compile(r"(?<=[a-z.!?])(?=[A-Z])")
_GLUED_MAX = 80


def glued_chrome(text: str) -> bool:
    """Two or more page strings glued together, each of them chrome or a form's line."""
    if len(text) > _GLUED_MAX or _GLUE.search(text) is None:
        return False
    pieces = [p.strip() for p in _GLUE.split(text)]
    return len(pieces) >= 2 and all(
        CHROME.match(p) or COMMENT_FORM.match(p) or ARTICLE_CLUTTER.match(p) for p in pieces
    )


# Clutter inside the article: widgets, share bars, teasers.
ARTICLE_CLUTTER = re.compile(
    r"^(?:this (?:slideshow|video|content|embed) requires javascript\.?"
    r"|(?:story|article) continues (?:below|after) (?:the )?(?:advertisement|this ad)"
    r"|continue reading (?:below|the main story)|advertisement\s*[-–—:]?\s*scroll to continue"
    r"|advertisement|sponsored(?: content)?|share this:?|share on \w+|click to \w+.*"
    r"|tweet|print|email|related:?.*|read more:?.*|see also:?.*|more from .*"
    r"|recommended(?: for you)?:?|trending(?: now)?:?|tags?:.*|filed under:?.*"
    r"|posted in .*|categories:?.*|follow us.*|skip to (?:content|main content)"
    r"|image|photo|video|listen to this article.*|\d+ min(?:ute)? read"
    r"|(?:©|\(c\)|copyright)\s.*|all rights reserved\.?)\s*$",
    re.IGNORECASE,
)

# The first line of a donation, membership or newsletter box.
APPEAL_START = re.compile(
    r"(?:\bgive to\b|\bdonate\b|\bdonations? (?:are|is) (?:welcome|needed|appreciated)"
    r"|support (?:our|independent|quality) (?:journalism|reporting)"
    r"|support us\b|become a (?:member|subscriber|patron)|\bnewsletters?\b"
    r"|make a (?:gift|contribution)"
    r"|(?:our|the) newsletter\b|get (?:our|the) .{0,30}in your inbox|help us (?:keep|continue))",
    re.IGNORECASE,
)

# The button that closes an appeal box.
CALL_TO_ACTION = re.compile(
    r"^(?:sign up|subscribe|donate|give|support us|join|learn more|become a member"
    r"|enter your e-?mail(?: address)?|your e-?mail(?: address)?|submit)"
    r"(?: now| today| here)?\W*$",
    re.IGNORECASE,
)

# Photo captions and credits.
CAPTION = re.compile(
    r"(?:\((?:photos?|image|picture|credit|source)\b[^)]*\)\s*$"
    r"|^(?:photos?|image|picture|credit)\s*(?:by|:|credit:)\s*\S"
    r"|\b(?:photo|image)\s+(?:by|courtesy of|credit:)\s+\S[^.]{0,80}$"
    r"|\((?:AP|Reuters|AFP|Getty Images|EPA)(?: Photo)?[^)]*\)\s*$"
    r"|^\[(?:photo|image)[^\]]*\]$)",
    re.IGNORECASE,
)

# Bylines, credits and author bios.
BYLINE = re.compile(
    r"(?:^(?:by|written by|posted by|words by|author:|reporting by|text by)\s+\S"
    r"|\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?\s*\)?$"
    r"|^\(?(?:reporting|writing|editing|additional reporting) by\b"
    r"|^(?:published|updated|posted|last updated)\s*(?:on|:)?\s+\S.{0,60}$)",
    re.IGNORECASE,
)

# "<Name> is a reporter / the assistant editor of ..." at the end of an article.
AUTHOR_BIO = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+\s){1,3}?[A-Z][\w'’-]+)"
    r"\s+(?:is|was|has been|writes|covers|reports)\s"
    r".{0,80}?\b(?:editor|reporter|writer|journalist|correspondent|columnist|contributor"
    r"|author|freelance|analyst|producer|fellow|staff)\b",
)

# A line that is only a person's name ("Lillian Avedian").
NAME_ONLY = re.compile(
    r"^(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.|de|van|von|al|el)){1,3}$"
)

# Where an article says it has ended, before a comment section with no marker.
ARTICLE_END = re.compile(
    r"(?:this is a developing story|this story (?:is developing|will be updated|has been updated)"
    r"|further updates will (?:be provided|follow)|check back for updates"
    r"|contributed (?:to )?this report|the end\.?$|\(end\)$|###$|-30-$)",
    re.IGNORECASE,
)

# Comment header lines naming the author ("Greg says:", "Ani on October 5, 2020 at 3:14 pm").
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago)"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
AUTHOR_SAYS = re.compile(r"^(?P<author>[^\s].{0,60}?)\s+(?:says|said|wrote|writes)\s*:\s*$", re.I)
AUTHOR_ON_DATE = re.compile(
    rf"^(?P<author>[^\s].{{0,60}}?)\s+(?:on|·|\||-|—)\s+(?P<date>{DATE.pattern})\s*(?:said|says)?:?\s*$",
    re.IGNORECASE,
)
DATE_ONLY = re.compile(rf"^(?P<date>{DATE.pattern})\s*$", re.IGNORECASE)

NUMBER_MARKER = re.compile(r"^(?P<n>\d{1,6})[.)]\s+")
BULLETS = "•◦▪▫‣∙·●○■□➤►▸-–*"
BULLET_MARKER = re.compile(rf"^(?P<b>[{re.escape(BULLETS)}])(?P<space>\s*)(?=\S)")


def count_from_header(match: re.Match[str]) -> int | None:
    """The number a comment header declares, or None when it states none."""
    raw = match.group("count") or match.group("count2")
    if raw is None:
        return None
    raw = raw.lower().replace(",", "").replace(".", "")
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    return int(raw) if raw.isdigit() else None


# Header, form and date lines are short; testing only short lines keeps the expensive
# patterns off the long paragraphs that make up most of a page.
_HEADER_MAX = 120
_FORM_MAX = 200
_DATE_MAX = 60


_DIGIT = re.compile(r"\d")


def author_header(text: str) -> re.Match[str] | None:
    """A comment's header line naming its author (and maybe its date)."""
    if len(text) > _HEADER_MAX:
        return None
    if text.isascii() or not ("ı" in text or "İ" in text or "ſ" in text):
        # Most short lines are neither: AUTHOR_SAYS needs a colon and its verb (the only
        # letters IGNORECASE matches to the verbs' other than by lower() are ı, İ and ſ),
        # AUTHOR_ON_DATE a digit (every DATE has one); these checks cost a fraction of
        # the patterns' lazy scans.
        low = text.lower()
        if ":" in text and ("says" in low or "said" in low or "wrote" in low or "writes" in low):
            found = AUTHOR_SAYS.match(text)
            if found:
                return found
        # AUTHOR_ON_DATE also needs the line to end as a date does.
        if _may_end_in_date(text) and _DIGIT.search(text):
            return AUTHOR_ON_DATE.match(text)
        return None
    return AUTHOR_SAYS.match(text) or AUTHOR_ON_DATE.match(text)


def _may_end_in_date(text: str) -> bool:
    """Whether ``text`` (with none of ı, İ, ſ) ends as AUTHOR_ON_DATE needs: with a
    date's last character (a digit, the "o" of "ago", the "m" or "." of am and p.m.),
    maybe then "said" or "says" and a colon, and white space."""
    end = text.rstrip()
    if end.endswith(":"):
        end = end[:-1]
    if end[-4:].lower() in ("said", "says"):
        end = end[:-4]
    end = end.rstrip()
    return bool(end) and (end[-1].isdecimal() or end[-1] in "mM." or end[-3:].lower() == "ago")


# The ASCII letters COMMENT_FORM's phrases can begin with, in either case: a line that
# begins with another ASCII character is not a form line (others are matched).
_FORM_FIRST = frozenset("lpawcyrsntLPAWCYRSNT")


# Non-ASCII letters that IGNORECASE matches to ASCII ones (ı, İ and i; ſ and s; the
# Kelvin sign and k): where a line holds none, its lower() holds a pattern's letters
# exactly where the pattern could match them.
_FOLDS_TO_ASCII = ("ı", "İ", "ſ", "\u212a")


def _lower_if_plain(text: str) -> str | None:
    """``text.lower()``, or None where IGNORECASE could match more than it shows."""
    if not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII):
        return None
    return text.lower()


_CAPTION_CUES = ("photo", "image", "picture", "credit")


def caption(text: str) -> re.Match[str] | None:
    """CAPTION's search, skipped on lines with neither a parenthesis, an opening
    bracket nor one of its words (every one of its alternatives needs one)."""
    low = _lower_if_plain(text)
    if (
        low is not None
        and "(" not in text
        and "[" not in text[:1]
        and not any(cue in low for cue in _CAPTION_CUES)
    ):
        return None
    return CAPTION.search(text)


_BYLINE_STARTS = (
    "by", "written by", "posted by", "words by", "author:", "reporting by", "text by", "(",
    "reporting", "writing", "editing", "additional reporting", "published", "updated",
    "posted", "last updated",
)  # fmt: skip


def byline(text: str) -> re.Match[str] | None:
    """BYLINE's search, skipped on lines that neither begin as its anchored
    alternatives do nor hold "contributed"."""
    low = _lower_if_plain(text)
    if low is not None and not low.startswith(_BYLINE_STARTS) and "contributed" not in low:
        return None
    return BYLINE.search(text)


_APPEAL_CUES = (
    "give to", "donate", "donation", "support", "become a", "newsletter", "make a",
    "in your inbox", "help us",
)  # fmt: skip


def appeal_start(text: str) -> re.Match[str] | None:
    """APPEAL_START's search, skipped on lines holding none of its phrases' words."""
    low = _lower_if_plain(text)
    if low is not None and not any(cue in low for cue in _APPEAL_CUES):
        return None
    return APPEAL_START.search(text)


def comment_form(text: str) -> bool:
    first = text[:1]
    if first.isascii() and first not in _FORM_FIRST:
        return False
    return len(text) <= _FORM_MAX and bool(COMMENT_FORM.match(text))


def number_marker(text: str) -> re.Match[str] | None:
    """NUMBER_MARKER's match, looked for only where the line begins with a digit."""
    return NUMBER_MARKER.match(text) if text[:1].isdecimal() else None


_BULLET_FIRST = frozenset(BULLETS)


def bullet_marker(text: str) -> re.Match[str] | None:
    """BULLET_MARKER's match, looked for only where the line begins with a bullet."""
    return BULLET_MARKER.match(text) if text[:1] in _BULLET_FIRST else None


def date_only(text: str) -> re.Match[str] | None:
    return DATE_ONLY.match(text) if len(text) <= _DATE_MAX else None
