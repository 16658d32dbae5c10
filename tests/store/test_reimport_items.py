"""Re-import With Encoding for a document from a file of many (issue 17): an article of a
news-database export or of a comment dataset is read again from its file in the chosen
encoding, its annotations re-anchored; formats whose encoding is fixed say why not."""

from __future__ import annotations

import csv

import pytest

from reader.store.project import Project
from tests.formats.test_documents import MAKERS, NEXIS

# A LexisNexis text export in Windows-1252: French words that Reader's guess reads as
# Central European (déją vu), which is what the user then corrects.
NEXIS_TXT = """                               1 of 2 DOCUMENTS

                              The Island Times

                           March 3, 2026 Tuesday

Ferry service to end at the café

BYLINE: Jane Doe

LENGTH: 412 words

The harbour board voted on Tuesday to end the island ferry. The café owners said déjà vu.

LANGUAGE: ENGLISH

                               2 of 2 DOCUMENTS

                           The Mainland Gazette

                           March 5, 2026 Thursday

Council keeps the library open

LENGTH: 230 words

The council voted to keep the library open, à la mode.
"""


@pytest.fixture
def project(tmp_path):
    with Project.open(tmp_path / "p.reader") as project:
        yield project


def test_an_article_of_a_news_export_is_read_again_in_the_chosen_encoding(project, tmp_path):
    path = tmp_path / "nexis.txt"
    path.write_bytes(NEXIS_TXT.encode("cp1252"))
    first, second = project.import_files([path])
    doc_id = first.document_id
    guessed = project.load(doc_id).text
    assert "déją vu" in guessed  # the guess this corrects
    start = guessed.index("harbour board voted")
    kept = project.add_annotation(doc_id, start, start + len("harbour board voted"))
    outcome = project.reimport(doc_id, "cp1252")
    assert outcome.status == "updated" and outcome.moved == 0 and outcome.orphaned == 0
    assert "The café owners said déjà vu." in project.load(doc_id).text
    assert project.decoding(doc_id) == ("cp1252", True)
    assert project.annotation(kept.id).exact == "harbour board voted"
    assert dict(project.load(doc_id).metadata)["Outlet"] == "The Island Times"
    assert "ą la mode" in project.load(second.document_id).text  # only this one changed
    # Importing the file again keeps the user's pick for this article (and guesses the rest).
    again = project.import_files([path])
    assert sorted(o.status for o in again) == ["unchanged", "unchanged"]
    assert "The café owners said déjà vu." in project.load(doc_id).text
    assert project.decoding(doc_id) == ("cp1252", True)
    # Undo reads it as guessed again, forgetting the pick.
    assert project.reimport(doc_id, None).status == "updated"
    assert project.load(doc_id).text == guessed
    assert project.decoding(doc_id) == (None, False)


def test_an_article_of_a_csv_comment_dataset_is_read_again(project, tmp_path):
    path = tmp_path / "comments.csv"
    with path.open("w", newline="", encoding="cp1252") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "parent_id", "author", "text", "article_id"])
        for i in range(40):
            writer.writerow([str(i), "", "Zoë", f"Le café était fermé, numéro {i}.", "a1"])
        writer.writerow(["x", "", "Ann", "Another story.", "a2"])
    outcomes = project.import_files([path])
    doc_id = outcomes[0].document_id
    assert project.load(doc_id).comments[0].author == "Zoë"
    assert project.reimport_refusal(doc_id) is None
    assert project.reimport(doc_id, "cp1251").status == "updated"
    assert project.load(doc_id).comments[0].author == "Zoл"  # what the user asked for
    assert project.decoding(doc_id) == ("cp1251", True)
    assert project.reimport(doc_id, "cp1252").status == "updated"
    assert project.load(doc_id).comments[0].text == "Le café était fermé, numéro 0."


def test_a_document_whose_format_fixes_its_encoding_is_refused_with_the_reason(project, tmp_path):
    path = tmp_path / "nexis.docx"
    MAKERS["docx"](path, NEXIS)
    outcomes = project.import_files([path])
    doc_id = outcomes[0].document_id
    text = project.load(doc_id).text
    reason = project.reimport_refusal(doc_id)
    assert reason is not None and "Word document" in reason
    outcome = project.reimport(doc_id, "cp1251")
    assert outcome.status == "failed" and "Word document" in outcome.reason
    assert project.load(doc_id).text == text
    data = tmp_path / "data.json"
    data.write_text('[{"id": "1", "parent_id": null, "text": "Un café."}]', encoding="utf-8")
    [json_outcome] = project.import_files([data])
    assert "UTF-8" in project.reimport_refusal(json_outcome.document_id)
    assert project.reimport_refusal(json_outcome.document_id, look_inside=False) is None


