"""Team work in the window: merging a colleague's copy (undoable), showing one coder's
coding or everyone's, the agreement dialog, and the coder's name."""

from __future__ import annotations

import csv
import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from reader.store.project import Project
from reader.ui.dialogs.preferences import CODER_KEY, CoderNameDialog, coder_name
from tests.store.team import EXPECTED, build_copy


@pytest.fixture
def copies(tmp_path, seeds):
    seed = next(s for s in seeds if s.name.startswith("000_"))
    paths = []
    for coder in ("Ada", "Ben"):
        machine = tmp_path / coder
        machine.mkdir()
        shutil.copy(seed, machine / seed.name)
        paths.append(build_copy(machine, machine / seed.name, coder))
    return paths


@pytest.fixture
def ada_window(copies, make_window, open_project):
    return make_window(open_project(copies[0], coder="Ada"))


def _listed(window) -> list:
    model = window.annotation_model
    return [model.annotation(r) for r in range(model.rowCount())]


def _coders_shown(window) -> set[str]:
    return {a.coder for a in window.session.index.all()}


def test_merge_in_the_window_is_one_undoable_step(ada_window, copies, qtbot):
    window, team = ada_window, ada_window.team
    summaries: list[str] = []
    team.ask_merge_paths = lambda: [copies[1]]
    team.show_summary = lambda _title, text: summaries.append(text)
    assert _coders_shown(window) == {"Ada"}
    window.action("merge_project").trigger()
    assert summaries and summaries[0].startswith("Merged ben.reader: 8 annotations added")
    assert len(window.project().annotations()) == 15
    assert _coders_shown(window) == {"Ada", "Ben"}  # painted at once
    stack = window.session.undo_stack
    assert stack.undoText() == "Merge ben.reader"
    stack.undo()
    assert len(window.project().annotations()) == 7
    assert _coders_shown(window) == {"Ada"}
    stack.redo()
    assert len(window.project().annotations()) == 15
    assert _coders_shown(window) == {"Ada", "Ben"}
    # Merging it again adds nothing (and says so).
    window.action("merge_project").trigger()
    assert "0 annotations added (8 already here)" in summaries[-1]
    assert len(window.project().annotations()) == 15


def test_a_file_that_is_not_a_project_is_reported_and_nothing_changes(ada_window, tmp_path):
    junk = tmp_path / "junk.reader"
    junk.write_bytes(b"nothing of the kind" * 20)
    summaries: list[str] = []
    team = ada_window.team
    team.ask_merge_paths = lambda: [junk]
    team.show_summary = lambda _title, text: summaries.append(text)
    ada_window.action("merge_project").trigger()
    assert "junk.reader was not merged" in summaries[0]
    assert ada_window.session.undo_stack.count() == 0
    assert len(ada_window.project().annotations()) == 7


def test_show_only_my_coding_and_a_chosen_coder(ada_window, copies):
    window, team = ada_window, ada_window.team
    team.show_summary = lambda *_: None
    team.merge([copies[1]])
    claim = next(t.id for t in window.project().tags() if t.name == "Claim")
    assert window.codebook_model.usage(claim) == 12
    window.action("only_my_coding").trigger()
    assert _coders_shown(window) == {"Ada"}
    assert window.codebook_model.usage(claim) == 6  # the codebook counts Ada's alone
    assert window.annotator.painter.stripes is not None
    window.annotations.project_button.click()
    rows = _listed(window)
    assert rows and {a.coder for a in rows} == {"Ada"}
    window.action("all_coders").trigger()
    assert not window.action("only_my_coding").isChecked()
    assert _coders_shown(window) == {"Ada", "Ben"}
    # One coder from View › Coders: untick Ada.
    team.coders_menu.aboutToShow.emit()
    ada = next(a for a in team.coders_menu.actions() if a.objectName() == "coder:Ada")
    assert ada.text() == "Ada (you)"
    ada.setChecked(False)
    assert _coders_shown(window) == {"Ben"}
    rows = _listed(window)
    assert {a.coder for a in rows} == {"Ben"}
    window.retrieval.show_segments("", True)
    segments = window.segments_model.segments()
    assert segments and {s.coder for s in segments} == {"Ben"}
    window.action("all_coders").trigger()
    assert _coders_shown(window) == {"Ada", "Ben"}


