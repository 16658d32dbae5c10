"""Benchmark: the reading window (reader/ui).

1. **Cold start**: a fresh process to the first paint of the article (the default project
   already made, so no first-run import), as a ratio to a bare Qt window (a QMainWindow
   with a label) started the same way in the same run: same interpreter, same platform,
   runs interleaved. Goal: ≤ 1.5×. Also the time to the window complete: the window
   paints its first document from the reading panes and builds the rest (docked panes,
   controllers, menus) after that paint (``reader.ui.window_stages``).
2. **A long document**: a synthetic 1 MB scrape with 5,000 comments, opened from another
   document until both the article and the thread have painted and the event loop is
   free (interactive). Goal: ≤ 100 ms. Also: the longest the event loop is then busy at a
   time while the rest of the thread's replies open, and the first open from the file.
3. **Sidebar of 100,000 documents**: typing a query into the filter box, one keystroke at a
   time, each until the narrowed list has painted (the debounce delay itself left out).
   Goal: ≤ 50 ms per keystroke; peak RSS of the process ≤ 500 MB.

Run from the repository root (offscreen; pass ``--platform xcb`` under a display)::

    uv run python -m tests.benchmarks.bench_window
    uv run python -m tests.benchmarks.bench_window --docs 10000 --runs 3   # quick

Figures depend on the machine and its load: compare runs on the same one.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BARE = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([sys.argv[0]])
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            os._exit(0)
        return False
window = QMainWindow()
label = QLabel("A bare window")
window.setCentralWidget(label)
watch = Watch()
label.installEventFilter(watch)
window.resize(1440, 900)
window.show()
app.exec()
"""

REPLICA = r"""
# The floor: the window's shape in raw PySide6, none of Reader's modules: the document
# read with sqlite3 and json, a splitter of a list, a text browser and a tree, six dock
# frames, nine menus, a status bar; painted as the bare window is.
import json, os, sqlite3, sys, zlib
from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QApplication, QDockWidget, QLabel, QListView, QMainWindow,
    QSplitter, QTextBrowser, QTreeView)
app = QApplication([sys.argv[0]])
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print("painted", flush=True), os._exit(0)))
        return False
db = sqlite3.connect(os.path.join(sys.argv[1], "default.reader"))
db.execute("PRAGMA quick_check").fetchall()
titles = [t for (t,) in db.execute("SELECT title FROM documents ORDER BY id")]
text, structure = db.execute("SELECT text, structure FROM documents ORDER BY id").fetchone()
comments = json.loads(zlib.decompress(structure)).get("document", [])
window = QMainWindow()
splitter = QSplitter(Qt.Orientation.Horizontal)
documents = QListView()
documents.setModel(QStringListModel(titles))
article = QTextBrowser()
article.setPlainText(text)
thread = QStandardItemModel()
for n in range(12):
    thread.appendRow(QStandardItem(f"comment {n}"))
tree = QTreeView()
tree.setModel(thread)
for pane in (documents, article, tree):
    splitter.addWidget(pane)
window.setCentralWidget(splitter)
for name in ("codebook", "annotations", "note", "search", "segments", "overview"):
    dock = QDockWidget(name, window)
    dock.setObjectName(name)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
for title in ("File", "Edit", "View", "Annotate", "Structure", "Search", "Go", "Tools", "Help"):
    window.menuBar().addMenu(title)
window.statusBar().addPermanentWidget(QLabel("Document 1 of 5"))
watch = Watch()
article.viewport().installEventFilter(watch)
window.resize(1440, 900)
window.show()
app.exec()
"""

READER = r"""
import os, sys, traceback
def fail(*info):  # an exception in a Qt callback fails the run, as in the tests
    traceback.print_exception(*info)
    os._exit(70)
sys.excepthook = fail
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import reader.app

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            # after this paint has been drawn
            QTimer.singleShot(0, lambda: (print("painted", flush=True), os._exit(0)))
        return False

watch = Watch()
def exec_and_watch(self=None):
    app = QApplication.instance()
    # (found by name: importing the window's module here would load it before the app does)
    window = next(w for w in app.topLevelWidgets() if w.objectName() == "main_window")
    assert window.current_document() is not None, "no document shown"
    if sys.argv[2] == "built":  # every pane, controller and menu made (the staged build)
        window.built.connect(lambda: (print("painted", flush=True), os._exit(0)))
    else:
        window.article.viewport().installEventFilter(watch)
    return QApplication.exec_original()
QApplication.exec_original = QApplication.exec
QApplication.exec = exec_and_watch
sys.exit(reader.app.main(["--data-dir", sys.argv[1]]))
"""


