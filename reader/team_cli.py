"""The command line of team work: who is writing (``--coder``), ``reader merge`` and
``reader agreement``.

``reader.app`` registers these commands beside its own. A command that writes names its
coder with ``--coder NAME``; without it, the ``READER_CODER`` environment variable, else
the system account's name (what the window proposes at first start too). Only the
standard library is imported here at start; the store is imported when a command runs.
"""

from __future__ import annotations

import argparse
import getpass
import os

CODER_VARIABLE = "READER_CODER"


def default_coder() -> str:
    """The coder to assume when none is named: ``READER_CODER``, else the account name."""
    named = " ".join(os.environ.get(CODER_VARIABLE, "").split())
    if named:
        return named
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no account name (a container without a passwd entry)
        return "Reader user"


def add_coder_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--coder",
        metavar="NAME",
        help=f"who is writing (default: ${CODER_VARIABLE}, else your account name); "
        "annotations made before coders were recorded become this coder's",
    )


def coder_of(args: argparse.Namespace) -> str:
    return " ".join((getattr(args, "coder", None) or "").split()) or default_coder()
