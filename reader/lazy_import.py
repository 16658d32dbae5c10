"""A module whose code runs when it is first used, not when it is imported.

Opening a project and showing its first document needs a small part of the store; the
rest (corpus search, the folder import's pool, merging, the file-format readers) would
cost the window's start ~30–40 ms of CPU to import (issue 16). :func:`later` hands out
such a module at once and runs its code the first time one of its attributes is read
(``importlib.util.LazyLoader``); a module already imported is handed out as it is.

Plain modules only, not packages (a submodule imported on its own would meet its package
before the package's code ran). Use it on the main thread: ``LazyLoader`` is safe against
two threads first reading the same module only from Python 3.12.3 on (the store's one
other thread, the backup, uses none of these modules).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def later(name: str) -> ModuleType:
    """The module ``name``, imported on its first use."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    if spec.submodule_search_locations is not None:
        # A package's submodules, imported on their own, would find it half-made.
        raise ValueError(f"{name} is a package: only a plain module can be imported later")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as an import does: ``reader.store.search`` is an attribute of its package
        setattr(sys.modules[parent], child, module)
    return module


def is_loaded(name: str) -> bool:
    """Whether the code of module ``name`` has run (imported, and used if :func:`later`)."""
    module = sys.modules.get(name)
    return module is not None and type(module).__name__ != "_LazyModule"
