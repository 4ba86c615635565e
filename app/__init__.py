"""HallDesk domain and services. This package never imports Qt (tests/test_layers.py keeps it so)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("halldesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
