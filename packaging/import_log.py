"""Run the frozen build's self-test and every command with an import log; compare with the bundle.

    uv run python packaging/import_log.py [--dist dist/reader] [--work build/reader]

The spec's ``EXCLUDES`` trims modules Reader never imports. This is how "never" is
checked: each run below sets ``READER_IMPORT_LOG`` (``packaging/rthook_import_log.py``
then appends the run's ``sys.modules``), every run must succeed, and the report lists
what the bundle carries (``build/reader/bundled-modules.txt``, written by the spec) that
no run imported: the candidates for the next trim. A trim that removed a module some
command needs makes that command fail here (and in ``tests/packaging``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from reader.store.export import FORMATS  # noqa: E402

PAGE = (
    "<html><head><title>Bridge vote</title><meta name='date' content='2024-01-02'></head>"
    "<body><article><h1>Bridge vote</h1><p>{p}</p><p>{p}</p></article></body></html>"
)


def scenario(folder: Path) -> list[list[str]]:
    """The runs: the self-test, and each command with each of its formats."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    page = folder / "page.html"
    page.write_text(PAGE.format(p="The council voted on the new bridge. " * 12), "utf-8")
    project = str(folder / "p.reader")
    runs = [
        ["--version"],
        ["--help"],
        ["--self-test", "--no-err-windows"],
        ["parse", str(seeds[0])],
        ["parse", "--json", str(seeds[0])],
        ["parse", str(page)],
        ["import", project, str(ROOT / "seeds"), str(page)],
        ["search", project, "the"],
        ["search", "--json", project, "in:comments the"],
    ]
    for number, coder in enumerate(("Ada", "Ben"), start=1):  # two coders, one passage
        annotations = folder / f"annotations-{coder}.json"
        annotations.write_text(json.dumps(_one_annotation(seeds[0], number)), "utf-8")
        runs.append(["import-annotations", project, str(annotations), "--coder", coder])
    for fmt in FORMATS:  # every format, now that the project has a tagged passage
        runs.append(["export", project, "--format", fmt, "-o", str(folder / f"out.{fmt}")])
    runs.append(["agreement", project])  # the agreement figures
    runs.append(["agreement", project, "--unit", "comment", "--json"])
    return runs


def _one_annotation(seed: Path, number: int = 1) -> dict:
    """A W3C annotation page with one tagged passage of ``seed`` (as another tool writes)."""
    lines = [line.strip() for line in seed.read_text("utf-8").splitlines() if len(line) > 60]
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": f"urn:uuid:6f1c1d0e-0000-4000-8000-{number:012d}",
                "type": "Annotation",
                "motivation": "tagging",
                "body": [
                    {"type": "TextualBody", "purpose": "tagging", "value": "framing"},
                    # a note in Markdown: the reports render it (markdown-it)
                    {"type": "TextualBody", "purpose": "commenting", "value": "A *framing* move."},
                ],
                "target": {
                    "source": seed.resolve().as_uri(),
                    "selector": {"type": "TextQuoteSelector", "exact": lines[0][:40]},
                },
            }
        ],
    }


def imported_modules(exe: Path) -> set[str]:
    """The union of modules imported by every run of ``scenario``; raises if one fails."""
    with tempfile.TemporaryDirectory(prefix="reader-import-log-") as tmp:
        folder = Path(tmp)
        log = folder / "imports.log"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", READER_IMPORT_LOG=str(log))
        env.update(HOME=str(folder / "home"), XDG_DATA_HOME=str(folder / "home" / "data"))
        for args in scenario(folder):
            result = subprocess.run(
                [str(exe), *args], capture_output=True, text=True, env=env, timeout=300
            )
            if result.returncode != 0:
                raise RuntimeError(
                    f"reader {' '.join(args)} failed in the frozen build "
                    f"(exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
                )
        return set(log.read_text(encoding="utf-8").split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "reader")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "reader")
    args = parser.parse_args(argv)
    used = imported_modules(args.dist / "reader")
    bundled = set((args.work / "bundled-modules.txt").read_text(encoding="utf-8").split())
    unused = sorted(bundled - used)
    by_package: dict[str, int] = {}
    for name in unused:
        by_package[name.split(".")[0]] = by_package.get(name.split(".")[0], 0) + 1
    print(f"{len(used)} modules imported across the runs; {len(bundled)} bundled; "
          f"{len(unused)} bundled and never imported, by package:")  # fmt: skip
    for package, count in sorted(by_package.items(), key=lambda kv: -kv[1]):
        print(f"  {package}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
