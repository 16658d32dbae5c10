"""PyInstaller run-time hook: with ``READER_IMPORT_LOG=FILE``, write the modules imported.

The build trims modules Reader never imports (the spec's ``EXCLUDES``). What "never"
means is measured, not guessed: ``packaging/import_log.py`` runs the frozen build's
self-test and every command with this variable set, and compares the union of the
files written here with what the bundle carries. Without the variable this hook does
nothing but read the environment.
"""

import os

_log = os.environ.get("READER_IMPORT_LOG")
if _log:
    import atexit
    import sys

    def _write_import_log(path: str = _log) -> None:
        with open(path, "a", encoding="utf-8") as out:
            out.write("\n".join(sorted(sys.modules)) + "\n")

    atexit.register(_write_import_log)
del _log
