"""The C heap of `newsgen serve`: one malloc arena for every thread, large blocks mapped apart.

Each case runs in a fresh Python, since the settings hold for the whole process, and also
runs without them: that control shows the check can fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.serve import session
from newsgen.serve.server import BindError
from sitegen import generated_site

pytestmark = pytest.mark.skipif(
    not hasattr(os, "confstr") or not os.confstr("CS_GNU_LIBC_VERSION"),
    reason="the settings are glibc's",
)

PRELUDE = """
import ctypes, sys, threading
from newsgen.runtime.heap import keep_heap_compact
if sys.argv[1] == "compact":
    assert keep_heap_compact()
libc = ctypes.CDLL(None)
"""

ARENAS = """
both_allocated = threading.Barrier(5)
counted = threading.Barrier(5)
def allocate():
    block = bytearray(4096)  # above 512 bytes: from malloc, not Python's own allocator
    both_allocated.wait()
    counted.wait()
threads = [threading.Thread(target=allocate) for _ in range(4)]
for thread in threads:
    thread.start()
both_allocated.wait()
libc.malloc_stats()  # one "Arena N:" paragraph per arena, on stderr
counted.wait()
for thread in threads:
    thread.join()
"""

MAPPED = """
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd",
        "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc.mallinfo2.restype = MallInfo2
big = bytearray(1 << 20)
del big  # by default, freeing a mapped block raises the threshold to its size
before = libc.mallinfo2().hblks
block = bytearray(200_000)
print(libc.mallinfo2().hblks - before)
"""


def _run(code: str, mode: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", PRELUDE + code, mode]
    glibc_defaults = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    return subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=60, env=glibc_defaults
    )


def _arenas(mode: str) -> int:
    lines = _run(ARENAS, mode).stderr.splitlines()
    return sum(line.startswith("Arena ") for line in lines)


def test_every_thread_allocates_from_one_arena() -> None:
    assert _arenas("compact") == 1
    assert _arenas("default") > 1  # each thread got its own: the check can fail


def test_a_large_block_is_mapped_apart_even_after_a_larger_one_was_freed() -> None:
    assert _run(MAPPED, "compact").stdout.strip() == "1"
    assert _run(MAPPED, "default").stdout.strip() == "0"  # taken from the heap, kept there


def test_serve_keeps_the_heap_compact_before_it_starts_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _record(monkeypatch)
    monkeypatch.setattr(session, "DevSession", _starts_threads(events, BindError("taken")))
    result = CliRunner().invoke(cli, ["--site", str(_site(tmp_path)), "serve"])
    assert "taken" in result.output
    assert events == ["heap", "threads"]


def test_build_watch_keeps_the_heap_compact_before_it_starts_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _record(monkeypatch)
    monkeypatch.setattr(session, "watch_and_rebuild", _starts_threads(events, OSError("full")))
    result = CliRunner().invoke(cli, ["--site", str(_site(tmp_path)), "build", "--watch"])
    assert "full" in result.output
    assert events == ["heap", "threads"]


def _record(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    events: list[str] = []
    monkeypatch.setattr(session, "keep_heap_compact", lambda: events.append("heap") or True)
    return events


def _starts_threads(events: list[str], error: Exception) -> Callable[..., NoReturn]:
    def start(*args: object, **kwargs: object) -> NoReturn:
        events.append("threads")
        raise error

    return start


def _site(root: Path) -> Path:
    generated_site(root, 1)
    return root
