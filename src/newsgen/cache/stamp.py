"""The no-op stamp: what a completed build leaves so the next one can tell, by stat alone, that
no input changed and nothing is to be done (read, parsed or rendered)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pickle
import stat
import sys
import sysconfig
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import newsgen
from newsgen.cache.database import DAMAGE_MESSAGE
from newsgen.cache.store import digest
from newsgen.config.site import CONFIG_NAME, SiteConfig
from newsgen.diagnostics import Diagnostic

STAMP_FILE = ".newsgen/stamp.pickle"
RACY_NS = 2_000_000_000
"""An input changed this recently may change again within the same mtime tick, unseen."""
RACY = (-2, -2)
"""The status recorded for such an input: it never matches, so the input counts as changed."""
FileStatus = tuple[int, int]
"""(size, mtime_ns); (-1, -1) for a file that cannot be looked at."""


@dataclass(frozen=True)
class InputStamp:
    """Every input file's (path, size, mtime_ns) and the build's settings, hashed."""

    key: str
    settled: bool
    """False when some input changed too recently for its mtime to vouch for its bytes."""
    settings: str = ""
    """The build's settings alone, hashed (newsgen, Python, the config and the switches)."""
    files: Mapping[str, FileStatus] = field(default_factory=dict)
    """Each input file's status by path; `RACY` for those changed too recently to vouch."""


@dataclass(frozen=True)
class BuildStamp:
    """What a completed build leaves for the next one to tell that nothing changed."""

    inputs: str
    """The `InputStamp.key` taken before the build read anything."""
    manifest: tuple[int, int]
    """(size, mtime_ns) of the output manifest the build wrote."""
    valid_until: datetime | None
    """When the first article left out as future becomes due; None if there is none."""
    pages: int
    warnings: tuple[Diagnostic, ...]
    config: SiteConfig
    """The config that build read: a no-op build need not read it again."""


def site_inputs(config: SiteConfig, flags: tuple[bool, ...]) -> InputStamp:
    """Everything a build reads: the site's files, newsgen itself, its settings and `flags`."""
    roots = (
        config.root / CONFIG_NAME,
        config.content_path,
        config.seeds_path,
        config.templates_path,
        config.static_path,
        Path(newsgen.__file__).parent,
    )
    packages = file_status(Path(sysconfig.get_paths()["purelib"]))  # changes with any install
    settings = (newsgen.__version__, sys.version, repr(config), repr(flags), repr(packages))
    return stamp_inputs(roots, settings)


def is_current(
    config: SiteConfig, inputs: InputStamp, stamp: BuildStamp, now: datetime | None, manifest: Path
) -> bool:
    """True when `stamp` was left for these very inputs, is still valid at `now`, and every
    file listed in the output `manifest` it recorded is still there."""
    if stamp.inputs != inputs.key:
        return False
    due = stamp.valid_until
    if due is not None and now is not None and now >= due:
        return False  # an article left out as future has become due
    return outputs_present(config.output_path, manifest, stamp.manifest)


def stamp_inputs(roots: Iterable[Path], settings: Iterable[str]) -> InputStamp:
    """Stat every file under `roots` (files or folders, missing ones too); read none of them."""
    found: list[tuple[str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for root in roots:
        _stat_tree(os.fspath(root), found, seen)
    settings = tuple(settings)
    racy_from = time.time_ns() - RACY_NS
    newest = max((mtime for _, _, mtime in found), default=0)
    key = digest(*settings, repr(found))
    files = {path: RACY if mtime >= racy_from else (size, mtime) for path, size, mtime in found}
    return InputStamp(key, newest < racy_from, digest(*settings), files)


def _stat_tree(path: str, found: list[tuple[str, int, int]], seen: set[tuple[int, int]]) -> None:
    try:
        status = os.stat(path)  # noqa: PTH116 - thousands of calls; Path objects cost more
    except OSError:
        found.append((path, -1, -1))
        return
    if not stat.S_ISDIR(status.st_mode):
        found.append((path, status.st_size, status.st_mtime_ns))
        return
    if (status.st_dev, status.st_ino) in seen:  # a folder reached again through a link
        return
    seen.add((status.st_dev, status.st_ino))
    with os.scandir(path) as scan:
        entries = sorted((e for e in scan if e.name != "__pycache__"), key=lambda e: e.name)
    for entry in entries:
        try:
            if entry.is_dir():
                _stat_tree(entry.path, found, seen)
                continue
            status = entry.stat()
        except OSError:  # a link to nothing
            found.append((entry.path, -1, -1))
            continue
        found.append((entry.path, status.st_size, status.st_mtime_ns))


def read_stamp(root: Path) -> BuildStamp | None:
    """The stamp of the last completed build of the site, or None (also for an unreadable one)."""
    with contextlib.suppress(Exception):  # any failure means: build normally
        value = pickle.loads((root / STAMP_FILE).read_bytes())
        if isinstance(value, BuildStamp) and isinstance(value.config, SiteConfig):
            return value  # (a stamp of another newsgen version may lack fields)
    return None


def write_stamp(root: Path, stamp: BuildStamp) -> None:
    """Keep the stamp, atomically; without the warning of a cache found damaged (that is over)."""
    warnings = tuple(w for w in stamp.warnings if w.message != DAMAGE_MESSAGE)
    stamp = dataclasses.replace(stamp, warnings=warnings)
    path = root / STAMP_FILE
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    temporary.write_bytes(pickle.dumps(stamp, protocol=pickle.HIGHEST_PROTOCOL))
    temporary.replace(path)


def forget_stamp(root: Path) -> None:
    """Remove the stamp: a build that fails must not leave one saying all is up to date."""
    (root / STAMP_FILE).unlink(missing_ok=True)


def file_status(path: Path) -> tuple[int, int]:
    """(size, mtime_ns) of a file; (-1, -1) when it cannot be read."""
    try:
        status = path.stat()
    except OSError:
        return -1, -1
    return status.st_size, status.st_mtime_ns


def outputs_present(output: Path, manifest: Path, expected: tuple[int, int]) -> bool:
    """True when the output manifest is the one recorded and every file it lists exists."""
    if file_status(manifest) != expected:
        return False
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    prefix = f"{os.fspath(output)}/"
    try:
        modes = [os.stat(prefix + name).st_mode for name in files]  # noqa: PTH116 - see above
    except (OSError, TypeError):
        return False
    return all(map(stat.S_ISREG, modes))
