"""Positions inside a comment's text map back to the document and forth."""

from reader.core.parse import parse_text

SCRAPE = """Headline of the story

A paragraph of the article, long enough to be one.

2 Comments

  1. First paragraph of the first comment.

    Second paragraph 🇦🇲 with a flag.

    • A reply to it.
"""


def test_comment_text_positions_map_to_the_document_and_back():
    doc = parse_text(SCRAPE)
    first = doc.comments[0]
    assert first.text == "First paragraph of the first comment.\n\nSecond paragraph 🇦🇲 with a flag."
    for i in range(len(first.text)):
        if first.text[i] == "\n":
            continue
        d = first.to_document(i)
        assert doc.text[d] == first.text[i]
        assert first.to_text(d) == i


def test_words_of_a_comment_are_found_at_their_document_offsets():
    doc = parse_text(SCRAPE)
    first = doc.comments[0]
    i = first.text.index("Second")
    d = first.to_document(i)
    assert doc.text[d : d + len("Second paragraph")] == "Second paragraph"
    assert doc.comment_at(d) == first