def fail_on_callback_errors() -> None:
    """An exception raised inside a Qt callback (a slot, an event filter, a virtual
    method) ends the benchmark with its traceback and exit status 70: PySide6 hands such
    an exception to ``sys.excepthook`` and carries on, which would let a broken run print
    figures (pytest-qt fails the test that caused it in the same way)."""

    def fail(kind, value, tb) -> None:
        traceback.print_exception(kind, value, tb)
        print("benchmark failed: an exception was raised inside a Qt callback", file=sys.stderr)
        sys.stderr.flush()
        os._exit(70)

    sys.excepthook = fail


def _children_cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def _start_ms(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time to the first paint, and the child's CPU time (it exits right after)."""
    c = _children_cpu_ms()
    t = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - t) * 1000
    _out, err = child.communicate(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"the child did not paint (exit {child.returncode}):\n{err}")
    return elapsed, _children_cpu_ms() - c


def bench_cold_start(folder: Path, runs: int, platform: str) -> None:
    env = dict(os.environ)
    # As a user's start: with the modules' bytecode (written by the warm-up run below);
    # without it every start compiles Reader's sources again (~0.45 s here).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env = dict(
        env,
        QT_QPA_PLATFORM=platform,
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "share"),
        # Named, so the first start does not stop at the coder's-name prompt.
        READER_CODER="Benchmark",
    )
    data = folder / "data"
    made = subprocess.run(
        [sys.executable, "-m", "reader.app", "--self-test", "--data-dir", str(data)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if made.returncode != 0:
        raise RuntimeError(f"could not make the default project: {made.stdout}{made.stderr}")
    _start_ms(BARE, [], env)  # warm the file cache for both
    _start_ms(READER, [str(data), "painted"], env)
    bare, app, built, floor = [], [], [], []
    for _ in range(runs):
        bare.append(_start_ms(BARE, [], env))
        floor.append(_start_ms(REPLICA, [str(data)], env))
        app.append(_start_ms(READER, [str(data), "painted"], env))
        built.append(_start_ms(READER, [str(data), "built"], env))
    b, a = (statistics.median(w for w, _ in x) for x in (bare, app))
    bc, ac = (statistics.median(c for _, c in x) for x in (bare, app))
    print(
        f"cold start to first document painted: {a:.0f} ms; bare Qt window {b:.0f} ms; "
        f"ratio {a / b:.2f}× (goal ≤ 1.5×; medians of {runs}; load {os.getloadavg()[0]:.1f})"
    )
    print(f"  CPU time: {ac:.0f} ms against {bc:.0f} ms, ratio {ac / bc:.2f}×")
    fc = statistics.median(c for _, c in floor)
    print(
        f"  the floor: the window's shape in raw PySide6 (no Reader module) {fc:.0f} ms CPU, "
        f"ratio {fc / bc:.2f}×"
    )
    w, c = (statistics.median(x[i] for x in built) for i in (0, 1))
    print(
        f"  to the window complete (the rest built after the first paint): {w:.0f} ms, "
        f"CPU {c:.0f} ms"
    )


def _window(project, folder: Path):
    from PySide6.QtCore import QSettings

    from reader.store.project import Project
    from reader.ui.main_window import MainWindow

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        project, settings, open_project=lambda p: Project.open(p, backup_dir=folder / "b")
    )
    window.resize(1440, 900)
    window.show()
    return window


class _Painted:
    """Counts paint events of some widgets."""

    def __init__(self, *widgets) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def __init__(self, owner) -> None:
                super().__init__()
                self.owner = owner

            def eventFilter(self, obj, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    self.owner.seen.add(id(obj))
                return False

        self.seen: set[int] = set()
        self.widgets = widgets
        self.filter = Filter(self)
        for w in widgets:
            w.installEventFilter(self.filter)

    def reset(self) -> None:
        self.seen.clear()

    def all_painted(self) -> bool:
        return all(id(w) in self.seen for w in self.widgets)


def until_idle() -> None:
    """Run the event loop until it is about to wait for something new (every posted event
    and zero-time timer done: what a user would call idle)."""
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop

    loop = QEventLoop()
    dispatcher = QAbstractEventDispatcher.instance()
    dispatcher.aboutToBlock.connect(loop.quit)
    loop.exec()
    dispatcher.aboutToBlock.disconnect(loop.quit)


def _until_painted(app, painted: _Painted) -> None:
    while not painted.all_painted():
        app.processEvents()
    app.processEvents()  # what the paint left queued (timers at 0, posted events)


def bench_long_document(folder: Path, runs: int) -> None:
    from PySide6.QtWidgets import QApplication

    from reader.resources_path import seed_files
    from reader.store.project import Project
    from tests.benchmarks.synthetic import make_scrape

    app = QApplication.instance()
    big = folder / "long.txt"
    big.write_text(make_scrape(5000, target_bytes=1_000_000, seed=0), encoding="utf-8")
    article = folder / "article.txt"
    article.write_text(make_scrape(0, 1_000_000, seed=0, shape="article"), encoding="utf-8")
    project = Project.open(folder / "long.reader", backup_dir=folder / "backups")
    t = time.perf_counter()
    outcomes = project.import_files([big, seed_files()[-1], article])
    print(f"\n(import of the 1 MB scrapes: {time.perf_counter() - t:.1f} s, not counted)")
    big_id, small_id, article_id = (o.document_id for o in outcomes)
    window = _window(project, folder)
    painted = _Painted(window.article.viewport(), window.comments.view.viewport())
    window.open_document(small_id)
    _until_painted(app, painted)

    cpu: list[float] = []

    def open_big() -> float:
        window.open_document(small_id)
        _until_painted(app, painted)
        while not window.comments.fully_expanded():
            app.processEvents()
        painted.reset()
        t, c = time.perf_counter(), time.process_time()
        window.open_document(big_id)
        _until_painted(app, painted)
        cpu.append((time.process_time() - c) * 1000)
        return (time.perf_counter() - t) * 1000

    project._loaded.clear()  # a benchmark may reach in: the first open reads the file
    first = open_big()
    doc = window.current_document()
    cpu.clear()
    times = [open_big() for _ in range(runs)]
    stalls = []
    while not window.comments.fully_expanded():
        t = time.perf_counter()
        app.processEvents()
        stalls.append((time.perf_counter() - t) * 1000)
    print(
        f"open a {len(doc.text) / 1e6:.1f} MB document with {len(doc.comments):,} comments "
        f"to interactive: {statistics.median(times):.0f} ms (goal ≤ 100 ms; median of {runs}; "
        f"first open, reading the project file: {first:.0f} ms)"
    )
    print(
        f"  CPU time of the open: median {statistics.median(cpu):.0f} ms "
        f"(wall time grows with the machine's load: {os.getloadavg()[0]:.1f} now)"
    )
    print(
        f"  then the rest of the replies open in {len(stalls)} steps, "
        f"longest {max(stalls or [0]):.0f} ms"
    )
    reopen_memory(app, window, painted, (small_id, big_id, article_id))
    window.close()
    project.close()


def _rss_mib() -> float:
    """The process's resident memory now (not its peak)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def reopen_memory(app, window, painted: _Painted, ids: tuple[int, ...]) -> None:
    """RSS after the first open of each of ``ids`` (a small document, the 1 MB thread and
    a 1 MB article) and after opening them 20 more times (goal: within 10 MiB): each open
    must let go of what the one before it held."""
    from PySide6.QtCore import QCoreApplication, QEvent

    def reopen() -> None:
        for doc_id in ids:
            painted.reset()
            window.open_document(doc_id)
            _until_painted(app, painted)
            while not window.comments.fully_expanded():
                app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()

    reopen()
    first = _rss_mib()
    for _ in range(20):
        reopen()
    after = _rss_mib()
    print(
        f"memory: {first:.0f} MiB after the first open, {after:.0f} MiB after 20 more "
        f"({after - first:+.1f} MiB; goal within 10 MiB)"
    )


def _fill_corpus(path: Path, n_docs: int, folder: Path) -> None:
    """100,000 small documents written straight into the table (as bench_store does)."""
    from reader.core.parse import parse_text
    from reader.store.documents import now_iso, pack_structure, parser_version
    from reader.store.project import Project
    from reader.store.schema import write
    from tests.benchmarks.bench_store import WORDS, _sentence

    rng = random.Random(7)
    with Project.open(path, backup_dir=folder / "backups") as project:
        conn = project._conn
        with write(conn):
            for i in range(n_docs):
                title = " ".join(rng.choices(WORDS, k=6)).capitalize()
                body = "\n".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
                text = f"{title}\n{body}"
                doc = parse_text(text)
                conn.execute(
                    "INSERT INTO documents (source_path, title, text, content_hash,"
                    " imported_at, parser_version, structure, comment_count)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        f"/corpus/{i:06d}.txt", title, text, str(i), now_iso(),
                        parser_version(), pack_structure(doc), len(doc.comments),
                    ),
                )  # fmt: skip


def bench_sidebar(folder: Path, n_docs: int, corpus: Path | None = None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.store.project import Project
    from reader.ui.controllers.document_filter import FULL_TEXT_FROM

    app = QApplication.instance()
    path = corpus or folder / "corpus.reader"
    if not path.exists():
        t = time.perf_counter()
        _fill_corpus(path, n_docs, folder)
        print(f"\n({n_docs:,} documents written in {time.perf_counter() - t:.0f} s, not counted)")
    project = Project.open(path, backup_dir=folder / "backups")
    t = time.perf_counter()
    window = _window(project, folder)
    painted = _Painted(window.sidebar.list_view.viewport())
    _until_painted(app, painted)
    print(f"window over {n_docs:,} documents shown in {(time.perf_counter() - t) * 1000:.0f} ms")
    sidebar = window.sidebar
    sidebar.focus_filter()
    per_key: list[float] = []
    key_cpu: list[float] = []
    in_store: list[float] = []
    for query in ("ceasefire talks", "zürich", "humanitarian crisis"):
        for ch in query:
            sidebar.filter_edit.insert(ch)  # as typed (QTest cannot type ü)
            sidebar._debounce.stop()  # the wait for the typist to pause is not the work
            painted.reset()
            t, c = time.perf_counter(), time.process_time()
            sidebar._on_debounce_timeout()
            _until_painted(app, painted)
            per_key.append((time.perf_counter() - t) * 1000)
            key_cpu.append((time.process_time() - c) * 1000)
            text = sidebar.filter_edit.text().strip()
            t = time.perf_counter()
            if len(text) >= FULL_TEXT_FROM:  # shorter filters never reach the store
                project.matching_documents(text)
            in_store.append((time.perf_counter() - t) * 1000)
        shown = window.document_model.rowCount()
        print(f"  “{query}”: {shown:,} of {n_docs:,} documents")
        QTest.keyClick(sidebar.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(sidebar.filter_edit, Qt.Key.Key_Backspace)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"filter {n_docs:,} documents: median {statistics.median(per_key):.1f} ms, "
        f"worst {max(per_key):.1f} ms per keystroke (goal ≤ 50 ms); "
        f"peak RSS {rss:.0f} MB (goal ≤ 500 MB)"
    )
    ui = [a - b for a, b in zip(per_key, in_store, strict=True)]
    print(
        f"  of which the store's matching_documents: median {statistics.median(in_store):.1f} ms, "
        f"worst {max(in_store):.1f} ms; the window's part: median {statistics.median(ui):.1f} ms"
    )
    print(
        f"  CPU time per keystroke: median {statistics.median(key_cpu):.1f} ms, "
        f"worst {max(key_cpu):.1f} ms (load {os.getloadavg()[0]:.1f})"
    )
    window.close()
    project.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--only", choices=("start", "long", "sidebar"))
    parser.add_argument("--corpus", type=Path, help="keep the 100,000-document project here")
    args = parser.parse_args(argv)
    fail_on_callback_errors()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QApplication

        QStandardPaths.setTestModeEnabled(True)
        app = QApplication([sys.argv[0]])  # noqa: F841 (kept alive for the benchmarks)
        if args.only in (None, "start"):
            bench_cold_start(folder, args.runs, args.platform)
        if args.only in (None, "long"):
            bench_long_document(folder, args.runs)
        if args.only in (None, "sidebar"):
            bench_sidebar(folder, args.docs, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
