"""REFI-QDA files written by other tools (``data/other-tools``: QualCoder's project and
codebook exporters, Taguette's codebook export, run on our seeds) come in with every
passage on exactly the characters the tool's positions name in the text it wrote, codes
with their hierarchy, colours and descriptions, notes and coders; and what Reader writes
from them reads back the same."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from lxml import etree

from reader.app import main
from reader.core.textio import UnreadableFile
from reader.store.project import Project
from reader.store.retrieval import tag_paths
from tests.store.other_tools import (
    QUALCODER,
    TAGUETTE,
    codes,
    passages,
    project,
    schema,
    source_texts,
)


def _open(path: Path) -> Project:
    return Project.open(path, backup_dir=path.parent / f"{path.name}.backups")


def _import(tmp_path: Path, capsys, *files: Path, name: str = "p.reader") -> tuple[int, str]:
    code = main(["import", str(tmp_path / name), *map(str, files)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", ["seeds.qdpx", "seeds-maxqda.qdpx"])
def test_a_qualcoder_project_comes_in_with_every_passage_on_its_words(tmp_path, capsys, name):
    # seeds-maxqda.qdpx: QualCoder's "CRLF for MAXQDA" export, CRLF in the files while
    # the positions count each as one character.
    code, out = _import(tmp_path, capsys, QUALCODER / name)
    assert code == 0, out
    assert out.count("imported ") == 5 and "failed" not in out
    expected = passages(QUALCODER / name, crlf_counts_one=True)
    assert len(expected) == 12 and sum(not e.codes for e in expected) == 2
    texts = source_texts(QUALCODER / name)
    with _open(tmp_path / "p.reader") as p:
        tags = {t.id: t for t in p.tags()}
        assert len(p.annotations()) == len(expected)
        for e in expected:
            a = p.annotation(e.guid)
            text = p.load(a.document_id).text
            assert text == texts[e.source].replace("\r\n", "\n").strip()
            assert text[a.start : a.end] == e.quote.replace("\r\n", "\n"), e
            assert sorted(tags[t].name for t in a.tags) == sorted(e.codes)
            assert (a.note, a.coder) == (e.note, e.user)
        assert {c.name for c in p.coders()} >= {"ada", "grace"}


def test_a_qualcoder_project_brings_its_codebook_and_variables(tmp_path, capsys):
    _import(tmp_path, capsys, QUALCODER / "seeds.qdpx")
    book = codes(project(QUALCODER / "seeds.qdpx").find("{*}CodeBook"))
    with _open(tmp_path / "p.reader") as p:
        tags = p.tags()
        by_id = {t.id: t for t in tags}
        got = {t.name: t for t in tags}
        assert sorted(got) == sorted(c.name for c in book)
        for c in book:  # categories (isCodable="false") are tags too, parents of codes
            tag = got[c.name]
            assert (by_id[tag.parent].name if tag.parent else None) == c.parent
            assert tag.description == c.description
            if c.colour:
                assert tag.colour == c.colour.lower()
        first = next(d for d in p.documents() if d.title.startswith("The Republics"))
        # The case "Armenian press" names its sources by their files' guids (QualCoder's
        # way): its name and variables still reach them.
        assert dict(p.load(first.id).metadata) == {
            "Outlet": "Asbarez", "Year": "2020", "Case": "Armenian press",
            "Region": "Diaspora", "Description": "Armenian outlet; martial law declared.",
        }  # fmt: skip
        cases = {d.title[:12]: dict(p.load(d.id).metadata).get("Case") for d in p.documents()}
        assert sorted(cases.values(), key=str) == ["Armenian press"] * 2 + [None] * 3


def test_reader_writes_back_what_it_read_from_qualcoder(tmp_path, capsys):
    _import(tmp_path, capsys, QUALCODER / "seeds-maxqda.qdpx")
    out = tmp_path / "again.qdpx"
    assert main(["export", str(tmp_path / "p.reader"), "--format", "qdpx", "-o", str(out)]) == 0
    assert schema("Project.xsd").validate(project(out))
    code, said = _import(tmp_path, capsys, out, name="q.reader")
    assert code == 0, said
    with _open(tmp_path / "p.reader") as a, _open(tmp_path / "q.reader") as b:
        assert sorted(p.load(d.id).text for p in (a,) for d in p.documents()) == sorted(
            b.load(d.id).text for d in b.documents()
        )
        paths_a, paths_b = tag_paths(a.tags()), tag_paths(b.tags())
        assert sorted((paths_a[t.id], t.colour, t.description) for t in a.tags()) == sorted(
            (paths_b[t.id], t.colour, t.description) for t in b.tags()
        )

        def passages_of(p, paths):
            return sorted(
                (p.load(x.document_id).text[x.start : x.end], x.start, x.end, x.note, x.coder,
                 tuple(sorted(paths[t] for t in x.tags)))
                for x in p.annotations()
            )  # fmt: skip

        assert passages_of(a, paths_a) == passages_of(b, paths_b)
        assert sorted(x.id for x in a.annotations()) == sorted(x.id for x in b.annotations())


# ---- codebooks (.qdc) ----------------------------------------------------------------


def test_taguettes_codebook_fails_the_schema_only_on_its_empty_sets_and_comes_in(tmp_path, capsys):
    xsd = schema("Codebook.xsd")
    assert not xsd.validate(etree.parse(str(TAGUETTE / "codebook.qdc")))
    assert all("Sets" in e.message for e in xsd.error_log)  # <Sets/> wants a <Set>
    code, out = _import(tmp_path, capsys, TAGUETTE / "codebook.qdc")
    assert code == 0 and "codebook: 8 new codes" in out
    with (TAGUETTE / "codebook.csv").open(encoding="utf-8", newline="") as f:
        names = [row["tag"] for row in csv.DictReader(f)]  # what Taguette holds
    with _open(tmp_path / "p.reader") as p:
        assert [t.name for t in p.tags()] == names
        assert all(t.parent is None and t.colour.startswith("#") for t in p.tags())
        guids = [c.get("guid") for c in etree.parse(str(TAGUETTE / "codebook.qdc")).iter("{*}Code")]
        assert [t.id.upper() for t in p.tags()] == guids
    code, out = _import(tmp_path, capsys, TAGUETTE / "codebook.qdc")
    assert code == 0 and "codebook: 0 new codes, 8 already in the codebook" in out
    # What Reader writes of it passes the schema.
    written = tmp_path / "ours.qdc"
    assert main(["export", str(tmp_path / "p.reader"), "--format", "qdc", "-o", str(written)]) == 0
    assert xsd.validate(etree.parse(str(written))), xsd.error_log


def test_qualcoders_codebook_brings_hierarchy_colours_descriptions_and_matches_names(
    tmp_path, capsys
):
    xsd = schema("Codebook.xsd")
    assert xsd.validate(etree.parse(str(QUALCODER / "Codebook-seeds.qdc")))  # BOM and all
    book = codes(etree.parse(str(QUALCODER / "Codebook-seeds.qdc")).getroot())
    _import(tmp_path, capsys, TAGUETTE / "codebook.qdc")
    code, out = _import(tmp_path, capsys, QUALCODER / "Codebook-seeds.qdc")
    # Taguette's "conflict", "framing" and "État & société" are QualCoder's "Conflict",
    # "Framing" and "État & société": matched, not doubled.
    assert code == 0 and "codebook: 6 new codes, 3 already in the codebook" in out
    with _open(tmp_path / "p.reader") as p:
        tags = p.tags()
        by_id = {t.id: t for t in tags}
        assert len(tags) == 8 + 6
        named = {t.name.casefold(): t for t in tags}
        for c in book:
            tag = named[c.name.casefold()]
            parent = by_id[tag.parent].name.casefold() if tag.parent else None
            assert parent == (c.parent.casefold() if c.parent else None)
            if tag.name == c.name and c.name not in ("État & société",):  # new from QualCoder
                assert tag.description == c.description
                if c.colour:
                    assert tag.colour == c.colour.lower()
        written = tmp_path / "ours.qdc"
        p.export("qdc", written)
    assert xsd.validate(etree.parse(str(written))), xsd.error_log


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<?xml version='1.0'?><CodeBook><Codes><Code name='x'", "not well-formed XML"),
        (b"<?xml version='1.0'?><CodeBook><Codes/></CodeBook>", "without codes"),
        (b"<?xml version='1.0'?><Project name='p'><Sources/></Project>", "without a codebook"),
        (b"<?xml version='1.0'?><Codes><Code name='x'/></Codes>", "not a REFI-QDA codebook"),
    ],
)
def test_a_bad_codebook_is_refused_with_the_reason_and_nothing_changes(
    tmp_path, capsys, content, reason
):
    _import(tmp_path, capsys, TAGUETTE / "codebook.qdc")
    with _open(tmp_path / "p.reader") as p:
        before = p.tags()
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(content)
    code, out = _import(tmp_path, capsys, bad)
    assert code == 1 and out.startswith("failed") and reason in out, out
    with _open(tmp_path / "p.reader") as p:
        assert p.tags() == before
        with pytest.raises(UnreadableFile, match=reason):
            p.import_codebook(bad)
        assert p.tags() == before


def test_the_codebook_import_takes_only_codebooks(tmp_path):
    # File › Import › REFI-QDA Codebook… on a page (read by its content, whatever its
    # name, as ``reader import`` would) says what it is.
    page = tmp_path / "page.qdc"
    page.write_text("<!DOCTYPE html><html><body><p>hi</p></body></html>", encoding="utf-8")
    with _open(tmp_path / "p.reader") as p:
        with pytest.raises(UnreadableFile, match="a saved web page, not a REFI-QDA codebook"):
            p.import_codebook(page)
        with pytest.raises(UnreadableFile, match="no such file"):
            p.import_codebook(tmp_path / "missing.qdc")
        assert p.tags() == []


def test_a_note_on_a_passage_that_no_source_names_is_listed_not_lost(tmp_path, capsys):
    # QualCoder names only the first annotation of each source from the source (its
    # exporter stops at the first): such a note cannot be placed, and the import says so.
    import re
    import zipfile

    changed = tmp_path / "unnamed-notes.qdpx"
    with zipfile.ZipFile(QUALCODER / "seeds.qdpx") as src, zipfile.ZipFile(changed, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "project.qde":
                data = re.sub(rb"<NoteRef [^>]*/>\n", b"", data)
            out.writestr(item, data)
    code, out = _import(tmp_path, capsys, changed)
    assert code == 1 and out.count("imported ") == 5
    failed = [line for line in out.splitlines() if line.startswith("failed")]
    assert len(failed) == 2 and all(
        "a note on a passage that no source refers to" in line for line in failed
    )
    assert any("Check the president's title" in line for line in failed)
    with _open(tmp_path / "p.reader") as p:
        assert len(p.annotations()) == 10  # the codings, all of them


def test_a_codebook_is_known_by_its_content_whatever_its_name(tmp_path, capsys):
    renamed = tmp_path / "codes.xml"
    renamed.write_bytes((QUALCODER / "Codebook-seeds.qdc").read_bytes())
    code, out = _import(tmp_path, capsys, renamed)
    assert code == 0 and "codebook: 9 new codes" in out
    assert main(["parse", str(renamed)]) == 2  # no document in it, and why
    assert "a REFI-QDA codebook of 9 codes and no documents" in capsys.readouterr().err


def test_a_codebook_without_guids_or_nested_deep_keeps_its_tree(tmp_path, capsys):
    # The schema wants a guid on every code; a hand-made or damaged file may lack them.
    deep = 1100  # deeper than Python's recursion limit (1000)
    book = tmp_path / "hand.qdc"
    book.write_text(
        "<CodeBook><Codes>"
        + "".join(f'<Code name="level {i}">' for i in range(deep))
        + "</Code>" * deep
        + '<Code name="Top" color="#80FF0000"><Code name="Child"><Description>d</Description>'
        "</Code></Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    code, out = _import(tmp_path, capsys, book)
    assert code == 0 and f"codebook: {deep + 2} new codes" in out
    with _open(tmp_path / "p.reader") as p:
        by_name = {t.name: t for t in p.tags()}
        assert by_name["Child"].parent == by_name["Top"].id and by_name["Child"].description == "d"
        assert by_name["Top"].colour == "#ff0000"  # #AARRGGBB
        assert by_name[f"level {deep - 1}"].parent == by_name[f"level {deep - 2}"].id
    code, out = _import(tmp_path, capsys, book)
    assert f"codebook: 0 new codes, {deep + 2} already in the codebook" in out


def test_qualcoders_codings_go_onto_the_same_texts_imported_from_our_seeds(tmp_path, capsys, seeds):
    # reader import-annotations (File › Import › Annotations…): the documents are the
    # seeds as Reader read them, found by their text.
    _import(tmp_path, capsys, *seeds)
    path = QUALCODER / "seeds-maxqda.qdpx"
    assert main(["import-annotations", str(tmp_path / "p.reader"), str(path)]) == 0
    assert "added 12 annotations (0 orphaned)" in capsys.readouterr().out
    with _open(tmp_path / "p.reader") as p:
        assert len(p.documents()) == 5
        for e in passages(path, crlf_counts_one=True):
            a = p.annotation(e.guid)
            assert p.load(a.document_id).text[a.start : a.end] == e.quote.replace("\r\n", "\n")


def test_a_picture_source_is_named_with_the_reason_and_the_rest_comes_in(tmp_path, capsys):
    path = QUALCODER / "seeds-picture.qdpx"  # a PictureSource with a coded area
    assert schema("Project.xsd").validate(project(path))
    code, out = _import(tmp_path, capsys, path)
    assert code == 1 and out.count("imported ") == 5
    assert (
        "failed     " + str(path) + " › chart.png: a picture: Reader reads text sources only; "
        "its 1 coded passage was left out"
    ) in out
    with _open(tmp_path / "p.reader") as p:
        assert len(p.annotations()) == len(passages(path, crlf_counts_one=True)) == 12
