"""Shapes at the edge of what sites produce: long threads and repetitive pages."""

import gc

from reader.core.parse import parse_text


def test_five_digit_comment_numbers_are_markers():
    comments = "\n\n".join(f"  {n}. Comment number {n} has its own words." for n in (9999, 10000))
    doc = parse_text(
        f"A headline\n\nThe article itself, in one line.\n\n10000 Comments\n\n{comments}\n"
    )
    assert [c.text for c in doc.comments] == [
        "Comment number 9999 has its own words.",
        "Comment number 10000 has its own words.",
    ]


def test_a_phrase_every_comment_repeats_is_not_a_quotation_of_each():
    body = "\n\n".join(
        f"  {n}. Reply {n}. Sent from my phone, please excuse any typos in this message."
        for n in range(1, 201)
    )
    doc = parse_text(f"A headline\n\nThe article.\n\n200 Comments\n\n{body}\n")
    assert len(doc.comments) == 200
    # A stock signature links the first few comments at most, never all 200 to each other.
    assert len(doc.links) <= 40


def test_a_parse_leaves_the_garbage_collector_as_it_found_it():
    """The parser holds the cyclic collector off while it works (its objects make no
    cycles); afterwards the collector is on again, or still off if the caller had
    turned it off."""
    text = "Title\n\nBody of the article.\n\n2 Comments\n\n1. First comment here.\n"
    assert gc.isenabled()
    parse_text(text)
    assert gc.isenabled()
    gc.disable()
    try:
        parse_text(text)
        assert not gc.isenabled()
    finally:
        gc.enable()
