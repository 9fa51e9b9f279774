"""The benchmarks' memory of a build (benchmarks/tree_memory.py): every process of its tree
counted, pages that forked processes share counted once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

MODULE = Path(__file__).resolve().parent.parent / "benchmarks" / "tree_memory.py"
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


def tree_memory() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tree_memory", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_memory_of_every_process_of_the_tree_is_summed() -> None:
    done, peak = tree_memory().run_measured([sys.executable, "-c", CHILD_OF_ITS_OWN])
    assert done.returncode == 0, done.stderr
    assert peak > 2 * MB, peak  # the largest process alone holds about MB


def test_pages_a_forked_process_shares_are_counted_once() -> None:
    done, peak = tree_memory().run_measured([sys.executable, "-c", FORKED_READER])
    assert done.returncode == 0, done.stderr
    assert MB < peak < 1.5 * MB, peak  # summed RSS would count the shared MB twice
