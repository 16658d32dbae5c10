"""Hypothesis's exports come in onto the right passages of the right documents: its
JSON-LD, its client's JSON export and its API's search results, matched by the address
each saved page declares (canonical, og:url, the browser's saved-from mark), replies kept
with their annotation, ``document=`` for a page whose address matches none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.web_address import page_urls, url_key
from reader.store import page_urls as stored_urls
from reader.store.project import Project

DATA = Path(__file__).parent / "data" / "hypothesis"


@pytest.fixture
def project(project):
    """Two saved pages in a project of each engine (``conftest.project``)."""
    project.import_files([DATA / "ferry.html", DATA / "bridge.html"])
    return project


def _docs(p: Project) -> dict[str, int]:
    return {Path(s.source_path).stem: s.id for s in p.documents()}


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _placed(p: Project) -> dict[str, tuple[str, str, tuple[str, ...], str]]:
    """quote -> (document, note, tag names, created) of every annotation."""
    names = {v: k for k, v in _docs(p).items()}
    out = {}
    for a in p.annotations():
        assert not a.orphan
        text = p.load(a.document_id).text
        assert text[a.start : a.end] == a.exact
        tags = tuple(p.tag(t).name for t in a.tags)
        out[a.exact] = (names[a.document_id], a.note, tags, a.created)
    return out


def test_a_saved_page_declares_its_addresses():
    page = (DATA / "ferry.html").read_text(encoding="utf-8")
    assert page_urls(page) == (
        "https://www.harbourtimes.example/news/ferry-timetable",
        "https://www.harbourtimes.example/news/ferry-timetable?ref=1",
    )
    single_file = "<html><!--\n Page saved with SingleFile \n url: https://a.example/x \n-->"
    assert page_urls(single_file + "<head></head></html>") == ("https://a.example/x",)
    assert page_urls("<p>no head at all</p>") == ()


def test_addresses_compare_as_the_same_page():
    same = [
        "https://www.harbourtimes.example/news/ferry-timetable",
        "http://harbourtimes.example/news/ferry-timetable/",
        "https://HarbourTimes.example:443/news/ferry-timetable#comments",
        "https://harbourtimes.example/news/ferry-timetable?utm_source=x&fbclid=y",
    ]
    assert len({url_key(u) for u in same}) == 1
    assert url_key("https://a.example/x?b=2&a=1") == url_key("https://a.example/x?a=1&b=2")
    assert url_key("https://a.example/x?id=1") != url_key("https://a.example/x?id=2")
    assert url_key("file:///home/x.html") is None


def test_the_addresses_are_recorded_at_import(project):
    urls = stored_urls.addresses(project._conn)
    docs = _docs(project)
    assert urls[docs["bridge"]] == ("https://valleypost.example/local/bridge-repairs",)
    assert len(urls[docs["ferry"]]) == 2


def test_hypothesis_jsonld_comes_in(project):
    result = project.import_w3c(_load("jsonld.json"))
    assert (result.added, result.orphaned, result.failed) == (2, 0, ())
    placed = _placed(project)
    doc, note, tags, created = placed["calls this a modest adjustment"]
    assert doc == "ferry" and tags == ("framing", "operator voice")
    assert note == "The operator's word. Compare the **parents'** account below."
    assert created == "2026-11-02T08:14:03.512Z"
    doc, note, tags, _ = placed["Residents were not convinced by the promise"]
    assert (doc, note, tags) == ("bridge", "", ("Residents",))


def test_hypothesis_client_export_comes_in_with_its_replies(project):
    result = project.import_w3c(_load("client_export.json"))
    assert (result.added, result.failed) == (2, ())
    placed = _placed(project)
    doc, note, tags, _ = placed["the change will cost families an hour every morning"]
    assert doc == "ferry" and tags == ("cost", "families")
    own, rule, first, second = note.split("\n\n", 3)
    assert own == "Cost to families: the figure the story leads with.\r\nSource? 🚢"
    assert rule == "---"
    assert first == "**Reply from Tomas R.** · 2026-11-03"
    assert second.startswith("> The council's own survey said 40 minutes, not an hour.")
    assert "**Reply from mira_k@hypothes.is** · 2026-11-03" in note  # no display name
    assert ">> Good catch; the survey is from 2019 though." in note  # a reply to the reply
    assert ">> Tags: check" in note
    assert note.index("40 minutes") < note.index("Good catch")
    assert placed["There was no consultation worth the name"][:3] == (
        "ferry", "", ("consultation",),
    )  # fmt: skip


def test_hypothesis_api_search_results_come_in(project):
    result = project.import_w3c(_load("api_search.json"))
    assert (result.added, result.failed) == (2, ())
    placed = _placed(project)
    doc, note, tags, _ = placed["removes the 7.10 sailing"]  # matched by the saved-from mark
    assert doc == "ferry" and tags == ("schools", "framing")
    assert note.startswith("Only the **7.10** matters")
    # the same words are in both pages: the address decides, then the quote
    doc, note, tags, _ = placed["a modest adjustment"]
    assert doc == "bridge" and tags == ("framing",)
    assert note.endswith(
        "**Reply from Mira K.** · 2026-11-04\n\n> Press-office boilerplate, probably."
    )
    # importing the same results again adds nothing
    assert project.import_w3c(_load("api_search.json")).present == 2


def test_a_reply_without_its_annotation_is_reported(project):
    data = _load("api_search.json")
    data["rows"] = data["rows"][:1]
    result = project.import_w3c(data)
    assert result.added == 1
    [reason] = result.failed
    assert "h7XcSoO9Ee6dP3uMr9BsGg" in reason and "not in the file" in reason


def test_the_user_names_the_document_when_no_address_matches(project):
    data = _load("jsonld.json")
    for item in data:
        item["target"][0]["source"] = "https://archive.example/web/2026/elsewhere"
    result = project.import_w3c(data)
    assert result.added == 0 and len(result.failed) == 2
    assert "--document" in result.failed[0]
    result = project.import_w3c(data, document=_docs(project)["ferry"])
    assert (result.added, result.orphaned) == (2, 1)  # the bridge quote is not in the ferry page


def test_pages_imported_before_addresses_were_kept_are_read_again(project):
    project._conn.execute("DELETE FROM document_urls")
    project._conn.commit()
    result = project.import_w3c(_load("jsonld.json"))
    assert (result.added, result.failed) == (2, ())


def test_a_page_is_read_for_its_addresses_once(project, tmp_path):
    page = tmp_path / "plain.html"
    page.write_text("<html><head><title>No address</title></head><body><p>Text.</p></body></html>")
    project.import_files([page])
    project._conn.execute("DELETE FROM document_urls")
    project._conn.commit()
    found = stored_urls.addresses(project._conn)  # reads each page, records what it found
    plain = _docs(project)["plain"]
    assert plain not in found and found[_docs(project)["bridge"]]
    # a page that declares none is marked as read, so it is not read at every import
    marked = project._conn.execute(
        "SELECT url FROM document_urls WHERE document_id = ?", (plain,)
    ).fetchall()
    assert marked == [("",)]


def test_a_page_note_is_reported_not_lost_silently(project):
    data = _load("client_export.json")
    note = dict(data["annotations"][0], id="pAgEnOtE0000000000000a", text="On the whole page")
    note["target"] = [{"source": note["uri"]}]
    note["links"] = {"html": "https://hypothes.is/a/pAgEnOtE0000000000000a"}
    data["annotations"].append(note)
    result = project.import_w3c(data)
    assert result.added == 2
    [reason] = result.failed
    assert "page note" in reason and "pAgEnOtE0000000000000a" in reason
