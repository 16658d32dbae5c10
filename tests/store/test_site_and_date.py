"""The sidebar's site and date come from the page, when it says."""

from pathlib import Path

from reader.store.project import Project

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "html_fixtures"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_a_saved_page_brings_its_site_and_date_a_text_scrape_none(tmp_path):
    with Project.open(tmp_path / "p.reader", backup_dir=tmp_path / "b") as project:
        page, scrape = project.import_files(
            [FIXTURES / "wordpress.html", next(SEEDS.glob("001_*.txt"))]
        )
        summary = project.summary(page.document_id)
        assert (summary.site, summary.date) == ("The Dale Courier", "2024-03-04")
        assert project.summary(scrape.document_id).site is None