def test_agreement_dialog_figures_places_and_export(ada_window, copies, tmp_path, qtbot):
    window, team = ada_window, ada_window.team
    team.show_summary = lambda *_: None
    team.merge([copies[1]])
    window.team.set_coder_name("Lead")  # a coder who has coded nothing is not offered
    window.action("coder_agreement").trigger()
    dialog = team.agreement_dialog
    assert [dialog.coder_list.item(i).text() for i in range(dialog.coder_list.count())] == [
        "Ada", "Ben"]  # fmt: skip
    qtbot.waitExposed(dialog)
    dialog.set_unit("comment")
    model = dialog.figures_model
    rows = {model.item(r, 0).text(): r for r in range(model.rowCount())}
    assert set(rows) == {"Claim", "Source", "(all tags)"}
    cohen = FIGURE_COLUMN("Cohen's kappa")
    alpha = FIGURE_COLUMN("Krippendorff's alpha")
    for name, key in (("Claim", "Claim"), ("Source", "Source"), ("(all tags)", None)):
        r = rows[name]
        assert model.item(r, cohen).data(Qt.ItemDataRole.UserRole) == pytest.approx(
            EXPECTED[key][0], abs=1e-4)  # fmt: skip
        assert model.item(r, alpha).data(Qt.ItemDataRole.UserRole) == pytest.approx(
            EXPECTED[key][1], abs=1e-4)  # fmt: skip
    assert dialog.places_model.rowCount() == 5
    # Choosing the Source row narrows the list to its one place.
    dialog.figures.setCurrentIndex(model.index(rows["Source"], 0))
    assert dialog.places_proxy.rowCount() == 1
    # One click (activation) shows the passage: the comment is made current.
    index = dialog.places_proxy.index(0, 0)
    doc, start, _end = index.data(Qt.ItemDataRole.UserRole + 1)
    dialog.places.activated.emit(index)
    comment = window.current_document().comment_at(start)
    assert window.comments.current_comment() == comment.id
    # Exports.
    out = tmp_path / "figures.csv"
    assert dialog.export_table("figures", out)
    written = list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert [r["tag"] for r in written] == ["Claim", "Source", "(all tags)"]
    dialog.ask_save_path = lambda *_: str(tmp_path / "places.xlsx")
    dialog.export_places_button.click()
    assert (tmp_path / "places.xlsx").stat().st_size > 0
    # Fewer than two coders: the dialog says so instead of figures.
    dialog.coder_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert "two coders" in dialog.summary.text() and model.rowCount() == 0


def FIGURE_COLUMN(name: str) -> int:  # noqa: N802
    from reader.store.agreement_input import FIGURE_COLUMNS

    return FIGURE_COLUMNS.index(name)


def test_the_coder_name_is_asked_once_and_changed_in_preferences(ada_window, tmp_path, qtbot):
    settings = QSettings(str(tmp_path / "first.ini"), QSettings.Format.IniFormat)
    asked: list[str] = []

    def ask(suggested):
        asked.append(suggested)
        return "  Ada   Lovelace "

    assert coder_name(settings, "ada", ask) == "Ada Lovelace"
    assert coder_name(settings, "ada", ask) == "Ada Lovelace"
    assert asked == ["ada"]  # prefilled with the account, asked once
    assert coder_name(QSettings(str(tmp_path / "2.ini"), QSettings.Format.IniFormat), "bob",
                      lambda s: None) == "bob"  # fmt: skip
    dialog = CoderNameDialog("ada")
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    # Preferences: a new name from now on.
    window = ada_window
    window.team.set_coder_name("Ada L.")
    assert window.project().coder == "Ada L."
    assert window._settings.value(CODER_KEY) == "Ada L."
    doc_id = window.current_document_id()
    a = window.project().add_annotation(doc_id, 0, 5)
    assert a.coder == "Ada L."
    assert "Ada L." in window.team.coders()


