"""PyInstaller run-time hook: remember the user's environment before the bundle changes it.

Listed first in the spec's ``runtime_hooks``, so it runs before PySide6's hook overwrites
``QT_PLUGIN_PATH`` and ``QML2_IMPORT_PATH``. Each value the user had is kept as
``<NAME>_ORIG`` (the convention the bootloader uses for ``LD_LIBRARY_PATH``), for
``reader.child_env.child_environment()`` to restore in programs Reader starts.
"""

import os

for _name in (
    "QT_PLUGIN_PATH",
    "QML2_IMPORT_PATH",
    "QML_IMPORT_PATH",
    "QT_QPA_PLATFORM_PLUGIN_PATH",
    "DYLD_LIBRARY_PATH",
    "DYLD_FRAMEWORK_PATH",
    "SSL_CERT_FILE",
    "GDK_PIXBUF_MODULE_FILE",
    "GIO_MODULE_DIR",
    "TCL_LIBRARY",
    "TK_LIBRARY",
):
    if _name in os.environ and _name + "_ORIG" not in os.environ:
        os.environ[_name + "_ORIG"] = os.environ[_name]
del _name
