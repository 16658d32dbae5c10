"""News-database batch exports split into one document per article, with headline,
outlet, date, byline and length as metadata.

The layouts are those R's LexisNexisTools and tm.plugin.factiva read:

* **Nexis Uni / LexisNexis** (``.docx``, ``.rtf``, ``.pdf``): each article ends with a line
  "End of Document"; its head is the headline, the outlet, the date line, then
  ``Copyright``, ``Section:``, ``Length: 812 words``, ``Byline:`` lines up to ``Body``;
  ``Classification``/``Load-Date:`` close it. A cover page (``Job Number:``,
  ``Documents (N)``) before the first article is dropped.
* **LexisNexis Academic text** (``.txt``): articles open with "12 of 100 DOCUMENTS" and
  their head runs to the ``LENGTH:`` line; ``LANGUAGE:`` closes them.
* **Factiva** (``.rtf``, ``.html``): each article ends with a line ``Document
  XXXX0000…`` (its accession number); the head is the headline, an optional byline,
  "812 words", the date, the outlet, codes and the copyright line.

:func:`split_export` returns None for text that is not such an export, so an ordinary
document is never cut in pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reader.core.model import Document
from reader.core.parse import parse_text

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(
    rf"^(?:\w+,?\s+)?(?:(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+(?:{_MONTHS})\s+\d{{4}})"
    r"(?:,?\s+\w+day)?",
    re.I,
)
_LENGTH = re.compile(r"^(?:length|länge|longueur):\s*(.+)$", re.I)
_WORDS = re.compile(r"^([\d.,]+)\s+(?:words|wörter|mots)$", re.I)
_NEXIS_END = re.compile(r"^\s*end of document\s*$", re.I)
_NEXIS_TXT_START = re.compile(
    r"^\s*(?:\d+ of \d+ DOCUMENTS|Dokument \d+ von \d+|Document \d+ de \d+)\s*$"
)
_FACTIVA_END = re.compile(r"^\s*Document [A-Za-z0-9]{16,30}\s*$")
_COVER = re.compile(
    r"^(Date and Time:|Job Number:|Documents \(\d+\)|Client/Matter:|Search Terms:|"
    r"Search Type:|Narrowed by|Content Type|\d+\.\s)"
)
_KEYED = re.compile(r"^([A-Z][A-Za-z\- ]{1,24}):\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Article:
    headline: str
    body: str
    outlet: str | None = None
    date: str | None = None
    byline: str | None = None
    length: str | None = None
    section: str | None = None
    database: str = ""


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n")]


def _body(lines: list[str]) -> str:
    """Paragraphs separated by a blank line. Where the export separates paragraphs by
    blank lines, the lines between are one wrapped paragraph; else each line is one."""
    stripped = [x.strip() for x in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    while stripped and not stripped[0]:
        stripped.pop(0)
    if "" not in stripped:
        return "\n\n".join(stripped)
    paras, current = [], []
    for line in stripped:
        if line:
            current.append(line)
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n\n".join(paras)


def _chunks(lines: list[str], end: re.Pattern, *, starts: bool = False) -> list[list[str]]:
    chunks, current = [], []
    for line in lines:
        if starts and end.match(line):
            if any(x.strip() for x in current):
                chunks.append(current)
            current = []
            continue
        current.append(line)
        if not starts and end.match(line):
            chunks.append(current[:-1])
            current = []
    if any(x.strip() for x in current):
        chunks.append(current)
    return chunks


def _nexis_uni(chunk: list[str]) -> Article | None:
    lines = list(chunk)
    while lines and not lines[0].strip():
        lines.pop(0)
    try:
        body_at = next(i for i, x in enumerate(lines) if x.strip().lower() == "body")
    except StopIteration:
        body_at = next((i for i, x in enumerate(lines) if _LENGTH.match(x.strip())), -1)
        if body_at < 0:
            return None
    head = [x.strip() for x in lines[:body_at] if x.strip()]
    tail = lines[body_at + 1 :]
    for i, x in enumerate(tail):
        if x.strip().lower() in ("classification", "graphic") or x.strip().startswith("Load-Date:"):
            tail = tail[:i]
            break
    fields: dict[str, str] = {}
    plain: list[str] = []
    for x in head:
        m = _KEYED.match(x)
        if m and m.group(1).lower() in ("section", "length", "byline", "dateline", "highlight"):
            fields[m.group(1).lower()] = m.group(2).strip()
        elif x.lower().startswith("copyright"):
            continue
        else:
            plain.append(x)
    date_at = next((i for i, x in enumerate(plain) if _DATE.match(x)), None)
    headline = plain[0] if plain else ""
    outlet = plain[1] if len(plain) > 1 and date_at != 1 else None
    date = _DATE.match(plain[date_at]).group(0) if date_at is not None else None
    if not headline:
        return None
    return Article(
        headline, _body(tail), outlet, date, fields.get("byline"), fields.get("length"),
        fields.get("section"), "Nexis Uni",
    )  # fmt: skip


def _nexis_txt(chunk: list[str]) -> Article | None:
    length_at = next((i for i, x in enumerate(chunk) if _LENGTH.match(x.strip())), None)
    if length_at is None:
        return None
    head = [x.strip() for x in chunk[:length_at] if x.strip()]
    tail = chunk[length_at + 1 :]
    for i in range(len(tail) - 1, -1, -1):
        if re.match(r"^(LANGUAGE|SPRACHE|LANGUE): ", tail[i].strip()):
            tail = tail[:i]
            break
    tail = [x for x in tail if not re.match(r"^(LOAD-DATE|UPDATE|GRAFIK|GRAPHIC): ", x.strip())]
    outlet = head[0] if head and not _DATE.match(head[0]) else None
    date = next((_DATE.match(x).group(0) for x in head[:10] if _DATE.match(x)), None)
    byline = section = None
    rest = []
    for x in head[1 if outlet else 0 :]:
        if re.match(r"^(BYLINE|AUTOR|VON): ", x):
            byline = x.split(":", 1)[1].strip()
        elif re.match(r"^(SECTION|RUBRIK): ", x):
            section = x.split(":", 1)[1].strip()
        elif _DATE.match(x) or x.lower().startswith("copyright") or x.endswith("Edition"):
            continue
        else:
            rest.append(x)
    length = _LENGTH.match(chunk[length_at].strip()).group(1).strip()
    headline = " ".join(rest)
    if not headline:
        return None
    return Article(headline, _body(tail), outlet, date, byline, length, section, "LexisNexis")


def _factiva(chunk: list[str]) -> Article | None:
    lines = list(chunk)
    words_at = next((i for i, x in enumerate(lines[:12]) if _WORDS.match(x.strip())), None)
    if words_at is None:
        return None
    head = [x.strip() for x in lines[:words_at] if x.strip()]
    if not head:
        return None
    headline = head[0]
    byline = None
    if len(head) > 1:
        byline = re.sub(r"^By\s+", "", head[1], flags=re.I)
    after = [x.strip() for x in lines[words_at + 1 :]]
    meta = [x for x in after[:10] if x]
    date = next((_DATE.match(x).group(0) for x in meta[:3] if _DATE.match(x)), None)
    date_at = next((i for i, x in enumerate(meta) if _DATE.match(x)), 0)
    rest = meta[date_at + 1 :]
    if rest and re.fullmatch(r"\d{1,2}:\d{2}(\s*[AP]M)?(\s*\w+)?", rest[0]):
        rest = rest[1:]
    outlet = rest[0] if rest else None
    # The body starts after the copyright line (or after the language line).
    start = 0
    for i, x in enumerate(lines[words_at + 1 :], words_at + 1):
        if x.strip().lower().startswith(("copyright", "(c)", "©")):
            start = i + 1
            break
    if not start:
        start = words_at + 1 + len(after[:10])
    return Article(
        headline, _body(lines[start:]), outlet, date, byline,
        _WORDS.match(lines[words_at].strip()).group(0), None, "Factiva",
    )  # fmt: skip


def split_export(text: str) -> list[Article] | None:
    """The articles of a news-database export, or None when ``text`` is not one."""
    lines = _lines(text)
    ends = sum(1 for x in lines if _NEXIS_END.match(x))
    if ends:
        chunks = _chunks(lines, _NEXIS_END)
        # A cover page (the search and the list of results) comes before the first
        # article: the article's head starts after the cover's last line.
        if chunks:
            first = chunks[0]
            body = next((i for i, x in enumerate(first) if x.strip() == "Body"), len(first))
            cover = [i for i, x in enumerate(first[:body]) if _COVER.match(x.strip())]
            if cover:
                chunks[0] = first[cover[-1] + 1 :]
        found = [a for c in chunks if (a := _nexis_uni(c)) is not None]
        return found or None
    if sum(1 for x in lines if _NEXIS_TXT_START.match(x)) >= 1 and any(
        _LENGTH.match(x.strip()) for x in lines
    ):
        found = [a for c in _chunks(lines, _NEXIS_TXT_START, starts=True) if (a := _nexis_txt(c))]
        return found or None
    if sum(1 for x in lines if _FACTIVA_END.match(x)) >= 1:
        found = [a for c in _chunks(lines, _FACTIVA_END) if (a := _factiva(c)) is not None]
        return found or None
    return None


def article_document(article: Article) -> Document:
    """A document for one article: its headline and body parsed as any text, with the
    export's metadata kept."""
    text = f"{article.headline}\n\n{article.body}".strip() + "\n"
    doc = parse_text(text)
    metadata = [
        (name, value)
        for name, value in (
            ("Headline", article.headline), ("Outlet", article.outlet), ("Date", article.date),
            ("Byline", article.byline), ("Length", article.length),
            ("Section", article.section), ("Database", article.database),
        )
        if value
    ]  # fmt: skip
    return replace(
        doc,
        title=article.headline,
        byline=article.byline or doc.byline,
        site=article.outlet,
        date=article.date,
        metadata=tuple(metadata),
    )
