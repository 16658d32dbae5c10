"""Start-up stays light: the saved-page reader (trafilatura, lxml) loads on first use."""

import subprocess
import sys


def test_starting_the_app_does_not_load_the_web_page_reader():
    code = "import sys, reader.app; print(sorted({'trafilatura', 'lxml'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# What the first paint of the window does not need: each loads when its action is used.
NOT_AT_START = (
    "reader.store.export",  # the exporters (the REFI writer alone ~70 ms)
    "reader.store.export.refi",
    "reader.store.export.refi_read",
    "reader.store.w3c",
    "reader.store.agreement_input",
    "reader.core.agreement",
    "reader.core.formats.datasets",  # File › Import › Comment Data
    "reader.core.formats.dataset_records",
    "reader.ui.dialogs.export",
    "reader.ui.dialogs.agreement",
    "rapidfuzz",  # finding a passage again after a re-import
    "charset_normalizer",  # bytes that declare no encoding
    "trafilatura",  # saved pages
    "lxml",
    "importlib.metadata",  # the version, read after the first paint
    "PySide6.QtCharts",  # the overview's bars, made when there are bars to draw
    "reader.core.parse",  # the parser: a stored document opens from its structure
    "psycopg",  # the PostgreSQL driver: only for a shared project
    # The staged window (issue 16): what is built after the first paint
    # (reader.ui.window_stages.STEPS) loads then, step by step.
    "reader.ui.window_dock_panes",  # the docked panes and their models
    "reader.ui.window_controllers",  # the controllers
    "reader.ui.window_menus",  # the actions and menus
    "reader.ui.controllers.tagging",
    "reader.ui.controllers.retrieval",
    "reader.ui.controllers.structure",
    "reader.ui.controllers.team",
    "reader.ui.panes.codebook",
    "reader.ui.panes.overview",
    "reader.ui.painting.annotation_painter",
    "reader.ui.dialogs.about",  # dialogs load when they open
    "reader.ui.dialogs.refused_project",
    "reader.selfcheck",  # only for --self-test
    "logging.handlers",  # the log file opens after the first paint (reader.logs)
    "reader.store.search",  # the store's parts opening a project does not need
    "reader.store.merge",
    "reader.store.folder_import",
)


def test_the_window_module_loads_nothing_the_first_paint_does_not_need():
    code = (
        "import sys, reader.app, reader.ui.main_window, reader.store.project; "
        "from reader.lazy_import import is_loaded; "
        f"print(sorted(m for m in {NOT_AT_START!r} if is_loaded(m)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
