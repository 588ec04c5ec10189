import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from browser_support import browser  # noqa: F401  (the fixture, for every test file)

# Runs of kubelint keep context files in the user's cache directory: the tests (and the
# kubelint processes they start) use a folder of their own, removed at the end.
_CACHE = tempfile.mkdtemp(prefix="kubelint-test-cache-")
os.environ["KUBELINT_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)
