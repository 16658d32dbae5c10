"""The About dialog says which version, which licence, and where the data lives."""

from reader import __version__
from reader.ui.dialogs.about import AboutDialog, DataLocations


def test_the_about_dialog_shows_version_licence_and_data_locations(qtbot, tmp_path):
    locations = DataLocations(
        data=tmp_path / "data", settings=tmp_path / "Reader.conf", logs=tmp_path / "data/logs"
    )
    dialog = AboutDialog(locations)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.title_label.text()
    body = dialog.body_label.text()
    assert "MIT" in body
    for path in (locations.data, locations.settings, locations.logs):
        assert str(path) in body
