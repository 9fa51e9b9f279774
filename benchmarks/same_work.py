"""Issue 17's comparison, in one run: the same work by newsgen and by Hugo (with Pagefind).

Usage: python benchmarks/same_work.py [--articles 10000] [--runs 1] [--edit-runs 5]

Hugo builds no search index; its users run Pagefind on its output. So, on the same generated
archive, this measures `newsgen build --no-search` against `hugo`, and `newsgen build` against
`hugo` followed by `pagefind --site public`; and the one-article and one-template edits of
newsgen against Hugo's cold build (a visible template edit twice: the second finds what search
read of each page in the cache). Hugo's site comes from ../shared/bench/run_peers.sh (install Hugo
once with ../shared/bench/install_peers.sh hugo); Pagefind is the binary newsgen itself runs.
Each build is a fresh process under /usr/bin/time (wall time, its largest process's peak RSS),
its whole process tree's memory sampled (`tree_memory`: render workers and Pagefind included).

Every cold build and template edit, Hugo's and Pagefind's too, starts from one file-system
state (`bench.settle`: written back, page cache dropped when run as root, its inputs read back;
newsgen's libraries read by an untimed build of a starter site). run_peers.sh deletes Hugo's
last output just before timing it, so Hugo is timed here again, settled, with the same command;
the row from run_peers.sh is shown as well. One-article edits write one page: not settled.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench import (
    SHARED_BENCH,
    Sample,
    byte_compiled,
    edit_one_article,
    edit_one_template,
    pace,
    prepare_site,
    settle,
    timed,
    timed_build,
    warm_newsgen,
)
from pagefind.service import get_executable


def newsgen(site: Path, *options: str) -> Sample:
    """A cold `newsgen build` (no output, no cache) with `options`, settled."""
    for leftover in ("build", ".newsgen"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    settle(site)
    warm_newsgen(site.parent, *options)
    return timed([sys.executable, "-m", "newsgen", "--site", str(site), "build", *options])


def hugo_and_pagefind(n: int, runs: int) -> tuple[list[Sample], list[Sample], list[Sample]]:
    """Hugo's cold builds as run_peers.sh times them, then as timed here, settled (with the
    same command), then Pagefind over Hugo's output."""
    env = dict(os.environ, RUNS=str(runs), INC_RUNS="0")
    work = Path(env.setdefault("BENCH_WORK", "/tmp/newsgen-peers"))
    results = work / "results" / f"results-{n}.jsonl"
    results.unlink(missing_ok=True)
    subprocess.run(
        ["bash", str(SHARED_BENCH / "run_peers.sh"), str(n), "hugo"], env=env, check=True
    )
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line]
    peers = [Sample(r["wall_s"], r.get("rss_mb", 0.0)) for r in rows if r.get("kind") == "cold"]
    site = work / f"build-{n}" / "hugo"
    hugo = [_hugo_cold(site) for _ in range(runs)]
    pagefind = []
    for _ in range(runs):
        shutil.rmtree(site / "public" / "pagefind", ignore_errors=True)
        settle(site / "public", get_executable())
        pagefind.append(timed([sys.executable, "-m", "pagefind", "--site", str(site / "public")]))
    return peers, hugo, pagefind


def _hugo_cold(site: Path) -> Sample:
    """Hugo's cold build with run_peers.sh's command and clean-up, settled first."""
    for leftover in ("public", "resources", ".hugo_cache", ".hugo_build.lock"):
        path = site / leftover
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    hugo = shutil.which("hugo")
    if hugo is None:
        sys.exit("hugo is not installed: bash ../shared/bench/install_peers.sh hugo")
    settle(site, Path(hugo))
    return timed([hugo, "--quiet", "--cacheDir", str(site / ".hugo_cache")], cwd=site)


def median(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def main() -> None:
    """Measure, then print a Markdown table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--edit-runs", type=int, default=5, help="runs of each edit")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    args = parser.parse_args()
    byte_compiled()
    before = pace()
    site = prepare_site(args.articles, args.work)
    peers_hugo, hugo, pagefind = hugo_and_pagefind(args.articles, args.runs)
    ours = {
        "newsgen build --no-search, cold": [newsgen(site, "--no-search") for _ in range(args.runs)],
        "newsgen build, cold": [newsgen(site) for _ in range(args.runs)],
    }
    edits = range(args.edit_runs)
    ours["one-article edit"] = [edit_one_article(site, i) for i in edits]
    ours["one-template edit"] = [edit_one_template(site, i, settled=True) for i in range(args.runs)]
    ours["one-template edit, visible"] = [
        edit_one_template(site, i, visible=True, settled=True) for i in range(args.runs)
    ]
    ours["one-template edit, visible, again"] = [  # the cache knows what search read of each
        edit_one_template(site, args.runs + i, visible=True, settled=True) for i in range(args.runs)
    ]
    shutil.rmtree(site / "templates", ignore_errors=True)
    timed_build(site, "--no-search")  # the whole archive read once in this mode
    ours["one-article edit --no-search"] = [edit_one_article(site, i, "--no-search") for i in edits]
    rows = {
        "hugo, cold": hugo,
        "hugo, cold (run_peers.sh, not settled)": peers_hugo,
        "pagefind --site public (Hugo's output)": pagefind,
        **ours,
    }
    print(f"\n{args.articles} articles, {args.runs} run(s) each, {os.cpu_count()} cores")
    print(f"pace (10 million additions, best of 3): {before:.2f} s before, {pace():.2f} s after\n")
    print("| build | wall s (median) | largest process's peak RSS MB | memory MB (all processes) |")
    print("|---|---:|---:|---:|")
    for name, samples in rows.items():
        peak, tree = max(s.peak_rss_mb for s in samples), max(s.tree_mb for s in samples)
        print(f"| {name} | {median(samples):.2f} | {peak:.0f} | {f'{tree:.0f}' if tree else '-'} |")
    hugo_s, both = median(hugo), median(hugo) + median(pagefind)
    ratios = [
        (
            "newsgen --no-search cold / Hugo cold",
            median(ours["newsgen build --no-search, cold"]) / hugo_s,
        ),
        ("newsgen cold / (Hugo + Pagefind)", median(ours["newsgen build, cold"]) / both),
        ("one-template edit / Hugo cold", median(ours["one-template edit"]) / hugo_s),
        (
            "one-template edit, visible / Hugo cold",
            median(ours["one-template edit, visible"]) / hugo_s,
        ),
        (
            "one-template edit, visible, again / Hugo cold",
            median(ours["one-template edit, visible, again"]) / hugo_s,
        ),
    ]
    print("\n| ratio | value | target |\n|---|---:|---:|")
    for name, value in ratios:
        print(f"| {name} | {value:.2f} | <= 1.0 |")
    print("\n| edit | wall s (median) | all | target |\n|---|---:|---|---:|")
    for name, target in (("one-article edit --no-search", 0.5), ("one-article edit", 1.5)):
        runs = ", ".join(f"{s.seconds:.2f}" for s in ours[name])
        print(f"| {name} | {median(ours[name]):.2f} | {runs} | <= {target} |")


if __name__ == "__main__":
    main()
