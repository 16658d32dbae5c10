"""Comment data and saved pages that real tools wrote (see data/README.md for where each
file comes from): Reddit API answers recorded by PRAW's test cassettes, YouTube Data API
answers kept by python-youtube's tests, and a page Chrome saved as MHTML."""

import gzip
import html
import json
import lzma
from datetime import datetime
from pathlib import Path

from reader.core.formats import Item, read_file
from reader.core.textio import normalise
from reader.store.project import Project

DATA = Path(__file__).resolve().parent / "data"


def _documents(path: Path) -> list:
    found = list(read_file(path))
    assert all(isinstance(f, Item) for f in found), found
    return [f.document for f in found]


def _unpacked(tmp_path: Path, name: str, opener=gzip.open) -> Path:
    """A file kept compressed in the repository, as its tool wrote it."""
    target = tmp_path / name.rsplit(".", 1)[0]
    with opener(DATA / name, "rb") as f:
        target.write_bytes(f.read())
    return target


def _reddit_comments(listing: object) -> list[dict]:
    """Every ``t1`` in a Reddit answer, replies included (the file's own count)."""
    found: list[dict] = []
    stack = [listing]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            if value.get("kind") == "t1":
                found.append(value["data"])
                stack.append(value["data"].get("replies"))
            elif value.get("kind") == "Listing":
                stack.extend(value["data"]["children"])
    return found


def test_a_reddit_submission_reads_as_its_post_and_threaded_comments():
    (doc,) = _documents(DATA / "reddit-comments-2gmzqe.json")
    assert doc.title == "[PRAW] HTTPS enabled PRAW testing needed"
    assert doc.blocks[1].text == "PRAW client developers,"  # the post's selftext
    assert doc.site == "www.reddit.com"
    assert (doc.byline, doc.date) == ("bboe", "2014-09-17T06:34:31Z")  # the post's own
    first, reply = doc.comments
    assert (first.id, first.parent, first.author) == ("t1_cklfmye", None, "paneer_burrito")
    assert first.date == "2014-09-18T01:51:52Z"  # created_utc 1411005112
    assert (reply.parent, reply.depth, reply.author) == ("t1_cklfmye", 1, "bboe")
    assert doc.text[reply.start : reply.end].startswith("Yes it does.")


def test_a_large_reddit_thread_keeps_every_comment_under_its_parent(tmp_path):
    path = _unpacked(tmp_path, "reddit-comments-3hahrw.json.gz")
    expected = {c["name"]: c for c in _reddit_comments(json.loads(path.read_text()))}
    (doc,) = _documents(path)
    assert doc.title == "Ba Dum Tsss"
    # Reddit counts 543; the rest sit behind "load more" stubs the answer does not hold
    assert doc.declared_comment_count == 543
    assert len(doc.comments) == len(expected) == 476
    for comment in doc.comments:
        data = expected[comment.id]
        parent = data["parent_id"]
        assert comment.parent == (None if parent.startswith("t3_") else parent)
        assert comment.author == data["author"]
        assert doc.text[comment.start : comment.end] == normalise(data["body"]).strip()
    assert max(c.depth for c in doc.comments) >= 9
    assert not any(key.startswith("Replies whose parent") for key, _ in doc.metadata)
    with Project.open(tmp_path / "p.reader") as project:
        (outcome,) = project.import_files([path])
        assert outcome.status == "imported"
        assert project.summary(outcome.document_id).comment_count == 476


def test_reddits_more_children_answer_is_read_and_its_orphan_counted():
    """/api/morechildren answers ``{"json": {"errors": [], "data": {"things": [...]}}}``:
    the empty ``errors`` list is not taken for the records."""
    (doc,) = _documents(DATA / "reddit-morechildren-3hahrw.json")
    assert len(doc.comments) == 11
    assert doc.comments[0].author == "Nak4000"
    assert ("Article", "t3_3hahrw") in doc.metadata
    # the batch's first comment answers one that is not in it
    assert ("Replies whose parent is missing", "1") in doc.metadata


def test_youtube_comment_threads_by_video_and_by_channel():
    (doc,) = _documents(DATA / "youtube-comment-threads-by-video.json")
    assert doc.title == "Comments on F1UP7wRCPH8"
    assert len(doc.comments) == 5
    first = doc.comments[0]
    assert (first.author, first.date) == ("himani agarwal", "2019-11-26T15:51:44.000Z")
    assert doc.text[first.start : first.end] == "Google.com"  # textOriginal, not the HTML
    by_article = {d.title: d for d in _documents(DATA / "youtube-comment-threads-all-to-me.json")}
    assert len(by_article["Comments on JE8xdDp5B8Q"].comments) == 2
    # threads on the channel itself name no video: they are grouped by their channel
    channel = by_article["Comments on UCa-vrCLQHviTOVnEKDOdetQ"]
    assert [c.author for c in channel.comments] == ["杨佳名", "杨佳名"]


