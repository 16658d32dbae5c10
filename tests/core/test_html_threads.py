"""Saved pages in each markup family: the thread Reader finds is the one the page holds."""

from pathlib import Path

import pytest

from reader.core.model import BlockKind, Document
from reader.core.source import read_document
from reader.core.textio import normalise

FIXTURES = Path(__file__).parent / "html_fixtures"
PAGES = sorted(p.name for p in FIXTURES.glob("*.html"))


def thread(doc: Document) -> list[tuple]:
    """(author, parent's author, depth, first words) for each comment, in order."""
    by_id = {c.id: c for c in doc.comments}
    rows = []
    for c in doc.comments:
        parent = by_id[c.parent].author if c.parent else None
        rows.append((c.author, parent, c.depth, c.text[:30]))
    return rows


def shown_text(doc: Document) -> str:
    """The article and the comments: the document less its left-out text."""
    shown = [b.text for b in doc.blocks if b.kind is not BlockKind.BOILERPLATE]
    return "\n\n".join(shown + [c.text for c in doc.comments])


def assert_consistent(doc: Document) -> None:
    """Spans index the text they claim; every visible character is in exactly one span."""
    assert normalise(doc.text) == doc.text
    owner = [0] * len(doc.text)
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        for i in range(b.start, b.end):
            owner[i] += 1
    for c in doc.comments:
        assert doc.text[c.start : c.end] == c.text
        for i in range(c.start, c.end):
            owner[i] += 1
    for i, ch in enumerate(doc.text):
        assert owner[i] <= 1, (i, ch)
        assert ch.isspace() or owner[i] == 1, (i, ch)
    ids = [c.id for c in doc.comments]
    assert len(set(ids)) == len(ids)
    for c in doc.comments:
        if c.parent is None:
            assert c.depth == 0
        else:
            parent = doc.comment(c.parent)
            assert parent is not None and ids.index(parent.id) < ids.index(c.id)
            assert c.depth == parent.depth + 1


@pytest.mark.parametrize("name", PAGES)
def test_every_fixture_is_a_consistent_document(name):
    doc = read_document(FIXTURES / name)
    assert_consistent(doc)
    assert doc.title
    assert doc.blocks[0].kind in (BlockKind.TITLE, BlockKind.BOILERPLATE)


def test_wordpress_page_gives_three_levels_of_replies_with_authors_and_dates():
    doc = read_document(FIXTURES / "wordpress.html")
    assert thread(doc) == [
        ("Margaret Ellison", None, 0, "Thank you to everyone who came"),
        ("Tom Reeve", "Margaret Ellison", 1, "The hours will be reviewed. If"),
        ("Margaret Ellison", "Tom Reeve", 2, "We will hold you to that, Tom!"),
        ("Priya Natarajan", "Margaret Ellison", 1, "I can do two Saturdays a month"),
        ("Dev Sharma", None, 0, "the savings would now have to "),
    ]
    assert [c.date for c in doc.comments] == [
        "2024-03-04T09:12:00+00:00",
        "2024-03-04T10:05:00+00:00",
        "2024-03-04T10:40:00+00:00",
        "2024-03-04T11:22:00+00:00",
        "2024-03-05T07:48:00+00:00",
    ]
    assert doc.declared_comment_count == 5
    first = doc.comments[0]
    # Paragraphs of one comment are kept apart, as in a text scrape.
    assert first.text == (
        "Thank you to everyone who came along. I have never seen the hall so full.\n\n"
        "The reduced hours are not ideal, but it is a start."
    )
    # The quoted sentence stays in the comment, where links can find it.
    assert doc.comments[4].text.startswith(
        "the savings would now have to be found elsewhere in the budget\n\nWhich budget"
    )


