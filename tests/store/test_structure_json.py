from __future__ import annotations

import dataclasses
import json

import pytest

from reader.core.model import Block, BlockKind, Comment, Decision, Document, Link, LinkEnd
from reader.core.parse import parse_text
from reader.core.textio import read_text_file
from reader.store.structure_json import StructureMismatch, document_from_json, document_to_json


def test_every_seed_round_trips_exactly(seeds):
    for path in seeds:
        doc = parse_text(read_text_file(path).text)
        assert document_from_json(document_to_json(doc), doc.text) == doc


def test_a_rich_document_round_trips_exactly():
    text = 'Title 😀\nBody e\u0301 text\n1. First!\n• reply "Body"'
    doc = Document(
        text=text,
        title="Title 😀",
        standfirst=None,
        byline="By Someone",
        blocks=(
            Block(BlockKind.TITLE, 0, 7, "Title 😀", "first line"),
            Block(BlockKind.BOILERPLATE, 8, 19, "Body e\u0301 text"),
        ),
        comments=(
            Comment("c-1", None, 0, "First!", 20, 30, author="Ann", date="2020-10-01"),
            Comment("c-2", "c-1", 1, 'reply "Body"', 31, 45),
        ),
        links=(Link(LinkEnd(39, 43, comment="c-2"), LinkEnd(8, 12, block=1), "Body"),),
        declared_comment_count=3,
        decisions=(Decision("comments start", 20, 0.75, "a numbered list"),),
    )
    stored = document_to_json(doc)
    assert "Body e\u0301 text\n1." not in stored  # the text itself is not stored twice
    back = document_from_json(stored, text)
    assert back == doc
    assert isinstance(back.blocks[0].kind, BlockKind)
    assert isinstance(back.decisions[0].confidence, float)


def test_a_structure_that_no_longer_fits_is_reported():
    doc = parse_text("A title\n\nA paragraph.\n\n3 Comments\n\n1. First!\n")
    stored = document_to_json(doc)
    assert document_from_json(stored, doc.text) == doc
    newer_model = json.loads(stored)
    newer_model["fields"]["Block"].append("mood")  # the model gained a field since
    short_row = json.loads(stored)
    short_row["document"] = short_row["document"][:-1]
    bad_kind = json.loads(stored)
    blocks = bad_kind["fields"]["Document"].index("blocks")
    bad_kind["document"][blocks][0][0] = "no such kind"
    older_layout = {"title": doc.title, "blocks": []}
    for data in (newer_model, short_row, bad_kind, older_layout, [1, 2]):
        with pytest.raises(StructureMismatch):
            document_from_json(json.dumps(data), doc.text)
    with pytest.raises(StructureMismatch):
        document_from_json("{not json", doc.text)


def test_a_structure_stored_before_comments_had_a_kind_still_reads(seeds):
    """A project written before the model gained a field at the end of a class (with a
    default) keeps its stored structures: a saved page is not stored and could not be
    read again from its file."""
    doc = parse_text(read_text_file(seeds[1]).text)
    assert doc.comments
    data = json.loads(document_to_json(doc))
    assert data["fields"]["Comment"][-1] == "kind"
    data["fields"]["Comment"].pop()
    comments = data["document"][data["fields"]["Document"].index("comments")]
    for row in comments:
        row.pop()
    back = document_from_json(json.dumps(data), doc.text)
    assert back == doc
    assert {c.kind for c in back.comments} == {"comment"}


def test_a_structure_missing_a_field_in_the_middle_is_a_mismatch(seeds):
    doc = parse_text(read_text_file(seeds[1]).text)
    data = json.loads(document_to_json(doc))
    data["fields"]["Comment"].remove("author")
    with pytest.raises(StructureMismatch):
        document_from_json(json.dumps(data), doc.text)


def test_the_compiled_encoding_writes_what_the_generic_one_does(seeds):
    """document_to_json encodes by type hint, compiled per class; the JSON is the same,
    character for character, as encoding value by value (``_encode``)."""
    from reader.core.html import parse_html
    from reader.core.source import read_document
    from reader.store import structure_json
    from tests.benchmarks.bench_import import make_page
    from tests.benchmarks.synthetic import make_scrape

    docs = [read_document(p) for p in seeds] + [parse_text(make_scrape(80, seed=4))]
    docs += [parse_html(make_page(i)) for i in range(4)]
    for doc in docs:
        row = structure_json._encode(dataclasses.replace(doc, text=""))
        row[0] = None
        fields = {k: list(v) for k, v in structure_json.model_fields().items()}
        generic = json.dumps({"fields": fields, "document": row}, ensure_ascii=False,
                             separators=(",", ":"))  # fmt: skip
        assert structure_json.document_to_json(doc) == generic
