"""Saved pages whose replies the markup keeps in less usual places: an answer inside the
comment's own box, a conversation's box of replies that each name the one they answer,
flat reply lists whose depth sits on an inner box, short replies next to their header,
and control labels drawn as plain text."""

from reader.core.html.page import parse_html
from reader.core.model import Document

HEAD = (
    "<html><head><title>T</title></head><body><article><p>The article body, long enough"
    " to be taken for an article by any extractor that reads it.</p></article>"
)


def tree(doc: Document) -> list[tuple]:
    by_id = {c.id: c for c in doc.comments}
    return [(c.author, by_id[c.parent].author if c.parent else None, c.text) for c in doc.comments]


def test_an_answer_signed_inside_the_comment_box_is_a_reply_of_its_own():
    def post(n, name, text, answer=""):
        reply = (
            f'<li class="reply-text">{answer}<p><a href="https://blog.example/">Host</a>'
            f" on 2014/01/0{n} 20:31 replied</p></li>"
            if answer
            else ""
        )
        return (
            f'<ul class="single-post"><li class="post-info"><span class="user-name">'
            f'<a href="https://{name.lower()}.example/">{name}</a></span>'
            f'<span class="post-time">on 2013/12/2{n} 10:28</span></li>'
            f'<li class="post-text">{text}</li>{reply}</ul>'
        )

    page = (
        HEAD + '<div id="comments">'
        + post(1, "Ann", "What a lovely place to camp in the autumn.", "Thank you, Ann!")
        + post(2, "Bea", "The leaves look like a red carpet in these photos.")
        + post(3, "Cal", "We drove past it last week and it was beautiful.", "Glad you saw it.")
        + "</div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert tree(doc) == [
        ("Ann", None, "What a lovely place to camp in the autumn."),
        ("Host", "Ann", "Thank you, Ann!"),
        ("Bea", None, "The leaves look like a red carpet in these photos."),
        ("Cal", None, "We drove past it last week and it was beautiful."),
        ("Host", "Cal", "Glad you saw it."),
    ]
    # The signature line is the reply's name and date, not its text.
    assert doc.comments[1].date == "Host on 2014/01/01 20:31 replied"


def test_a_conversation_box_of_replies_naming_their_parent():
    def reply(n, parent, name, text):
        return (
            f'<article class="reply" data-id="{n}" data-parentid="{parent}"><header>'
            f'<span class="author vcard"><a class="fn" href="https://{name}.example">{name}'
            f'</a></span> <span class="published">3/09/15 8:1{n}am</span></header>'
            f'<div class="reply-content"><p>{text}</p></div></article>'
        )

    page = (
        HEAD + '<div class="conversations">'
        '<div class="branch">' + reply(1, 100, "ann", "I pay cash only now, it helps a lot.")
        + reply(2, 1, "bob", "Cash works for me too, with a weekly limit.")
        + reply(3, 2, "ann", "Yes, twenty-five a week and no more than that.") + "</div>"
        '<div class="branch">' + reply(4, 100, "cal", "Why would I make a list of it all?")
        + reply(5, 4, "bob", "So you know what you already have at home.") + "</div>"
        "</div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(a, p) for a, p, _ in tree(doc)] == [
        ("ann", None),
        ("bob", "ann"),
        ("ann", "bob"),
        ("cal", None),
        ("bob", "cal"),
    ]


def test_flat_replies_with_depth_on_an_inner_box_short_texts_and_plain_labels():
    def message(name, age, text, depth):
        return (
            f'<div class="w_stack"><div class="w_view w_depth-{depth}">'
            f'<div class="w_details"><span class="w_username">{name}</span>'
            f'<span class="w_badge">Leader</span><span class="w_posted">{age}</span></div>'
            f'<div class="w_text">{text}</div><div class="w_actions"><span>Reply</span>'
            f"<span>Share</span></div></div></div>"
        )

    def conversation(top, replies):
        inner = "".join(f"<li>{message(*r, depth=d + 1)}</li>" for d, r in enumerate(replies))
        return f'<li><div class="w_root">{message(*top, depth=0)}<ul>{inner}</ul></div></li>'

    page = (
        HEAD + '<ul class="w_messages">'
        + conversation(("ann", "15h", "No one has to accept the invitation at all."),
                       [("bob", "14h", "And you learned that where?"), ("cal", "9h", "Did you?")])
        + conversation(("dan", "15h", "Why spend the money on these visits any more?"),
                       [("eve", "3h", "For once I agree with you.")])
        + conversation(("fay", "12h", "Maybe it is time for the visits to end altogether."), [])
        + "</ul></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert tree(doc) == [
        ("ann", None, "No one has to accept the invitation at all."),
        ("bob", "ann", "And you learned that where?"),
        ("cal", "bob", "Did you?"),
        ("dan", None, "Why spend the money on these visits any more?"),
        ("eve", "dan", "For once I agree with you."),
        ("fay", None, "Maybe it is time for the visits to end altogether."),
    ]
    assert doc.comments[2].date == "9h"
    # The labels are the thread's controls: kept in the left-out text, not in comments.
    assert "Share" in doc.text