def test_a_document_gone_from_its_file_is_named(project, tmp_path):
    path = tmp_path / "nexis.txt"
    path.write_bytes(NEXIS_TXT.encode("cp1252"))
    first, second = project.import_files([path])
    path.write_bytes(NEXIS_TXT.split("                               2 of 2")[0].replace(
        "1 of 2", "1 of 1").encode("cp1252"))  # fmt: skip
    outcome = project.reimport(second.document_id, "cp1252")
    assert outcome.status == "failed" and "no longer holds" in outcome.reason
    path.unlink()
    outcome = project.reimport(first.document_id, "cp1252")
    assert outcome.status == "failed" and "no such file" in outcome.reason


def test_a_page_of_a_web_archive_is_read_again_in_the_chosen_encoding(project, tmp_path):
    from warcio.warcwriter import WARCWriter

    from tests.formats.test_web_archives import _response

    path = tmp_path / "crawl.warc.gz"
    page = (
        "<html><head><title>Le café</title></head><body><article><h1>Le café ferme</h1>"
        "<p>Le café du port était fermé, dit-on, depuis déjà trois semaines.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        # The server said UTF-8, wrongly: the bytes are Windows-1252.
        _response(writer, "https://news.example/cafe", page)
        _response(writer, "https://news.example/other", b"<html><p>Other page.</p></html>")
    outcomes = project.import_files([path])
    doc_id = outcomes[0].document_id
    assert "d\ufffdj\ufffd" in project.load(doc_id).text
    assert project.reimport_refusal(doc_id) is None
    assert project.reimport(doc_id, "cp1252").status == "updated"
    doc = project.load(doc_id)
    assert "depuis déjà trois semaines" in doc.text
    assert dict(doc.metadata)["URL"] == "https://news.example/cafe"


def test_a_page_saved_as_mhtml_is_read_again_in_the_chosen_encoding(project, tmp_path):
    from email.message import EmailMessage
    from email.policy import default

    html = (
        "<html><head><title>Le café</title></head><body><article><h1>Le café ferme</h1>"
        "<p>Le café du port était fermé, dit-on, depuis déjà trois semaines.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    message = EmailMessage(policy=default)
    message["Snapshot-Content-Location"] = "https://news.example/cafe"
    message["MIME-Version"] = "1.0"
    message.make_related()
    page = EmailMessage(policy=default)
    page.set_content(html, maintype="text", subtype="html", cte="quoted-printable")
    page.replace_header("Content-Type", "text/html; charset=utf-8")  # wrongly, as found
    page["Content-Location"] = "https://news.example/cafe"
    message.attach(page)
    path = tmp_path / "cafe.mhtml"
    path.write_bytes(message.as_bytes())
    (outcome,) = project.import_files([path])
    assert "depuis déjà" not in project.load(outcome.document_id).text
    assert project.reimport(outcome.document_id, "cp1252").status == "updated"
    assert "depuis déjà trois semaines" in project.load(outcome.document_id).text
    assert project.decoding(outcome.document_id) == ("cp1252", True)
    # The pick is kept when the file is imported again.
    assert [o.status for o in project.import_files([path])] == ["unchanged"]
    assert "depuis déjà trois semaines" in project.load(outcome.document_id).text


def test_an_encoding_given_at_import_is_kept_for_a_csv_of_comments(project, tmp_path):
    path = tmp_path / "comments.csv"
    with path.open("w", newline="", encoding="cp1252") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "parent_id", "author", "text"])
        for i in range(40):
            writer.writerow([str(i), "", "Zoë", f"Le café était fermé, numéro {i}."])
    (outcome,) = project.import_files([path], encoding="cp1251")
    assert project.load(outcome.document_id).comments[0].author == "Zoл"
    assert project.decoding(outcome.document_id) == ("cp1251", True)
    assert [o.status for o in project.import_files([path])] == ["unchanged"]
    assert project.load(outcome.document_id).comments[0].author == "Zoл"
    word = tmp_path / "nexis.docx"
    MAKERS["docx"](word, NEXIS)
    first, _second = project.import_files([word], encoding="cp1251")
    assert project.decoding(first.document_id) == (None, False)  # Word has no encoding
