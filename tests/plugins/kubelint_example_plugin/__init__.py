"""An example kubelint plugin (see tests/test_plugins.py)."""
