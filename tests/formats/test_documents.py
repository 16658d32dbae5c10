"""Documents (.docx, .odt, .rtf, .epub, .pdf) read through the same structure finding as
a scrape; news-database batch exports split into articles with their metadata. Every
file is written at test time by a library that writes the format (python-docx, odfpy,
ebooklib, fpdf2, pandoc), never typed by hand."""

import pytest

from reader.core.formats import Item, LeftOut, read_file
from reader.core.parse import parse_text
from reader.core.textio import UnreadableFile
from reader.store.project import Project

ARTICLE = [
    "Ferry service to end in May",
    "The harbour board voted on Tuesday to end the island ferry after 60 years.",
    "Residents said the decision was taken without asking them — café owners fear the worst.",
    "3 Comments",
    "1. Ann says: This is a disgrace for the whole island.",
    '2. Bob says: I agree, "a disgrace for the whole island" is right.',
]


def make_docx(path, paragraphs):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(path)


def make_odt(path, paragraphs):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for p in paragraphs:
        document.text.addElement(P(text=p))
    document.save(str(path))


def make_epub(path, paragraphs):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id1")
    book.set_title(paragraphs[0])
    book.set_language("en")
    chapter = epub.EpubHtml(title="One", file_name="one.xhtml", lang="en")
    chapter.content = "".join(f"<p>{p}</p>" for p in paragraphs)
    book.add_item(chapter)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    epub.write_epub(str(path), book)


def make_rtf(path, paragraphs):
    import pypandoc

    markdown = "\n\n".join(p.replace('"', '\\"') for p in paragraphs)
    pypandoc.convert_text(markdown, "rtf", format="markdown", outputfile=str(path),
                          extra_args=["--standalone"])  # fmt: skip


MAKERS = {"docx": make_docx, "odt": make_odt, "epub": make_epub, "rtf": make_rtf}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_a_document_reads_like_a_scrape_of_the_same_text(tmp_path, kind):
    path = tmp_path / f"ferry.{kind}"
    MAKERS[kind](path, ARTICLE)
    (item,) = read_file(path)
    doc = item.document
    assert doc.title == ARTICLE[0]
    assert "café owners" in doc.text
    scrape = parse_text("\n\n".join(ARTICLE) + "\n")
    assert len(doc.comments) == len(scrape.comments) == 2
    assert [c.text for c in doc.comments] == [c.text for c in scrape.comments]
    assert len(doc.links) == len(scrape.links)


def test_a_pdf_text_layer_is_read_and_a_pdf_without_one_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for p in ARTICLE[:3]:
        pdf.multi_cell(0, 6, p.replace("—", "-").replace("é", "e"))
        pdf.ln(6)
    pdf.output(str(tmp_path / "ferry.pdf"))
    (item,) = read_file(tmp_path / "ferry.pdf")
    assert "harbour board voted" in item.document.text
    blank = FPDF()
    blank.add_page()
    blank.rect(10, 10, 50, 50)
    blank.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(UnreadableFile, match="without a text layer"):
        read_file(tmp_path / "scan.pdf")


NEXIS = [
    "Date and Time: Tuesday, March 10, 2026 9:14:00 AM CET",
    "Job Number: 12345678",
    "Documents (2)",
    "1. Ferry service to end in May",
    "Client/Matter: -None-",
    "Search Terms: ferry",
    "Search Type: Natural Language",
    "Ferry service to end in May",
    "The Island Times",
    "March 3, 2026 Tuesday",
    "Copyright 2026 Island Media Ltd.",
    "Section: NEWS; Pg. 3",
    "Length: 412 words",
    "Byline: Jane Doe",
    "Body",
    "The harbour board voted on Tuesday to end the island ferry.",
    "Residents were not asked.",
    "Classification",
    "Language: ENGLISH",
    "Load-Date: March 4, 2026",
    "End of Document",
    "Council keeps the library open",
    "The Mainland Gazette",
    "March 5, 2026 Thursday",
    "Length: 230 words",
    "Body",
    "The council voted to keep the library open.",
    "End of Document",
]


