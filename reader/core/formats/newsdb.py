"""News-database batch exports split into one document per article, with headline,
outlet, date, byline, length, section and edition as metadata.

The layouts are those R's LexisNexisTools, tm.plugin.lexisnexis and tm.plugin.factiva
read (their sample exports are this module's test data):

* **Nexis Uni** (``.docx``, ``.rtf``, ``.pdf``): each article ends with a line "End of
  Document"; its head is the headline, the outlet, the date line, then ``Copyright``,
  ``Section:``, ``Length: 812 words``, ``Byline:`` lines up to ``Body``;
  ``Classification``/``Load-Date:`` close it. The cover page before the first article
  (the search and the list of results, in the user's language) is dropped: the head
  starts two lines above the first date line.
* **LexisNexis Academic** (``.txt``, ``.html``): articles open with "12 of 100
  DOCUMENTS"; outlet, date line (the edition on the lines right under it), headline,
  keyed lines (``BYLINE:``, ``SECTION:``, in French ``AUTEUR:``, ``RUBRIQUE:``) up to
  ``LENGTH:``; the index lines (``LOAD-DATE:``, ``LANGUAGE:``, ``SUBJECT:``...) close it.
* **Factiva** (``.rtf``, ``.html``, ``.txt``): each article ends with a line ``Document
  XXXX0000…`` (its accession number). Printed, its head is the headline, an optional
  byline, "812 words", the date, the outlet, codes, language and copyright lines; "with
  indexing", each field follows its code (HD headline, BY, WC, PD, SN, SE, ED, LP, TD...).

Lines in Word, RTF and web-page exports are paragraphs; in text and PDF exports lines
are wrapped and a blank line parts paragraphs (``wrapped``). Dates are kept as printed.

:func:`split_export` returns None for text that is not such an export, so an ordinary
document is never cut in pieces; the parts between article marks that are not articles
are returned as :class:`Skipped`, so that the user is told.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from reader.core.formats import Item, LeftOut
from reader.core.model import BlockKind, Document
from reader.core.parse import parse_text

# A date line in any language: "July 1, 2019 Monday", "5. Juli 2019", "29 décembre 2011",
# "Friday, 5. July 2019" (a month is a word, the year four digits; month first, a comma
# before the year), then the weekday.
_WORD = r"[^\W\d_]+"
_YEAR = r"(?:1[89]|20)\d\d"
_WEEKDAY = (
    r"(?:\w+day|\w+tag|mittwoch|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|"
    r"martes|miércoles|jueves|viernes|sábado|domingo|\w+dì|sabato|\w+dag)"
)
_DATE = re.compile(
    rf"^(?:{_WORD},?\s+)?(?:{_WORD}\.?\s+\d{{1,2}},\s+{_YEAR}|\d{{1,2}}\.?\s+{_WORD}\.?,?\s+{_YEAR})"
    rf"(?:,?\s+{_WEEKDAY}(?=,|\s|$))?",
    re.I,
)
_LENGTH = re.compile(r"^(?:length|länge|longueur):\s*(.+)$", re.I)
_WORDS = re.compile(r"^([\d.,]+)\s+(?:words|wörter|mots|palabras|parole|woorden)$", re.I)
_PAGE = re.compile(r"^(?:Page|Seite|Página) \d+ (?:of|von|de) \d+$")
_NEXIS_END = re.compile(r"^\s*end of document\s*$", re.I)
_NEXIS_TXT_START = re.compile(
    r"^\s*(?:\d+ of \d+ DOCUMENTS?|Dokument \d+ von \d+|Document \d+ de \d+)\s*$"
)
# Factiva's accession line closes each article ("Dokument" in German, "Documento" in
# Spanish and Italian exports).
_FACTIVA_END = re.compile(r"^\s*(?:Document|Dokument|Documento) [A-Za-z0-9]{16,30}\s*$")
_COVER = re.compile(
    r"^(Date and Time:|Job Number:|Documents \(\d+\)|Client/Matter:|Search Terms:|"
    r"Search Type:|Narrowed by|Content Type|\d+\.\s)"
)
# The keyed lines of a LexisNexis text or HTML export's head, in the languages it is
# exported in (tm.plugin.lexisnexis's list), and those that close an article.
_TXT_BYLINE = re.compile(r"^(?:BYLINE|AUTOR|AUTEUR|VON):\s*", re.I)
_TXT_SECTION = re.compile(r"^(?:SECTION|RUBRIK|RUBRIQUE):\s*", re.I)
_TXT_KEY = re.compile(r"^[A-ZÄÖÜÉÈ][A-ZÄÖÜÉÈ\-]{2,30}:(?:\s|$)")
# The index lines after the text (in English after LANGUAGE:, in French before it).
_TXT_END = re.compile(
    r"^(?:LANGUAGE|SPRACHE|LANGUE|LOAD-DATE|DATE-CHARGEMENT|SUBJECT|SUJET|ORGANI[SZ]ATION|"
    r"PERSON|PERSONNE|GEOGRAPHIC|GEO-LOCALIZATION|LOCALISATION-GEO|COMPANY|SOCIETE|"
    r"INDUSTRY|SECTEUR-ACTIVITE|TICKER|STOCK-SYMBOL|SYMBOLE-BOURSIER|PUBLICATION-TYPE|"
    r"TYPE-PUBLICATION|DOCUMENT-TYPE|JOURNAL-CODE|CORRECTION-DATE|DISTRIBUTION):(?:\s|$)"
)
_TXT_DROP = re.compile(r"^(?:LOAD-DATE|UPDATE|GRAFIK|GRAPHIC|DATE-CHARGEMENT):\s")
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
    edition: str | None = None


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n")]


def _body(lines: list[str], wrapped: bool = True) -> str:
    """Paragraphs separated by a blank line. Where each line is a paragraph (a Word, RTF
    or web page export: ``wrapped`` False) every line stays one; in a text or PDF export
    that separates paragraphs by blank lines, the lines between are one wrapped
    paragraph."""
    stripped = [x.strip() for x in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    while stripped and not stripped[0]:
        stripped.pop(0)
    if not wrapped or "" not in stripped:
        return "\n\n".join(x for x in stripped if x)
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


def _chunks(lines: list[str], mark: re.Pattern, *, starts: bool = False) -> list[list[str]]:
    """The lines between marks: each chunk ends at a mark (``starts`` False: "End of
    Document") or opens at one (the lines before the first are the cover, left out).
    A last chunk with no closing mark is kept after the complete ones."""
    chunks, current, seen = [], [], False
    for line in lines:
        if starts and mark.match(line):
            if seen and any(x.strip() for x in current):
                chunks.append(current)
            current, seen = [], True
            continue
        current.append(line)
        if not starts and mark.match(line):
            chunks.append(current[:-1])
            current = []
    if any(x.strip() for x in current) and (seen or not starts):
        chunks.append(current)
    return chunks


def _nexis_uni(chunk: list[str], wrapped: bool, first: bool) -> Article | None:
    """One article of a Nexis Uni export: headline, outlet, date line, then keyed lines
    (``Section:``, ``Length:``, ``Byline:``...) up to ``Body``."""
    lines = list(chunk)
    while lines and not lines[0].strip():
        lines.pop(0)
    try:
        body_at = next(i for i, x in enumerate(lines) if x.strip().lower() in ("body", "text"))
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
        key = m.group(1).lower() if m else ""
        if key in ("section", "length", "byline", "author", "dateline", "highlight", "länge"):
            key = {"author": "byline", "länge": "length"}.get(key, key)
            fields[key] = m.group(2).strip()
        elif x.lower().startswith("copyright"):
            continue
        else:
            plain.append(x)
    # The head is headline, outlet, date: what comes before the headline in the first
    # article is the cover page (the search and the list of results), in any language.
    # The date line is the last of them (a headline may read "10 reasons 2019 was...").
    date_at = next((i for i in range(len(plain) - 1, 0, -1) if _DATE.match(plain[i])), None)
    if first and date_at is not None and date_at >= 2:
        plain, date_at = plain[date_at - 2 :], 2
    if date_at is not None and date_at >= 2:
        headline, outlet = " ".join(plain[: date_at - 1]), plain[date_at - 1]
    else:
        headline = plain[0] if plain else ""
        outlet = plain[1] if len(plain) > 1 and date_at != 1 else None
    date = _DATE.match(plain[date_at]).group(0) if date_at is not None else None
    if not headline:
        return None
    return Article(
        headline, _body(tail, wrapped), outlet, date, fields.get("byline"),
        fields.get("length"), fields.get("section"), "Nexis Uni",
    )  # fmt: skip


def _keyed_value(chunk: list[str], at: int, key: re.Pattern) -> tuple[str, set[int]]:
    """A keyed line's value with the lines that continue it (up to a blank line or the
    next key), and the indexes of all those lines."""
    value, used = [key.sub("", chunk[at].strip())], {at}
    for j in range(at + 1, len(chunk)):
        x = chunk[j].strip()
        if not x or _TXT_KEY.match(x):
            break
        value.append(x)
        used.add(j)
    return " ".join(value).strip(), used


def _nexis_txt(chunk: list[str], wrapped: bool) -> Article | None:
    """One article of a LexisNexis Academic text (or HTML) export: outlet, date line,
    edition lines right under it, headline, keyed lines up to ``LENGTH:``."""
    length_at = next((i for i, x in enumerate(chunk) if _LENGTH.match(x.strip())), None)
    if length_at is None:
        return None
    head_at = [i for i in range(length_at) if chunk[i].strip()]
    tail = chunk[length_at + 1 :]
    end = next((i for i, x in enumerate(tail) if _TXT_END.match(x.strip())), len(tail))
    tail = [x for x in tail[:end] if not _TXT_DROP.match(x.strip())]
    outlet_at = head_at[0] if head_at and not _DATE.match(chunk[head_at[0]].strip()) else None
    date_at = next((i for i in head_at[:10] if _DATE.match(chunk[i].strip())), None)
    used = {outlet_at, date_at}
    byline = section = edition = None
    if date_at is not None:
        # The edition is printed on the lines right under the date ("Edition 1;" /
        # "Scotland"), up to a blank line.
        edition_lines = []
        for j in range(date_at + 1, min(date_at + 3, length_at)):
            if not chunk[j].strip() or _TXT_KEY.match(chunk[j].strip()):
                break
            edition_lines.append(chunk[j].strip())
            used.add(j)
        # ...or on the date line itself ("December 31, 2018 Monday City Final Edition").
        rest = chunk[date_at].strip()[_DATE.match(chunk[date_at].strip()).end() :]
        edition = " ".join([rest.strip(" ,;"), *edition_lines]).strip() or None
    for i in head_at:
        x = chunk[i].strip()
        if _TXT_BYLINE.match(x):
            byline, lines = _keyed_value(chunk, i, _TXT_BYLINE)
            used |= lines
        elif _TXT_SECTION.match(x):
            section, lines = _keyed_value(chunk, i, _TXT_SECTION)
            used |= lines
        elif _TXT_KEY.match(x) or x.lower().startswith("copyright"):
            used.add(i)
    # An article may have no headline (a table, a list of results): it is kept.
    headline = " ".join(chunk[i].strip() for i in head_at if i not in used)
    outlet = chunk[outlet_at].strip() if outlet_at is not None else None
    date = _DATE.match(chunk[date_at].strip()).group(0) if date_at is not None else None
    length = _LENGTH.match(chunk[length_at].strip()).group(1).strip()
    return Article(
        headline, _body(tail, wrapped), outlet, date, byline, length, section, "LexisNexis",
        edition,
    )  # fmt: skip


_LANGUAGES = frozenset(
    ("english", "french", "français", "german", "deutsch", "spanish", "español", "italian",
     "italiano", "dutch", "nederlands", "portuguese", "português", "swedish", "svenska",
     "danish", "dansk", "norwegian", "norsk", "finnish", "suomi", "polish", "polski",
     "russian", "chinese", "japanese")
)  # fmt: skip

# Factiva's "full article with indexing" layout: each field a code on its own line (HD
# headline, BY byline, WC words, PD date, SN source, SE section, ED edition, LP lead and
# TD text paragraphs, AN accession number...), its value on the lines after it.
_FACTIVA_CODES = frozenset(
    ("AN", "BY", "CLM", "CO", "CR", "CT", "CX", "CY", "ED", "ET", "GC", "HD", "IN", "IPC",
     "IPD", "LA", "LP", "NGC", "NS", "PD", "PG", "PUB", "RE", "RF", "SC", "SE", "SN", "TD",
     "VOL", "WC")
)  # fmt: skip


# A code line as a web page gives it ("HD" alone), saved as text from a browser ("*HD*
# Headline") or as RTF through striprtf ("HD|Headline|", a table row). A code followed
# by a plain space is text: "IN 2010 the..." opens a sentence.
_FACTIVA_CODE = re.compile(r"^(?:\*([A-Z]{2,3})\*\s*|([A-Z]{2,3})(?:\s*\|\s*|\t+|$))(.*)$")


def _factiva_code(line: str) -> tuple[str, str] | None:
    m = _FACTIVA_CODE.match(line.strip())
    if m is None or (m.group(1) or m.group(2)) not in _FACTIVA_CODES:
        return None
    return m.group(1) or m.group(2), m.group(3)


def _factiva_fields(lines: list[str], wrapped: bool) -> Article | None:
    fields: dict[str, list[str]] = {}
    code = None
    for raw in lines:
        x = raw.strip()
        found = _factiva_code(x)
        if found is not None:
            code, x = found
            fields.setdefault(code, [])
        if code is not None:
            fields[code].append(x.strip().strip("|").strip())  # striprtf parts cells by "|"
    if "HD" not in fields:
        return None

    def one(code: str) -> str | None:
        value = " ".join(x for x in fields.get(code, []) if x)
        return value or None

    date = one("PD")
    match = _DATE.match(date) if date else None
    body = _body(fields.get("LP", []) + [""] + fields.get("TD", []), wrapped)
    byline = one("BY")
    return Article(
        one("HD") or "", body, one("SN"), match.group(0) if match else date,
        re.sub(r"^By\s+", "", byline, flags=re.I) if byline else None, one("WC"),
        one("SE"), "Factiva", one("ED"),
    )  # fmt: skip


def _factiva(chunk: list[str], wrapped: bool) -> Article | None:
    """One article of a Factiva export: headline, optional byline, "812 words", the date,
    the outlet, codes and the copyright line, then the text."""
    lines = list(chunk)
    if any((c := _factiva_code(x)) is not None and c[0] == "HD" for x in lines):
        return _factiva_fields(lines, wrapped)
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
        # No copyright mark: the copyright line follows the language line ("English").
        language = next(
            (i for i, x in enumerate(lines[words_at + 1 : words_at + 12], words_at + 1)
             if x.strip().lower() in _LANGUAGES),
            None,
        )  # fmt: skip
        start = language + 2 if language is not None else words_at + 1 + len(after[:10])
    return Article(
        headline, _body(lines[start:], wrapped), outlet, date, byline,
        _WORDS.match(lines[words_at].strip()).group(0), None, "Factiva",
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Skipped:
    """A part of an export, between two article marks, that is not an article."""

    number: int
    first_line: str
    reason: str


def _articles(
    chunks: list[list[str]], parse, complete: int, reason: str
) -> list[Article | Skipped] | None:
    """``parse`` applied to each chunk; the first ``complete`` chunks (those closed by a
    mark) that are not articles are reported; None when no chunk is an article."""
    found: list[Article | Skipped] = []
    for n, chunk in enumerate(chunks):
        article = parse(n, chunk)
        if article is not None:
            found.append(article)
        elif n < complete:
            first = next((x.strip() for x in chunk if x.strip()), "")
            found.append(Skipped(n + 1, first[:80], reason))
    return found if any(isinstance(a, Article) for a in found) else None


def split_export(text: str, *, wrapped: bool = True) -> list[Article | Skipped] | None:
    """The articles of a news-database export (and the parts between its article marks
    that are not articles), or None when ``text`` is not one.

    ``wrapped``: the text's lines are wrapped within paragraphs, a blank line between
    paragraphs (a text or PDF export); False where each line is a paragraph (Word, RTF,
    OpenDocument, a web page)."""
    # A PDF export's page footers ("Page 3 of 12") are no article's text.
    lines = [x for x in _lines(text) if not _PAGE.match(x.strip())]
    ends = sum(1 for x in lines if _NEXIS_END.match(x))
    if ends:
        chunks = _chunks(lines, _NEXIS_END)
        # A cover page (the search and the list of results) comes before the first
        # article: the article's head starts after the cover's last line.
        if chunks:
            first = chunks[0]
            body = next((i for i, x in enumerate(first) if x.strip() == "Body"), len(first))
            cover = [
                i for i, x in enumerate(first[:body])
                if _COVER.match(x.strip()) and not _DATE.match(x.strip())  # "5. Juli 2019"
            ]  # fmt: skip
            if cover:
                chunks[0] = first[cover[-1] + 1 :]
        return _articles(
            chunks, lambda n, c: _nexis_uni(c, wrapped, n == 0), ends,
            'it has no "Body" or "Length:" line, so its head cannot be told from its text',
        )  # fmt: skip
    starts = sum(1 for x in lines if _NEXIS_TXT_START.match(x))
    if starts and any(_LENGTH.match(x.strip()) for x in lines):
        return _articles(
            _chunks(lines, _NEXIS_TXT_START, starts=True), lambda n, c: _nexis_txt(c, wrapped),
            starts, 'it has no "LENGTH:" line, so its head cannot be told from its text',
        )  # fmt: skip
    ends = sum(1 for x in lines if _FACTIVA_END.match(x))
    if ends:
        return _articles(
            _chunks(lines, _FACTIVA_END), lambda n, c: _factiva(c, wrapped), ends,
            'it has no "N words" line under its headline',
        )  # fmt: skip
    return None


def article_label(article: Article) -> str:
    """The headline, or for an article printed without one its outlet and date."""
    return article.headline or ", ".join(x for x in (article.outlet, article.date) if x)


def article_document(article: Article) -> Document:
    """A document for one article: its headline and body parsed as any text, with the
    export's metadata kept."""
    text = f"{article.headline}\n\n{article.body}".strip() + "\n"
    doc = parse_text(text)
    # The export says which line is the headline: the text's first block is the title
    # when there is one, and a paragraph when the article has none.
    kind = BlockKind.TITLE if article.headline else BlockKind.PARAGRAPH
    why = "the export's headline" if article.headline else "the article has no headline"
    blocks = list(doc.blocks)
    if blocks and blocks[0].start == 0 and blocks[0].kind is not kind:
        blocks[0] = replace(blocks[0], kind=kind, reason=why)
        doc = replace(doc, blocks=tuple(blocks))
    metadata = [
        (name, value)
        for name, value in (
            ("Headline", article.headline), ("Outlet", article.outlet), ("Date", article.date),
            ("Byline", article.byline), ("Length", article.length),
            ("Section", article.section), ("Edition", article.edition),
            ("Database", article.database),
        )
        if value
    ]  # fmt: skip
    return replace(
        doc,
        title=article_label(article) or None,
        byline=article.byline or doc.byline,
        site=article.outlet,
        date=article.date,
        metadata=tuple(metadata),
    )


def article_items(found: list[Article | Skipped]) -> Iterator[Item | LeftOut]:
    """The file's items: a document for each article, keyed by its place in the export,
    and each part that is not an article named with the reason."""
    n = 0  # keys count articles only, as they always have (a re-import matches them)
    for article in found:
        if isinstance(article, Skipped):
            label = f"part {article.number}" + (
                f" ({article.first_line})" if article.first_line else ""
            )
            yield LeftOut(label, f"not read as an article: {article.reason}")
        else:
            n += 1
            yield Item(
                f"{n:04d}", article_document(article), kept=True, label=article_label(article)
            )
