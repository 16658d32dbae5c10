"""Every search form the README documents works when typed into the search pane (Ctrl+
Shift+F, the query typed, the results waited for): words, a phrase, a prefix, AND, OR,
NOT and -word, brackets, in:article/in:comments/in:notes, tag:, author:, coder:, a filter
joined with AND (``word AND in:comments``), and a filter alone (``tag:Blame``) listing
its passages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .test_retrieval_ui import coded_project
from .test_search_ui import hit_indexes, open_search


def typed(window, qtbot, text: str):
    pane = window.search_pane
    pane.query_edit.selectAll()
    with qtbot.waitSignal(pane.search_requested, timeout=3000):
        qtbot.keyClicks(pane.query_edit, text)
    assert not pane.is_error_shown(), pane.status_text()
    return [window.search_model.hit(i) for i in hit_indexes(window.search_model)]


def quote(project, hit) -> str:
    return project.load(hit.document_id).text[hit.start : hit.end]


FORMS = {
    "sandbags": lambda hits, p: (
        len(hits) >= 3 and all("sandbag" in h.snippet.lower() for h in hits)
    ),
    '"the bridge at Arden"': lambda hits, p: [quote(p, h) for h in hits] == ["the bridge at Arden"],
    "volunt*": lambda hits, p: {quote(p, h).lower() for h in hits} == {"volunteers"},
    "council AND weather": lambda hits, p: len(hits) == 1,
    "medal OR engineers": lambda hits, p: {quote(p, h) for h in hits} == {"medal", "engineers"},
    "council NOT weather": lambda hits, p: [quote(p, h) for h in hits] == ["council"],
    "council -weather": lambda hits, p: [quote(p, h) for h in hits] == ["council"],
    "(medal OR engineers) in:comments": lambda hits, p: len(hits) == 2,
    "sandbags in:article": lambda hits, p: hits and {h.part for h in hits} == {"article"},
    "sandbags in:comments": lambda hits, p: hits and {h.part for h in hits} == {"comment"},
    "fault in:notes": lambda hits, p: [h.part for h in hits] == ["note"],
    "sandbags AND in:comments": lambda hits, p: hits and {h.part for h in hits} == {"comment"},
    "in:comments AND sandbags": lambda hits, p: hits and {h.part for h in hits} == {"comment"},
    "council tag:Blame": lambda hits, p: len(hits) == 2,
    "coder:Ana council": lambda hits, p: len(hits) == 2,
    "tag:Blame": lambda hits, p: (
        {quote(p, h) for h in hits}
        == {
            "nobody listens to the engineers",
            "The council blamed the weather service",
            "The council always blames someone else",
        }
    ),
    'tag:"Solidarity"': lambda hits, p: (
        {quote(p, h) for h in hits} == {"deserve a medal", "Thank you, volunteers"}
    ),
    "tag:Fear in:comments": lambda hits, p: (
        {quote(p, h) for h in hits}
        == {
            "nobody listens to the engineers",  # Fear
            "The council always blames someone else",  # Blame, below Fear
        }
    ),
    "coder:Ana": lambda hits, p: len(hits) == 6,
}


@pytest.mark.parametrize("query", list(FORMS))
def test_each_documented_search_form(make_window, open_project, tmp_path, qtbot, query):
    project = coded_project(tmp_path, open_project)
    project.set_coder("Ana")  # claims the passages made before: all Ana's
    window = make_window(project)
    open_search(window, qtbot)
    hits = typed(window, qtbot, query)
    assert FORMS[query](hits, project), [(h.part, quote(project, h)) for h in hits]
    # Enter shows the first hit's passage
    qtbot.keyClick(window.search_pane.query_edit, Qt.Key.Key_Return)
    assert window.current_document_id() == hits[0].document_id


BLOG = """<html><head><title>Old blog post</title></head><body>
<div class="post"><h2>Old blog post</h2><p>Some text of the old blog entry, long
enough to be an article, about the new bridge.</p></div>
<h3 id="comments">2 Responses to “Old blog post”</h3>
<ol class="commentlist">
<li class="alt" id="comment-12"><cite>Bob</cite> Says:<br>
<small class="commentmetadata"><a href="#comment-12">March 3rd, 2008 at 10:15 am</a></small>
<p>I agree with this bridge.</p></li>
<li id="comment-13"><cite>Ann</cite> Says:<br><small class="commentmetadata">
<a href="#comment-13">March 4th, 2008 at 9:00 am</a></small><p>I do not like the bridge.</p>
</li></ol></body></html>"""


def test_the_author_form(make_window, open_project, tmp_path, qtbot):
    page = tmp_path / "blog.html"
    page.write_text(BLOG, encoding="utf-8")
    project = open_project(tmp_path / "blog.reader")
    project.import_files([page])
    window = make_window(project)
    open_search(window, qtbot)
    hits = typed(window, qtbot, "bridge author:Ann")
    assert [(h.part, h.author) for h in hits] == [("comment", "Ann")]
    assert len(typed(window, qtbot, "bridge")) == 3
