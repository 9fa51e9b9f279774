"""Python's cyclic garbage collector paced for a build, whose records live as long as it does.

A build makes hundreds of thousands of objects that stay until it ends (the archive's records,
the stored plan, the pages), and hardly any reference cycles. Left alone, the collector walks
all of them again and again as they are made: a sixth of a re-planned edit's time at 10,000
articles. So it is paused while such a burst is made, and what the burst made is then frozen
(`gc.freeze`) so that later collections pass it by, until the build releases it. Only a
process that ends with its build freezes: one that builds again would keep each build's garbage.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused(then_freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block (it runs as usual after it). With `then_freeze`,
    every object that exists at its end counts as long-lived: collections pass it by until the
    enclosing `released` block ends. Only for a process that ends with its build: one that
    builds again would keep each build's garbage until a full collection comes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if then_freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def released() -> Iterator[None]:
    """Objects frozen by `paused(then_freeze=True)` inside the block are collected as usual
    after it."""
    try:
        yield
    finally:
        gc.unfreeze()