def test_one_youtube_comment_thread_keeps_its_top_comment_and_reply():
    (doc,) = _documents(DATA / "youtube-comment-thread-with-reply.json")
    top, reply = doc.comments
    assert (top.author, top.parent, top.depth) == ("Loren Robilio", None, 0)
    assert (reply.author, reply.parent, reply.depth) == ("Dian Anggraeni", top.id, 1)
    assert not any(key.startswith("Replies whose parent") for key, _ in doc.metadata)


def test_youtube_replies_without_their_thread_are_orphans_counted():
    (doc,) = _documents(DATA / "youtube-comments-by-parent.json")
    assert [c.text for c in doc.comments] == doc.text.split("\n\n")
    assert ("Replies whose parent is missing", "2") in doc.metadata


def test_a_page_chrome_saved_as_mhtml_reads_as_the_page(tmp_path):
    path = _unpacked(tmp_path, "chrome-iframes.mhtml.xz", lzma.open)
    (doc,) = _documents(path)
    assert doc.title == "HTML - Iframes"
    assert doc.site == "www.tutorialspoint.com"
    assert ("URL", "https://www.tutorialspoint.com/html/html_iframes.htm") in doc.metadata
    assert "You can define an inline frame with HTML tag <iframe>." in doc.text
    for mime in ("Content-Type:", "MultipartBoundary", "=3D", "Content-Transfer-Encoding"):
        assert mime not in doc.text
    assert doc.comments == ()


def _dump_lines(tmp_path: Path) -> list[dict]:
    """The thread's comments as Reddit dumps (Pushshift, Arctic Shift) keep them: each
    comment's API object on a line of its own, its own ``id`` bare, ``parent_id`` and
    ``link_id`` as fullnames (``t1_…``, ``t3_…``)."""
    path = _unpacked(tmp_path, "reddit-comments-3hahrw.json.gz")
    lines = []
    for data in _reddit_comments(json.loads(path.read_text())):
        lines.append({**data, "replies": ""})
    lines.sort(key=lambda d: d["created_utc"])  # dumps are in time order, not thread order
    return lines


def _check_dump_threads(doc, lines: list[dict]) -> None:
    by_id = {d["id"]: d for d in lines}
    assert len(doc.comments) == len(lines)
    for comment in doc.comments:
        parent = by_id[comment.id]["parent_id"]
        assert comment.parent == (None if parent.startswith("t3_") else parent[3:])
    assert not any(key.startswith("Replies whose parent") for key, _ in doc.metadata)
    assert max(c.depth for c in doc.comments) >= 9


def test_a_reddit_dump_threads_bare_ids_under_fullname_parents(tmp_path):
    lines = _dump_lines(tmp_path)
    path = tmp_path / "RC_sample.ndjson"
    path.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")
    (doc,) = _documents(path)
    _check_dump_threads(doc, lines)
    first = next(c for c in doc.comments if c.id == lines[0]["id"])
    assert lines[0]["created_utc"] == 1439797539.0
    assert first.date == "2015-08-17T07:45:39Z"


def test_a_reddit_dump_saved_as_csv_threads_the_same(tmp_path):
    import csv

    lines = _dump_lines(tmp_path)
    columns = ["id", "parent_id", "link_id", "author", "created_utc", "body", "score"]
    path = tmp_path / "comments.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(lines)
    (doc,) = _documents(path)
    _check_dump_threads(doc, lines)


