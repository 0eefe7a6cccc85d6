"""Shared set-up of the tests that open pages in Debian's headless Chromium."""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs /usr/bin/chromium (Debian packages: chromium)"),
]
