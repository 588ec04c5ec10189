import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from browser_support import browser  # noqa: F401  (the fixture, for every test file)
