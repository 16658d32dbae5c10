"""Two Readers on one file, and a writer killed at random moments: no write is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.store.project import Project


def test_two_instances_writing_the_same_file_keep_both_writes(tmp_path, seeds):
    path = tmp_path / "shared.reader"
    with Project.open(path, backup_dir=tmp_path / "b") as first:
        first.import_files(seeds[:2])
        with Project.open(path, backup_dir=tmp_path / "b") as second:
            doc_id = first.documents()[0].id
            mine = first.add_tag("From the first")
            theirs = second.add_tag("From the second")
            made = []
            for i in range(20):
                writer, tag = (first, mine) if i % 2 == 0 else (second, theirs)
                made.append(writer.add_annotation(doc_id, i * 10, i * 10 + 5, [tag.id]).id)
            second.set_note(made[0], "edited in the second window")
            assert first.changed_elsewhere() is False  # the first call only records
            second.set_note(made[1], "again")
            assert first.changed_elsewhere() is True
            assert first.changed_elsewhere() is False
            assert first.annotation(made[0]).note == "edited in the second window"
    with Project.open(path, backup_dir=tmp_path / "b") as reopened:
        assert sorted(a.id for a in reopened.annotations()) == sorted(made)
        assert {t.name for t in reopened.tags()} == {"From the first", "From the second"}


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.store.project import Project

    project = Project.open(Path(sys.argv[1]), backup_dir=Path(sys.argv[2]))
    doc_id = project.documents()[0].id
    tag = project.tags()[0].id
    length = len(project.load(doc_id).text)
    print("ready", flush=True)
    i = 0
    while True:
        start = i % (length - 10)
        a = project.add_annotation(doc_id, start, start + 5, [tag], note="n" * (i % 50))
        print(a.id, flush=True)
        i += 1
    """
)


def test_killing_a_writer_at_random_moments_loses_no_committed_annotation(tmp_path, seeds):
    path = tmp_path / "crash.reader"
    with Project.open(path, backup_dir=tmp_path / "b") as project:
        project.import_files(seeds[:1])
        project.add_tag("Crash")
    committed: list[str] = []
    rng = random.Random(1234)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    began, kills = time.monotonic(), 0
    # 20 kills, or as many as fit in about 10 s on a busy machine (at least 5).
    while kills < 20 and (kills < 5 or time.monotonic() - began < 10):
        kills += 1
        with subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(tmp_path / "b")],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        ) as child:
            assert child.stdout is not None
            first = child.stdout.readline().strip()
            if first == "ready":
                time.sleep(rng.uniform(0.0, 0.15))  # a random moment to kill at, not a wait
            os.kill(child.pid, signal.SIGKILL)
            out, _ = child.communicate(timeout=30)
        assert first == "ready"
        # A line is printed only after its commit; a cut-off last line proves nothing.
        committed += [line for line in out.splitlines() if len(line) == 36]
    assert len(committed) > kills
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Project.open(path, backup_dir=tmp_path / "b") as project:
        present = {a.id for a in project.annotations()}
    missing = [c for c in committed if c not in present]
    assert missing == []


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.store.project import Project

    project = Project.open(Path(sys.argv[1]), backup_dir=Path(sys.argv[2]))
    doc_id = project.documents()[0].id
    tag = project.add_tag(f"Writer {sys.argv[3]}")
    for i in range(150):
        a = project.add_annotation(doc_id, i, i + 5, [tag.id], note=sys.argv[3])
        print(a.id, flush=True)
    project.close()
    """
)


def test_two_processes_writing_at_once_both_keep_every_write(tmp_path, seeds):
    path = tmp_path / "shared.reader"
    with Project.open(path, backup_dir=tmp_path / "b") as project:
        project.import_files(seeds[:1])
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(tmp_path / "b"), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("one", "two")
    ]
    written = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        written += out.split()
    assert len(written) == 300
    with Project.open(path, backup_dir=tmp_path / "b") as project:
        notes = {a.id: a.note for a in project.annotations()}
        assert sorted(notes) == sorted(written)
        assert sorted(notes.values()).count("one") == 150
        assert {t.name for t in project.tags()} == {"Writer one", "Writer two"}
