"""Count the files a built site's search page loads before it shows its first results.

Usage: python benchmarks/search_files.py BUILD_FOLDER WORD [--first 2] [--complete]

Serves BUILD_FOLDER on 127.0.0.1 (Python's http.server), opens `/search/?q=WORD` in headless
Chromium (`/usr/bin/chromium`) and counts every request, the search's Web Worker's included,
until the first result is on the page. Every index but the `--first` newest is held back
meanwhile: results that show prove the page did not need them. With `--complete`, nothing is
held back and the requests are counted until the search of every index is done. Builds
nothing.
"""

from __future__ import annotations

import argparse
import functools
import re
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from newsgen.plan.search import newest_first


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing."""


def main() -> None:
    """Serve, search, count, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path)
    parser.add_argument("word")
    parser.add_argument("--first", type=int, default=2)
    parser.add_argument("--complete", action="store_true")
    args = parser.parse_args()
    handler = functools.partial(QuietHandler, directory=str(args.build))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folders = (p.name for p in (args.build / "pagefind").iterdir() if p.is_dir())
    parts = (f for f in folders if re.fullmatch(r"\d+(-\d+)?", f))
    indexes = sorted(parts, key=newest_first) or [""]  # one index for the site: /pagefind/
    older = re.compile("/pagefind/(" + "|".join(map(re.escape, indexes[args.first :])) + ")/")
    url = f"http://127.0.0.1:{server.server_address[1]}/search/?q={args.word}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page()
        if args.complete:
            count_until_complete(page, url, len(indexes))
        else:
            count_until_first_results(page, url, indexes, older)
        print(page.locator("#search-status").inner_text())
        browser.close()
    server.shutdown()


def count_until_first_results(
    page: Any, url: str, indexes: list[str], older: re.Pattern[str]
) -> None:
    """Hold back the older indexes; count the requests until the first result shows."""
    seen: list[str] = []
    held: list[Any] = []
    page.context.route(older, lambda route: held.append(route))
    page.context.on("request", lambda r: None if older.search(r.url) else seen.append(r.url))
    page.goto(url)
    page.wait_for_selector("#search-results li", timeout=60_000)
    files = [u for u in seen if "/pagefind/" in u]
    print(
        f"{len(indexes)} indexes; before the first results: {len(seen)} requests "
        f"({len(files)} of index files, the rest the page, its stylesheet and script); "
        f"{len(held)} requests of older indexes held back"
    )


def count_until_complete(page: Any, url: str, indexes: int) -> None:
    """Count the requests until the search of every index is done."""
    seen: list[str] = []
    page.context.on("request", lambda r: seen.append(r.url))
    started = time.perf_counter()
    page.goto(url)
    done = "s => s.textContent.endsWith('shown.') || s.textContent.endsWith('found.')"
    page.wait_for_function(f"({done})(document.getElementById('search-status'))", timeout=120_000)
    seconds = time.perf_counter() - started
    files = [u for u in seen if "/pagefind/" in u]
    print(
        f"{indexes} indexes; a complete search: {len(seen)} requests ({len(files)} of index "
        f"files) in {seconds:.2f} s (served from this machine)"
    )


if __name__ == "__main__":
    main()
