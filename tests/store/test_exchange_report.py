"""Notes are Markdown in the HTML report: emphasis, lists and links render; markup typed
in a note is shown as the text it is; nothing in a note runs or loads."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from reader.core.note_markdown import note_html
from tests.store.exchange_project import build


@pytest.fixture
def exchange(tmp_path):
    e = build(tmp_path)
    yield e
    e.project.close()


def test_the_html_report_renders_notes_as_markdown(exchange, tmp_path):
    out = tmp_path / "report.html"
    exchange.project.export("html", out)
    page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    notes = page.xpath('//div[@class="note"]')
    assert len(notes) == sum(1 for a in exchange.project.annotations() if a.note)
    first = next(n for n in notes if "Line one" in n.text_content())
    assert first.xpath(".//strong/text()") == ["bold"]
    assert first.xpath(".//br")  # the note's line end (CRLF) is a line break
    assert "<b>tags</b> & 🚀" in first.text_content()  # typed markup, shown as typed
    for note in notes:
        assert note.xpath(".//script | .//b | .//img | .//iframe") == []
        assert not [k for el in note.iter() for k in el.attrib if k.startswith("on")]
        assert all(not h.startswith("javascript:") for h in note.xpath(".//a/@href"))
    listed = next(n for n in notes if "a list" in n.text_content())
    assert listed.xpath(".//ul/li/text()") == ["a list"]
    assert page.xpath("//script") == []


def test_a_note_never_becomes_live_html():
    rendered = note_html(
        "<img src=x onerror=alert(1)> ![pic](https://tracker.example/p.png) "
        "[click](javascript:alert(1)) [ok](https://example.org) <a href='x'>a</a>"
    )
    tree = lxml_html.fragment_fromstring(rendered, create_parent="div")
    assert tree.xpath(".//img | .//script | .//@onerror") == []
    assert tree.xpath(".//a/@href") == ["https://example.org"]
    assert "<img src=x onerror=alert(1)>" in tree.text_content()
    assert "pic" in tree.text_content()  # an image shows as its alternative text


def test_opening_a_project_loads_neither_the_renderer_nor_the_page_reader():
    import subprocess
    import sys

    code = (
        "import sys; from reader.store.project import Project; "
        "print(sorted({'markdown_it', 'trafilatura', 'lxml'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
