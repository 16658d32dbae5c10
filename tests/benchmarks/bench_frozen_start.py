"""Start-up of the frozen onedir build, as a ratio to the source app started the same way.

    uv run python packaging/build.py                          # dist/reader/ first
    uv run python -m tests.benchmarks.bench_frozen_start --runs 7

Both are started as a user would: the source app through its ``reader`` console script
in the uv environment, the frozen one as ``dist/reader/reader``; both offscreen, each
with its own data folder that a warm-up run has already filled (the second start, the
usual one). Two timings, alternating frozen and source runs so drift hits both alike:

- ``--version``: interpreter and bootloader start, no Qt;
- ``--self-test``: start, Qt, open the seeded project, show the window, render every
  document and thread, quit (the start-up a user waits for, plus the same rendering).

Goal: the frozen build's ``--self-test`` time ≤ 1.1 × the source app's.
The self-test runs in a fresh scratch folder each time (it never uses the data folder
prepared here), so its figure includes importing the seeds, for both alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _source_command() -> list[str]:
    script = shutil.which("reader", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "reader.app"]


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (median)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "reader")
    args = parser.parse_args(argv)
    frozen = args.dist / ("reader.exe" if sys.platform.startswith("win") else "reader")
    if not frozen.is_file():
        raise SystemExit(f"{frozen} is missing: build it with `uv run python packaging/build.py`")
    variants = {"frozen": [str(frozen)], "source": _source_command()}

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        envs = {}
        for name in variants:
            home = Path(tmp) / name
            (home / "runtime").mkdir(parents=True)
            (home / "runtime").chmod(0o700)
            envs[name] = dict(
                os.environ,
                QT_QPA_PLATFORM="offscreen",
                HOME=str(home),
                XDG_DATA_HOME=str(home / "data"),
                XDG_CONFIG_HOME=str(home / "config"),
                XDG_CACHE_HOME=str(home / "cache"),
                XDG_RUNTIME_DIR=str(home / "runtime"),
            )
        for name, command in variants.items():  # warm-up: first run, disk cache
            _timed([*command, "--self-test"], envs[name])
        results: dict[tuple[str, str], list[float]] = {}
        for what in ("--version", "--self-test"):
            for _ in range(args.runs):
                for name, command in variants.items():
                    results.setdefault((what, name), []).append(
                        _timed([*command, what], envs[name])
                    )

    print(f"start-up, median of {args.runs} runs each (frozen: {frozen})")
    for what in ("--version", "--self-test"):
        f = statistics.median(results[(what, "frozen")])
        s = statistics.median(results[(what, "source")])
        print(
            f"  {what:<12} frozen {f * 1000:7.0f} ms   source {s * 1000:7.0f} ms   "
            f"ratio {f / s:.2f}x"
        )
    ratio = statistics.median(results[("--self-test", "frozen")]) / statistics.median(
        results[("--self-test", "source")]
    )
    print(f"goal: self-test ratio <= 1.10x: {'met' if ratio <= 1.10 else 'NOT met'} ({ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
