"""Comment datasets: records grouped into one document per article, replies nested by
parent id, orphans kept at the top level and counted; common shapes without a mapping."""

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.formats import Item, ReadOptions, read_file
from reader.core.formats.dataset_records import timestamp
from reader.core.formats.datasets import FieldMapping, MappingError
from reader.core.textio import UnreadableFile
from reader.store.project import Project

RECORDS = [
    {"id": "1", "parent_id": None, "author": "ann", "created_utc": 1700000000,
     "body": "The library vote was the right call for the town.", "article_id": "a1",
     "article_title": "Library stays open"},
    {"id": "2", "parent_id": "1", "author": "bob", "created_utc": 1700000100,
     "body": 'I agree: "the library vote was the right call" and more.', "article_id": "a1"},
    {"id": "3", "parent_id": "2", "author": "cy", "created_utc": 1700000200,
     "body": "Third level.", "article_id": "a1"},
    {"id": "4", "parent_id": "99", "author": "dee", "created_utc": 1700000300,
     "body": "My parent was deleted.", "article_id": "a1"},
    {"id": "5", "parent_id": None, "author": "eve", "created_utc": 1700000400,
     "body": "On the other story.", "article_id": "a2"},
]  # fmt: skip


def _items(path, **options):
    return [f for f in read_file(path, ReadOptions(**options)) if isinstance(f, Item)]


def _write(tmp_path, kind):
    path = tmp_path / f"comments.{kind}"
    if kind == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    elif kind == "json":
        path.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    else:
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(RECORDS[0]))
            writer.writeheader()
            writer.writerows(RECORDS)
    return path


@pytest.mark.parametrize("kind", ["jsonl", "json", "csv"])
def test_records_become_one_threaded_document_per_article(tmp_path, kind):
    items = _items(_write(tmp_path, kind))
    assert [i.key for i in items] == ["a1", "a2"]
    first = items[0].document
    assert first.title == "Library stays open"
    assert [(c.id, c.parent, c.depth) for c in first.comments] == [
        ("1", None, 0), ("2", "1", 1), ("3", "2", 2), ("4", None, 0),
    ]  # fmt: skip
    assert first.comments[1].author == "bob"
    assert first.comments[0].date == "2023-11-14T22:13:20Z"
    assert ("Replies whose parent is missing", "1") in first.metadata
    for c in first.comments:
        assert first.text[c.start : c.end] == c.text
    # The quotation of comment 1 in comment 2 is linked, as in any thread.
    assert any(link.source.comment == "2" and link.target.comment == "1" for link in first.links)
    assert items[1].document.title == "Comments on a2"


def test_nested_replies_youtube_and_reddit_need_no_mapping(tmp_path):
    nested = tmp_path / "nested.json"
    nested.write_text(json.dumps([
        {"id": "t", "user": "ann", "text": "Top.", "replies": [
            {"id": "r", "user": "bob", "text": "Reply.", "replies": [{"text": "Deeper."}]}]}
    ]))  # fmt: skip
    doc = _items(nested)[0].document
    assert [(c.text, c.depth) for c in doc.comments] == [("Top.", 0), ("Reply.", 1), ("Deeper.", 2)]

    def yt(cid, text, parent=None):
        snippet = {
            "videoId": "vid1",
            "authorDisplayName": f"@{cid}",
            "textOriginal": text,
            "textDisplay": f"<b>{text}</b>",
            "publishedAt": "2024-01-02T03:04:05Z",
        }
        if parent:
            snippet["parentId"] = parent
        return {"kind": "youtube#comment", "id": cid, "snippet": snippet}

    youtube = tmp_path / "threads.json"
    youtube.write_text(json.dumps({
        "kind": "youtube#commentThreadListResponse", "pageInfo": {"totalResults": 1},
        "items": [{"kind": "youtube#commentThread", "id": "th1", "snippet": {
            "videoId": "vid1", "topLevelComment": yt("c1", "Great video.")},
            "replies": {"comments": [yt("c1.r1", "Thanks!", "c1")]}}],
    }))  # fmt: skip
    doc = _items(youtube)[0].document
    assert [(c.id, c.parent, c.author, c.text) for c in doc.comments] == [
        ("c1", None, "@c1", "Great video."), ("c1.r1", "c1", "@c1.r1", "Thanks!"),
    ]  # fmt: skip

    def t1(cid, parent, body, replies=""):
        return {
            "kind": "t1",
            "data": {
                "id": cid,
                "name": f"t1_{cid}",
                "parent_id": parent,
                "link_id": "t3_p",
                "author": f"u{cid}",
                "body": body,
                "created_utc": 1.7e9,
                "replies": replies,
            },
        }

    listing = lambda children: {"kind": "Listing", "data": {"children": children}}  # noqa: E731
    reddit = tmp_path / "reddit.json"
    reddit.write_text(json.dumps([
        listing([{"kind": "t3", "data": {"id": "p", "name": "t3_p", "title": "Ask the town",
                  "selftext": "What do you think?", "url": "https://www.reddit.com/r/x/p/"}}]),
        listing([t1("a", "t3_p", "First.", listing([t1("b", "t1_a", "Reply to first.")]))]),
    ]))  # fmt: skip
    doc = _items(reddit)[0].document
    assert doc.title == "Ask the town"
    assert "What do you think?" in doc.text
    assert [(c.id, c.parent) for c in doc.comments] == [("t1_a", None), ("t1_b", "t1_a")]
    assert doc.site == "www.reddit.com"


