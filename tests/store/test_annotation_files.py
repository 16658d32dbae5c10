"""An annotation file of any format Reader reads annotations from, onto the documents
here (``store.annotation_files``, behind File › Import › Annotations…): Reader's own
CSV and a REFI-QDA project's codings come back; other files are refused with the
formats it reads, having added nothing."""

from __future__ import annotations

import pytest

from reader.store.annotation_files import NotAnnotationFile, import_annotation_file


def _coded(project):
    tag = project.add_tag("Harbour")
    doc_id = project.documents()[0].id
    text = project.load(doc_id).text
    project.add_annotation(doc_id, 0, 12, [tag.id], "first\r\nnote")
    project.add_annotation(doc_id, 20, min(40, len(text)), [], "a note alone")
    return {(a.exact, a.note) for a in project.annotations()}


@pytest.mark.parametrize("fmt", ["csv", "qdpx", "w3c"])
def test_reader_files_come_back_onto_the_same_passages(seeded, tmp_path, fmt):
    wanted = _coded(seeded)
    path = tmp_path / f"out.{'jsonld' if fmt == 'w3c' else fmt}"
    seeded.export(fmt, path)
    for a in seeded.annotations():
        seeded.delete_annotation(a.id)
    result = import_annotation_file(seeded, path)
    assert result.added == 2 and not result.failed and result.unmatched == 0
    assert {(a.exact, a.note) for a in seeded.annotations()} == wanted
    again = import_annotation_file(seeded, path)
    assert again.added == 0 and again.present == 2


def test_other_files_are_refused_with_what_it_reads(seeded, tmp_path):
    cases = {
        "notes.txt": b"just some text",
        "table.csv": b"a,b\n1,2\n",
        "data.json": b'{"width": 3}',
        "broken.json": b"{not json",
        "picture.qdpx": b"\x89PNG\r\n\x1a\n",
        "latin.jsonld": b"\xff\xfe\x00bad",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(NotAnnotationFile) as caught:
            import_annotation_file(seeded, tmp_path / name)
        assert name in str(caught.value)
    assert seeded.annotations() == []
