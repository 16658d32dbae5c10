"""Real news-database exports, as published with the R packages that read them
(LexisNexisTools, tm.plugin.lexisnexis, tm.plugin.factiva: see data/README.md), split
into the articles those packages find, with the metadata their tests and readers expect."""

import datetime
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reader.core.formats import LeftOut, read_file
from reader.core.formats.newsdb import Skipped, split_export
from reader.core.model import BlockKind
from reader.store.project import Project

DATA = Path(__file__).resolve().parent / "data"

# LexisNexisTools' tests/files/LNToutput.RDS: what lnt_read() gives for its sample.TXT
# (headline, newspaper, date, length, author, section, edition, and the article's length
# in characters once its whitespace is collapsed to single spaces).
LNT_TXT = [
    (
        "Lorem ipsum dolor sit amet",
        ("Guardian.com", "2010-01-11", "355 words", "Andrew Sparrow", None, None, 2370),
    ),
    (
        "Lorem ipsum dolor sit amet",
        ("Guardian", "2010-01-11", "927 words", "Simon Tisdall", None, None, 6201),
    ),
    (
        "Lorem ipsum dolor sit amet",
        (
            "The Sun (England)",
            "2010-01-11",
            "677 words",
            "TREVOR Kavanagh",
            "FEATURES; Pg. 6",
            "Edition 1; Scotland",
            4503,
        ),
    ),
    (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit",
        (
            "The Times (London)",
            "2010-01-11",
            "453 words",
            "Tom Coghlan",
            "NEWS; Pg. 3",
            "Edition 1; Ireland",
            2913,
        ),
    ),
    (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum "
        "sapien?; eget aliquet ex finibus ut.",
        (
            "The Times (London)",
            "2010-01-11",
            "918 words",
            "William Rees-Mogg",
            "EDITORIAL; Pg. 24",
            "Edition 1; National Edition",
            6137,
        ),
    ),
    (
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Etiam lacinia elementum "
        "sapien, eget aliquet",
        (
            "The Times (London)",
            "2010-01-11",
            "471 words",
            "Tom Coghlan",
            "NEWS; Pg. 8",
            "Edition 2; National Edition",
            3217,
        ),
    ),
    (
        "ranch noble ash voice declaration",
        ("Guardian", "2010-01-08", "607 words", "Allegra Stratton", None, None, 4559),
    ),
    (
        "PRISONER OF HIS OWN CABINET",
        (
            "MAIL ON SUNDAY (London)",
            "2010-01-10",
            "698 words",
            "BY STEPHEN POLLARD",
            None,
            None,
            4180,
        ),
    ),
    (
        "R (programming language) on Wikipedia",
        (
            "Sunday Mirror",
            "2010-01-10",
            "446 words",
            "Ross Ihaka and Robert Gentleman",
            "NEWS; Pg. 6",
            "3 Star Edition",
            2800,
        ),
    ),
    ("Wikipedia", ("DAILY MAIL (London)", "2010-01-09", "2,968 words", None, None, None, 19358)),
]


def _iso(date: str) -> str:
    """ "January 11, 2010 Monday" as 2010-01-11."""
    return datetime.datetime.strptime(" ".join(date.split()[:3]), "%B %d, %Y").date().isoformat()


def _articles(path):
    found = list(read_file(path))
    assert not [f for f in found if isinstance(f, LeftOut)]
    return [f.document for f in found]


def test_a_lexisnexis_text_export_gives_what_lexisnexistools_finds():
    docs = _articles(DATA / "lnt-sample.TXT")
    assert len(docs) == len(LNT_TXT)
    for doc, (headline, rest) in zip(docs, LNT_TXT, strict=True):
        outlet, date, length, byline, section, edition, chars = rest
        meta = dict(doc.metadata)
        assert (doc.title, doc.site, _iso(doc.date)) == (headline, outlet, date)
        assert (meta["Length"], doc.byline, meta.get("Section"), meta.get("Edition")) == (
            length, byline, section, edition,
        )  # fmt: skip
        body = doc.text[len(headline) :]
        assert len(" ".join(body.split())) == chars, headline
        assert doc.blocks[0].kind is BlockKind.TITLE and doc.blocks[0].text == headline
        assert "LOAD-DATE" not in doc.text and "LANGUAGE:" not in doc.text


