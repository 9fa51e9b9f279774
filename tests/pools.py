"""Test helper: the worker pools a module forks, counted."""

from __future__ import annotations

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
