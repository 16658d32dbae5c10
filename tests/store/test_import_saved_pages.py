"""Saved web pages imported from a folder: the page is a document, its `_files` folder is
not, and a comment thread saved in a frame beside the page is read."""

import shutil
from pathlib import Path

from reader.store.project import Project

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "html_fixtures"


def test_a_saved_page_folder_imports_pages_not_their_assets(tmp_path):
    folder = tmp_path / "saved"
    shutil.copytree(FIXTURES, folder)
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "backups") as project:
        outcomes = project.import_files([folder])
        imported = {Path(o.path).name for o in outcomes}
        assert not any("_files" in o.path for o in outcomes)
        assert "framed_disqus.html" in imported
        framed = next(o for o in outcomes if o.path.endswith("framed_disqus.html"))
        assert framed.status == "imported"
        assert project.load(framed.document_id).comments, "the thread in the saved frame"