def _nexis_uni_by_lexisnexistools_rules(path) -> list[dict]:
    """What lnt_read() takes from a Nexis Uni .docx (its lnt_parse_uni), done here from
    the file's paragraphs: articles end at "End of Document", the first after a cover
    page; headline and newspaper are the first two lines; Length:, Byline:, Section:
    lines; the paragraphs from "Body" up to "Classification" (Reader also leaves out the
    closing "Load-Date:" line)."""
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines = ["".join(p.xpath(".//w:t/text()", namespaces=ns)) for p in root.iterfind(".//w:p", ns)]
    articles, current = [], []
    for line in lines:
        if line == "End of Document":
            articles.append([x for x in current if x])
            current = []
        else:
            current.append(line)
    # The cover page: its last line is the one before the first article's headline,
    # which is two lines above the first date line.
    first = articles[0]
    date_at = next(i for i, x in enumerate(first) if x.startswith("July "))
    articles[0] = first[date_at - 2 :]
    out = []
    for a in articles:
        body_at = a.index("Body")
        head, body = [x.strip() for x in a[:body_at]], a[body_at + 1 :]  # trimws()
        if "Classification" in body:
            body = body[: body.index("Classification")]
        keyed = {x.split(":\u00a0")[0]: x.split(":\u00a0", 1)[1] for x in head if ":\u00a0" in x}
        out.append({
            "headline": head[0], "outlet": head[1], "length": keyed["Length"],
            "byline": keyed.get("Byline"), "section": keyed.get("Section"),
            "paragraphs": [" ".join(x.split()) for x in body if not x.startswith("Load-Date")],
        })  # fmt: skip
    return out


def test_a_nexis_uni_word_export_gives_what_lexisnexistools_finds():
    path = DATA / "lnt-sample.DOCX"
    docs = _articles(path)
    expected = _nexis_uni_by_lexisnexistools_rules(path)
    assert len(docs) == len(expected) == 10  # LexisNexisTools' test: 10 articles
    for doc, want in zip(docs, expected, strict=True):
        meta = dict(doc.metadata)
        assert doc.title == want["headline"] and doc.site == want["outlet"]
        assert meta["Length"] == want["length"] and doc.byline == want["byline"]
        assert meta.get("Section") == want["section"]
        assert _iso(doc.date).startswith("2019-07-0")
        paragraphs = [b.text for b in doc.blocks if b.kind is not BlockKind.TITLE]
        assert paragraphs == want["paragraphs"], want["headline"]
    # The cover page (the search, in German: "Quellen: ...") is not the first headline.
    assert docs[0].title == "Lorem ipsum dolor sit amet"
    assert docs[0].date == "July 1, 2019 Monday"


def test_factiva_html_with_indexing_gives_what_tm_plugin_factiva_reads():
    docs = _articles(DATA / "factiva_test.html")
    assert [d.title for d in docs] == ["Test 1", "Test 2"]
    first, second = (dict(d.metadata) for d in docs)
    assert (docs[0].site, docs[0].date, first["Length"]) == (
        "Test newspaper", "29 décembre 2011", "295 mots",
    )  # fmt: skip
    assert (docs[1].site, second["Section"], second["Edition"], second["Length"]) == (
        "Ouest France", "Infolocale", "something", "65 mots",
    )  # fmt: skip
    # tm.plugin.factiva's text: the lead (LP) and body (TD) paragraphs.
    assert [b.text for b in docs[0].blocks[1:]] == [
        "First head paragraph, with a few non-ASCII characters: à la française.",
        "Second head paragraph.", "Third paragraph.", "Fourth and last paragraph.",
    ]  # fmt: skip


