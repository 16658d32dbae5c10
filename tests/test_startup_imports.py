"""Start-up stays light: the saved-page reader (trafilatura, lxml) loads on first use."""

import subprocess
import sys


def test_starting_the_app_does_not_load_the_web_page_reader():
    code = "import sys, reader.app; print(sorted({'trafilatura', 'lxml'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