def test_preferences_dialog_changes_the_coder(ada_window, qtbot):
    from reader.ui.dialogs.preferences import PreferencesDialog

    ada_window.action("preferences").trigger()
    dialog = ada_window.findChild(PreferencesDialog)
    qtbot.waitExposed(dialog)
    assert dialog.name_edit.text() == "Ada"
    dialog.name_edit.setText("Ada King")
    with qtbot.waitSignal(dialog.coder_name_changed):
        dialog.ok_button.click()
    assert ada_window.project().coder == "Ada King"
    assert ada_window.team.coder_label.text() == "Coding as Ada King"
    ada_window.team.coders_menu.aboutToShow.emit()
    names = [a.text() for a in ada_window.team.coders_menu.actions() if a.isCheckable()]
    assert "Ada King (you)" in names and "Ada" in names


def test_a_merged_correction_says_who_made_it(copies, make_window, open_project, tmp_path):
    from reader.core.corrections import CorrectionKind, make_correction

    with Project.open(copies[1], backup_dir=tmp_path / "b", coder="Ben") as p:
        doc_id = p.documents()[0].id
        doc = p.load(doc_id)
        p.add_correction(doc_id, make_correction(doc, CorrectionKind.MERGE_COMMENT,
                                                 doc.comments[3].start))  # fmt: skip
    window = make_window(open_project(copies[0], coder="Ada"))
    window.team.show_summary = lambda *_: None
    [command] = window.team.merge([copies[1]])
    assert command.report.corrections_added == 1
    doc = window.current_document()
    merged = next(c for c in doc.comments if window.structure.is_corrected(c.id))
    window.comments.select_comment(merged.id)
    assert "corrected by Ben" in window.position_label.text()


# ---- whose name: a name given for the run wins over the remembered one


def test_a_name_for_the_run_wins_over_the_saved_one_and_is_not_saved(tmp_path, monkeypatch):
    from reader.cli import _gui_arguments
    from reader.team_cli import CODER_VARIABLE, named_coder
    from reader.ui.dialogs.preferences import RunCoder

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(CODER_KEY, "Alice")  # remembered from an earlier run

    def never(_suggested):
        raise AssertionError("nothing is asked when a name is given")

    monkeypatch.setenv(CODER_VARIABLE, "  Bob  ")
    assert named_coder(_gui_arguments([])) == "Bob"
    assert named_coder(_gui_arguments(["--coder", "Carol"])) == "Carol"  # the option first
    run = RunCoder(settings, named_coder(_gui_arguments([])), "account", never)
    assert run.name == "Bob"
    assert settings.value(CODER_KEY) == "Alice"  # the remembered name stays as it was
    assert run.current() == "Bob"  # the next project opened in this run: Bob's too
    settings.setValue(CODER_KEY, "Robert")  # Preferences during the run: the latest choice
    assert run.current() == "Robert"
    # Nothing named: the remembered name, nothing asked.
    monkeypatch.delenv(CODER_VARIABLE)
    assert RunCoder(settings, named_coder(_gui_arguments([])), "account", never).name == "Robert"


def test_the_status_bar_says_who_is_coding(copies, make_window, open_project):
    window = make_window(open_project(copies[0], coder="Bob"))
    label = window.team.coder_label
    assert label.isVisible() and label.text() == "Coding as Bob"
    window.team.set_coder_name("Robert")
    assert label.text() == "Coding as Robert"


def test_the_codebook_counts_a_coder_filter_without_reading_every_annotation(
    ada_window, copies, monkeypatch
):
    """Showing one coder recounts the codebook from the store's counts: no annotation's
    whole record (its quote, its times) is read for it, however large the project."""
    window, team = ada_window, ada_window.team
    team.show_summary = lambda *_: None
    team.merge([copies[1]])
    project = window.project()
    claim = next(t.id for t in project.tags() if t.name == "Claim")
    everyone = dict(project.tag_usage())
    read: list = []
    whole = project.annotations
    monkeypatch.setattr(project, "annotations", lambda *a: read.append(a) or whole(*a))
    window.action("only_my_coding").trigger()
    assert window.codebook_model.usage(claim) == 6
    assert read == []
    window.action("all_coders").trigger()
    assert {t: window.codebook_model.usage(t) for t in everyone} == everyone
    assert read == []
