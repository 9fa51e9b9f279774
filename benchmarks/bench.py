"""Benchmark newsgen on a generated archive: cold, no-op, one-article and one-template rebuilds.

Usage: python benchmarks/bench.py [--sizes 1000,10000,100000:1] [--runs 3] [--peers]
       [--peer-sizes 1000,10000] [--out FILE]

A size may carry its own number of runs (`100000:1`). The report ends with issue 5's targets,
each marked met or not.

The archive comes from ../shared/bench/gen_corpus.py (the same corpus the peers build). Each
build runs in its own process under /usr/bin/time, which gives wall time and the largest
process's peak RSS; the memory of its whole process tree is sampled (`tree_memory`).
With --peers, ../shared/bench/run_peers.sh builds the same corpus with Hugo, Pelican and
Eleventy in the same run, and the report gives newsgen/peer ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tree_memory import run_measured

HERE = Path(__file__).resolve().parent
SHARED_BENCH = HERE.parent.parent / "shared" / "bench"
PEERS = "hugo,pelican,eleventy"


@dataclass(frozen=True)
class Sample:
    """One timed build."""

    seconds: float
    peak_rss_mb: float
    """The largest single process's (/usr/bin/time)."""
    tree_mb: float = 0.0
    """The whole process tree's, summed PSS (`tree_memory`): what the build takes."""


def timed_build(site: Path, *flags: str) -> Sample:
    """Run `newsgen build` on `site` in a fresh process; wall time and peak memory."""
    return timed([sys.executable, "-m", "newsgen", "--site", str(site), "build", *flags])


def timed(command: list[str], cwd: Path | None = None) -> Sample:
    """Run `command` under /usr/bin/time: its wall time, its largest process's peak RSS, and
    its process tree's peak memory (`tree_memory`)."""
    done, tree_mb = run_measured(["/usr/bin/time", "-f", "%e %M", *command], cwd)
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    seconds, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return Sample(float(seconds), int(kilobytes) / 1024, tree_mb)


def prepare_site(n: int, work: Path) -> Path:
    """Generate the corpus of `n` articles (unless there) and a site around it."""
    site = work / f"site-{n}"
    if not (site / "content").is_dir():
        shutil.rmtree(site, ignore_errors=True)
        corpus = work / f"corpus-{n}"
        if not (corpus / "content").is_dir():
            generator = SHARED_BENCH / "gen_corpus.py"
            command = [sys.executable, str(generator), str(n), str(corpus), "--peers", ""]
            subprocess.run(command, check=True)
        site.mkdir(parents=True)
        shutil.copytree(corpus / "content", site / "content")
    config = site / "newsgen.yaml"
    text = (
        "title: Benchmark Gazette\nbase_url: https://bench.example.org/\n"
        "timezone: UTC\nper_page: 20\nfeed_items: 20\n"
    )
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
        # An input changed within 2 s of a build is not trusted by its time, so that build
        # leaves no stamp for the no-op build after it (README): let the new config settle,
        # as an editor's would have, before the cold build measured first.
        time.sleep(2.5)
    return site


