"""A build killed with SIGKILL takes its render workers with it, so the build lock is free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen import generated_site

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")


def children_of(pid: int) -> set[int]:
    """Processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the field after the parenthesised command name: state, then the parent's pid
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of `pids` still running (a zombie has finished)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_for_workers(process: subprocess.Popen[bytes]) -> set[int]:
    deadline = time.monotonic() + 120
    while not (workers := children_of(process.pid)):
        assert process.poll() is None, "the build ended before it started its workers"
        assert time.monotonic() < deadline, "no render workers were started"
        time.sleep(0.01)
    return workers


def test_killing_a_build_kills_its_workers_and_frees_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "site"
    generated_site(root, 600)
    command = [sys.executable, "-m", "newsgen", "--site", str(root), "build", "--no-search"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = wait_for_workers(process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = alive(workers)
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    assert orphans == set(), "render workers outlived their build and held its lock"
    again = subprocess.run([*command, "--wait", "0"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