def test_lexisnexis_html_exports_give_what_tm_plugin_lexisnexis_reads():
    en = _articles(DATA / "lexisnexis_test_en.html")
    assert [d.title for d in en] == ["Heading One", "First part; Second part"]
    assert [d.site for d in en] == ["Some Newspaper"] * 2
    assert en[0].byline == "By PAPER AUTHOR"
    assert [dict(d.metadata)["Length"] for d in en] == ["584 words", "121 words"]
    assert dict(en[0].metadata)["Section"] == "Section 5; Part 2; Page 16; Column 2; National Desk"
    assert "Some correction." not in en[1].text and "GRAPHIC" not in en[0].text

    fr = _articles(DATA / "lexisnexis_test_fr.html")
    assert [d.title for d in fr] == [
        "Title of first article", "Another title, with accents: éà", '" A quoted title "',
    ]  # fmt: skip
    assert [d.date for d in fr] == [
        "12 April 2013 Tuesday", "14 October 2013 Thursday", "10 March 2013 Monday",
    ]  # fmt: skip
    assert [dict(d.metadata)["Length"] for d in fr] == ["143 mots", "70 mots", "359 mots"]
    assert fr[1].byline == "Author 2"
    assert dict(fr[0].metadata)["Section"] == "INTERNATIONAL; Pg. 35"
    assert [b.text for b in fr[0].blocks[1:]] == [
        "First paragraph. Some accentuated characters: éùàê.",
        "Second paragraph. Including spurious line breaks to remove.",
    ]  # fmt: skip
    assert not any("SUJET" in d.text or "LOCALISATION" in d.text for d in fr)

    # tm.plugin.lexisnexis's test: one article, and it has no copyright notice; this
    # one has no headline either (a table), so it is named by its outlet and date.
    (odd,) = _articles(DATA / "lexisnexis_test_copyright_error.html")
    assert odd.title == "The Daily Planet, December 31, 2018 Monday"
    assert dict(odd.metadata)["Edition"] == "City Final Edition"
    assert "Headline" not in dict(odd.metadata)
    assert odd.blocks[0].kind is BlockKind.PARAGRAPH and odd.blocks[0].text == "Rank"


def test_real_exports_import_into_a_project_one_document_per_article(tmp_path):
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files(
            [DATA / "lnt-sample.DOCX", DATA / "lnt-sample.TXT", DATA / "factiva_test.html"]
        )
        assert [o.status for o in outcomes] == ["imported"] * 22
        summary = project.summary(outcomes[10].document_id)
        assert summary.site == "Guardian.com"


def test_a_part_of_an_export_that_is_not_an_article_is_named_with_why():
    text = "\n".join([
        "1 of 2 DOCUMENTS", "The Island Times", "March 3, 2026 Tuesday", "",
        "Ferry to stop", "LENGTH: 12 words", "The ferry stops.", "LANGUAGE: ENGLISH",
        "2 of 2 DOCUMENTS", "We are sorry but there is an error in this document.",
    ])  # fmt: skip
    found = split_export(text)
    assert [type(x).__name__ for x in found] == ["Article", "Skipped"]
    skipped = found[1]
    assert isinstance(skipped, Skipped) and skipped.number == 2
    assert "LENGTH:" in skipped.reason and skipped.first_line.startswith("We are sorry")


@pytest.mark.parametrize(
    "line, date",
    [
        ("July 1, 2019 Monday 9:20 AM GMT", "July 1, 2019 Monday"),
        ("5. Juli 2019 Freitag", "5. Juli 2019 Freitag"),
        ("29 décembre 2011", "29 décembre 2011"),
        ("December 31, 2018 Monday City Final Edition", "December 31, 2018 Monday"),
    ],
)
def test_dates_are_read_in_the_languages_exports_come_in(line, date):
    text = "\n".join(["Ferry to stop", "The Island Times", line, "Length: 12 words", "Body",
                      "The ferry stops.", "End of Document"])  # fmt: skip
    (article,) = split_export(text)
    assert (article.headline, article.outlet, article.date) == (
        "Ferry to stop",
        "The Island Times",
        date,
    )


def test_a_factiva_rtf_without_a_copyright_mark_starts_its_text_after_the_language():
    text = "\n".join([
        "Island ferry to stop", "412 words", "3 March 2026", "The Island Times", "ISLT",
        "English", "The Island Media Company Ltd.", "The harbour board voted.",
        "Document ISLT000020260303em3300001",
    ])  # fmt: skip
    (article,) = split_export(text, wrapped=False)
    assert article.body == "The harbour board voted."


