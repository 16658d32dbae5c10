"""File › Re-import With Encoding…, and a document's status naming bytes that could not
be read (issue 12)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

ARTICLE = (
    "Café society returns to Zürich\n\n"
    "The council said the café on the corner would reopen next week.\n\n"
    "Residents welcomed the news with “cautious optimism”, one said.\n"
)


def test_reimport_with_a_chosen_encoding_reanchors_and_undoes(
    make_window, open_project, tmp_path, qtbot, monkeypatch
):
    page = tmp_path / "cafe.txt"
    page.write_bytes(ARTICLE.encode("cp1252"))
    project = open_project(tmp_path / "p.reader")
    [outcome] = project.import_files([page])
    doc_id = outcome.document_id
    assert project.decoding(doc_id) == ("cp1252", False)
    text = project.load(doc_id).text
    start = text.index("would reopen next week")
    kept = project.add_annotation(doc_id, start, start + len("would reopen next week"))
    window = make_window(project)
    window.open_document(doc_id)
    monkeypatch.setattr("reader.ui.main_window.choose_encoding", lambda *_: "cp1251")
    window.action("reimport_encoding").trigger()
    assert project.decoding(doc_id) == ("cp1251", True)
    assert "Zьrich" in window.current_document().text  # what the user asked for
    assert project.annotation(kept.id).exact == "would reopen next week"
    assert not project.annotation(kept.id).orphan
    assert "Windows-1251" in window.statusBar().currentMessage()
    stack = window.session.undo_stack
    assert stack.undoText().startswith("Re-import")
    stack.undo()
    assert project.decoding(doc_id) == ("cp1252", False)
    assert window.current_document().text == text
    assert project.annotation(kept.id).exact == "would reopen next week"
    stack.redo()
    assert "Zьrich" in window.current_document().text
    # A later plain re-import of the unchanged file keeps the user's pick.
    project.import_files([page])
    assert project.decoding(doc_id) == ("cp1251", True)


def test_a_missing_file_is_not_reimported_and_leaves_no_undo_step(
    make_window, open_project, tmp_path, monkeypatch
):
    page = tmp_path / "gone.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    project = open_project(tmp_path / "p.reader")
    [outcome] = project.import_files([page])
    page.unlink()
    window = make_window(project)
    window.open_document(outcome.document_id)
    monkeypatch.setattr("reader.ui.main_window.choose_encoding", lambda *_: "cp1252")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window.action("reimport_encoding").trigger()
    assert shown and "no such file" in shown[0]
    assert window.session.undo_stack.count() == 0
    assert "Café society" in window.current_document().text


def test_the_document_status_says_how_many_bytes_could_not_be_read(
    make_window, open_project, tmp_path
):
    page = tmp_path / "damaged.txt"
    lines = ARTICLE.encode("utf-8").split(b"\n")
    lines[2] = lines[2].replace(b"council", b"coun\xffcil")
    page.write_bytes(b"\n".join(lines))
    project = open_project(tmp_path / "p.reader")
    [outcome] = project.import_files([page])
    assert outcome.problem == ("1 byte could not be read as UTF-8 (line 3)")
    window = make_window(project)
    window.open_document(outcome.document_id)
    assert outcome.problem in window.position_label.text()
    assert "Zürich" in window.current_document().text


def test_an_article_of_a_news_export_is_reimported_and_a_word_file_disabled_with_why(
    make_window, open_project, tmp_path, monkeypatch
):
    from tests.formats.test_documents import MAKERS, NEXIS
    from tests.store.test_reimport_items import NEXIS_TXT

    text_export = tmp_path / "nexis.txt"
    text_export.write_bytes(NEXIS_TXT.encode("cp1252"))
    word_export = tmp_path / "nexis.docx"
    MAKERS["docx"](word_export, NEXIS)
    project = open_project(tmp_path / "p.reader")
    article, _other = project.import_files([text_export])
    from_word = project.import_files([word_export])[0]
    window = make_window(project)
    action = window.action("reimport_encoding")
    window.open_document(from_word.document_id)
    assert not action.isEnabled()
    assert "Word document" in action.statusTip()
    window.open_document(article.document_id)
    assert action.isEnabled()
    monkeypatch.setattr("reader.ui.main_window.choose_encoding", lambda *_: "cp1252")
    action.trigger()
    assert "déjà vu" in window.current_document().text
    assert "Windows-1252" in window.statusBar().currentMessage()
    window.session.undo_stack.undo()
    assert "déją vu" in window.current_document().text
