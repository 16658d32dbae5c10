"""The five seed scrapes give exactly the structure issue 2 states.

One test per claim. Comments are found by a distinctive phrase of their own words, never
by position, so a test names the comment a reader would point at.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from reader.core.model import Block, BlockKind, Comment, Document
from reader.core.parse import parse_text
from reader.core.textio import read_text_file
from tests.core.test_parse_properties import check_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@cache
def _text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_text_file(path).text


@cache
def _doc(prefix: str) -> Document:
    return parse_text(_text(prefix))


def _comment(doc: Document, phrase: str) -> Comment:
    """The one comment whose own text holds ``phrase``."""
    found = [c for c in doc.comments if phrase in c.text]
    assert len(found) == 1, f"{len(found)} comments hold {phrase!r}"
    return found[0]


def _block(doc: Document, phrase: str) -> tuple[int, Block]:
    """The block holding the first occurrence of ``phrase`` in the document."""
    at = doc.text.index(phrase)
    i = doc.block_at(at)
    assert i is not None, f"{phrase!r} is in no block"
    return i, doc.blocks[i]


def _paragraphs(comment: Comment) -> list[str]:
    return comment.text.split("\n\n")


# ---- every seed -----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_keeps_every_character(prefix):
    check_document(_doc(prefix), _text(prefix))


@pytest.mark.parametrize(
    "prefix, title",
    [
        (
            "001",
            "Calls for International Recognition of the Republic of Artsakh as "
            "Humanitarian Crisis Looms",
        ),
        (
            "002",
            "Artsakh calls on international community to recognize human rights "
            "offenses by Azerbaijan",
        ),
        ("003", "Cease-Fire Declared in Nagorno-Karabakh After Deadly Azerbaijani Assault"),
        ("004", "Armenia says 49 soldiers killed in attacks by Azerbaijan"),
    ],
)
def test_seed_title(prefix, title):
    doc = _doc(prefix)
    assert doc.title == title
    assert doc.blocks[0].kind is BlockKind.TITLE
    assert doc.blocks[0].text == title


# ---- 001: numbered comments, bullet replies, a list inside a comment, quotes -----------------

C1 = "Well, as long as Azerbaijan continues to acquire"
C1_R1 = "Armenian PM is doing much more than that."
C1_R2 = "I wasn’t talking about what Pashinyan has done"
C2 = "This is Pashinyan’s war. Let’s be clear."
C2_R1 = "Please, read your history books."
C3 = "Thank you Russia for sitting by and doing nothing"
C4 = "How’s that? It certainly wasn’t Pashinyan"
C5 = "I am not surprised that Russians didn’t help."


def test_001_declares_8_comments_and_8_are_found():
    doc = _doc("001")
    assert doc.declared_comment_count == 8
    assert len(doc.comments) == 8


def test_001_top_level_comments_are_the_five_numbered_ones():
    doc = _doc("001")
    top = [c for c in doc.comments if c.parent is None]
    assert [_comment(doc, p).id for p in (C1, C2, C3, C4, C5)] == [c.id for c in top]
    assert all(c.depth == 0 for c in top)


def test_001_two_replies_to_comment_1():
    doc = _doc("001")
    first = _comment(doc, C1)
    assert [c.id for c in doc.children(first.id)] == [
        _comment(doc, C1_R1).id,
        _comment(doc, C1_R2).id,
    ]
    assert _comment(doc, C1_R1).depth == _comment(doc, C1_R2).depth == 1


def test_001_reply_to_comment_2():
    doc = _doc("001")
    assert [c.id for c in doc.children(_comment(doc, C2).id)] == [_comment(doc, C2_R1).id]


def test_001_comments_3_4_5_have_no_replies():
    doc = _doc("001")
    for phrase in (C3, C4, C5):
        assert doc.children(_comment(doc, phrase).id) == ()


def test_001_comment_3_holds_its_three_thank_you_lines_as_one_comment():
    doc = _doc("001")
    third = _comment(doc, C3)
    assert third.parent is None
    assert "Thank you Russia for selling arms to Azerbaijan" in third.text
    assert "Thank you Russia for calling on BOTH sides" in third.text
    assert len(_paragraphs(third)) == 3
    starting = [c for c in doc.comments if c.text.lstrip("•“ ").startswith("Thank you Russia")]
    assert starting == [third]


def test_001_reply_continuation_paragraph_stays_with_its_reply():
    doc = _doc("001")
    reply = _comment(doc, C1_R2)
    assert reply.text == (
        "I wasn’t talking about what Pashinyan has done as the Prime Minister of Armenia. "
        "Go back and carefully read what I wrote.\n\n"
        "In response to your question, I’m doing equally as much for Armenia as everyone "
        "else here in Armenia (but, of course, it’s the soldiers who are always doing the "
        "most for Armenia). And, if the Turkbaijanis/Turks ever manage to enter into "
        "Hayastan, I, along with my fellow Yerevantsis will most definitely join together "
        "with the Armenian military forces to defend this country. Yes, indeed!"
    )


def test_001_comment_text_is_its_paragraphs_joined_by_a_blank_line():
    doc = _doc("001")
    assert _comment(doc, C2).text == (
        "This is Pashinyan’s war. Let’s be clear. The hostilities started when Turkey saw "
        "weakness between Russia and Armenia.\n\n"
        "Blood of Armenian soldiers is on the hands of those who brought Pashinyan to "
        "power.\n\n"
        "Russia is letting Armenia twist in the wind, until those in Yerevan submit to "
        "Moscow, rather than playing complementary politics, and trying to appease "
        "Washington DC and George Soros."
    )


def test_001_comment_5_lines_are_three_paragraphs_of_one_comment():
    doc = _doc("001")
    fifth = _comment(doc, C5)
    paragraphs = _paragraphs(fifth)
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("The worst thing about these kind of comments")
    assert paragraphs[2].startswith("Whether we will learn from our mistakes")


def test_001_comment_text_omits_its_marker_and_its_span_covers_it():
    doc = _doc("001")
    text = doc.text
    for phrase, marker in ((C1, "1."), (C1_R1, "•"), (C2_R1, "•"), (C5, "5.")):
        comment = _comment(doc, phrase)
        assert comment.text.startswith(phrase)
        line_start = text.rfind("\n", 0, text.index(phrase)) + 1
        marker_at = text.index(marker, line_start)
        assert comment.start <= marker_at < comment.end, f"{marker!r} of {phrase!r}"
        assert text[comment.start : comment.end].rstrip().endswith(comment.text[-20:])


def _links_between(doc: Document, source: Comment, target: Comment):
    return [
        link
        for link in doc.links
        if link.source.comment == source.id and link.target.comment == target.id
    ]


def test_001_comment_4_links_to_the_passage_of_comment_2_it_quotes():
    doc = _doc("001")
    fourth, second = _comment(doc, C4), _comment(doc, C2)
    links = _links_between(doc, fourth, second)
    assert len(links) == 1
    target = doc.text[links[0].target.start : links[0].target.end]
    assert "Blood of Armenian soldiers is on the hands" in target
    assert second.start <= links[0].target.start < links[0].target.end <= second.end
    source = doc.text[links[0].source.start : links[0].source.end]
    assert "Blood of Armenian soldiers is on the hands" in source
    assert fourth.start <= links[0].source.start < links[0].source.end <= fourth.end


def test_001_comment_4_links_to_comment_3s_thank_you_line():
    doc = _doc("001")
    fourth, third = _comment(doc, C4), _comment(doc, C3)
    links = _links_between(doc, fourth, third)
    assert len(links) == 1
    target = doc.text[links[0].target.start : links[0].target.end]
    assert "Thank you Russia for selling arms to Azerbaijan" in target
    assert "sitting by" not in target and "BOTH sides" not in target
    assert third.start <= links[0].target.start < links[0].target.end <= third.end


def test_001_slideshow_line_is_boilerplate():
    _, block = _block(_doc("001"), "This slideshow requires JavaScript.")
    assert block.kind is BlockKind.BOILERPLATE


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_leave_a_reply_tail_is_boilerplate(prefix):
    doc = _doc(prefix)
    tail_at = doc.text.index("Leave a Reply")
    tail = [b for b in doc.blocks if b.start >= tail_at]
    assert tail and all(b.kind is BlockKind.BOILERPLATE for b in tail)
    assert "Your email address will not be published." in " ".join(b.text for b in tail)
    assert all(c.end <= tail_at for c in doc.comments)


@pytest.mark.parametrize("prefix, header", [("001", "8 Comments"), ("002", "3 Comments")])
def test_comment_header_is_neither_article_nor_comment(prefix, header):
    doc = _doc(prefix)
    _, block = _block(doc, header)
    assert block.kind is BlockKind.BOILERPLATE


def test_001_article_ends_before_the_comments():
    doc = _doc("001")
    paragraphs = [b for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs[-1].text.startswith("Military officials added 21 additional soldiers")
    assert paragraphs[-1].end <= min(c.start for c in doc.comments)


# ---- 002: a reply, an author block, photo captions ----------------------------------------

D1 = "It’s indeed wonderful news that the Artsakh military forces"
D1_R1 = "I agree, and many others surely do too."
D2 = "Although our mortal enemy, Azerbaijan, persistently bombs"


def test_002_declares_3_comments_and_3_are_found():
    doc = _doc("002")
    assert doc.declared_comment_count == 3
    assert len(doc.comments) == 3


def test_002_second_comment_replies_to_the_first():
    doc = _doc("002")
    first, second, third = (_comment(doc, p) for p in (D1, D1_R1, D2))
    assert [c.id for c in doc.comments] == [first.id, second.id, third.id]
    assert first.parent is None and third.parent is None
    assert second.parent == first.id and second.depth == 1


def test_002_indented_paragraphs_continue_their_comment():
    doc = _doc("002")
    reply = _comment(doc, D1_R1)
    assert len(_paragraphs(reply)) == 3
    assert _paragraphs(reply)[1].startswith("For a sophisticated high-tech nation")
    assert _paragraphs(reply)[2].startswith("Maybe, they’ve withheld from attacking")
    last = _comment(doc, D2)
    assert len(_paragraphs(last)) == 2
    assert _paragraphs(last)[1].startswith("In terms of Azerbaijan’s oil pipelines")


def test_002_author_name_lines_and_bio_are_byline():
    doc = _doc("002")
    for m in re.finditer(r"^Lillian Avedian.*$", doc.text, flags=re.MULTILINE):
        i = doc.block_at(m.start())
        assert i is not None and doc.blocks[i].kind is BlockKind.BYLINE, m.group()[:40]
    assert len(re.findall(r"^Lillian Avedian", doc.text, flags=re.MULTILINE)) == 3
    assert doc.byline is not None and "Lillian Avedian" in doc.byline


def test_002_photo_lines_are_captions():
    doc = _doc("002")
    for phrase in (
        "The damage left behind from Azerbaijan’s continuous strikes",
        "greeting from Artsakh President Harutyunyan and his fellow servicemen",
    ):
        _, block = _block(doc, phrase)
        assert block.kind is BlockKind.CAPTION, phrase
        assert "(Photo" in block.text


def test_002_standfirst():
    doc = _doc("002")
    assert doc.standfirst == (
        "Attacks on Civilian Populations in Stepanakert and Beyond Continue After Week of Fighting"
    )


# ---- 003: a donation appeal and pull-quotes in a text with no blank lines ------------------

APPEAL = [
    "This holiday season, give to:",
    "Truth and understanding",
    "The Media Line's intrepid correspondents are in Israel, Gaza, Lebanon, Syria and "
    "Pakistan providing first-person reporting.",
    "They all said they cover it.",
    "We see it.",
    "We report with just one agenda: the truth.",
]
PULL_1 = (
    "It is the finalizing of the ethnic cleansing of Nagorno-Karabakh by directly attacking "
    "the people"
)
PULL_2 = (
    "Today, Azerbaijan proved itself once again to be a ruthless aggressor, launching "
    "unprovoked attacks in Artsakh. We must halt ethnic cleansing and stop a second "
    "Armenian Genocide."
)


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_articles_without_comments_have_none(prefix):
    doc = _doc(prefix)
    assert doc.comments == ()
    assert doc.declared_comment_count is None


def test_003_holiday_appeal_is_boilerplate():
    doc = _doc("003")
    for line in APPEAL:
        at = doc.text.index("\n" + line + "\n") + 1
        i = doc.block_at(at)
        assert i is not None and doc.blocks[i].kind is BlockKind.BOILERPLATE, line


def test_003_paragraphs_around_the_appeal_are_article():
    doc = _doc("003")
    for phrase in ("However, Arman Akopian, Armenia’s ambassador", "Akopian told The Media Line."):
        _, block = _block(doc, phrase)
        assert block.kind is BlockKind.PARAGRAPH, phrase


@pytest.mark.parametrize("pullquote", [PULL_1, PULL_2])
def test_003_repeated_sentence_is_a_pullquote(pullquote):
    doc = _doc("003")
    i = doc.block_at(doc.text.index("\n" + pullquote + "\n") + 1)
    assert i is not None
    assert doc.blocks[i].kind is BlockKind.PULLQUOTE
    assert doc.blocks[i].text == pullquote


@pytest.mark.parametrize(
    "pullquote, body",
    [(PULL_1, "Akopian told The Media Line."), (PULL_2, "the California congressman said")],
)
def test_003_pullquote_links_to_the_body_sentence(pullquote, body):
    doc = _doc("003")
    quote_block = doc.block_at(doc.text.index("\n" + pullquote + "\n") + 1)
    body_block, block = _block(doc, body)
    assert block.kind is BlockKind.PARAGRAPH
    links = [
        link
        for link in doc.links
        if link.source.block == quote_block and link.target.block == body_block
    ]
    assert links, "the pull-quote is not linked to the paragraph it repeats"
    for link in links:
        shown = doc.text[link.target.start : link.target.end]
        assert block.start <= link.target.start < link.target.end <= block.end
        # The linked body text is the repeated words, not the attribution between them.
        assert shown.strip(" “”,.") in pullquote, f"{shown!r} is not what the pull-quote repeats"
        assert len(shown.split()) >= 8


def test_003_standfirst():
    doc = _doc("003")
    assert doc.standfirst is not None
    assert doc.standfirst.startswith("Armenian, Azerbaijani ambassadors speak with TML")


# ---- 004: a plain article ending with a credit line ---------------------------------------


def test_004_last_line_is_a_byline():
    doc = _doc("004")
    last = doc.blocks[-1]
    assert last.text == "Vladimir Isachenkov in Moscow contributed to this report."
    assert last.kind is BlockKind.BYLINE


def test_004_body_is_paragraphs():
    doc = _doc("004")
    kinds = {b.kind for b in doc.blocks[1:-1]}
    assert kinds <= {BlockKind.PARAGRAPH, BlockKind.STANDFIRST}
    # 30 lines: the title, 28 paragraphs (the first may be the standfirst), the credit.
    assert len(doc.blocks) == 30


# ---- 000: comments with no header and no markers after the article ------------------------

ARTICLE_END = (
    "In addition, the ARF-Eastern Region once again is seeking support for the With Our "
    "Soldier Program."
)
FIRST_COMMENT = "As usual, Russia who calls itself an ally of Armenia"


def test_000_article_ends_with_the_developing_story_paragraph():
    doc = _doc("000")
    article = [b for b in doc.blocks if b.kind is not BlockKind.BOILERPLATE]
    assert article[-1].text.startswith("This is a developing story.")
    assert article[-1].text.endswith("With Our Soldier Program.")
    assert ARTICLE_END in article[-1].text


def test_000_comments_start_at_as_usual():
    doc = _doc("000")
    assert doc.comments
    assert doc.comments[0].text.startswith(FIRST_COMMENT)
    assert doc.comments[0].start == doc.text.index(FIRST_COMMENT)


def test_000_nothing_of_the_comments_is_in_the_article_blocks():
    doc = _doc("000")
    comments_start = doc.text.index(FIRST_COMMENT)
    assert all(b.end <= comments_start for b in doc.blocks)
    for phrase in ("Thank you Russia", "Greg", "Putin’s failure to disavow", "down low"):
        assert all(phrase not in b.text for b in doc.blocks), phrase
        assert any(phrase in c.text for c in doc.comments), phrase


def test_000_every_comment_is_top_level_text_after_the_article():
    doc = _doc("000")
    end = doc.text.index(ARTICLE_END) + len(ARTICLE_END)
    assert all(c.start > end for c in doc.comments)
    joined = " ".join(c.text for c in doc.comments)
    assert "It is better for them to just support us on the down low." in joined


def test_000_the_uncertain_split_is_recorded_with_a_confidence():
    doc = _doc("000")
    end = doc.text.index(ARTICLE_END) + len(ARTICLE_END)
    start = doc.text.index(FIRST_COMMENT)
    at_split = [d for d in doc.decisions if end <= d.offset <= start]
    assert at_split, "no decision recorded where the article ends and the comments begin"
    assert all(0.0 <= d.confidence <= 1.0 for d in doc.decisions)
    assert min(d.confidence for d in at_split) < 1.0


# ---- ids survive a re-scrape ---------------------------------------------------------------


def _rescrape_with_new_top_comment(text: str, header: str, count: int) -> str:
    """The same page scraped again after one more comment was posted at the top: the count
    goes up and every numbered comment moves down one number."""
    renumbered = re.sub(
        r"^  (\d+)\. ", lambda m: f"  {int(m.group(1)) + 1}. ", text, flags=re.MULTILINE
    )
    new = (
        f"{count + 1} Comments\n\n  1. A brand new comment posted this morning, after the "
        "page was first saved, saying the ceasefire will not hold for a week.\n"
    )
    return renumbered.replace(f"{header}\n", new, 1)


@pytest.mark.parametrize("prefix, count", [("001", 8), ("002", 3)])
def test_comment_ids_survive_a_rescrape_with_one_more_comment(prefix, count):
    before = _doc(prefix)
    after_text = _rescrape_with_new_top_comment(_text(prefix), f"{count} Comments", count)
    assert after_text != _text(prefix)
    after = parse_text(after_text)
    assert after.declared_comment_count == count + 1
    assert len(after.comments) == count + 1
    assert after.comments[0].text.startswith("A brand new comment posted this morning")

    def key(c: Comment) -> str:
        return " ".join(c.text.split())[:200]

    old = {key(c): c for c in before.comments}
    new = {key(c): c for c in after.comments}
    for k, c in old.items():
        assert k in new, f"comment {k[:40]!r} is gone after the re-scrape"
        assert new[k].id == c.id, f"comment {k[:40]!r} changed id"
        assert new[k].parent == c.parent


def test_comment_ids_survive_an_edited_article():
    """The article gaining a paragraph moves every comment; their ids stay."""
    text = _text("001")
    anchor = "Military officials added 21 additional soldiers"
    edited = text.replace(
        anchor,
        "Update: officials confirmed on Tuesday evening that talks in Moscow had begun.\n\n"
        + anchor,
        1,
    )
    assert edited != text
    assert [c.id for c in parse_text(edited).comments] == [c.id for c in _doc("001").comments]


def test_comment_ids_are_the_same_when_the_same_page_is_parsed_again():
    text = _text("001")
    assert [c.id for c in parse_text(text).comments] == [c.id for c in _doc("001").comments]
