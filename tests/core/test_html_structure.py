"""Saved pages whose threads only their structure gives away: the markup families a
corpus meets beyond the named ones, each read into the right reply tree, names and dates.
"""

from reader.core.html.page import parse_html
from reader.core.model import Document

HEAD = (
    "<html><head><title>T</title></head><body><article><p>The article body, long enough"
    " to be taken for an article by any extractor that reads it.</p></article>"
)


def tree(doc: Document) -> list[tuple]:
    by_id = {c.id: c for c in doc.comments}
    return [
        (c.author, by_id[c.parent].author if c.parent else None, c.text, c.kind)
        for c in doc.comments
    ]


def test_wordpress_article_in_li_comment_with_children_lists():
    def item(n, name, text, replies=""):
        return (
            f'<li class="comment depth-1" id="li-comment-{n}"><article id="comment-{n}"'
            f' class="comment-body"><footer class="comment-meta"><div class="comment-author'
            f' vcard"><b class="fn">{name}</b> <span class="says">says:</span></div>'
            f'<time datetime="2024-05-0{n}T10:00:00+00:00">May {n}</time></footer>'
            f'<div class="comment-content"><p>{text}</p></div></article>{replies}</li>'
        )

    replies = '<ol class="children">' + item(2, "Bea", "A reply.") + "</ol>"
    page = (
        HEAD + '<ol class="comment-list">' + item(1, "Ann", "First.", replies)
        + item(3, "Cal", "Second.") + '<li class="pingback" id="li-comment-4"><div'
        ' class="comment-body">Pingback: <a href="https://example.org/x">A blog that linked'
        " here</a></div></li></ol></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert tree(doc)[:3] == [
        ("Ann", None, "First.", "comment"),
        ("Bea", "Ann", "A reply.", "comment"),
        ("Cal", None, "Second.", "comment"),
    ]
    assert doc.comments[3].kind == "pingback"
    assert doc.comments[1].date == "2024-05-02T10:00:00+00:00"


def test_definition_list_theme_nested_by_depth_class():
    def pair(n, name, text, depth):
        return (
            f'<dt id="comment-{n}" class="comment depth-{depth}"><cite>{name}</cite> on'
            f" <span>12 March 2012 at 10:0{n}</span></dt>"
            f'<dd class="depth-{depth}"><p>{text}</p></dd>'
        )

    page = (
        HEAD + '<dl class="commentlist">' + pair(1, "Ann", "Top.", 1)
        + pair(2, "Bea", "Reply to Ann.", 2) + pair(3, "Cal", "Another top.", 1)
        + "</dl></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(a, p, t) for a, p, t, _ in tree(doc)] == [
        ("Ann", None, "Top."),
        ("Bea", "Ann", "Reply to Ann."),
        ("Cal", None, "Another top."),
    ]


def test_schema_org_comment_microdata():
    def comment(name, text, inner=""):
        return (
            '<div itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
            f'<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            f'<span itemprop="name">{name}</span></span>'
            '<meta itemprop="dateCreated" content="2023-01-02">'
            f'<time itemprop="dateCreated" datetime="2023-01-02T08:00">Jan 2</time>'
            f'<div itemprop="text"><p>{text}</p></div>{inner}</div>'
        )

    page = (
        HEAD + "<section>" + comment("Ann", "Top level.", comment("Bea", "Nested reply."))
        + comment("Cal", "Second top level.") + "</section></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(a, p, t) for a, p, t, _ in tree(doc)] == [
        ("Ann", None, "Top level."),
        ("Bea", "Ann", "Nested reply."),
        ("Cal", None, "Second top level."),
    ]


def test_unnamed_flat_divs_nested_by_indentation_with_profile_links_and_relative_times():
    def row(name, text, indent, ago):
        return (
            f'<div class="x1"><div style="padding-left:{indent}px"><div class="h"><a'
            f' href="/user/{name}/">{name}</a> · <a href="/r/x/c/1">{ago} hours ago</a></div>'
            f'<div class="b"><p>{text}</p></div><div><button>Reply</button></div></div></div>'
        )

    page = (
        HEAD + '<div class="q7">' + row("ann", "A first thought about it all.", 16, 5)
        + row("bea", "A reply to that first thought.", 37, 4)
        + row("cal", "A reply to the reply, deeper.", 58, 3)
        + row("dee", "Another thought at the top.", 16, 2) + "</div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(a, p) for a, p, _, _ in tree(doc)] == [
        ("ann", None),
        ("bea", "ann"),
        ("cal", "bea"),
        ("dee", None),
    ]
    assert doc.comments[0].date == "5 hours ago"
    assert "Reply" not in " ".join(c.text for c in doc.comments)


def test_flat_items_naming_their_parent():
    def item(n, parent, name, text):
        return (
            f'<div class="comment" data-id="{n}" data-parent="{parent}">'
            f'<span class="author">{name}</span> <time datetime="2020-01-0{n}">x</time>'
            f'<div class="comment-text">{text}</div></div>'
        )

    page = (
        HEAD + '<div id="comments">' + item(1, 0, "Ann", "One.") + item(2, 0, "Bea", "Two.")
        + item(3, 1, "Cal", "Reply to one.") + "</div></body></html>"
    )  # fmt: skip
    doc = parse_html(page)
    assert [(a, p) for a, p, _, _ in tree(doc)] == [("Ann", None), ("Bea", None), ("Cal", "Ann")]


