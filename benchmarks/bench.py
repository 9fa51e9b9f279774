"""Benchmark newsgen on a generated archive: cold, no-op, one-article and one-template rebuilds.

Usage: python benchmarks/bench.py [--sizes 1000,10000] [--runs 3] [--peers] [--out FILE]

The archive comes from ../shared/bench/gen_corpus.py (the same corpus the peers build). Each
build runs in its own process under /usr/bin/time, which gives wall time and peak RSS.
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
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_BENCH = HERE.parent.parent / "shared" / "bench"
PEERS = "hugo,pelican,eleventy"


@dataclass(frozen=True)
class Sample:
    """One timed build."""

    seconds: float
    peak_rss_mb: float


def timed_build(site: Path) -> Sample:
    """Run `newsgen build` on `site` in a fresh process; wall time and peak RSS."""
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "newsgen"]
    command += ["--site", str(site), "build"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")
    seconds, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return Sample(float(seconds), int(kilobytes) / 1024)


def prepare_site(n: int, work: Path) -> Path:
    """Generate the corpus of `n` articles and a site around it."""
    site = work / f"site-{n}"
    if not (site / "content").is_dir():
        shutil.rmtree(site, ignore_errors=True)
        corpus = work / f"corpus-{n}"
        generator = SHARED_BENCH / "gen_corpus.py"
        subprocess.run(
            [sys.executable, str(generator), str(n), str(corpus), "--peers", ""], check=True
        )
        site.mkdir(parents=True)
        shutil.copytree(corpus / "content", site / "content")
    (site / "newsgen.yaml").write_text(
        "title: Benchmark Gazette\nbase_url: https://bench.example.org/\n"
        "timezone: UTC\nper_page: 20\nfeed_items: 20\n",
        encoding="utf-8",
    )
    return site


def cold_build(site: Path) -> Sample:
    """Build with no output and no cache."""
    for leftover in ("build", ".newsgen"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    return timed_build(site)


def edit_one_article(site: Path, round_number: int) -> Sample:
    """Append a sentence to one article, then rebuild."""
    article = min((site / "content").rglob("*.md"))
    with article.open("a", encoding="utf-8") as handle:
        handle.write(f"\nCorrection number {round_number} was appended by the benchmark.\n")
    return timed_build(site)


def edit_one_template(site: Path, round_number: int) -> Sample:
    """Change the site's copy of article.html, then rebuild."""
    import newsgen

    templates = site / "templates"
    templates.mkdir(exist_ok=True)
    theme = Path(newsgen.__file__).parent / "theme" / "templates" / "article.html"
    text = theme.read_text(encoding="utf-8")
    (templates / "article.html").write_text(
        f"{text}\n{{# benchmark edit {round_number} #}}\n", encoding="utf-8"
    )
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


def machine() -> str:
    """One line describing this machine."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )


def report(
    results: dict[int, dict[str, list[Sample]]], peers: dict[int, dict[str, dict[str, float]]]
) -> str:
    """RESULTS.md text: medians per size and kind, then ratios to the peers."""
    lines = ["# newsgen benchmark results", "", f"Machine: {machine()}", ""]
    lines += ["| N | build | runs | wall s (median) | wall s (all) | peak RSS MB (median) |"]
    lines += ["|---:|---|---:|---:|---|---:|"]
    for n, kinds in results.items():
        for kind, samples in kinds.items():
            times = [s.seconds for s in samples]
            rss = statistics.median(s.peak_rss_mb for s in samples)
            all_times = ", ".join(f"{t:.2f}" for t in times)
            lines.append(
                f"| {n} | {kind} | {len(samples)} | {statistics.median(times):.2f} | "
                f"{all_times} | {rss:.0f} |"
            )
    for n, by_peer in peers.items():
        cold = statistics.median(s.seconds for s in results[n]["cold"])
        edit = statistics.median(s.seconds for s in results[n]["one-article edit"])
        lines += ["", f"## Ratios newsgen / peer at N = {n} (same run)", ""]
        lines += ["| peer | peer cold s | newsgen/peer cold | peer edit s | newsgen edit/peer |"]
        lines += ["|---|---:|---:|---:|---:|"]
        for peer, kinds in by_peer.items():
            peer_cold, peer_edit = kinds.get("cold", 0.0), kinds.get("edit-rebuild", 0.0)
            lines.append(
                f"| {peer} | {peer_cold:.2f} | {cold / peer_cold:.3f} | "
                f"{peer_edit:.2f} | {edit / peer_edit:.3f} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse arguments, measure, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {n: measure(prepare_site(n, args.work), args.runs) for n in sizes}
    peers = {n: peer_medians(n, args.runs) for n in sizes} if args.peers else {}
    text = report(results, peers)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