def test_a_mapping_names_unusual_fields(tmp_path):
    path = tmp_path / "odd.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["cmt", "answers", "who", "words", "story"])
        writer.writerow(["x1", "", "ann", "Top.", "s"])
        writer.writerow(["x2", "x1", "bob", "Reply.", "s"])
    with pytest.raises(UnreadableFile, match="--map"):
        read_file(path)
    mapping = FieldMapping.parse("id=cmt,parent=answers,author=who,text=words,article=story")
    doc = _items(path, mapping=mapping)[0].document
    assert [(c.id, c.parent, c.author) for c in doc.comments] == [
        ("x1", None, "ann"), ("x2", "x1", "bob"),
    ]  # fmt: skip
    with pytest.raises(MappingError):
        FieldMapping.parse("id=cmt,nonsense=x,text=words")
    result = subprocess.run(
        [sys.executable, "-m", "reader.app", "parse", str(path), "--json",
         "--map", "id=cmt,parent=answers,text=words,article=story"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["format"] == "comment data (CSV)"
    assert len(out["documents"][0]["comments"]) == 2


def test_importing_a_dataset_twice_leaves_it_unchanged_and_keeps_annotations(tmp_path):
    path = _write(tmp_path, "jsonl")
    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([path])
        assert [(o.status, o.item) for o in outcomes] == [
            ("imported", "Library stays open"), ("imported", "Comments on a2"),
        ]  # fmt: skip
        doc_id = outcomes[0].document_id
        doc = project.load(doc_id)
        c = doc.comments[1]
        project.add_annotation(doc_id, c.start, c.start + 5)
        assert {o.status for o in project.import_files([path])} == {"unchanged"}
        # A new reply arrives: the document is updated, the annotation stays on its words.
        more = RECORDS + [{"id": "6", "parent_id": "1", "body": "Late reply.", "article_id": "a1"}]
        path.write_text("\n".join(json.dumps(r) for r in more), encoding="utf-8")
        statuses = {o.item: o.status for o in project.import_files([path])}
        assert statuses == {"Library stays open": "updated", "Comments on a2": "unchanged"}
        (annotation,) = project.annotations(doc_id)
        assert annotation.exact == c.text[:5] and not annotation.orphan
        assert project.summary(doc_id).comment_count == 5
        # Reopened from the project file, the thread is as read.
    with Project.open(tmp_path / "p.reader") as project:
        assert project.load(doc_id).comments[-1].text == "My parent was deleted."


def test_a_cli_import_prints_a_line_per_article(tmp_path):
    path = _write(tmp_path, "csv")
    result = subprocess.run(
        [sys.executable, "-m", "reader.app", "import", str(tmp_path / "p.reader"), str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"imported   {path} › Library stays open",
        f"imported   {path} › Comments on a2",
    ]


def test_a_long_file_reports_progress_and_can_be_cancelled(tmp_path, monkeypatch):
    from reader.core.formats import datasets

    monkeypatch.setattr(datasets, "_PROGRESS_EVERY", 2)
    path = _write(tmp_path, "jsonl")
    heard = []
    items = _items(path, progress=lambda done, label: heard.append(label) or True)
    assert len(items) == 2
    assert "2 comments read" in heard and "5 of 5 comments threaded" in heard
    stopped = list(read_source_with(path, lambda done, label: False))
    assert stopped == []


def read_source_with(path, progress):
    from reader.core.formats import read_source

    return read_source(path, ReadOptions(progress=progress))


def test_a_file_over_its_format_limit_is_refused_with_the_figures(tmp_path, monkeypatch):
    import dataclasses

    from reader.core import formats

    path = _write(tmp_path, "jsonl")
    small = dataclasses.replace(formats.READERS["dataset"], max_bytes=100)
    monkeypatch.setitem(formats.READERS, "dataset", small)
    with pytest.raises(UnreadableFile, match=r"comment data \(JSON\) of 0 MB; Reader reads such"):
        read_file(path)
    with Project.open(tmp_path / "p.reader") as project:
        (outcome,) = project.import_files([path])
        assert outcome.status == "failed" and "up to 0 MB" in outcome.reason


def test_records_that_are_not_comments_are_named(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"width": 3, "height": 4}))
    with pytest.raises(UnreadableFile, match="fields: width, height"):
        read_file(path)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1, "text": "a"}\n{"id": 2, "text": \n')
    with pytest.raises(UnreadableFile, match="line 2"):
        read_file(broken)


def test_a_csv_in_a_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "legacy.csv"
    with path.open("w", newline="", encoding="cp1252") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "parent_id", "author", "text"])
        for i in range(40):  # enough text for the encoding to be recognised
            writer.writerow([str(i), "", "Zoë", f"Le café était fermé, numéro {i} — déjà vu."])
    doc = _items(path)[0].document
    assert doc.comments[0].author == "Zoë"
    assert doc.comments[0].text == "Le café était fermé, numéro 0 — déjà vu."


