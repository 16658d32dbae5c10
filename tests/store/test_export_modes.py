"""Exports get the permissions any new file gets (the umask), not a temporary file's
private 0600 (issue 12)."""

from __future__ import annotations

import os
import stat

import pytest

from reader.store.export.atomic import current_umask, write_text_atomically


@pytest.fixture
def umask():
    def set_(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    os.umask(old)
    yield set_
    os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_a_new_export_follows_the_umask(tmp_path, umask, mask):
    umask(mask)
    assert current_umask() == mask
    out = tmp_path / "codes.csv"
    write_text_atomically(out, "a,b\n")
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_an_export_over_a_file_keeps_that_files_permissions(tmp_path, umask):
    umask(0o022)
    out = tmp_path / "report.html"
    out.write_text("old")
    out.chmod(0o640)
    write_text_atomically(out, "new")
    assert out.read_text() == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_real_export_is_readable_by_the_group_under_the_usual_umask(seeded, tmp_path, umask):
    umask(0o022)
    for fmt, name in (
        ("w3c", "a.jsonld"),
        ("csv", "a.csv"),
        ("xlsx", "a.xlsx"),
        ("qdpx", "a.qdpx"),
    ):
        seeded.export(fmt, tmp_path / name)
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, fmt
