"""A folder import parsed in a pool of processes gives the same documents as one
parsed file by file, reports each failing file with its reason, shows progress per
file, and a cancel keeps every document already committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import folder_import, page_urls
from reader.store.project import Project
from tests.benchmarks.bench_import import make_page
from tests.benchmarks.synthetic import make_corpus


@pytest.fixture
def folder(tmp_path) -> Path:
    """40 scrapes, 16 saved pages, an empty file and a binary one, an unreadable name."""
    root = tmp_path / "folder"
    root.mkdir()
    for i, text in enumerate(make_corpus(40, seed=5)):
        (root / f"s{i:02d}.txt").write_text(text, encoding="utf-8")
    for i in range(16):
        page = make_page(i)
        if i % 3 == 0:  # a page that names its own address
            canonical = f'<link rel="canonical" href="https://news.example/story/{i}">'
            page = page.replace("<head>", "<head>" + canonical, 1)
        (root / f"p{i:02d}.html").write_text(page, encoding="utf-8")
    (root / "m-empty.txt").write_text("   \n", encoding="utf-8")
    (root / "m-binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    return root


def _import(tmp_path: Path, name: str, folder: Path, workers: int, progress=None):
    project = Project.open(tmp_path / f"{name}.reader", backup_dir=tmp_path / "backups")
    project.import_workers = workers
    return project, project.import_files([folder], progress=progress)


def _contents(project: Project) -> dict[str, tuple]:
    found = {}
    for s in project.documents():
        doc = project.load(s.id)
        found[Path(s.source_path).name] = (s.title, s.site, s.date, doc, s.comment_count)
    return found


def _addresses(project: Project) -> dict[str, tuple[str, ...]]:
    paths = {s.id: Path(s.source_path).name for s in project.documents()}
    return {paths[k]: v for k, v in page_urls.addresses(project._conn).items()}


def _rows(project: Project) -> list[tuple]:
    return project._conn.execute(
        "SELECT d.id, u.url, e.encoding, e.chosen, e.problem FROM documents d"
        " LEFT JOIN document_urls u ON u.document_id = d.id"
        " LEFT JOIN document_decoding e ON e.document_id = d.id ORDER BY d.id, u.rowid"
    ).fetchall()


def test_a_pool_imports_the_same_documents_as_one_by_one(tmp_path, folder, monkeypatch) -> None:
    with monkeypatch.context() as m:  # every file the one-by-one way, as before pools
        m.setattr(
            folder_import, "plan",
            lambda conn, files, _: (folder_import.OneByOne(i, p) for i, p in enumerate(files)),
        )  # fmt: skip
        alone, one = _import(tmp_path, "one", folder, workers=1)
    pooled, two = _import(tmp_path, "two", folder, workers=2)
    try:
        assert [(o.path, o.status, o.reason) for o in two] == [
            (o.path, o.status, o.reason) for o in one
        ]
        assert len(one) == 58 and sum(o.status == "imported" for o in one) == 56
        # Documents are numbered in the files' order, whichever process read them.
        assert [o.document_id for o in two] == [o.document_id for o in one]
        assert _contents(pooled) == _contents(alone)
        assert _addresses(pooled) == _addresses(alone)
        assert any(_addresses(alone).values())  # the pages' own addresses were kept
        assert _rows(pooled) == _rows(alone)
    finally:
        alone.close()
        pooled.close()


def test_each_failing_file_is_reported_with_its_reason(tmp_path, folder) -> None:
    project, outcomes = _import(tmp_path, "p", folder, workers=2)
    project.close()
    failed = {Path(o.path).name: o.reason for o in outcomes if o.status == "failed"}
    assert set(failed) == {"m-empty.txt", "m-binary.txt"}
    assert all(failed.values())


def test_progress_names_every_file_and_ends_at_the_total(tmp_path, folder) -> None:
    calls: list[tuple[int, int, str]] = []
    project, outcomes = _import(
        tmp_path, "p", folder, workers=2, progress=lambda *a: calls.append(a) or True
    )
    project.close()
    assert calls[-1] == (58, 58, "")
    dones = [d for d, _, _ in calls]
    assert dones == sorted(dones) and all(t == 58 for _, t, _ in calls)
    assert {p for _, _, p in calls[:-1]} == {o.path for o in outcomes}


def test_a_cancel_keeps_what_was_committed(tmp_path, folder, monkeypatch) -> None:
    monkeypatch.setattr(folder_import, "BATCH", 5)
    calls = 0

    def cancel_midway(done: int, total: int, path: str) -> bool:
        nonlocal calls
        calls += 1
        return done < 23

    project, outcomes = _import(tmp_path, "p", folder, workers=2, progress=cancel_midway)
    project.close()
    imported = [o for o in outcomes if o.status == "imported"]
    failed = [o for o in outcomes if o.status == "failed"]
    skipped = [o for o in outcomes if o.status == "skipped"]
    assert len(outcomes) == 58 and len(imported) + len(failed) + len(skipped) == 58
    # Everything read before the cancel was written (the two bad files come first).
    assert len(failed) == 2 and len(imported) == 21
    assert all(o.reason == "the import was cancelled" for o in skipped)
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups") as again:
        kept = {s.id for s in again.documents()}
    assert kept == {o.document_id for o in imported}
    # Importing the folder again brings the rest and leaves the kept ones unchanged.
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups") as again:
        again.import_workers = 2
        second = again.import_files([folder])
    statuses = {Path(o.path).name: o.status for o in second}
    assert all(statuses[Path(o.path).name] == "unchanged" for o in imported)
    assert sum(s == "imported" for s in statuses.values()) == 58 - 21 - 2


def test_without_a_pool_the_same_batches_are_parsed_here(tmp_path, folder, monkeypatch) -> None:
    monkeypatch.setattr(folder_import, "_pool", lambda workers: None)
    project, outcomes = _import(tmp_path, "p", folder, workers=4)
    project.close()
    assert sum(o.status == "imported" for o in outcomes) == 56
