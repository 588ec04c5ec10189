"""Headless Chromium for the tests of the HTML outputs (the report and the graph)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

#: Headless, no sandbox (containers), and no network chatter of its own.
BROWSER_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--hide-scrollbars",
)  # fmt: skip


def find_browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def browser() -> str:
    found = find_browser()
    if found is None:
        if os.environ.get("KUBELINT_REQUIRE_BROWSER") == "1":
            pytest.fail("KUBELINT_REQUIRE_BROWSER=1 but no Chromium binary was found")
        pytest.skip("no Chromium binary found (install Debian's chromium)")
    return found


def headless(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Chromium headless once, in a fresh profile."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
