"""Benchmark `newsgen serve`: how long after a saved edit the open pages are told to reload.

Usage: python benchmarks/serve_reload.py [--sizes 1000,10000] [--saves 20] [--work DIR]
       [--edit article|template]

For each size, the generated archive of benchmarks/bench.py is served by `newsgen serve
--port 0` in its own process, and this script listens to the live-reload stream as a browser
showing an article page does. Each save appends a sentence to one article (a different one
each time), or with `--edit template`, changes the site's copy of article.html (made before
the server starts, removed after) as `same_work.py`'s visible template edit does. Three times
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
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench import prepare_site
from tree_memory import TreePeak

import newsgen

EVENTS_PATH = "/__newsgen__/events"
READY = re.compile(r"serving (http://127\.0\.0\.1:(\d+)/)")


class Events:
    """The live-reload stream, read as a browser's EventSource would."""

    def __init__(self, port: int, page: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.connection.request("GET", f"{EVENTS_PATH}?page={urllib.parse.quote(page, safe='')}")
        self.response = self.connection.getresponse()

    def until(self, name: str, state: str | None = None) -> tuple[float, dict[str, object]]:
        """Read events up to the next `name` (with search `state`); when it arrived, and its
        news.

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
                    return time.perf_counter(), news
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


def measure(
    site: Path, saves: int, edit: str
) -> tuple[list[tuple[float, float, float]], float, float]:
    """Seconds from each save to its first reload, its pages published, search ready; the
    serve process's own peak RSS in MB, and the peak memory of it and the processes it starts
    (Pagefind's, render workers) from the moment it serves, summed PSS (`tree_memory`)."""
    template = site / "templates" / "article.html"
    theme = Path(newsgen.__file__).parent / "theme" / "templates" / "article.html"
    if edit == "template":
        template.parent.mkdir(exist_ok=True)
        shutil.copyfile(theme, template)
    process, port = serve(site)
    try:
        with TreePeak(process.pid) as tree:
            times = _saves(site, port, saves, edit)
        return times, peak_rss_mb(process.pid), tree.mb
    finally:
        process.terminate()
        process.wait()
        template.unlink(missing_ok=True)


def _save(site: Path, number: int, saves: int, edit: str) -> None:
    """Save the edit numbered `number` of `saves`."""
    if edit == "template":
        theme = Path(newsgen.__file__).parent / "theme" / "templates" / "article.html"
        text = theme.read_text(encoding="utf-8")
        text = text.replace("</article>", f"</article>\n<!-- template save {number} -->", 1)
        (site / "templates" / "article.html").write_text(text, encoding="utf-8")
        return
    articles = sorted((site / "content").rglob("*.md"))
    with articles[number * len(articles) // saves].open("a", encoding="utf-8") as handle:
        handle.write(f"\nCorrection {number} was appended by the benchmark.\n")


def _saves(site: Path, port: int, saves: int, edit: str) -> list[tuple[float, float, float]]:
    """Each save's seconds to its first reload, its pages published, search ready."""
    shown = min((site / "build").glob("[0-9]*/[0-9]*/[0-9]*/*/index.html"))
    events = Events(port, "/" + shown.parent.relative_to(site / "build").as_posix() + "/")
    events.until("search", "ready")  # the first build's index
    times = []
    for number in range(saves):
        _save(site, number, saves, edit)
        times.append(_times(events, edit, time.perf_counter()))
        reload, built, searched = times[-1]
        print(
            f"  save {number + 1}: reload {reload:.3f} s, built {built:.2f} s, "
            f"search {searched:.2f} s"
        )
    return times


def _times(events: Events, edit: str, saved: float) -> tuple[float, float, float]:
    """Seconds from the save at `saved` to its first reload, its pages published, search
    ready. A template edit's build is told by its own reload (one not for `only` some pages:
    those of a preview), and leaves the search index as it was (Pagefind reads the pages
    alike), so search is ready then."""
    reloaded, news = events.until("reload")
    if edit == "article":
        built = events.until("search", "updating")[0]
        return reloaded - saved, built - saved, events.until("search", "ready")[0] - saved
    built = reloaded
    while "only" in news:
        built, news = events.until("reload")
    return reloaded - saved, built - saved, built - saved


def main() -> None:
    """Parse arguments, measure each size, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    parser.add_argument("--edit", choices=("article", "template"), default="article")
    args = parser.parse_args()
    rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        print(f"{n} articles:")
        times, rss, tree = measure(prepare_site(n, args.work), args.saves, args.edit)
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
