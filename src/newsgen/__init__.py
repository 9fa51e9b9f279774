"""newsgen: a static news-archive site generator."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsgen")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
