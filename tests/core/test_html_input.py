"""Bad and odd input at the one entry point: encodings, binaries, size, random bytes; and
a page is parsed, never run or fetched from."""

import codecs
import contextlib
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import source, textio
from reader.core.model import Document
from reader.core.source import read_document
from reader.core.textio import UnreadableFile

FIXTURES = Path(__file__).parent / "html_fixtures"

PAGE = """<!DOCTYPE html><html><head>{meta}<title>Café on the corner</title></head>
<body><article><h1>Café on the corner</h1>
<p>The café’s owner, Zoë, says the crème brûlée sells out by noon — “every day”.</p>
<p>Second paragraph: naïve résumé façade, and a price of 4 €.</p></article>
<ol class="commentlist"><li class="comment"><div class="comment-body">
<div class="comment-author"><span class="fn">Renée</span></div>
<div class="comment-content"><p>Best crème brûlée in town.</p></div></div></li></ol>
</body></html>"""


def _write(tmp_path: Path, data: bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_cafe(doc: Document) -> None:
    assert doc.title == "Café on the corner"
    assert "The café’s owner, Zoë, says the crème brûlée sells out by noon — “every day”." in (
        doc.text
    )
    assert "4 €" in doc.text
    assert [(c.author, c.text) for c in doc.comments] == [("Renée", "Best crème brûlée in town.")]


# ---- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_unicode_pages_with_and_without_bom(tmp_path, encoding, bom):
    data = bom + PAGE.format(meta="").encode(encoding)
    _assert_cafe(read_document(_write(tmp_path, data)))


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        "<meta charset=iso-8859-1>",
        '<meta http-equiv="Content-Type" content="text/html; charset=Windows-1252">',
    ],
)
def test_legacy_single_byte_page_is_read_by_its_meta_declaration(tmp_path, meta):
    page = PAGE.format(meta=meta)
    _assert_cafe(read_document(_write(tmp_path, page.encode("cp1252"))))


def test_the_declaration_outranks_guessing_for_cyrillic(tmp_path):
    assert b"\r\n" in (FIXTURES / "legacy_windows1251.html").read_bytes()
    doc = read_document(FIXTURES / "legacy_windows1251.html")
    assert doc.title == "Мост через Волгу откроют осенью"
    assert [c.author for c in doc.comments] == ["Алексей", "Наталья", "Гость"]
    assert doc.comments[1].parent == doc.comments[0].id
    assert "\r" not in doc.text  # the page has CRLF line ends


def test_latin1_declared_page_with_windows_1252_quotes(tmp_path):
    doc = read_document(FIXTURES / "legacy_latin1.html")
    assert doc.title == "Le marché couvert rouvre ses portes"
    assert "« C’est un soulagement », confie Mme Lefèvre" in doc.text
    assert "la mairie — une promesse" in doc.text
    assert doc.comments == ()


def test_a_wrong_declaration_does_not_garble_utf8(tmp_path):
    page = PAGE.format(meta='<meta charset="iso-8859-1">')
    # Bytes that are not valid windows-1252 somewhere (0x81) make the declaration untenable.
    data = page.replace("4 €", "4 € \u0081").encode("utf-8")
    doc = read_document(_write(tmp_path, data))
    assert "crème brûlée" in doc.text


def test_a_utf16_declaration_in_an_ascii_page_is_ignored(tmp_path):
    page = PAGE.format(meta='<meta charset="utf-16">')
    _assert_cafe(read_document(_write(tmp_path, page.encode("utf-8"))))


def test_crlf_nul_and_control_characters_are_dropped(tmp_path):
    page = PAGE.format(meta='<meta charset="utf-8">').replace("\n", "\r\n")
    page = page.replace("Best crème", "Best\x0b crème").replace("Second", "Sec\x00ond")
    doc = read_document(_write(tmp_path, page.encode("utf-8")))
    assert "\r" not in doc.text and "\x00" not in doc.text and "\x0b" not in doc.text
    assert "Second paragraph" in doc.text or "Sec ond" not in doc.text


