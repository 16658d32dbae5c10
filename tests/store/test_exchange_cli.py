"""``reader import-annotations`` reads every format Reader writes that carries
annotations (W3C JSON-LD, its csv), and Hypothesis's; for any other file it says what it
reads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.app import main
from reader.store.project import Project
from reader.store.retrieval import tag_paths
from tests.store.exchange_project import build

DATA = Path(__file__).parent / "data" / "hypothesis"


@pytest.fixture
def exchange(tmp_path):
    e = build(tmp_path)
    yield e
    e.project.close()


def _fresh(tmp_path: Path, source: str, name: str = "b.reader") -> Path:
    path = tmp_path / name
    with Project.open(path, backup_dir=tmp_path / f"{name}.b") as p:
        p.import_files([source])
    return path


def _same_annotations(a: Project, b: Project, *, tag_order: bool) -> None:
    assert [replace(x, document_id=0, tags=()) for x in b.annotations()] == [
        replace(x, document_id=0, tags=()) for x in a.annotations()
    ]
    paths_a, paths_b = tag_paths(a.tags()), tag_paths(b.tags())
    order = (lambda names: names) if tag_order else sorted
    assert [order([paths_b[t] for t in x.tags]) for x in b.annotations()] == [
        order([paths_a[t] for t in x.tags]) for x in a.annotations()
    ]


@pytest.mark.parametrize("fmt", ["w3c", "csv"])
def test_reader_reads_back_what_it_writes(exchange, tmp_path, capsys, fmt):
    a = exchange.project
    out = tmp_path / f"all.{'jsonld' if fmt == 'w3c' else 'csv'}"
    assert main(["export", str(a.path), "--format", fmt, "-o", str(out)]) == 0
    [summary] = a.documents()
    target = _fresh(tmp_path, summary.source_path)
    capsys.readouterr()
    assert main(["import-annotations", str(target), str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"added {len(a.annotations())} annotations (0 ")
    with Project.open(target, backup_dir=tmp_path / "again") as b:
        # a csv lists a passage's tags in the table's order, not the passage's
        _same_annotations(a, b, tag_order=fmt == "w3c")
        assert any("\r\n" in x.note for x in b.annotations())
        assert len(b.tags()) == len(a.tags())  # the tree, three deep, rebuilt from paths
    assert main(["import-annotations", str(target), str(out)]) == 0
    assert f"0 annotations (0 orphaned), {len(a.annotations())} already" in capsys.readouterr().out


def test_a_csv_without_readers_columns_is_refused_with_what_is_missing(tmp_path, capsys):
    project = tmp_path / "p.reader"
    Project.open(project, backup_dir=tmp_path / "b").close()
    other = tmp_path / "other.csv"
    other.write_text("Creation Date,URL,Quote,Body\n2026-01-01,https://x.example,a,b\n")
    assert main(["import-annotations", str(project), str(other)]) == 2
    err = capsys.readouterr().err
    assert "missing: document, start, end" in err and "annotation id" in err


@pytest.mark.parametrize("suffix", [".qdpx", ".xlsx", ".md"])
def test_a_file_it_cannot_read_is_named_with_what_it_reads(tmp_path, capsys, suffix):
    project = tmp_path / "p.reader"
    Project.open(project, backup_dir=tmp_path / "b").close()
    odd = tmp_path / f"x{suffix}"
    odd.write_bytes(b"PK\x03\x04 not text \xff\xfe" if suffix != ".md" else b"# a report\n")
    assert main(["import-annotations", str(project), str(odd)]) == 2
    err = capsys.readouterr().err
    assert "W3C Web Annotations (.jsonld, .json)" in err and "Hypothesis" in err
    assert "Reader's coded segments (.csv)" in err


def test_hypothesis_through_the_command_with_a_named_document(tmp_path, capsys):
    target = _fresh(tmp_path, str(DATA / "bridge.html"))
    capsys.readouterr()
    client = str(DATA / "client_export.json")
    assert main(["import-annotations", str(target), client]) == 1  # a ferry page: no match
    out = capsys.readouterr().out
    assert "added 0 annotations" in out and "--document" in out
    assert main(["import-annotations", str(target), client, "--document", "bridge.html"]) == 0
    assert capsys.readouterr().out.startswith("added 2 annotations (2 orphaned)")
    assert main(["import-annotations", str(target), client, "--document", "nope"]) == 2
