"""Merging two coders' copies of a project: documents by content, codebook by id and
name, annotations with ids and coders; twice adds nothing; nothing is dropped; undo."""

from __future__ import annotations

import shutil

import pytest

from reader.app import main
from reader.store import agreement_input as ai
from reader.store.errors import ProjectError
from reader.store.project import Project
from tests.store.conftest import snapshot
from tests.store.team import EXPECTED, build_copy


def _seed(seeds):
    return next(s for s in seeds if s.name.startswith("000_"))


@pytest.fixture
def copies(tmp_path, seeds):
    """Ada's and Ben's copies, made on two machines: the seed in two folders, each
    codebook made by hand (other tag ids, the same names)."""
    paths = []
    for coder in ("Ada", "Ben"):
        machine = tmp_path / coder
        machine.mkdir()
        seed = machine / _seed(seeds).name
        shutil.copy(_seed(seeds), seed)
        paths.append(build_copy(machine, seed, coder))
    return paths


def _open(path):
    return Project.open(path, backup_dir=path.parent / "backups")


def test_merging_two_copies_gives_one_document_and_the_reference_agreement(copies):
    ada, ben = copies
    with _open(ada) as p:
        report = p.merge_from(ben)
        assert len(p.documents()) == 1
        assert report.documents_matched and not report.documents_added
        assert sorted(report.tags_matched) == ["Claim", "Source"] and not report.tags_added
        assert report.annotations_added == 8 and report.coders == ("Ben",)
        assert not report.orphans
        assert [(c.name, c.annotations) for c in p.coders()] == [("Ada", 7), ("Ben", 8)]
        result = ai.measure(p, unit="comment")
        by_name = {result.tag_names[f.tag]: f for f in result.report.tags}
        for name in ("Claim", "Source"):
            assert by_name[name].cohen == pytest.approx(EXPECTED[name][0])
            assert by_name[name].alpha == pytest.approx(EXPECTED[name][1])
        before = snapshot(p)
        again = p.merge_from(ben)
        assert again.annotations_added == 0 and again.annotations_present == 8
        assert not again.tags_added and not again.documents_added
        assert snapshot(p) == before


def test_undo_takes_the_merge_back(copies):
    ada, ben = copies
    with _open(ada) as p:
        before = snapshot(p), p.documents(), p.coders()
        report = p.merge_from(ben)
        p.unmerge(report)
        assert (snapshot(p), p.documents(), [c.name for c in p.coders()]) == (
            before[0],
            before[1],
            [c.name for c in before[2]] + ["Ben"],
        )  # Ben stays listed as a coder who was seen; his annotations are gone


def test_a_new_document_and_tag_are_added_and_a_renamed_tag_reported(copies, seeds, tmp_path):
    ada, ben = copies
    with _open(ben) as p:
        p.import_files([next(s for s in seeds if s.name.startswith("003_"))])
        extra = p.add_tag("Only Ben's", parent=p.tags()[0].id)
        doc_id = p.documents()[-1].id
        p.add_annotation(doc_id, 0, 20, [extra.id], coder="Ben")
    with _open(ada) as p:
        report = p.merge_from(ben)
        assert len(report.documents_added) == 1 and len(p.documents()) == 2
        assert report.tags_added == ("Claim / Only Ben's",)
        assert report.annotations_added == 9
        p.unmerge(report)
        assert len(p.documents()) == 1 and "Only Ben's" not in [t.name for t in p.tags()]
    # Same tag id under another name: ours is kept, the report says so.
    with _open(ada) as p:
        claim = next(t for t in p.tags() if t.name == "Claim")
    other = tmp_path / "carl.reader"
    with Project.open(other, backup_dir=tmp_path / "b", coder="Carl") as p:
        p.add_tag("Claims made", tag_id=claim.id)
    with _open(ada) as p:
        report = p.merge_from(other)
        assert report.tags_renamed == (("Claims made", "Claim"),)


def test_another_version_is_reanchored_and_what_is_gone_becomes_an_orphan(copies, tmp_path):
    ada, ben = copies
    with _open(ben) as p:
        doc = p.load(p.documents()[0].id)
        source = p.documents()[0].source_path
        gone = doc.comments[9]  # Ben's last Claim passage is in this comment
    # Ben's machine re-imported a newer scrape: a line above, one comment rewritten.
    from pathlib import Path

    text = Path(source).read_text(encoding="utf-8")
    words = text[gone.parts[0][0] : gone.parts[0][0] + 20]
    Path(source).write_text(
        "Updated at noon.\n\n" + text.replace(words, "Entirely other words"), encoding="utf-8"
    )
    with _open(ben) as p:
        [outcome] = p.import_files([Path(source)])
        assert outcome.status == "updated" and outcome.orphaned == 1
        doc_id = p.documents()[0].id
        new_text = p.load(doc_id).text
        at = new_text.index("Entirely other words")
        p.add_annotation(doc_id, at, at + 20, [p.tags()[0].id], coder="Ben")
    # Ada's copy has the old text: Ben's document is another version of hers. His
    # passage on the rewritten words has no place in it; the one his re-import lost has.
    with _open(ada) as p:
        report = p.merge_from(ben)
        assert len(report.documents_reanchored) == 1 and len(p.documents()) == 1
        assert report.annotations_added == 9  # nothing dropped
        assert len(report.orphans) == 1 and "Entirely other words" in report.orphans[0]
        placed = [a for a in p.annotations() if a.coder == "Ben" and not a.orphan]
        text = p.load(p.documents()[0].id).text
        assert len(placed) == 8 and all(text[a.start : a.end] == a.exact for a in placed)
        # Placed where Ada's own passages on the same comments are.
        result = ai.measure(p, unit="comment")
        assert result.report.overall.cohen == pytest.approx(EXPECTED[None][0])


def test_bad_files_are_refused_and_nothing_changes(copies, tmp_path):
    ada, _ben = copies
    junk = tmp_path / "junk.reader"
    junk.write_bytes(b"not a project" * 20)
    with _open(ada) as p:
        before = snapshot(p)
        with pytest.raises(ProjectError, match="not a Reader project"):
            p.merge_from(junk)
        with pytest.raises(ProjectError, match="no project"):
            p.merge_from(tmp_path / "missing.reader")
        with pytest.raises(ProjectError, match="into itself"):
            p.merge_from(ada)
        assert snapshot(p) == before


def test_cli_merge_then_agreement(copies, tmp_path, capsys):
    ada, ben = copies
    team = tmp_path / "team.reader"
    assert main(["merge", str(team), str(ada), str(ben), "--coder", "Lead"]) == 0
    out = capsys.readouterr().out
    assert "Merged ada.reader: 7 annotations added (0 already here) by Ada." in out
    assert "Merged ben.reader: 8 annotations added (0 already here) by Ben." in out
    assert main(["merge", str(team), str(ben)]) == 0
    assert "0 annotations added (8 already here)" in capsys.readouterr().out
    assert main(["agreement", str(team), "--unit", "comment", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["coders"] == ["Ada", "Ben"]
    overall = data["figures"][-1]
    assert overall["Cohen's kappa"] == round(EXPECTED[None][0], 4)
    assert overall["Krippendorff's alpha"] == round(EXPECTED[None][1], 4)
    assert main(["merge", str(team), str(tmp_path / "nope.reader")]) == 1
