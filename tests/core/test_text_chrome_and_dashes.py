"""Text scrapes: an en dash that carries on a comment is not a reply, and page strings
a scrape ran together are chrome, not a comment."""

from reader.core.model import BlockKind
from reader.core.parse import parse_text

ARTICLE = (
    "Council approves new tram line\n\n"
    "The city council voted on Tuesday to approve the tram line, officials said.\n\n"
    "Construction is expected to start next spring, the transport ministry announced.\n\n"
)


def test_an_en_dash_line_under_a_comment_carries_it_on():
    doc = parse_text(
        ARTICLE + "3 Comments\n\n"
        "1. I have waited ten years for this line.\n"
        "– Too many compromises on the route, though.\n\n"
        "   • Agreed, the eastern loop was the best part.\n\n"
        "2. Will the buses stay?\n"
    )
    first = doc.comments[0].text
    assert first.startswith("I have waited ten years for this line.")
    assert first.endswith("– Too many compromises on the route, though.")
    assert len(doc.comments) == 3
    assert doc.comments[1].parent == doc.comments[0].id


def test_an_indented_dash_after_a_blank_line_is_still_a_reply():
    doc = parse_text(
        ARTICLE + "2 Comments\n\n"
        "1. I have waited ten years for this line.\n\n"
        "    – Me too, since the first plan.\n"
    )
    assert len(doc.comments) == 2
    assert doc.comments[1].parent == doc.comments[0].id


def test_glued_page_strings_are_chrome_not_a_comment():
    doc = parse_text(
        ARTICLE + "2 Comments\n\n"
        "1. I have waited ten years for this line.\n\n"
        "2. Will the buses stay?\n\n"
        "Back to TopLeave a Reply\n"
    )
    assert [c.text for c in doc.comments] == [
        "I have waited ten years for this line.",
        "Will the buses stay?",
    ]
    left = [b.text for b in doc.blocks if b.kind is BlockKind.BOILERPLATE]
    assert "Back to TopLeave a Reply" in left


def test_comments_with_no_marker_are_found_from_their_voice_and_flagged_as_a_guess():
    article = "".join(
        f"The regional council said on Monday that the {topic} would be reviewed by officials,"
        " according to a statement released by the ministry after the meeting.\n\n"
        for topic in ("budget", "tram line", "harbour plan", "school merger", "water tariff",
                      "bus timetable")
    )  # fmt: skip
    comments = (
        "I really don't get why you would close the harbour in summer, it's our busiest time!\n\n"
        "Honestly I agree with you, my family has moored there for years and nobody asked us.\n\n"
        "Why do they never ask us before deciding? I'm tired of reading about it afterwards.\n\n"
        "You're all forgetting the silt has to go somewhere, I'd rather they did it now.\n"
    )
    doc = parse_text("Harbour to close for dredging\n\n" + article + comments)
    assert [c.text[:20] for c in doc.comments] == [
        "I really don't get w",
        "Honestly I agree wit",
        "Why do they never as",
        "You're all forgettin",
    ]
    assert all("council" not in c.text for c in doc.comments)
    start = doc.comments[0].start
    assert any(d.offset == start and d.what == "comments start" for d in doc.doubts)
