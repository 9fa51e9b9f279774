"""newsgen: a static news-archive site generator."""

__version__ = "0.1.0"
"""The release: pyproject.toml takes it from here (hatch's dynamic version).

A literal, not importlib.metadata: that import costs ~50 ms on every start, and the version
is part of every build stamp, so even a no-op build would pay it.
"""