def test_xml_declaration_with_encoding_is_accepted(tmp_path):
    page = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + PAGE.format(meta="")
    _assert_cafe(read_document(_write(tmp_path, page.encode("cp1252"), "page.xhtml")))


def test_html_saved_with_a_text_name_is_still_read_as_a_page(tmp_path):
    doc = read_document(_write(tmp_path, PAGE.format(meta="").encode(), "saved.txt"))
    _assert_cafe(doc)


def test_plain_text_goes_to_the_text_parser(tmp_path):
    doc = read_document(_write(tmp_path, b"A headline\n\nFirst paragraph.\n", "scrape.txt"))
    assert doc.text == "A headline\n\nFirst paragraph.\n"
    assert doc.title == "A headline"


# ---- refusals ----------------------------------------------------------------------------


def _refusal(path: Path) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_document(path)
    reason = str(caught.value)
    assert reason and reason[0].islower() and len(reason) > 8
    return reason


def test_binary_file_with_an_html_name_is_refused(tmp_path):
    png = (FIXTURES / "saved_page_files" / "logo.png").read_bytes()
    assert "binary" in _refusal(_write(tmp_path, png * 20, "image.html"))


def test_binary_with_a_meta_charset_inside_is_refused(tmp_path):
    junk = b'<meta charset="windows-1252">' + bytes(range(1, 9)) * 200
    assert "binary" in _refusal(_write(tmp_path, junk, "odd.htm"))


def test_over_size_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "MAX_FILE_BYTES", 1000)
    path = _write(tmp_path, b"<html>" + b"x" * 2000 + b"</html>")
    assert "MB" in _refusal(path)


def test_folder_and_missing_file_are_refused(tmp_path):
    assert "folder" in _refusal(FIXTURES / "saved_page_files")
    assert "no such file" in _refusal(tmp_path / "gone.html")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t ",
        b"<html></html>",
        b"<html><body><nav>Home</nav></body></html>",
        b"<script>alert(1)</script>",
    ],
)
def test_pages_without_any_text_are_refused_with_a_reason(tmp_path, data):
    assert "page" in _refusal(_write(tmp_path, data))


# ---- never run, never fetched ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.html")))
def test_no_script_or_style_text_reaches_the_document(name):
    doc = read_document(FIXTURES / name)
    for leak in ("SCRIPT-LEAK", "STYLE-LEAK", "CSS-LEAK", "dataLayer", "gtag", "{"):
        assert leak not in doc.text, leak
    for c in doc.comments:
        assert "LEAK" not in (c.author or "") + (c.date or "")


def test_nothing_is_fetched_while_importing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Reader tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for path in sorted(FIXTURES.glob("*.html")):
        read_document(path)


