"""Pagefind processes: one per search index, a few at a time, each index staged as it ends."""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen
from types import TracebackType
from typing import NoReturn

from newsgen.diagnostics import ContentError
from newsgen.plan import urls
from newsgen.plan.search import index_url
from newsgen.publish.writer import Staging, move_folder_in
from newsgen.runtime.cancel import CancelFlag

MAX_PROCESSES = 4
POLL_SECONDS = 0.01
"""How often running Pagefind processes are checked for their end, and a cancel, once no
page is left to render."""
LITERAL = re.compile(r"[A-Za-z0-9._/-]+")
"""Output names a glob matches as they are written."""
MAX_GLOB = 100_000
"""Linux takes no single argument of 128 KiB or more."""
HINT = "build with --no-search to publish without search"


@dataclass(frozen=True)
class _Run:
    """One group's index in the making: its process, and the folders it reads and writes."""

    group: str
    process: Popen[bytes]
    pages: Path
    output: Path
    log: Path
    core: int | None


class ProcessCores:
    """How many Pagefind processes run at once, and the core each starts on, if any."""

    def __init__(self) -> None:
        self.cores = os.sched_getaffinity(0)
        self.every_slot = max(1, min(len(self.cores), MAX_PROCESSES))
        self.expected = 0
        self.shared = 0
        """The cores search keeps to while pages render on the others (`share`); 0: all."""

    def expect(self, groups: int) -> None:
        """Up to `groups` indexes are to be made. When they are at least one per process and
        there is one process per core, each process runs on a core of its own: Pagefind's
        threads then share that core rather than contend with the others' (and the
        renderer's) for every core, which on 2 cores took a tenth more of its CPU time, and 3%
        of a cold build's time with search (10,000 articles, median of 6 pairs). Fewer
        indexes (an edit's) leave it every core: its threads make it a third quicker."""
        self.expected = groups

    def share(self, cores: int) -> None:
        """While pages render on the other cores (`render_cores`), at most `cores` processes,
        each on a core of its own (the lowest numbered); 0: every slot again."""
        self.shared = cores

    @property
    def slots(self) -> int:
        """How many Pagefind processes may run now (see `share`)."""
        return min(self.shared, self.every_slot) if self.shared else self.every_slot

    @property
    def pinned(self) -> bool:
        """Each process on a core of its own (see `expect` and `share`)."""
        many = self.expected >= self.slots and len(self.cores) <= self.slots
        return self.shared > 0 or many

    def free_core(self, busy: set[int | None]) -> int | None:
        """The core for the next process, when `pinned`: the lowest no running process is on
        (those on the `busy` cores)."""
        if not self.pinned:
            return None
        return min(self.cores - busy or self.cores)


