"""The frozen executable's entry point: the same ``main`` the ``reader`` script runs."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A process of the folder import's pool starts this executable again: run as one.
    multiprocessing.freeze_support()
    from reader.app import main

    sys.exit(main())