def test_the_nexis_uni_export_as_rtf_gives_the_same_articles(tmp_path):
    """The real Word export turned into RTF by pandoc (Nexis Uni offers both): the same
    articles, metadata and paragraphs as from the Word file."""
    import pypandoc

    rtf = tmp_path / "nexis.rtf"
    pypandoc.convert_file(
        str(DATA / "lnt-sample.DOCX"), "rtf", format="docx", outputfile=str(rtf),
        extra_args=["--standalone"],
    )  # fmt: skip
    from_word, from_rtf = _articles(DATA / "lnt-sample.DOCX"), _articles(rtf)
    assert len(from_rtf) == 10
    for a, b in zip(from_word, from_rtf, strict=True):
        assert (a.title, a.site, a.date, a.byline, a.metadata) == (
            b.title, b.site, b.date, b.byline, b.metadata,
        )  # fmt: skip
        assert [x.text for x in a.blocks] == [x.text for x in b.blocks]


def test_factiva_with_indexing_as_rtf_or_browser_text_gives_the_same_articles(tmp_path):
    """Factiva's "Article Format" with indexing saved as RTF (here the real HTML export
    turned into RTF by pandoc: striprtf gives each table cell on a line of its own,
    after a "|") and as text by a browser ("*HD* Test 1")."""
    import pypandoc

    from reader.core.formats.office import html_blocks

    rtf = tmp_path / "factiva.rtf"
    pypandoc.convert_file(
        str(DATA / "factiva_test.html"), "rtf", format="html", outputfile=str(rtf),
        extra_args=["--standalone"],
    )  # fmt: skip
    from_html = _articles(DATA / "factiva_test.html")
    for docs in (_articles(rtf), _browser_text(tmp_path, html_blocks)):
        assert [d.title for d in docs] == ["Test 1", "Test 2"]
        for a, b in zip(from_html, docs, strict=True):
            assert (a.site, a.date, a.metadata) == (b.site, b.date, b.metadata)
            assert [x.text for x in a.blocks] == [x.text for x in b.blocks]


def _browser_text(tmp_path, html_blocks):
    """The export as a browser saves a page as text: a field's code in asterisks, its
    value after it (on the next line where the page breaks the line first, as it does
    before the accession number), a blank line between fields."""
    from reader.core.formats.newsdb import _FACTIVA_CODES

    blocks = html_blocks((DATA / "factiva_test.html").read_bytes())
    out, code = [], None
    for block in blocks:
        if block in _FACTIVA_CODES:
            code = block
        elif code:
            out.append(f"*{code}*\n{block}" if code == "AN" else f"*{code}* {block}")
            code = None
        else:
            out.append(block)
    path = tmp_path / "factiva.txt"
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return _articles(path)


def test_a_headline_that_reads_like_a_date_stays_the_headline():
    lines = ["10 reasons 2019 was odd", "The Island Times", "July 1, 2019 Monday",
             "Length: 12 words", "Body", "The year was odd.", "End of Document"]  # fmt: skip
    (article,) = split_export("\n".join(["Cover line", *lines, *lines]))[:1]
    assert (article.headline, article.outlet, article.date) == (
        "10 reasons 2019 was odd", "The Island Times", "July 1, 2019 Monday",
    )  # fmt: skip
    second = split_export("\n".join(lines + lines))[1]
    assert (second.headline, second.date) == ("10 reasons 2019 was odd", "July 1, 2019 Monday")


def test_a_nexis_uni_pdf_page_footer_is_not_article_text(tmp_path):
    """The real Word export's text printed to PDF by fpdf2, one page footer on each
    page as Nexis Uni's PDFs have: the same ten articles, no footer in their text."""
    from fpdf import FPDF

    from reader.core.formats.office import docx_text

    class Footed(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Footed()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in docx_text((DATA / "lnt-sample.DOCX").read_bytes()).split("\n"):
        pdf.multi_cell(0, 5, line.encode("latin-1", "replace").decode("latin-1") or " ")
        pdf.set_x(pdf.l_margin)
    pdf.output(str(tmp_path / "nexis.pdf"))
    docs = _articles(tmp_path / "nexis.pdf")
    word = _articles(DATA / "lnt-sample.DOCX")
    assert [(d.title, d.site, d.date, d.byline) for d in docs] == [
        (d.title, d.site, d.date, d.byline) for d in word
    ]
    assert not any(re.search(r"Page \d+ of \d+", d.text) for d in docs)
