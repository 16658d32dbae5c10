"""Modules the window's start does not need run their code on first use (issue 16)."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_module_imported_later_runs_when_first_used():
    code = (
        "import sys; from reader.lazy_import import later, is_loaded\n"
        "m = later('reader.store.merge')\n"
        "print(is_loaded('reader.store.merge'), 'reader.core.anchoring' in sys.modules)\n"
        "m.MergeReport\n"
        "import reader.store\n"
        "print(is_loaded('reader.store.merge'), reader.store.merge is m, m.__name__)\n"
    )
    assert _run(code).splitlines() == ["False False", "True True reader.store.merge"]


def test_opening_a_project_leaves_search_merging_and_file_reading_for_later(tmp_path):
    code = (
        "from reader.lazy_import import is_loaded\n"
        "from reader.store.project import Project\n"
        f"p = Project.open({str(tmp_path / 'p.reader')!r}, backup_dir={str(tmp_path)!r})\n"
        "names = ('reader.store.search', 'reader.store.merge', 'reader.store.folder_import',"
        " 'reader.core.formats', 'reader.core.query')\n"
        "print([n for n in names if is_loaded(n)])\n"
        "print(len(p.search('ceasefire')), p.documents())\n"
        "p.close()\n"
    )
    assert _run(code).splitlines() == ["[]", "0 []"]


def test_a_package_is_refused():
    code = (
        "from reader.lazy_import import later\n"
        "try:\n    later('reader.core.html')\nexcept ValueError as e:\n    print(e)\n"
    )
    assert "is a package" in _run(code)