def test_a_yt_dlp_info_json_reads_as_the_video_and_its_comments(tmp_path):
    """yt-dlp ``--write-comments`` writes one ``.info.json``: the video's fields, lists of
    formats and thumbnails, then ``comments`` (``parent`` "root" or a comment's id).
    Built here with yt-dlp's field names around the comments of the YouTube thread above
    (no public info.json with comments under a redistributable licence was found)."""
    thread = json.loads((DATA / "youtube-comment-thread-with-reply.json").read_text())
    top, reply = thread["snippet"]["topLevelComment"], thread["replies"]["comments"][0]

    def comment(c: dict, parent: str) -> dict:
        s = c["snippet"]
        published = datetime.fromisoformat(s["publishedAt"].replace("Z", "+00:00"))
        return {"id": c["id"], "text": s["textOriginal"], "like_count": s["likeCount"],
                "author_id": s["authorChannelId"]["value"], "author": s["authorDisplayName"],
                "timestamp": int(published.timestamp()), "parent": parent}  # fmt: skip

    info = {
        "id": "D-lhorsDlUQ", "title": "A talk on actions",
        "formats": [{"format_id": "18", "url": "https://example.invalid/v", "ext": "mp4"}],
        "thumbnails": [{"url": "https://example.invalid/t.jpg", "id": "0"}],
        "description": "What the talk is about.\n\nSecond paragraph.",
        "uploader": "Google Developers", "timestamp": 1561200000,
        "webpage_url": "https://www.youtube.com/watch?v=D-lhorsDlUQ",
        "comment_count": 3,
        "comments": [comment(top, "root"), comment(reply, top["id"])],
    }  # fmt: skip
    path = tmp_path / "talk [D-lhorsDlUQ].info.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    (doc,) = _documents(path)
    assert doc.title == "A talk on actions"
    assert [b.text for b in doc.blocks[1:]] == ["What the talk is about.", "Second paragraph."]
    assert (doc.byline, doc.date) == ("Google Developers", "2019-06-22T10:40:00Z")
    assert doc.site == "www.youtube.com"
    assert doc.declared_comment_count == 3
    first, answer = doc.comments
    assert (first.author, first.parent, first.date) == (
        "Loren Robilio",
        None,
        "2019-06-23T08:24:24Z",
    )
    assert (answer.parent, answer.depth) == (first.id, 1)
    assert not any(key.startswith("Replies whose parent") for key, _ in doc.metadata)


def test_youtube_comments_without_their_original_text_read_the_display_text(tmp_path):
    """The API gives ``textOriginal`` only where the viewer may see it; ``textDisplay``
    is HTML (the real answer with its ``textOriginal`` fields taken out)."""
    answer = json.loads((DATA / "youtube-comment-threads-by-video.json").read_text())
    for item in answer["items"]:
        del item["snippet"]["topLevelComment"]["snippet"]["textOriginal"]
    path = tmp_path / "threads.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    (doc,) = _documents(path)
    texts = [doc.text[c.start : c.end] for c in doc.comments]
    assert texts[0] == "Google.com"  # <a href="http://google.com/">Google.com</a>
    original = json.loads((DATA / "youtube-comment-threads-by-video.json").read_text())
    expected = [
        normalise(i["snippet"]["topLevelComment"]["snippet"]["textOriginal"]).strip()
        for i in original["items"]
    ]
    assert texts == expected


def test_a_reddit_dump_with_escaped_bodies_reads_them_as_written(tmp_path):
    """Pushshift's and Arctic Shift's bodies keep Reddit's escaping (``&gt;`` before a
    quoted line, ``&amp;``)."""
    lines = _dump_lines(tmp_path)
    quoted = [d for d in lines if d["body"].startswith(">")]
    assert quoted  # the thread quotes: "&gt;I have a glandular problem!"
    path = tmp_path / "RC_escaped.ndjson"
    escaped = [{**d, "body": html.escape(d["body"], quote=False)} for d in lines]
    path.write_text("".join(json.dumps(d) + "\n" for d in escaped), encoding="utf-8")
    (doc,) = _documents(path)
    by_id = {d["id"]: d for d in lines}
    for comment in doc.comments:
        assert doc.text[comment.start : comment.end] == normalise(by_id[comment.id]["body"]).strip()


def test_a_hacker_news_item_tree_reads_as_its_story_and_threaded_comments(tmp_path):
    """Shaped as Algolia's ``/api/v1/items/ID`` answers: the story with its comments
    nested in ``children``, each with ``story_id``, ``parent_id`` and HTML text (no
    such answer under a redistributable licence was found to keep)."""

    def item(id_, parent, author, text, children=(), **extra):
        return {"id": id_, "created_at": "2007-02-19T10:00:00.000Z",
                "created_at_i": 1171879200 + id_, "type": "comment", "author": author,
                "title": None, "url": None, "text": text, "points": None,
                "parent_id": parent, "story_id": 1, "children": list(children),
                "options": [], **extra}  # fmt: skip

    reply = item(3, 2, "b", "It&#x27;s <i>nested</i>.")
    first = item(2, 1, "a", '<p>First paragraph.<p>Second, with a <a href="x">link</a>.', [reply])
    story = item(1, None, "pg", None, [first, item(4, 1, "c", "Top level too")])
    story.update(type="story", title="A story", url="http://example.com/a", points=5)
    path = tmp_path / "item.json"
    path.write_text(json.dumps(story), encoding="utf-8")
    (doc,) = _documents(path)
    assert (doc.title, doc.byline) == ("A story", "pg")
    texts = [(c.id, c.parent, c.depth, doc.text[c.start : c.end]) for c in doc.comments]
    assert texts == [
        ("2", None, 0, "First paragraph.\n\nSecond, with a link."),
        ("3", "2", 1, "It's nested."),
        ("4", None, 0, "Top level too"),
    ]