def cold_build(site: Path) -> Sample:
    """Build with no output and no cache."""
    for leftover in ("build", ".newsgen"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    return timed_build(site)


def edit_one_article(site: Path, round_number: int, *flags: str) -> Sample:
    """Append a sentence to one article, then rebuild."""
    article = min((site / "content").rglob("*.md"))
    with article.open("a", encoding="utf-8") as handle:
        handle.write(f"\nCorrection number {round_number} was appended by the benchmark.\n")
    return timed_build(site, *flags)


def byte_compiled() -> None:
    """Compile newsgen's modules, as `pip install` does: a sandbox setting
    PYTHONDONTWRITEBYTECODE would otherwise have every build compile them again."""
    import newsgen

    package = Path(newsgen.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def edit_one_template(
    site: Path, round_number: int, visible: bool = False, settled: bool = False
) -> Sample:
    """Change the site's copy of article.html (made first, if there is none), then rebuild:
    with a Jinja comment (the pages stay as they were), or `visible`ly (every article page
    changes); `settled` first (see `settle`)."""
    import newsgen

    templates = site / "templates"
    templates.mkdir(exist_ok=True)
    theme = Path(newsgen.__file__).parent / "theme" / "templates" / "article.html"
    text = theme.read_text(encoding="utf-8")
    if not (templates / "article.html").is_file():  # the site's copy is made first, untimed
        (templates / "article.html").write_text(text, encoding="utf-8")
        timed_build(site)
    if visible:
        text = text.replace("</article>", f"</article>\n<!-- benchmark edit {round_number} -->", 1)
    else:
        text = f"{text}\n{{# benchmark edit {round_number} #}}\n"
    (templates / "article.html").write_text(text, encoding="utf-8")
    if settled:
        settle(site)
        warm_newsgen(site.parent)
    return timed_build(site)


def measure(site: Path, runs: int) -> dict[str, list[Sample]]:
    """Every kind of build, `runs` times each."""
    shutil.rmtree(site / "templates", ignore_errors=True)
    results: dict[str, list[Sample]] = {"cold": [cold_build(site) for _ in range(runs)]}
    results["no-op"] = [timed_build(site) for _ in range(runs)]
    results["one-article edit"] = [edit_one_article(site, i) for i in range(runs)]
    results["one-template edit"] = [edit_one_template(site, i) for i in range(runs)]
    shutil.rmtree(site / "templates", ignore_errors=True)
    return results


def peer_medians(n: int, runs: int) -> dict[str, dict[str, float]]:
    """Run the peers on the same corpus; their median wall time and RSS per kind."""
    env = dict(os.environ, RUNS=str(runs), INC_RUNS=str(runs))
    work = Path(env.setdefault("BENCH_WORK", "/tmp/newsgen-peers"))
    results_file = work / "results" / f"results-{n}.jsonl"
    results_file.unlink(missing_ok=True)
    subprocess.run(["bash", str(SHARED_BENCH / "run_peers.sh"), str(n), PEERS], env=env, check=True)
    rows = [json.loads(line) for line in results_file.read_text().splitlines() if line]
    medians: dict[str, dict[str, float]] = {}
    for peer in PEERS.split(","):
        for kind in ("cold", "edit-rebuild"):
            times = [r["wall_s"] for r in rows if r.get("peer") == peer and r.get("kind") == kind]
            if times:
                medians.setdefault(peer, {})[kind] = statistics.median(times)
    return medians


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def settle(*inputs: Path) -> bool:
    """Start a timed build from the same file-system state whatever ran before it: written
    back, the page cache dropped, then the build's `inputs` (files or folders) read back.

    On a disk whose cached metadata slows every file made (this machine's ext4 has no journal,
    so its kernel looks for a recently deleted inode at each one made: a 10,000-article cold
    build's system time went from 6.5 s to 14.2 s over builds in a row, and is 2.0-2.3 s
    settled), the same build of the same site otherwise takes a quarter longer or more, by
    what ran before it. Dropping the cache needs root; without it, only written back. Returns
    whether the cache was dropped.
    """
    os.sync()
    try:
        DROP_CACHES.write_text("3\n", encoding="ascii")
    except OSError:
        return False
    for item in inputs:
        for path in item.rglob("*") if item.is_dir() else [item]:
            if path.is_file() and not path.is_symlink():
                with path.open("rb") as handle:
                    while handle.read(1 << 20):
                        pass
    return True


def warm_newsgen(work: Path, *flags: str, environment: dict[str, str] | None = None) -> None:
    """Build a small starter site, untimed, so that a build timed after `settle` finds Python,
    newsgen and its libraries (and Pagefind, unless `--no-search`) read, as any build after the
    first one does; `environment`: the processes' (else this one's)."""
    site = work / "warm-up"
    shutil.rmtree(site, ignore_errors=True)
    for command in (["init", str(site)], ["--site", str(site), "build", *flags]):
        newsgen = [sys.executable, "-m", "newsgen", *command]
        done = subprocess.run(newsgen, env=environment, capture_output=True)
        if done.returncode != 0:
            sys.exit(f"newsgen {command[0]} failed:\n{done.stderr.decode()[-2000:]}")


def pace() -> float:
    """Seconds this machine takes for 10 million additions in Python, the best of 3. On a
    shared machine it moves by a sixth or more within an hour, and builds with it: runs are
    compared by it, not only by their wall times."""
    code = "import time\nt = time.perf_counter()\nn = 0\nfor i in range(10_000_000): n += i\n"
    code += "print(time.perf_counter() - t)"
    command = [sys.executable, "-c", code]
    runs = [subprocess.run(command, capture_output=True, text=True, check=True) for _ in "abc"]
    return min(float(run.stdout) for run in runs)


def machine() -> str:
    """One line describing this machine and the commit measured."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = subprocess.run(
        ["git", "-C", str(HERE), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}, newsgen commit {commit or 'unknown'}"
    )


def median_of(results: dict[int, dict[str, list[Sample]]], n: int, kind: str) -> Sample | None:
    """Median wall time and median peak RSS of one kind of build, if it was measured."""
    samples = results.get(n, {}).get(kind)
    if not samples:
        return None
    return Sample(
        statistics.median(s.seconds for s in samples),
        statistics.median(s.peak_rss_mb for s in samples),
        statistics.median(s.tree_mb for s in samples),
    )


def targets(
    results: dict[int, dict[str, list[Sample]]], peers: dict[int, dict[str, dict[str, float]]]
) -> list[str]:
    """Issue 5's targets, each with the figure measured and whether it is met."""
    hugo_cold = peers.get(10000, {}).get("hugo", {}).get("cold")
    cold, edit = median_of(results, 10000, "cold"), median_of(results, 10000, "one-article edit")
    noop, huge = median_of(results, 10000, "no-op"), median_of(results, 100000, "cold")
    rows: list[tuple[str, str, bool | None]] = []
    if cold and hugo_cold:
        ratio = cold.seconds / hugo_cold
        rows.append(("10k cold <= 0.4 x Hugo", f"{ratio:.2f} x", ratio <= 0.4))
    if edit:
        rows.append(("10k one-article edit < 0.5 s", f"{edit.seconds:.2f} s", edit.seconds < 0.5))
    if noop:
        rows.append(("10k no-op < 0.3 s", f"{noop.seconds:.2f} s", noop.seconds < 0.3))
    if cold:
        peak = max(s.tree_mb for kind in results[10000].values() for s in kind)
        rows.append(("10k peak memory < 300 MB (any build)", f"{peak:.0f} MB", peak < 300))
    if huge:
        peak = max(s.tree_mb for kind in results[100000].values() for s in kind)
        rows.append(("100k builds in < 1 GB", f"{peak:.0f} MB", peak < 1024))
    lines = ["", "## Issue 5 targets", "", "| target | measured | met |", "|---|---:|---|"]
    lines += [f"| {name} | {figure} | {'yes' if met else 'no'} |" for name, figure, met in rows]
    return lines


def report(
    results: dict[int, dict[str, list[Sample]]], peers: dict[int, dict[str, dict[str, float]]]
) -> str:
    """RESULTS.md text: medians per size and kind, then ratios to the peers."""
    lines = ["# newsgen benchmark results", "", f"Machine: {machine()}", ""]
    lines += [
        "| N | build | runs | wall s (median) | wall s (all) | largest process's peak RSS MB "
        "(median) | memory MB, all processes (median) |",
        "|---:|---|---:|---:|---|---:|---:|",
    ]
    for n, kinds in results.items():
        for kind, samples in kinds.items():
            times = [s.seconds for s in samples]
            rss = statistics.median(s.peak_rss_mb for s in samples)
            tree = statistics.median(s.tree_mb for s in samples)
            all_times = ", ".join(f"{t:.2f}" for t in times)
            lines.append(
                f"| {n} | {kind} | {len(samples)} | {statistics.median(times):.2f} | "
                f"{all_times} | {rss:.0f} | {tree:.0f} |"
            )
    for n, by_peer in peers.items():
        cold = statistics.median(s.seconds for s in results[n]["cold"])
        edit = statistics.median(s.seconds for s in results[n]["one-article edit"])
        lines += ["", f"## Ratios newsgen / peer at N = {n} (same run)", ""]
        lines += ["| peer | peer cold s | newsgen/peer cold | peer edit s | newsgen edit/peer |"]
        lines += ["|---|---:|---:|---:|---:|"]
        for peer, peer_kinds in by_peer.items():
            peer_cold = peer_kinds.get("cold", 0.0)
            peer_edit = peer_kinds.get("edit-rebuild", 0.0)
            lines.append(
                f"| {peer} | {peer_cold:.2f} | {cold / peer_cold:.3f} | "
                f"{peer_edit:.2f} | {edit / peer_edit:.3f} |"
            )
    lines += targets(results, peers)
    return "\n".join(lines) + "\n"


def parse_sizes(text: str, runs: int) -> dict[int, int]:
    """'1000,100000:1' -> {1000: runs, 100000: 1}."""
    sizes = {}
    for item in text.split(","):
        size, _, own_runs = item.partition(":")
        sizes[int(size)] = int(own_runs) if own_runs else runs
    return sizes


def main() -> None:
    """Parse arguments, measure, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000:1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--peer-sizes", default="1000,10000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sizes = parse_sizes(args.sizes, args.runs)
    results = {n: measure(prepare_site(n, args.work), runs) for n, runs in sizes.items()}
    peer_sizes = [int(n) for n in args.peer_sizes.split(",") if int(n) in sizes]
    peers = {n: peer_medians(n, sizes[n]) for n in peer_sizes} if args.peers else {}
    text = report(results, peers)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
