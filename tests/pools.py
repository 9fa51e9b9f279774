"""Test helper: the worker pools a module forks, counted, and those left running on a failure."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from types import ModuleType
from typing import Any

import pytest


def counted_pools(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[int]:
    """The worker count of each pool `module` forks from now on (its `forked_pool` wrapped)."""
    forked: list[int] = []
    real_pool = module.forked_pool

    def counted_pool(count: int, *setup: Any) -> Any:
        forked.append(count)
        return real_pool(count, *setup)

    monkeypatch.setattr(module, "forked_pool", counted_pool)
    return forked


def alive_while_failing(action: Callable[[], object]) -> list[BaseProcess]:
    """The child processes still running while the OSError that `action` raises is handled
    (its frames still held, as a caller's `except` block holds them)."""
    try:
        action()
    except OSError:
        return multiprocessing.active_children()
    raise AssertionError("it went on past the failure")
