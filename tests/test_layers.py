"""The layers import downward only: core and store know nothing of Qt or the UI."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reader"

FORBIDDEN = {
    "core": ("PySide6", "shiboken6", "reader.store", "reader.ui", "reader.app"),
    "store": ("PySide6", "shiboken6", "reader.ui", "reader.app"),
    "ui": ("reader.app",),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downward(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport reader.ui.window\n")
    assert _imports(bad) == ["PySide6.QtCore", "reader.ui.window"]


def test_the_import_contracts_hold():
    """The contracts in pyproject.toml ([tool.importlinter]), as CI checks them: the ui
    reaches the store only through the session and the commands; panes stay apart."""
    import subprocess
    import sys

    tool = Path(sys.executable).with_name("lint-imports")
    if not tool.exists():
        pytest.skip("import-linter is not installed (uv sync installs it)")
    done = subprocess.run(
        [str(tool)], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_ui_reaches_the_store_only_through_the_session_and_the_commands():
    """Even for type hints (which import-linter leaves out): the rest of the ui types the
    project as ``reader.ui.session.Project``."""
    doors = {PACKAGE / "ui" / "session.py", *(PACKAGE / "ui" / "commands").rglob("*.py")}
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if path not in doors
        for name in _imports(path)
        if name == "reader.store" or name.startswith("reader.store.")
    ]
    assert offenders == []
