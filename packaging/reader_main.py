"""The frozen executable's entry point: the same ``main`` the ``reader`` script runs."""

import sys

from reader.app import main

if __name__ == "__main__":
    sys.exit(main())