class Indexer:
    """Index groups of staged article pages, each by a Pagefind process of its own, one per core
    at a time (each indexes on about one core), started as soon as a group is added: while the
    build renders its other pages, writes its feeds, or waits for another group.

    Pagefind's command line, not its Python service: the service's client reads each answer
    only after a 0.1 s pause, so its five requests per index cost half a second of waiting. The
    files written are the same. Used as a context manager: leaving it early (an error, a cancel
    raising `BuildCancelledError`) ends every process and removes the work folder.
    """

    def __init__(self, config_language: str, prefix: str, staging: Staging, work: Path) -> None:
        self.language = config_language.split("-")[0]
        self.prefix = prefix
        """The site's base path ('' or 'news'): Pagefind reads folders laid out like its URLs."""
        self.staging = staging
        self.work = work
        self.waiting: list[tuple[str, Sequence[str]]] = []
        self.running: list[_Run] = []
        self.made = 0
        self.placement = ProcessCores()

    def __enter__(self) -> Indexer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for run in self.running:
            run.process.kill()
            run.process.wait()
        self.running.clear()
        if self.made:
            shutil.rmtree(self.work, ignore_errors=True)

    def add(self, group: str, page_urls: Sequence[str]) -> None:
        """Index `group`'s pages (every one staged, or published and kept) as soon as a
        process is free."""
        self.waiting.append((group, page_urls))
        self.poll()

    def expect(self, groups: int) -> None:
        """Up to `groups` indexes are to be made (see `ProcessCores.expect`)."""
        self.placement.expect(groups)

    def share(self, cores: int) -> None:
        """Run at most `cores` processes while pages render (see `ProcessCores.share`); 0:
        every slot again, the groups waiting for one started at once."""
        self.placement.share(cores)
        self.poll()

    def poll(self, cancel: CancelFlag | None = None) -> None:
        """Stage the index of each process that ended, and start waiting groups in the free
        slots; raise a `ContentError` when Pagefind failed or could not start."""
        if cancel is not None:
            cancel.check()
        for run in [run for run in self.running if run.process.poll() is not None]:
            self.running.remove(run)
            self._staged(run)
        while self.waiting and len(self.running) < self.placement.slots:
            self.running.append(self._start(*self.waiting.pop(self._largest_waiting())))

    def _largest_waiting(self) -> int:
        """Where the waiting group of the most pages is (the first of them): the build's last
        processes are then its smallest, and end nearly together, not one alone on a core
        while the others are idle."""
        sizes = [len(page_urls) for _, page_urls in self.waiting]
        return sizes.index(max(sizes))

    def finish(self, cancel: CancelFlag | None) -> None:
        """Wait for every group added to be indexed and staged."""
        self.poll(cancel)
        while self.running:
            time.sleep(POLL_SECONDS)
            self.poll(cancel)

    def _start(self, group: str, page_urls: Sequence[str]) -> _Run:
        """Start Pagefind on the group's pages: where they are staged when each is, at its
        place in the staged tree (a cold build's), else laid out like the site's URLs (hard
        links) in a folder of its own."""
        if not self.made:
            shutil.rmtree(self.work, ignore_errors=True)  # a killed build's leftovers
            self.work.mkdir(parents=True)
        pages, output = self.work / f"pages-{self.made}", self.work / f"index-{self.made}"
        self.made += 1
        names = [urls.output_name(url) for url in page_urls]
        found = None if self.prefix else _glob(names)
        glob = found and found[1]
        if found is not None and self.staging.folder.in_tree(names, found[0]):
            site = self.staging.folder.tree
        else:
            site, glob = pages, None
            for url in page_urls:
                target = pages / self.prefix / str(urls.output_file(url))
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(self.staging.current_path(url), target)
        core = self.placement.free_core({run.core for run in self.running})
        process, log = _pagefind(site, glob, output, self.language, core)
        return _Run(group, process, pages, output, log, core)

    def _staged(self, run: _Run) -> None:
        """Stage the index a process made, its files moved (never all held in memory)."""
        if run.process.returncode != 0:
            said = run.log.read_text(encoding="utf-8", errors="replace").strip()[-500:]
            _failed(f"it stopped with status {run.process.returncode}: {said}")
        move_folder_in(self.staging, index_url(run.group), run.output, "search")
        for folder in (run.pages, run.output):
            shutil.rmtree(folder, ignore_errors=True)


def _glob(names: Sequence[str]) -> tuple[str, str] | None:
    """The deepest folder common to the output files `names`, and the glob Pagefind reads
    exactly them by from there (it walks no other folder); None when a name holds a character
    a glob reads otherwise, or when the glob would be too long for an argument."""
    if not names or not all(LITERAL.fullmatch(name) for name in names):
        return None
    common = os.path.commonpath([posixpath.dirname(name) for name in names])
    if len(names) == 1:
        return common, names[0]
    start = len(common) + 1 if common else 0
    glob = (f"{common}/" if common else "") + "{" + ",".join(n[start:] for n in names) + "}"
    return (common, glob) if len(glob) <= MAX_GLOB else None


def _pagefind(
    site: Path, glob: str | None, output: Path, language: str, core: int | None
) -> tuple[Popen[bytes], Path]:
    """A Pagefind process indexing the pages of `site` (those `glob` matches, unless None) into
    `output` (on `core` alone, unless None); what it says goes to a log beside its output."""
    from pagefind.service import get_executable  # its client takes asyncio along

    binary = get_executable()
    if binary is None:
        _failed("its program is not installed (pip install 'pagefind[bin]')")
    log = output.with_name(f"{output.name}.log")
    command = [os.fspath(binary), "--site", os.fspath(site), "--output-path"]
    command += [os.fspath(output), "--force-language", language, "--silent"]
    command += ["--glob", glob] if glob is not None else []
    # its settings come from these arguments alone: no pagefind.yml, no PAGEFIND_ variable
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    try:
        with log.open("wb") as said, _on(core):
            process = Popen(
                command,
                cwd=output.parent,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=said,
                stderr=subprocess.STDOUT,
            )
    except OSError as exc:
        _failed(str(exc))
    return process, log


@contextlib.contextmanager
def _on(core: int | None) -> Iterator[None]:
    """A process started in the block runs on `core` alone (None: on any). The mask set is the
    calling thread's, for the moment of the start: a child takes its parent's at birth."""
    if core is None:
        yield
        return
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {core})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def _failed(problem: str) -> NoReturn:
    raise ContentError("search", 0, f"Pagefind could not index the site: {problem}", HINT)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