def test_a_list_of_teasers_with_dates_is_not_a_thread():
    teaser = (
        '<li class="story"><a href="/news/{0}">Headline number {0} about the council</a>'
        ' <time datetime="2024-01-0{0}">Jan {0}</time></li>'
    )
    page = (
        HEAD + '<ul class="related">' + "".join(teaser.format(i) for i in range(1, 6))
        + "</ul></body></html>"
    )  # fmt: skip
    assert parse_html(page).comments == ()


def test_widget_times_and_prefixed_name_classes_are_evidence():
    from lxml import html

    from reader.core.html.shapes import is_author, is_time

    def el(markup):
        return html.fragment_fromstring(markup)

    assert is_time(el("<span>15h</span>")) and is_time(el("<span>3 d</span>"))
    assert not is_time(el("<span>15 hours of footage</span>"))
    assert is_author(el('<span class="sppre_username">Scal8585</span>'))
    assert is_author(el('<span class="c-nickname">ann_b</span>'))
    assert not is_author(el('<span class="comment-author-box">Ann, May 3, 2024, 10:00</span>'))


def test_css_module_class_names_are_read_without_their_hash():
    def item(name, text):
        return (
            '<div class="comment--2g6iCC-R"><div class="body--1atSUTC3"><div'
            f' class="username--2Y8YKhbw"><a href="https://forums.example.com/posts/2420">{name}'
            '</a></div><div class="date--1IyXK9_e">3 months ago</div><div'
            f' class="content--2GFZCWhT">{text}</div></div></div>'
        )

    page = HEAD + "<section>" + "".join(
        item(n, f"{n} thinks the new pencil will be thinner, with a shorter battery life.")
        for n in ("jyen", "Return Zero", "gugy")
    ) + "</section></body></html>"  # fmt: skip
    doc = parse_html(page)
    assert [c.author for c in doc.comments] == ["jyen", "Return Zero", "gugy"]
    assert all(c.date == "3 months ago" for c in doc.comments)


def test_titled_comments_signed_by_a_by_line_among_other_boxes():
    def item(title, name, when, text):
        return (
            '<div class="article_comment_item"><div class="comment_infos">'
            f'<div class="comment_title">{title}</div><div class="comment_author">Soumis par'
            f' <span class="comment_author_name">{name}</span>, le {when}</div></div>'
            f'<div class="comment_content"><p>{text}</p></div></div><div class="clearer"></div>'
        )

    page = HEAD + "<div>" + "".join(
        item(title, name, f"lundi {n} octobre 2012 à 15h4{n}",
             f"Le commentaire numéro {n} de {name}, assez long pour être un vrai texte.")
        for n, name, title in ((1, "Xolotl", "Une histoire bien française"),
                               (2, "MichelP", "Le charognard"), (3, "Roger-Wielgus", "Ma copie"))
    ) + '<div class="login">Connectez-vous pour commenter.</div></div></body></html>'  # fmt: skip
    doc = parse_html(page)
    assert [c.author for c in doc.comments] == ["Xolotl", "MichelP", "Roger-Wielgus"]
    assert doc.comments[0].text.startswith("Une histoire bien française\n\nLe commentaire")
    assert "29" not in (doc.comments[0].date or "") and "octobre 2012" in doc.comments[0].date


def test_a_box_that_only_holds_the_text_is_not_a_reply_and_a_mention_stays_in_it():
    def item(name, body):
        return (
            '<article class="fyre-comment-article"><div class="fyre-comment-wrapper">'
            f'<header class="fyre-comment-head"><a class="fyre-comment-username">{name}</a>'
            '<span class="fyre-comment-author-tag">subscriber</span></header>'
            f'<section class="fyre-comment-body"><div class="fyre-comment">{body}</div>'
            "</section></div></article>"
        )

    mention = (
        '<p><a href="http://example.com/user/profile/public/E1_0MC" class="fyre-mention">@'
        "<span>Chuck Roehrich</span></a> </p><p>she has been saying that for years now.</p>"
    )
    page = HEAD + '<div id="comments"><div class="fyre-stream-content">' + "".join((
        item("Victor Watermann", "<p>Get yourself a copy of the book, it is all in there.</p>"),
        item("Chuck Roehrich", "<p>It is not that she is not competent, she is hard to like."
             "</p>"),
        item("Dave Mulligan", mention),
    )) + "</div></div></body></html>"  # fmt: skip
    doc = parse_html(page)
    assert [(c.author, c.parent) for c in doc.comments] == [
        ("Victor Watermann", None), ("Chuck Roehrich", None), ("Dave Mulligan", None)
    ]  # fmt: skip
    assert doc.comments[2].text.startswith("@Chuck Roehrich")


def test_a_name_box_holding_the_time_gives_the_name_alone_and_an_address_is_no_name():
    def item(name, when, text):
        return (
            f'<li><div class="c97comment-author">{name}<span>{when}</span></div>'
            f'<div class="c97comment-body"><p>{text}</p><p>See'
            ' <a href="http://example.com/users/blog/full_index">http://example.com/users/blog/'
            "full_index</a></p></div></li>"
        )

    page = HEAD + '<div id="comments"><ul class="comment-list">' + "".join(
        item(name, f"Saturday, November {n}, 2012 10:{n}", f"Thought number {n} on false sharing.")
        for n, name in ((24, "Damon Hart-Davis"), (25, "guest"), (26, "Suminda Dharmasena"))
    ) + "</ul></div></body></html>"  # fmt: skip
    doc = parse_html(page)
    assert [c.author for c in doc.comments] == ["Damon Hart-Davis", "guest", "Suminda Dharmasena"]
    assert doc.comments[0].date == "Saturday, November 24, 2012 10:24"