def test_a_page_that_is_only_a_url_is_not_fetched(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Reader tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for text in (b"https://example.com/article", b"http://example.com"):
        path = _write(tmp_path, text)
        with contextlib.suppress(UnreadableFile):
            read_document(path)


# ---- random bytes --------------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.text(max_size=400).map(lambda t: ("<html><body><p>" + t).encode("utf-8", "replace")),
        st.lists(
            st.sampled_from(
                [
                    b"<li class='comment'>",
                    b"</li>",
                    b"<ol class='commentlist'>",
                    b"</ol>",
                    b"<p>",
                    b"words here ",
                    b"\x00",
                    b"\xff\xfe",
                    b"<meta charset=koi8-r>",
                    b"\r\n",
                    b"<div id='disqus_thread'>",
                    b"<li class='post'>",
                    b"<div class='post-message'>",
                    b"\xe9\xe8",
                    b"<ul class='children'>",
                ]
            ),
            max_size=60,
        ).map(b"".join),
    ),
    suffix=st.sampled_from([".html", ".htm", ".txt", ""]),
)
def test_random_bytes_give_a_document_or_a_reason(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except UnreadableFile as error:
        assert str(error)
    else:
        assert isinstance(doc, Document)
        for b in doc.blocks:
            assert doc.text[b.start : b.end] == b.text
        for c in doc.comments:
            assert doc.text[c.start : c.end] == c.text


# ---- the folder a browser saves beside a page -------------------------------------------


def test_files_in_a_saved_pages_folder_are_its_assets(tmp_path):
    assert source.is_saved_page_asset(FIXTURES / "saved_page_files" / "bundle.js")
    assert source.is_saved_page_asset(FIXTURES / "framed_disqus_files" / "disqus-embed.html")
    assert not source.is_saved_page_asset(FIXTURES / "saved_page.html")
    # A folder merely named like one, with no page beside it, is the user's own.
    lone = tmp_path / "notes_files" / "notes.txt"
    lone.parent.mkdir()
    lone.write_text("My notes.")
    assert not source.is_saved_page_asset(lone)
    german = tmp_path / "Seite-Dateien" / "frame.htm"
    german.parent.mkdir()
    german.write_text("<html></html>")
    (tmp_path / "Seite.htm").write_text("<html></html>")
    assert source.is_saved_page_asset(german)


def _deep_page(levels: int) -> bytes:
    replies = "".join(
        f'<li class="comment"><p>Reply number {i}.</p><ul class="children">' for i in range(levels)
    )
    closing = "</ul></li>" * levels
    return (
        "<html><head><title>Deep</title></head><body><article><p>The article, long enough"
        f' to be kept.</p></article><ol class="commentlist">{replies}{closing}</ol></body></html>'
    ).encode()


def test_a_deep_reply_chain_is_read_to_the_end(tmp_path):
    doc = read_document(_write(tmp_path, _deep_page(400)))
    assert len(doc.comments) == 400
    assert doc.comments[-1].depth == 399
    assert doc.comments[-1].text == "Reply number 399."


def test_markup_nested_past_the_parsers_limit_is_refused_not_cut_short(tmp_path):
    # Read partly, the page would lose its last comments without a word.
    assert "nested too deeply" in _refusal(_write(tmp_path, _deep_page(1200)))


@pytest.mark.parametrize(
    ("fixture", "declaration", "expected"),
    [
        ("legacy_windows1251.html", b"charset=windows-1251", "Мост через Волгу откроют осенью"),
        (
            "legacy_latin1.html",
            b'<meta charset="iso-8859-1">',
            "Le marché couvert rouvre ses portes",
        ),
    ],
)
def test_legacy_pages_without_a_declaration_are_guessed(tmp_path, fixture, declaration, expected):
    data = (FIXTURES / fixture).read_bytes()
    assert declaration in data
    doc = read_document(_write(tmp_path, data.replace(declaration, b"")))
    assert doc.title == expected


# ---- the command line -------------------------------------------------------------------


def test_reader_parse_reads_a_saved_page(capsys):
    import json

    from reader.app import main

    assert main(["parse", str(FIXTURES / "wordpress.html"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "The Town That Voted to Keep Its Library Open"
    assert [(c["author"], c["depth"]) for c in out["comments"]] == [
        ("Margaret Ellison", 0),
        ("Tom Reeve", 1),
        ("Margaret Ellison", 2),
        ("Priya Natarajan", 1),
        ("Dev Sharma", 0),
    ]
    assert out["comments"][1]["date"] == "2024-03-04T10:05:00+00:00"


def test_reader_parse_names_the_reason_for_a_refused_file(capsys):
    from reader.app import main

    assert main(["parse", str(FIXTURES / "saved_page_files" / "ferry.jpg")]) == 2
    assert "a JPEG image" in capsys.readouterr().err


def test_a_page_saved_under_a_text_name_keeps_its_declared_charset(tmp_path):
    data = (FIXTURES / "legacy_windows1251.html").read_bytes()
    doc = read_document(_write(tmp_path, data, "saved page.txt"))
    assert doc.title == "Мост через Волгу откроют осенью"
    assert len(doc.comments) == 3