def test_a_nexis_uni_export_is_split_into_articles_with_their_metadata(tmp_path):
    for kind in ("docx", "rtf"):
        path = tmp_path / f"nexis.{kind}"
        MAKERS[kind](path, NEXIS)
        items = [f for f in read_file(path) if isinstance(f, Item)]
        assert [i.document.title for i in items] == [
            "Ferry service to end in May", "Council keeps the library open",
        ]  # fmt: skip
        first = items[0].document
        meta = dict(first.metadata)
        assert meta["Outlet"] == "The Island Times" and first.site == "The Island Times"
        assert meta["Date"] == "March 3, 2026 Tuesday"
        assert meta["Byline"] == "Jane Doe" and meta["Length"] == "412 words"
        assert "Residents were not asked." in first.text
        assert "Load-Date" not in first.text and "Classification" not in first.text
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([tmp_path / "nexis.docx"])
        assert [o.status for o in outcomes] == ["imported", "imported"]
        assert project.summary(outcomes[1].document_id).site == "The Mainland Gazette"


FACTIVA = [
    "Island ferry to stop",
    "By Jane Doe",
    "412 words",
    "3 March 2026",
    "The Island Times",
    "ISLT",
    "English",
    "Copyright 2026 Island Media Ltd.",
    "The harbour board voted on Tuesday to end the island ferry.",
    "Document ISLT000020260303em3300001",
]


def test_a_factiva_export_is_split_and_a_damaged_document_named(tmp_path):
    path = tmp_path / "factiva.rtf"
    make_rtf(path, FACTIVA + [p.replace("Island ferry", "Library") for p in FACTIVA])
    items = [f for f in read_file(path) if isinstance(f, Item)]
    assert len(items) == 2
    meta = dict(items[0].document.metadata)
    assert meta["Headline"] == "Island ferry to stop"
    assert meta["Byline"] == "Jane Doe" and meta["Length"] == "412 words"
    assert meta["Date"] == "3 March 2026" and meta["Outlet"] == "The Island Times"
    assert items[0].document.text.strip().endswith("end the island ferry.")
    broken = tmp_path / "broken.docx"
    MAKERS["docx"](broken, ARTICLE)
    broken.write_bytes(broken.read_bytes()[:2000])
    with pytest.raises(UnreadableFile):
        read_file(broken)
    assert not [f for f in read_file(path) if isinstance(f, LeftOut)]


def test_a_factiva_html_export_is_split_into_articles(tmp_path):
    from lxml import html
    from lxml.html import builder as E

    def article(headline):
        lines = [headline, *FACTIVA[1:-1]]
        return E.DIV(E.CLASS("article"), *[E.P(x) for x in lines], E.P(FACTIVA[-1]))

    page = E.HTML(E.HEAD(E.TITLE("Factiva")), E.BODY(article("Island ferry to stop"),
                                                      article("Library saved")))  # fmt: skip
    path = tmp_path / "factiva.html"
    path.write_bytes(html.tostring(page, doctype="<!DOCTYPE html>"))
    items = [f for f in read_file(path) if isinstance(f, Item)]
    assert [i.document.title for i in items] == ["Island ferry to stop", "Library saved"]
    assert dict(items[1].document.metadata)["Outlet"] == "The Island Times"


def test_rtf_written_by_other_tools_reads_as_its_text():
    """RTF from a word processor, Google Docs and macOS TextEdit, published with striprtf's
    tests (see data/README.md)."""
    from pathlib import Path

    data = Path(__file__).resolve().parent / "data"
    expected = {
        "french.rtf": ["10‘000", "a 10'000  b.", "a 10‘000 b c!", "a a a 10´000 d?"],
        "test_line_breaks_google_docs.rtf": ["Asdf", "Asdf", "Asdf"],
        "line_break_textedit_mac.rtf": ["A", "B", "C"],
    }
    for name, blocks in expected.items():
        (item,) = read_file(data / name)
        assert [b.text for b in item.document.blocks] == blocks, name


def test_a_word_file_keeps_the_text_of_tables_nested_in_tables():
    """Written by Microsoft Word, published with python-docx's tests (data/README.md)."""
    from pathlib import Path

    (item,) = read_file(Path(__file__).resolve().parent / "data" / "blk-paras-and-tables.docx")
    assert item.document.text.split("\n")[:6] == [
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "Text before", "Table", "Between", "Text after",
        "Donec semper facilisis metus finibus malesuada.",
    ]  # fmt: skip


def test_pdfs_written_by_other_tools_are_read_or_refused_with_why():
    """A pdfTeX page and a password-protected PDF, from pypdf's tests (data/README.md)."""
    from pathlib import Path

    data = Path(__file__).resolve().parent / "data"
    (item,) = read_file(data / "crazyones.pdf")
    assert "The round pegs in the square holes." in item.document.text
    with pytest.raises(UnreadableFile, match="an encrypted PDF"):
        read_file(data / "r6-user-password.pdf")