def test_a_comment_that_is_only_a_name_and_a_number_is_kept():
    def post(n, name, text):
        return (
            f'<li class="post" id="post-{n}"><div class="post-byline"><span class="author">'
            f'<a href="/u/{name}">{name}</a></span> <a data-role="relative-time"'
            f' title="22 April 2018 14:0{n}">{n} days ago</a></div>'
            f'<div class="post-message"><p>{text}</p></div></li>'
        )

    page = (
        HEAD + '<div id="disqus_thread"><ul id="post-list">'
        + post(1, "ann", "Which phone would you take for the money?")
        + post(2, "bob", "Honor 9") + post(3, "cal", "The one with the better camera.")
        + "</ul></div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [c.text for c in doc.comments] == [
        "Which phone would you take for the money?",
        "Honor 9",
        "The one with the better camera.",
    ]


def test_microdata_comments_signed_by_a_link_to_a_home_directory_profile():
    def comment(n, name, text):
        return (
            f'<div itemscope itemtype="http://schema.org/UserComments"><div class="details">'
            f'<a href="https://example.net/~{name.lower()}">{name} ({name.lower()})</a> wrote'
            f' <time itemprop="commentTime" datetime="2015-02-0{n}T00:20:39">on 2015-02-0{n}'
            f'</time>:</div><div itemprop="commentText"><p>{text}</p></div></div>'
        )

    page = (
        HEAD + '<div class="comments">' + comment(1, "Tommy", "It still fails on 12.04.")
        + comment(2, "Ann", "Same here, registration fails.") + "</div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(c.author, c.text) for c in doc.comments] == [
        ("Tommy (tommy)", "It still fails on 12.04."),
        ("Ann (ann)", "Same here, registration fails."),
    ]


def test_generic_comments_with_framework_controls_icons_numbered_points_and_a_sidebar():
    def comment(n, name, body, indent=0):
        return (
            f'<div class="comment" data-id="{n}" data-indent="{indent}">'
            f'<div class="comment__header">'
            f'<div class="comment__rating"><svg class="icon icon--time"></svg></div>'
            f'<span class="user__nick">{name}</span>'
            f'<time class="comment__datetime" datetime="2018-04-24T12:0{n}:00+03:00">'
            f"{n} hours ago</time>"
            f'<div class="menu__item" air-click="complain" data-id="{n}">Report</div></div>'
            f'<div class="comment__content">{body}</div></div>'
        )

    page = (
        HEAD + '<div class="comments__container">'
        + comment(1, "ann", "<p>Two things burn every spring:</p><p>1. Forests and peat</p>"
                  "<p>2. Habitat loss</p>")
        + comment(2, "bob", "<p>And nobody is ever fined for it.</p>")
        + comment(3, "cal", "")  # a comment whose only content was a picture
        + "</div><div class='sidebar-block'><div class='comment'><div class='comment__content'>"
        "<p>The comment of the day, from another story.</p></div><span class='user__nick'>dan"
        "</span><time datetime='2018-04-23T15:55:57+03:00'>21 hours ago</time></div></div>"
        "</body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(c.author, c.text, c.date) for c in doc.comments] == [
        ("ann", "Two things burn every spring:\n\n1. Forests and peat\n\n2. Habitat loss",
         "2018-04-24T12:01:00+03:00"),
        ("bob", "And nobody is ever fined for it.", "2018-04-24T12:02:00+03:00"),
    ]  # fmt: skip
    assert "Report" in doc.text and "comment of the day" in doc.text  # left out, not lost


def test_a_label_every_comment_holds_alike_is_not_a_short_comment_s_body():
    def comment(n, name, text):
        return (
            f'<div id="comment_{n}" class="comment_item"><div class="comment_top">'
            '<div class="badges_text">This user has chosen to opt out of the Badges program'
            f'</div><div class="author_name"><a href="/social/{name}">{name}</a></div></div>'
            f'<div class="comment_body"><div class="comment_time">{n} minutes ago (7:1{n} PM)'
            f"</div>{text}</div></div>"
        )

    page = (
        HEAD + '<div id="comments">' + comment(1, "ann", "Link?")
        + comment(2, "bob", "Here it is, from the state's own site.")
        + comment(3, "cal", "Thanks, that settles it.") + "</div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(c.author, c.text) for c in doc.comments] == [
        ("ann", "Link?"),
        ("bob", "Here it is, from the state's own site."),
        ("cal", "Thanks, that settles it."),
    ]


def test_a_signature_line_is_a_time_and_a_sentence_mentioning_a_date_is_not():
    from lxml import html

    from reader.core.html.shapes import is_time

    def reads_as_time(markup: str) -> bool:
        return is_time(html.fragment_fromstring(markup))

    assert reads_as_time('<p><a href="https://blog.example/">Host</a> on 2014/01/01 20:31</p>')
    assert reads_as_time('<span>23.04.18 | 20:30<span> | <a href="#c1">#</a></span></span>')
    assert reads_as_time('<span><a href="/u/ann">Ann</a> 2 hours ago</span>')
    assert not reads_as_time("<p>I was there on 12/03/2015 with <a>the kids</a></p>")
