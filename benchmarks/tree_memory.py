"""The memory a command takes from the machine: the peak, over its run, of the summed PSS of
its whole process tree, sampled.

/usr/bin/time's peak RSS is that of the largest single process. A newsgen build forks render
workers and starts Pagefind processes; forked workers share pages with the build (counted
once in each RSS) and copy those they write to, and Pagefind holds its own. PSS splits each
shared page among the processes sharing it, so the tree's summed PSS is what it takes from the
machine, without double counting. Sampled every `INTERVAL`: a spike shorter than that can be
missed. The processes are read one after another, so a fork between two reads (the parent read
before it, the child after) counts the pages they share one and a half times in that sample.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path

import psutil

INTERVAL = 0.05


def run_measured(
    command: list[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `command` to its end (its output captured); it and its tree's peak summed PSS, MB."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with TreePeak(process.pid) as peak:
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak.mb


class TreePeak:
    """Samples the summed PSS of the process `pid` and its descendants while in the block;
    `mb`: the peak seen."""

    def __init__(self, pid: int) -> None:
        self.mb = 0.0
        self._root = psutil.Process(pid)
        self._ended = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreePeak:
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._ended.set()
        self._sampler.join()

    def _sample(self) -> None:
        while not self._ended.is_set():
            self.mb = max(self.mb, tree_pss(self._root) / 2**20)
            self._ended.wait(INTERVAL)


def tree_pss(root: psutil.Process) -> int:
    """The summed PSS (bytes) of `root` and its descendants now (those ending meanwhile: 0)."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for process in processes:
        try:
            total += process.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            continue
    return total
