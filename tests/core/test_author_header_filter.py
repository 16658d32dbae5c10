"""``patterns.author_header`` skips its patterns on lines that cannot match them; it must
answer exactly as the patterns do, whatever case, script or digits a line holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import patterns


def _reference(text: str):
    if len(text) > 120:
        return None
    return patterns.AUTHOR_SAYS.match(text) or patterns.AUTHOR_ON_DATE.match(text)


_PIECES = st.sampled_from(
    [
        "Anna",
        " ",
        "says",
        "SAYS",
        "ſays",
        "saıd",
        "saİd",
        "wrote",
        "Writes",
        ":",
        " on ",
        " - ",
        " · ",
        "March",
        "3",
        "2024",
        ",",
        " at ",
        "10:45",
        "pm",
        "p.m.",
        "AM",
        "said",
        "Says",
        "ago:",
        ".",
        "  ",
        "٣",
        "ago",
        "days",
        "2024-03-05",
        "x",
        "\u00e9",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_author_header_answers_as_its_patterns(text: str) -> None:
    found, expected = patterns.author_header(text), _reference(text)
    assert (found and found.groupdict()) == (expected and expected.groupdict())


def test_headers_in_every_case_are_still_found() -> None:
    assert patterns.author_header("Anna SAYS:").group("author") == "Anna"
    assert patterns.author_header("Anna ſays:").group("author") == "Anna"
    assert patterns.author_header("Anna on March 3, 2024 at 10:45 pm").group("date")
    assert patterns.author_header("Anna thinks so") is None


_LINE_STARTS = st.sampled_from(
    ["Leave a reply", "POST A COMMENT", "ſave my name", "Submit", "this site", "1.", "12) ",
     "٣. ", "• ", "◦", "-", "– ", "*", "x", "K", "İ", " ", "Κ", "\u212a", ""]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_STARTS, max_size=4).map("".join))
def test_line_start_filters_answer_as_their_patterns(text: str) -> None:
    """comment_form, number_marker and bullet_marker skip their patterns on lines whose
    first character rules them out, and otherwise answer as the patterns do."""
    assert patterns.comment_form(text) == (
        len(text) <= 200 and bool(patterns.COMMENT_FORM.match(text))
    )
    number, bullet = patterns.number_marker(text), patterns.bullet_marker(text)
    assert (number and number.span()) == ((m := patterns.NUMBER_MARKER.match(text)) and m.span())
    assert (bullet and bullet.span()) == ((m := patterns.BULLET_MARKER.match(text)) and m.span())


_ARTICLE_PIECES = st.sampled_from(
    ["Photo", "PHOTOS", "image", "İmage", "ımage", "picture", "credit", "Source", "by", "BY",
     " by ", "Written", "(", ")", "[", "]", "AP", "Reuters", "contributed", " to ", "this",
     "report", "story", ".", ":", "published", "Last updated", " on ", "support", "ſupport",
     "our", "journalism", "Donate", "donations", " are ", "welcome", "newsletter", "become a",
     "member", "get ", "in your inbox", "help us", "keep", "\u212aeep", "give to", "make a",
     "gift", " ", "x", "é", "’", "Anna Lee", "2024"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_ARTICLE_PIECES, max_size=10).map("".join))
def test_article_line_filters_answer_as_their_patterns(text: str) -> None:
    """caption, byline and appeal_start skip their patterns only on lines that hold none
    of what every alternative needs, whatever case or script folds a line holds."""
    for filtered, pattern in (
        (patterns.caption, patterns.CAPTION),
        (patterns.byline, patterns.BYLINE),
        (patterns.appeal_start, patterns.APPEAL_START),
    ):
        found, expected = filtered(text), pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), pattern.pattern
