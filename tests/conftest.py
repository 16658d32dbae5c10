"""Test-wide set-up: Qt runs offscreen, and the app never touches the user's own data."""

import os

# Before anything imports Qt: the tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
