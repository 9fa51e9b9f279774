"""The benchmarks' memory of a build (benchmarks/tree_memory.py): every process of its tree
counted, pages that forked processes share counted once."""

from __future__ import annotations

import sys

from benchmark_scripts import benchmark_script

MB = 60

CHILD_OF_ITS_OWN = f"""
import subprocess, sys, time
held = b"x" * ({MB} << 20)
child = subprocess.Popen([sys.executable, "-c", "import time; held = b'y' * ({MB} << 20); time.sleep(1.5)"])
child.wait()
"""
"""A process holding MB megabytes that starts one holding as many of its own."""

FORKED_READER = f"""
import os, time
held = b"x" * ({MB} << 20)
if os.fork() == 0:
    time.sleep(1.5)
    os._exit(0)
os.wait()
"""
"""A process holding MB megabytes that forks one reading nothing: the pages stay shared."""


def test_the_memory_of_every_process_of_the_tree_is_summed() -> None:
    done, peak = benchmark_script("tree_memory").run_measured(
        [sys.executable, "-c", CHILD_OF_ITS_OWN]
    )
    assert done.returncode == 0, done.stderr
    assert peak > 2 * MB, peak  # the largest process alone holds about MB


def test_pages_a_forked_process_shares_are_counted_once() -> None:
    done, peak = benchmark_script("tree_memory").run_measured([sys.executable, "-c", FORKED_READER])
    assert done.returncode == 0, done.stderr
    assert MB < peak < 1.5 * MB, peak  # summed RSS would count the shared MB twice
