"""Old code against new: cold builds of one archive by two versions of newsgen, alternating.

Usage: python benchmarks/alternate.py OLD [--new REV] [--articles 10000] [--pairs 3]
       [--no-search]

A single run against the peers (same_work.py) moves by 5 % or more with this machine's pace;
a change worth a few percent shows only when both versions are timed in turns. OLD (and NEW,
else the working tree) is a git revision, checked out in a temporary worktree; each version
runs from its own `src/` on this environment's Python and libraries. Every build is cold and
settled (`bench.settle`: output and cache removed, disk written back, page cache dropped, the
inputs read back, a starter site built untimed by the same version). Prints each pair's wall
and CPU seconds (user + system, the build's children included), the medians, and how many
pairs the new version was faster in, and each build's memory (all its processes, `tree_memory`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import pace, prepare_site, settle, warm_newsgen
from tree_memory import run_measured

REPOSITORY = Path(__file__).resolve().parent.parent
Timing = tuple[float, float, float]
"""Wall seconds, CPU seconds, memory MB (all processes)."""


@contextmanager
def checked_out(revision: str | None) -> Iterator[Path]:
    """The `src/` folder of `revision` (None: the working tree's), byte-compiled."""
    if revision is None:
        yield _compiled(REPOSITORY / "src")
        return
    with tempfile.TemporaryDirectory(prefix="newsgen-alternate-") as scratch:
        tree = Path(scratch) / "tree"
        git = ["git", "-C", str(REPOSITORY), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(tree), revision], check=True)
        try:
            yield _compiled(tree / "src")
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], check=True)


def _compiled(source: Path) -> Path:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True)
    return source


def cold_build(source: Path, site: Path, flags: list[str]) -> Timing:
    """A settled cold build of `site` by the newsgen in `source`."""
    environment = dict(os.environ, PYTHONPATH=str(source))
    for leftover in ("build", ".newsgen"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    settle(site)
    warm_newsgen(site.parent, *flags, environment=environment)
    build = [sys.executable, "-m", "newsgen", "--site", str(site), "build", *flags]
    done, memory = run_measured(["/usr/bin/time", "-f", "%e %U %S", *build], env=environment)
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stderr[-2000:]}")
    wall, user, system = map(float, done.stderr.strip().splitlines()[-1].split())
    return wall, user + system, memory


def main() -> None:
    """Time the pairs, then print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="git revision of the old code")
    parser.add_argument("--new", help="git revision of the new code (default: the working tree)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--no-search", action="store_true", help="build with --no-search")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    args = parser.parse_args()
    flags = ["--no-search"] if args.no_search else []
    corpus = prepare_site(args.articles, args.work)
    site = args.work / f"alternate-{args.articles}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copytree(corpus / "content", site / "content")
    shutil.copy2(corpus / "newsgen.yaml", site / "newsgen.yaml")
    before = pace()
    with checked_out(args.old) as old, checked_out(args.new) as new:
        pairs = [
            (cold_build(old, site, flags), cold_build(new, site, flags)) for _ in range(args.pairs)
        ]
    report(args, pairs, before, pace())


def report(args: argparse.Namespace, pairs: list[tuple[Timing, Timing]], *paces: float) -> None:
    """The table of pairs, the medians and the pairs the new version won."""
    new_name = args.new or "working tree"
    print(
        f"\n{args.articles} articles, cold{' --no-search' if args.no_search else ''}, "
        f"{os.cpu_count()} cores; pace {paces[0]:.2f} s before, {paces[1]:.2f} s after\n"
    )
    print(f"| pair | {args.old} wall s | CPU s | MB | {new_name} wall s | CPU s | MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for number, (old, new) in enumerate(pairs, 1):
        print(
            f"| {number} | {old[0]:.2f} | {old[1]:.1f} | {old[2]:.0f} "
            f"| {new[0]:.2f} | {new[1]:.1f} | {new[2]:.0f} |"
        )
    old_median = statistics.median(old[0] for old, _ in pairs)
    new_median = statistics.median(new[0] for _, new in pairs)
    faster = sum(new[0] < old[0] for old, new in pairs)
    change = (new_median / old_median - 1) * 100
    memory = [statistics.median(timing[2] for timing in side) for side in zip(*pairs, strict=True)]
    print(
        f"\nmedians: {old_median:.2f} s against {new_median:.2f} s ({change:+.1f} %); "
        f"the new version faster in {faster} of {len(pairs)} pairs; memory (all processes) "
        f"{memory[0]:.0f} MB against {memory[1]:.0f} MB"
    )


if __name__ == "__main__":
    main()