def test_wordpress_article_has_title_byline_caption_and_page_chrome_only_left_out():
    doc = read_document(FIXTURES / "wordpress.html")
    assert doc.title == "The Town That Voted to Keep Its Library Open"
    assert doc.byline == "Helen Marsh · 2024-03-04"
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:3] == [BlockKind.BOILERPLATE, BlockKind.TITLE, BlockKind.BYLINE]
    captions = [b.text for b in doc.blocks if b.kind is BlockKind.CAPTION]
    assert captions == ["Residents packed the community hall to hear the council’s proposal."]
    paragraphs = [b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs[0].startswith("When the county council proposed closing Ashby Dale’s")
    assert "A compromise on opening hours" in paragraphs
    assert len(paragraphs) == 6
    for chrome in (
        "Subscribe",
        "Share this",
        "Leave a Reply",
        "Recent Comments",
        "Proudly powered",
        "Reply",
        "says:",
        "Edit",
        "awaiting moderation",
        "thoughts on",
    ):
        # Page chrome is in the left-out text (Ctrl+B), never in the article or a comment.
        shown = [b.text for b in doc.blocks if b.kind is not BlockKind.BOILERPLATE]
        assert not any(chrome in text for text in shown + [c.text for c in doc.comments]), chrome
        left_out = [b.text for b in doc.blocks if b.kind is BlockKind.BOILERPLATE]
        assert any(chrome in text for text in left_out), chrome


def test_disqus_page_gives_nested_posts_with_full_dates_not_relative_ones():
    doc = read_document(FIXTURES / "disqus.html")
    assert thread(doc) == [
        ("Night Shift Nurse", None, 0, "I finish at 1am three nights a"),
        ("R. Kaur", "Night Shift Nurse", 1, "Same here. The operator should"),
        ("guest_4471", "R. Kaur", 2, "They did, in appendix C. Deman"),
        ("BusFan", None, 0, "Good piece. Would like to see "),
    ]
    assert [c.date for c in doc.comments] == [
        "Monday, March 11, 2024 11:52 PM",
        "Tuesday, March 12, 2024 7:03 AM",
        "Tuesday, March 12, 2024 9:30 AM",
        "Wednesday, March 13, 2024 6:15 PM",
    ]
    assert doc.declared_comment_count == 4
    for chrome in (
        "Share ›",
        "Load more comments",
        "Vote up",
        "Join the discussion",
        "Accept all",
        "newsletter",
        "days ago",
    ):
        assert chrome not in shown_text(doc), chrome
    # Vote counts are not comment text.
    assert doc.comments[0].text.endswith("is not safe.")


def test_generic_nested_markup_in_a_page_saved_with_its_files_folder():
    page = FIXTURES / "saved_page.html"
    assert (FIXTURES / "saved_page_files").is_dir()
    doc = read_document(page)
    assert thread(doc) == [
        ("islandmum", None, 0, "My two have been late every da"),
        ("Ferryman", "islandmum", 1, "The 7.10 carried eleven passen"),
        ("islandmum", "Ferryman", 2, "Eleven children, you mean."),
        ("G. Harris", None, 0, "Well argued. Has anyone writte"),
    ]
    assert [c.date for c in doc.comments] == [
        "12 Nov 2024, 08:14",
        "12 Nov 2024, 09:30",
        "12 Nov 2024, 10:02",
        "13 Nov 2024, 17:45",
    ]
    assert doc.declared_comment_count == 4
    assert doc.byline is None or "Claire Dunmore" in doc.byline
    for chrome in ("Like (14)", "Report", "Reply", "Island life"):
        assert chrome not in shown_text(doc), chrome


def test_page_without_comments_gets_none_invented():
    doc = read_document(FIXTURES / "no_comments.html")
    assert doc.comments == ()
    assert doc.declared_comment_count is None
    assert "Be respectful" not in shown_text(doc)  # the closed section's rules are not comments
    assert "Related stories" not in shown_text(doc)
    items = [b.text for b in doc.blocks if b.reason == "list item"]
    assert items == [
        "Embankment works begin in September.",
        "Pumping stations are due to open in 2026.",
    ]
    # No date is read out of the article's words ("due to open in 2026").
    assert doc.byline == "Sam Okafor"
    standfirst = "A twelve-million-pound scheme to protect the Wharf district, two years after"
    assert doc.standfirst == standfirst + " the floods."
    kinds = [b.kind for b in doc.blocks[:4]]
    assert kinds == [BlockKind.BOILERPLATE, BlockKind.TITLE, BlockKind.STANDFIRST, BlockKind.BYLINE]


def test_comment_ids_follow_the_words_not_the_position():
    doc = read_document(FIXTURES / "wordpress.html")
    html = (FIXTURES / "wordpress.html").read_text(encoding="utf-8")
    # Move Dev Sharma's thread before Margaret's: the same comments keep their ids.
    start = html.index('<li id="comment-105"')
    end = html.index("</li>", start) + len("</li>")
    moved = html[start:end]
    reordered = html[:start] + html[end:]
    first = reordered.index('<li id="comment-101"')
    reordered = reordered[:first] + moved + reordered[first:]
    from reader.core.html import parse_html

    again = parse_html(reordered)
    assert {c.id: c.author for c in again.comments} == {c.id: c.author for c in doc.comments}
    assert again.comments[0].author == "Dev Sharma"


def test_identical_comments_get_distinct_ids():
    from reader.core.html import parse_html

    item = '<li class="comment"><div class="comment-body"><p>Hear, hear.</p></div></li>'
    page = (
        "<html><head><title>T</title></head><body><article><p>Body text.</p></article>"
        f'<ol class="commentlist">{item}{item}</ol></body></html>'
    )
    doc = parse_html(page)
    assert [c.text for c in doc.comments] == ["Hear, hear.", "Hear, hear."]
    assert len({c.id for c in doc.comments}) == 2
    assert_consistent(doc)


def test_flat_wordpress_list_with_depth_classes_is_threaded_by_them():
    from reader.core.html import parse_html

    def item(depth, text):
        return (
            f'<li class="comment depth-{depth}"><div class="comment-body"><p>{text}</p></div></li>'
        )

    page = (
        "<html><head><title>T</title></head><body><article><p>Body text.</p></article>"
        '<ol class="commentlist">'
        + item(1, "top one") + item(2, "reply to one") + item(3, "reply to reply")
        + item(2, "second reply to one") + item(1, "top two")
        + "</ol></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    by_id = {c.id: c.text for c in doc.comments}
    assert [(c.text, by_id.get(c.parent)) for c in doc.comments] == [
        ("top one", None),
        ("reply to one", "top one"),
        ("reply to reply", "reply to one"),
        ("second reply to one", "top one"),
        ("top two", None),
    ]


def test_a_comment_quoting_the_article_is_linked_to_the_paragraph():
    doc = read_document(FIXTURES / "wordpress.html")
    dev = doc.comments[4]
    links = [link for link in doc.links if link.source.comment == dev.id]
    assert len(links) == 1
    target = links[0].target
    assert target.block is not None and target.comment is None
    assert doc.blocks[target.block].text.startswith("Councillor Tom Reeve")
    quoted = doc.text[target.start : target.end]
    assert "found elsewhere in the budget" in quoted
    assert doc.text[links[0].source.start : links[0].source.end].startswith("the savings")


def test_comment_positions_map_between_its_text_and_the_document():
    doc = read_document(FIXTURES / "disqus.html")
    for c in doc.comments:
        i = c.text.index("\n\n") + 2 if "\n\n" in c.text else len(c.text) // 2
        assert c.to_document(i) == c.start + i
        assert c.to_text(c.start + i) == i


def test_a_thread_drawn_in_a_frame_is_read_from_the_saved_frame_beside_the_page():
    inline = read_document(FIXTURES / "disqus.html")
    framed = read_document(FIXTURES / "framed_disqus.html")
    assert thread(framed) == thread(inline)
    assert [c.date for c in framed.comments] == [c.date for c in inline.comments]
    assert framed.declared_comment_count == 4
    assert_consistent(framed)


def test_frames_outside_the_pages_folder_or_remote_are_not_read(tmp_path):
    (tmp_path / "secret.html").write_text(
        '<ol class="commentlist"><li class="comment"><p>not this page</p></li></ol>'
    )
    page = tmp_path / "site" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<html><head><title>T</title></head><body><article><p>The article text, which is"
        " long enough to count as one.</p></article>"
        '<iframe src="../secret.html"></iframe><iframe src="file:///etc/passwd"></iframe>'
        '<iframe src="https://comments.example/thread.html"></iframe></body></html>'
    )
    doc = read_document(page)
    assert doc.comments == ()
    assert "not this page" not in doc.text


def test_a_thread_in_a_frames_srcdoc_is_read():
    from html import escape

    from reader.core.html import parse_html

    frame = (
        '<div id="disqus_thread"><ul id="post-list"><li class="post"><div class="post-message">'
        '<p>Inside the frame.</p></div><ul class="children"><li class="post">'
        '<div class="post-message"><p>A reply inside it.</p></div></li></ul></li></ul></div>'
    )
    page = (
        "<html><head><title>T</title></head><body><article><p>Body text of the article.</p>"
        f'</article><iframe srcdoc="{escape(frame)}"></iframe></body></html>'
    )
    doc = parse_html(page)
    assert [(c.text, c.depth) for c in doc.comments] == [
        ("Inside the frame.", 0),
        ("A reply inside it.", 1),
    ]


def test_old_theme_comments_without_content_wrappers():
    """Kubrick-era WordPress: name, "Says:", date and paragraphs straight in the item."""
    from reader.core.html import parse_html

    page = """<html><head><title>Old blog post</title></head><body>
    <div class="post"><h2>Old blog post</h2><p>Some text of the old blog entry, long
    enough to be an article.</p></div>
    <h3 id="comments">2 Responses to “Old blog post”</h3>
    <ol class="commentlist">
    <li class="alt" id="comment-12"><cite><a href="http://bob.example">Bob</a></cite> Says:<br>
    <small class="commentmetadata"><a href="#comment-12">March 3rd, 2008 at 10:15 am</a></small>
    <p>I agree with this.</p></li>
    <li id="comment-13"><cite>Ann</cite> Says:<br><small class="commentmetadata">
    <a href="#comment-13">March 4th, 2008 at 9:00 am</a></small><p>I do not.</p>
    <p>Second paragraph.</p></li></ol></body></html>"""
    doc = parse_html(page)
    assert [(c.author, c.date, c.text) for c in doc.comments] == [
        ("Bob", "March 3rd, 2008 at 10:15 am", "I agree with this."),
        ("Ann", "March 4th, 2008 at 9:00 am", "I do not.\n\nSecond paragraph."),
    ]
    assert doc.declared_comment_count == 2
    assert_consistent(doc)


def test_a_permalink_tooltip_is_not_taken_for_the_date():
    from reader.core.html import parse_html

    page = """<html><head><title>T</title></head><body><article><p>Body text here.</p>
    </article><ol class="commentlist"><li class="comment"><div class="comment-author">
    <span class="fn">Kim</span></div><div class="comment-meta">
    <a href="#c-123" title="Permalink to comment 123">12 May 2023, 14:20</a></div>
    <div class="comment-content"><p>First.</p></div></li></ol></body></html>"""
    doc = parse_html(page)
    assert [(c.author, c.date) for c in doc.comments] == [("Kim", "12 May 2023, 14:20")]


def test_decisions_say_how_the_thread_was_found():
    wordpress = read_document(FIXTURES / "wordpress.html")
    generic = read_document(FIXTURES / "saved_page.html")
    plain = read_document(FIXTURES / "no_comments.html")

    def comments_decision(doc):
        return [(d.detail, d.confidence) for d in doc.decisions if d.what == "comments"]

    assert comments_decision(wordpress) == [("wordpress comment markup", 1.0)]
    assert comments_decision(generic) == [("generic comment markup", 0.8)]
    assert comments_decision(plain) == []


def _hn_row(cid: int, indent: int, user: str, age: str, text: str) -> str:
    return (
        f'<tr class="athing comtr" id="{cid}"><td><table border="0"><tr>'
        f'<td class="ind" indent="{indent}"><img src="s.gif" height="1" width="{indent * 40}">'
        '</td><td valign="top" class="votelinks"><center><a id="up_1"><div class="votearrow"'
        ' title="upvote"></div></a></center></td><td class="default">'
        '<div style="margin-top:2px; margin-bottom:-10px;"><span class="comhead">'
        f'<a href="user?id={user}" class="hnuser">{user}</a> '
        f'<span class="age" title="{age}"><a href="item?id={cid}">3 hours ago</a></span> '
        '<span class="navs"> | <a href="#">next</a> <a class="togg clicky">[–]</a></span>'
        '</span></div><br><div class="comment">'
        f'<div class="commtext c00">{text}</div><div class="reply"><p><font size="1">'
        '<u><a href="reply?id=1">reply</a></u></font></p></div></div></td></tr></table>'
        "</td></tr>"
    )


def test_hacker_news_rows_are_threaded_by_their_indent():
    from reader.core.html import parse_html

    rows = "".join(
        (
            _hn_row(1, 0, "pg", "2024-03-04T10:00:00 1709546400", "Top comment.<p>Second para."),
            _hn_row(2, 1, "dang", "2024-03-04T10:05:00 1709546700", "A reply."),
            _hn_row(3, 2, "tptacek", "2024-03-04T10:09:00 1709546940", "A reply to the reply."),
            _hn_row(4, 1, "patio11", "2024-03-04T11:00:00 1709550000", "Another reply."),
            _hn_row(5, 0, "jedberg", "2024-03-04T12:00:00 1709553600", "Second thread."),
        )
    )
    page = (
        "<html><head><title>Show HN: a reader | Hacker News</title></head><body><center>"
        '<table id="hnmain"><tr><td><table class="fatitem"><tr class="athing submission">'
        '<td class="title"><span class="titleline"><a href="https://example.com">Show HN: a'
        " reader</a></span></td></tr><tr><td>We built a reader for close reading of news"
        " comments, and here is why it matters to us.</td></tr></table><br>"
        f'<table class="comment-tree" border="0">{rows}</table></td></tr></table></center>'
        "</body></html>"
    )
    doc = parse_html(page)
    assert thread(doc) == [
        ("pg", None, 0, "Top comment.\n\nSecond para."),
        ("dang", "pg", 1, "A reply."),
        ("tptacek", "dang", 2, "A reply to the reply."),
        ("patio11", "pg", 1, "Another reply."),
        ("jedberg", None, 0, "Second thread."),
    ]
    assert doc.comments[0].date == "2024-03-04T10:00:00 1709546400"
    for chrome in ("next", "[–]", "3 hours ago", "upvote"):
        assert chrome not in shown_text(doc), chrome
    assert not any(c.text.endswith("reply") for c in doc.comments)
    assert_consistent(doc)


def test_prefixed_comment_blocks_are_read_by_the_generic_family():
    """A Guardian-like thread: ``d-comment`` items, replies in a nested list."""
    from reader.core.html import parse_html

    def item(author: str, text: str, replies: str = "") -> str:
        return (
            f'<li class="d-comment"><div class="d-comment__meta"><span class="d-comment__author">'
            f'{author}</span><time class="d-comment__timestamp" datetime="2024-05-01T09:00Z">'
            f'1 May 2024 9.00</time></div><div class="d-comment__body"><p>{text}</p></div>'
            f'<div class="d-comment__actions"><button>Reply</button></div>{replies}</li>'
        )

    thread_html = item(
        "Shipwright", "First comment.", '<ul class="d-thread">' + item("Lily", "Reply.") + "</ul>"
    ) + item("Oaktree", "Second comment.")
    page = (
        "<html><head><title>T</title></head><body><article><p>The article body, long enough"
        f' to be an article.</p></article><div id="comments"><ul class="d-discussion">'
        f"{thread_html}</ul></div></body></html>"
    )
    doc = parse_html(page)
    assert thread(doc) == [
        ("Shipwright", None, 0, "First comment."),
        ("Lily", "Shipwright", 1, "Reply."),
        ("Oaktree", None, 0, "Second comment."),
    ]


def test_a_saved_page_says_where_and_when_it_was_published():
    from reader.core.source import read_document

    doc = read_document(Path(__file__).parent / "html_fixtures" / "wordpress.html")
    assert (doc.site, doc.date) == ("The Dale Courier", "2024-03-04")
