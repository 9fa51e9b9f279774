"""Benchmark `newsgen serve`: how long after a saved edit the open pages are told to reload.

Usage: python benchmarks/serve_reload.py [--sizes 1000,10000] [--saves 20] [--work DIR]

For each size, the generated archive of benchmarks/bench.py is served by `newsgen serve
--port 0` in its own process, and this script listens to the live-reload stream as a browser
does. Each save appends a sentence to one article (a different one each time). Three times
are taken from the end of the write: to the first `reload` event (the page shows the edit:
its preview, or the build when the edit cannot be previewed), to the `search` `updating` event
(the full build has published every page), and to the `search` `ready` event (the search
index has caught up in the background). The next save is made once search is ready again.
The first build of the session (startup) is not counted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import prepare_site
from tree_memory import TreePeak

EVENTS_PATH = "/__newsgen__/events"
READY = re.compile(r"serving (http://127\.0\.0\.1:(\d+)/)")


class Events:
    """The live-reload stream, read as a browser's EventSource would."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.connection.request("GET", EVENTS_PATH)
        self.response = self.connection.getresponse()

    def until(self, name: str, state: str | None = None) -> float:
        """Read events up to the next `name` (with search `state`); when it arrived.

        The `hello` event also counts as a `search` one: it tells the search state too.
        """
        event = data = ""
        while True:
            line = self.response.readline().decode()
            if not line:
                sys.exit("the server closed the event stream")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif not line and event:
                news = json.loads(data)
                if event == "hello" and name == "search":
                    event, news = "search", {"state": news["search"]}
                found = event == name and (state is None or news.get("state") == state)
                if found:
                    return time.perf_counter()
                event = ""


def serve(site: Path) -> tuple[subprocess.Popen[str], int]:
    """Start `newsgen serve` on a free port; its process and port once it serves."""
    command = [sys.executable, "-m", "newsgen", "--site", str(site), "serve", "--port", "0"]
    unbuffered = {**os.environ, "PYTHONUNBUFFERED": "1"}  # its lines, as soon as printed
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=unbuffered
    )
    assert process.stdout is not None
    for line in process.stdout:
        if match := READY.search(line):
            return process, int(match.group(2))
    sys.exit(f"newsgen serve ended without serving (exit {process.wait()})")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux's VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(site: Path, saves: int) -> tuple[list[tuple[float, float, float]], float, float]:
    """Seconds from each save to its first reload, its pages published, search ready; the
    serve process's own peak RSS in MB, and the peak memory of it and the processes it starts
    (Pagefind's, render workers) from the moment it serves, summed PSS (`tree_memory`)."""
    articles = sorted((site / "content").rglob("*.md"))
    process, port = serve(site)
    try:
        with TreePeak(process.pid) as tree:
            times = _saves(articles, port, saves)
        return times, peak_rss_mb(process.pid), tree.mb
    finally:
        process.terminate()
        process.wait()


def _saves(articles: list[Path], port: int, saves: int) -> list[tuple[float, float, float]]:
    """Each save's seconds to its first reload, its pages published, search ready."""
    events = Events(port)
    events.until("search", "ready")  # the first build's index
    times = []
    for number in range(saves):
        article = articles[number * len(articles) // saves]
        with article.open("a", encoding="utf-8") as handle:
            handle.write(f"\nCorrection {number} was appended by the benchmark.\n")
        saved = time.perf_counter()
        reload = events.until("reload") - saved
        built = events.until("search", "updating") - saved
        searched = events.until("search", "ready") - saved
        times.append((reload, built, searched))
        print(
            f"  save {number + 1}: reload {reload:.3f} s, built {built:.2f} s, "
            f"search {searched:.2f} s"
        )
    return times


def main() -> None:
    """Parse arguments, measure each size, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    args = parser.parse_args()
    rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        print(f"{n} articles:")
        times, rss, tree = measure(prepare_site(n, args.work), args.saves)
        reloads, builds, searches = zip(*times, strict=True)
        rows.append(
            f"| {n} | {args.saves} | {statistics.median(reloads):.3f} | {max(reloads):.3f} "
            f"| {statistics.median(builds):.2f} | {statistics.median(searches):.2f} | {rss:.0f} "
            f"| {tree:.0f} |"
        )
    print(
        "\n| N | saves | save to reload s (median) | (max) | pages published s (median) "
        "| search ready s (median) | serve peak RSS MB | memory MB (serve and its processes) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
