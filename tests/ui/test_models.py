"""Every model passes Qt's model tester, before and after it changes."""

from reader.core.parse import parse_text
from reader.core.textio import read_text_file
from reader.store.documents import DocumentSummary
from reader.ui.models.comment_tree import CommentTreeModel
from reader.ui.models.document_list import DetailRole, DocumentIdRole, DocumentListModel

from .docs import sample_document


def summaries(n: int) -> list[DocumentSummary]:
    return [
        DocumentSummary(
            i + 1,
            f"Title {i}",
            f"/tmp/{i}.txt",
            "example.org" if i % 2 else None,
            "2020-10-05" if i % 3 else None,
            i % 7,
            8 if i == 3 else None,
        )
        for i in range(n)
    ]


def test_document_list_model(qtmodeltester):
    model = DocumentListModel()
    qtmodeltester.check(model)
    model.set_documents(summaries(50))
    qtmodeltester.check(model)
    model.show_only([4, 10, 49, 999])
    qtmodeltester.check(model)
    assert [model.document_id(r) for r in range(model.rowCount())] == [4, 10, 49]
    assert model.row_of(10) == 1 and model.row_of(3) is None
    assert model.index(0, 0).data(DocumentIdRole) == 4
    assert model.index(0, 0).data(DetailRole) == "example.org · 3 of 8 comments found"
    model.show_only(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 50


def test_comment_tree_model(qtmodeltester, seeds):
    model = CommentTreeModel()
    qtmodeltester.check(model)
    model.set_document(sample_document())
    qtmodeltester.check(model)
    first = model.index(0, 0)
    assert model.rowCount() == 3 and model.rowCount(first) == 1
    assert model.replies(first) == 1 and model.depth(first) == 0
    assert model.comment(model.index(0, 0, first)).id == "c2"
    assert model.depth(model.index(0, 0, first)) == 1
    assert model.parent(model.index(0, 0, first)) == first
    model.set_document(parse_text(read_text_file(seeds[1]).text))
    qtmodeltester.check(model)
    model.set_document(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_comments_are_numbered_as_pages_number_them(seeds):
    model = CommentTreeModel()
    doc = sample_document()
    model.set_document(doc)
    assert [model.label(c.id) for c in doc.comments] == ["1", "1.1", "2", "3"]
    assert model.label("nope") == ""


def test_short_filters_look_at_titles_only():
    model = DocumentListModel()
    model.set_documents(summaries(30))
    assert model.titles_containing("E 2") == [3] + list(range(21, 31))
    assert model.titles_containing("xyz") == []
