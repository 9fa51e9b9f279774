"""Forked worker processes: whether a build may fork, how many, and a pool that stops cleanly."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from newsgen.runtime.interrupts import STOPPING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

R = TypeVar("R")
MAX_WORKERS = 8
PARENT_CHECK_SECONDS = 0.1
"""How often a worker checks that the build that forked it still runs."""


def worker_count() -> int:
    """How many workers a pool gets: one per core this process may run on, at most 8."""
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def pool_workers(jobs: int, minimum: int, spare: int = 0) -> int:
    """How many workers to fork for `jobs` jobs: one per core but `spare` cores left to other
    processes, at least one; 0 (do them in this process) for fewer than `minimum`, each worker
    costing a fork, on a single core, or when forking is not safe."""
    cores = worker_count()
    if jobs < minimum or cores < 2 or not can_fork():
        return 0
    return max(1, cores - spare)


def render_cores(spare: int) -> set[int]:
    """The cores left when the `spare` lowest numbered are given to other processes (the
    search indexer's, `Indexer.share`); every core when none would be left."""
    cores = sorted(os.sched_getaffinity(0))
    return set(cores[spare:] or cores)


def can_fork() -> bool:
    """Forking is safe only without other threads (serve and watch run some): a lock one of
    them holds at the fork would stay taken forever in the child."""
    import multiprocessing  # only once a pool may be forked: an edit renders in this process

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@contextlib.contextmanager
def forked_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers (sharing this process's memory), stopped whatever happens.

    On the way out, on failure or interruption too, work not yet handed to the workers is
    dropped, and the work they hold (at most two pieces a worker and one more) finishes while
    its results are read. No worker is killed mid-way: `multiprocessing.Pool.terminate` does
    so, and can hang for good when it kills a worker, or stops reading, while that worker
    sends a large result (python/cpython#96995).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, fork, _start, (os.getpid(), initializer, initargs))
    try:
        with _stop_signals_held():
            pool.submit(int)  # the first task forks every worker, before any thread starts
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(
    pool: ProcessPoolExecutor,
    function: Callable[..., R],
    jobs: Iterable[tuple[Any, ...]],
    window: int,
) -> Iterator[R]:
    """`function(*job)` of each job, done on the pool, in the jobs' order. At most `window`
    jobs are out at once, and the next is taken from `jobs` only as a result is read: finished
    work waits in memory only until used, and `jobs` (made as it is read) is never all held."""
    waiting = iter(jobs)
    out = deque(pool.submit(function, *job) for job in itertools.islice(waiting, window))
    while out:
        done = out.popleft().result()
        for job in itertools.islice(waiting, 1):
            out.append(pool.submit(function, *job))
        yield done


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the pool forks: a handler raising inside an at-fork
    hook (logging registers one) is ignored, and the build would go on as if never stopped."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def quiet_signals() -> None:
    """Handlers the parent installed (stop cleanly on Ctrl-C or SIGTERM) are inherited by the
    fork; a worker must die on SIGTERM, and leaves Ctrl-C to the parent, which stops it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # held while the parent forked


def _start(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    quiet_signals()
    _end_with(parent)
    if initializer is not None:
        initializer(*initargs)


def _end_with(parent: int) -> None:
    """End this worker as soon as its parent has ended (a build killed with SIGKILL): it would
    else wait for work for good, holding the build lock (whose file it inherited). Its queue
    of work cannot tell it: the worker holds that pipe's writing end too."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="newsgen-parent-watch", daemon=True).start()
