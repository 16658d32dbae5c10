"""Coders: every annotation and correction records who made it; an older project becomes
its first coder's; imports keep a W3C ``creator``; exports carry the coder."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

from lxml import etree

from reader.app import main
from reader.core.corrections import CorrectionKind, make_correction
from reader.store.export.refi import read_qdpx
from reader.store.project import Project
from reader.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.store.coded import build
from tests.store.conftest import sqlite_only
from tests.store.test_export import DATA


def _open(tmp_path, coder=None):
    return Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups", coder=coder)


def test_annotations_and_corrections_carry_their_coder(open_project, tmp_path, seeds):
    with open_project(coder="  Ada   Lovelace ") as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        tag = p.add_tag("Claim")
        mine = p.add_annotation(doc_id, 0, 10, [tag.id])
        theirs = p.add_annotation(doc_id, 5, 15, [tag.id], coder="Grace")
        doc = p.load(doc_id)
        record = p.add_correction(
            doc_id, make_correction(doc, CorrectionKind.BOILERPLATE, doc.comments[0].start)
        )
        assert mine.coder == "Ada Lovelace" and theirs.coder == "Grace"
        assert record.coder == "Ada Lovelace"
    with open_project() as p:  # kept in the file
        coders = {a.id: a.coder for a in p.annotations()}
        assert coders == {mine.id: "Ada Lovelace", theirs.id: "Grace"}
        assert p.corrections(doc_id)[0].coder == "Ada Lovelace"
        listed = {c.name: (c.annotations, c.corrections) for c in p.coders()}
        assert listed == {"Ada Lovelace": (1, 1), "Grace": (1, 0)}
        # Undo then redo of a delete gives the same coder back.
        record_a = p.delete_annotation(theirs.id)
        p.restore_annotation(record_a)
        assert p.annotation(theirs.id).coder == "Grace"


# The schema version a file had before the coders migration (later ones may follow it).
_BEFORE_CODERS = next(
    i for i, step in enumerate(MIGRATIONS) if "TABLE IF NOT EXISTS coders" in step
)


@sqlite_only  # an old file migrated
def test_an_older_project_becomes_its_first_coders(open_project, tmp_path, seeds):
    with open_project() as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        tag = p.add_tag("Claim")
        old = p.add_annotation(doc_id, 0, 10, [tag.id], note="an old note")
        assert old.coder == ""
    # Make the file what the version before coders wrote: no coder column, no table.
    conn = sqlite3.connect(tmp_path / "p.reader")
    conn.execute("DROP INDEX annotations_by_coder")
    conn.execute("ALTER TABLE annotations DROP COLUMN coder")
    conn.execute("ALTER TABLE annotations DROP COLUMN note_coder")
    conn.execute("ALTER TABLE corrections DROP COLUMN coder")
    conn.execute("DROP TABLE coders")
    conn.execute(f"PRAGMA user_version = {_BEFORE_CODERS}")
    conn.commit()
    conn.close()
    with open_project() as p:  # opened by a script naming nobody: nothing claimed
        assert p.annotation(old.id).coder == ""
        assert p.coders() == []
    with open_project(coder="Ada") as p:
        assert p._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert p.annotation(old.id).coder == "Ada"
        assert p.annotation(old.id).note_coder == "Ada"
        assert [c.name for c in p.coders()] == ["Ada"]
    with open_project(coder="Grace") as p:  # a second coder claims nothing of Ada's
        assert p.annotation(old.id).coder == "Ada"


@sqlite_only  # the command line on a file
def test_w3c_creator_becomes_the_coder_and_goes_back_out(open_project, tmp_path, seeds):
    with open_project(coder="Ada") as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        tag = p.add_tag("Claim")
        a = p.add_annotation(doc_id, 0, 10, [tag.id])
        page = p.export_w3c()
        [item] = page["items"]
        assert item["creator"] == {"type": "Person", "name": "Ada"}
        p.delete_annotation(a.id)
        item2 = json.loads(json.dumps(item))
        item2["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
        item2["creator"] = [{"type": "Person", "nick": "grace_h"}]
        item3 = json.loads(json.dumps(item))
        item3["id"] = "urn:uuid:00000000-0000-4000-8000-000000000002"
        del item3["creator"]
        page["items"] = [item, item2, item3]
    path = tmp_path / "page.jsonld"
    path.write_text(json.dumps(page), encoding="utf-8")
    assert main(["import-annotations", str(tmp_path / "p.reader"), str(path),
                 "--coder", "Linus"]) == 0  # fmt: skip
    with open_project() as p:
        by_id = {x.id: x.coder for x in p.annotations()}
    assert by_id == {
        a.id: "Ada",
        "00000000-0000-4000-8000-000000000001": "grace_h",
        "00000000-0000-4000-8000-000000000002": "Linus",  # no creator: whoever imports
    }


def test_csv_and_xlsx_have_a_coder_column(tmp_path):
    c = build(tmp_path)
    with c.project as p:
        p.set_coder("Ada")  # the fixture's annotations were made by nobody: now Ada's
        doc = c.tricky
        p.add_annotation(doc, 0, 8, [c.claims], coder="Grace")
        p.export("csv", tmp_path / "out.csv")
        p.export("xlsx", tmp_path / "out.xlsx")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))
    assert {r["coder"] for r in rows} == {"Ada", "Grace"}
    with zipfile.ZipFile(tmp_path / "out.xlsx") as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<t>coder</t>" in strings and "<t>Grace</t>" in strings


def test_refi_export_names_each_coder_and_still_validates(tmp_path):
    c = build(tmp_path)
    with c.project as p:
        p.set_coder("Ada")
        grace = p.add_annotation(c.tricky, 0, 8, [c.claims], coder="Grace")
        p.export("qdpx", tmp_path / "out.qdpx", creator="Lead")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as z:
        qde = z.read("project.qde")
    schema = etree.XMLSchema(etree.parse(str(DATA / "Project.xsd")))
    root = etree.fromstring(qde)
    assert schema.validate(root), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    users = {u.get("name") for u in root.findall("q:Users/q:User", ns)}
    assert users == {"Lead", "Ada", "Grace"}
    read = {s.guid: s.creating_user for s in read_qdpx(tmp_path / "out.qdpx").selections}
    assert read[grace.id] == "Grace"
    assert set(read.values()) == {"Ada", "Grace"}


def test_search_by_coder(open_project, tmp_path, seeds):
    import pytest

    from reader.store.search import SearchError

    with open_project(coder="Ada") as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        text = p.load(doc_id).text
        word = next(w for w in text.split() if len(w) > 6 and w.isalpha() and text.count(w) >= 2)
        first = text.index(word)
        second = text.index(word, first + 1)
        p.add_annotation(doc_id, first, first + len(word), note="Ada's own word")
        p.add_annotation(doc_id, second, second + len(word), coder="Ben Lee", note="Ben's")
        everywhere = p.search(word)
        ada = p.search(f"{word} coder:ada")
        ben = p.search(f'{word} coder:"ben lee"')
        assert len(everywhere) > len(ada) >= 1
        assert all(h.start == first for h in ada if h.part != "note")
        assert [h.start for h in ben if h.part != "note"] == [second]
        assert [h.part for h in p.search("own coder:Ada")] == ["note"]
        assert p.search('own coder:"Ben Lee"') == []
        with pytest.raises(SearchError, match="no coder named 'Zoe'"):
            p.search(f"{word} coder:Zoe")


@sqlite_only  # the command line on a file
def test_reader_import_with_coder_claims_what_nobody_claimed(open_project, tmp_path, seeds):
    with open_project() as p:
        p.import_files(seeds[:1])
        a = p.add_annotation(p.documents()[0].id, 0, 10)
    assert main(["import", str(tmp_path / "p.reader"), str(seeds[0]), "--coder", "Zed"]) == 0
    with open_project() as p:
        assert p.annotation(a.id).coder == "Zed"
        assert [c.name for c in p.coders()] == ["Zed"]


@sqlite_only  # the command line on a file
def test_a_command_takes_coder_then_reader_coder_then_the_account(
    open_project, tmp_path, seeds, monkeypatch
):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "account")
    with open_project() as p:
        p.import_files(seeds[:1])
        doc = p.documents()[0].id
    target = str(tmp_path / "p.reader")

    def claimed_by(*options: str) -> str:
        """Who an unclaimed annotation belongs to after ``reader import … OPTIONS``."""
        with open_project() as p:
            a = p.add_annotation(doc, 0, 5)
        assert main(["import", target, str(seeds[0]), *options]) == 0
        with open_project() as p:
            return p.annotation(a.id).coder

    monkeypatch.setenv("READER_CODER", "  Yan  ")
    assert claimed_by("--coder", "Zed") == "Zed"  # the option over the variable
    assert claimed_by() == "Yan"  # the variable, tidied
    monkeypatch.delenv("READER_CODER")
    assert claimed_by() == "account"


def test_a_merged_file_without_coders_gives_its_file_name(open_project, tmp_path, seeds):
    with Project.open(tmp_path / "old.reader", backup_dir=tmp_path / "b") as p:
        p.import_files(seeds[:1])
        a = p.add_annotation(p.documents()[0].id, 0, 10)
    with open_project(coder="Ada") as p:
        report = p.merge_from(tmp_path / "old.reader")
        assert report.coders == ("old",)
        assert p.annotation(a.id).coder == "old"
    # The other file was only read: still nobody's.
    with Project.open(tmp_path / "old.reader", backup_dir=tmp_path / "b") as p:
        assert p.annotation(a.id).coder == ""


def test_a_note_records_who_last_wrote_it(open_project, tmp_path, seeds):
    with open_project(coder="Ada") as p:
        p.import_files(seeds[:1])
        doc_id = p.documents()[0].id
        a = p.add_annotation(doc_id, 0, 10, note="Ada's reading")
        b = p.add_annotation(doc_id, 20, 30)
        assert (a.note_coder, b.note_coder) == ("Ada", "")
        p.set_coder("Ben")
        p.set_note(a.id, "Ada's reading, and Ben's")
        assert p.annotation(a.id).coder == "Ada"
        assert p.annotation(a.id).note_coder == "Ben"
        p.set_note(a.id, "")
        assert p.annotation(a.id).note_coder == ""


def test_a_colleagues_note_goes_out_and_back_in_w3c(open_project, tmp_path, seeds):
    with open_project(coder="Ada") as p:
        p.import_files(seeds[:1])
        a = p.add_annotation(p.documents()[0].id, 0, 10, note="first")
        p.set_coder("Ben")
        p.set_note(a.id, "Ben's addition")
        page = p.export_w3c()
        [note] = [b for b in page["items"][0]["body"] if b["purpose"] == "commenting"]
        assert note["creator"] == {"type": "Person", "name": "Ben"}
        assert page["items"][0]["creator"] == {"type": "Person", "name": "Ada"}
        p.delete_annotation(a.id)
        p.import_w3c(page)
        back = p.annotation(a.id)
        assert (back.coder, back.note_coder) == ("Ada", "Ben")


def test_a_note_with_its_own_creator_still_passes_the_w3c_suite(open_project, tmp_path, seeds):
    from tests.store import w3c_suite

    with open_project(coder="Ada") as p:
        p.import_files(seeds[:1])
        a = p.add_annotation(p.documents()[0].id, 0, 10, note="first")
        p.set_coder("Ben")
        p.set_note(a.id, "Ben's addition")
        page = p.export_w3c()
    item = {"@context": page["@context"], **page["items"][0]}  # checked with its context
    assert w3c_suite.failures(w3c_suite.ANNOTATION_MUSTS, item) == []
    assert w3c_suite.failures(w3c_suite.PAGE_MUSTS, page) == []