def test_cancelling_while_a_long_file_is_read_skips_the_rest(tmp_path, monkeypatch):
    from reader.core.formats import datasets

    monkeypatch.setattr(datasets, "_PROGRESS_EVERY", 2)
    path = _write(tmp_path, "jsonl")
    other = tmp_path / "other.txt"
    other.write_text("A headline\n\nA paragraph of the article.\n")

    said: list[str] = []

    def progress(done, total, label):  # like a dialog: Cancel when the long file reports
        said.append(label)
        return not any(" — " in x for x in said)

    with Project.open(tmp_path / "p.reader") as project:
        outcomes = project.import_files([path, other], progress=progress)
        assert [o.status for o in outcomes] == ["skipped", "skipped"]
        assert project.documents() == []


def test_json_lines_with_a_record_longer_than_the_sniffed_head(tmp_path):
    path = tmp_path / "long.jsonl"
    long_text = "word " * 40_000  # 200 KB in the first record
    records = [{"id": "1", "text": long_text, "article_id": "a"}, {"id": "2", "parent_id": "1",
               "text": "short reply", "article_id": "a"}]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    doc = _items(path)[0].document
    assert [c.id for c in doc.comments] == ["1", "2"]


def test_a_csv_separated_by_semicolons_as_spreadsheets_in_many_locales_write(tmp_path):
    path = tmp_path / "excel.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["comment_id", "parent_id", "text"])
        writer.writerow(["1", "", "First, with a comma, and another."])
        writer.writerow(["2", "1", "A reply, also with commas."])
    doc = _items(path)[0].document
    assert [(c.id, c.parent, c.text) for c in doc.comments] == [
        ("1", None, "First, with a comma, and another."), ("2", "1", "A reply, also with commas."),
    ]  # fmt: skip


def test_annotation_files_are_not_taken_for_comment_data():
    """Hypothesis's exports (the exchange tests' files) and W3C Web Annotations go in with
    import-annotations; as comment data they would be nonsense."""
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "store" / "data" / "hypothesis"
    for name in ("api_search.json", "client_export.json", "jsonld.json"):
        with pytest.raises(UnreadableFile, match="reader import-annotations"):
            read_file(data / name)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.integers(-10, 260_000_000_000),
        st.floats(-10, 260_000_000_000, allow_nan=False),
        st.integers(1_600_000_000, 1_800_000_000).map(str),
    )
)
def test_a_unix_time_is_written_as_datetime_writes_it(value) -> None:
    """Seconds (or milliseconds) become the UTC time datetime gives for them, to the
    second (the fast way through a table of days and minutes must not drift)."""
    number = float(value) if isinstance(value, str) else value
    seconds = number / 1000 if number > 1e11 else number
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return
    if seconds < 0 or moment.year > 9999:
        return
    expected = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    if seconds % 1 >= 0.999:
        return  # datetime rounds these up, a second later; timestamp leaves them to it
    assert timestamp(value) == expected
