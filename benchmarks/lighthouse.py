"""Run Lighthouse on pages of a built site, served locally: the four category scores per page.

Usage: python benchmarks/lighthouse.py [BUILD_DIR] [--path /] [--path /2026/03/20/slug/]
       [--desktop] [--fail-under 100] [--keep DIR]

Builds nothing: BUILD_DIR (default build/) is served on 127.0.0.1 by a small http.server
thread. Lighthouse is the version pinned in benchmarks/lighthouse/package.json (install it once
with `npm ci --prefix benchmarks/lighthouse`), run by node with headless Chromium
(CHROME_PATH, default /usr/bin/chromium; `apt-get install -y chromium`). Without --path it
measures the home page and the first article page (one with an <img> if any). Prints a
Markdown table of performance, accessibility, best-practices and SEO x 100, then the failing
audits of every category below 100. --fail-under N exits 1 if any score is below N.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLI = HERE / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ARTICLE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
SKIPPED = {"notApplicable", "informative", "manual", "error"}


@dataclass(frozen=True)
class Result:
    """One page's Lighthouse scores (0-100, None if not scored) and its failing audits."""

    path: str
    scores: dict[str, int | None]
    failing: list[str]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1 for the duration; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def default_paths(folder: Path) -> list[str]:
    """The home page and the first article page, preferring one that shows an image."""
    articles = sorted(
        page.relative_to(folder).as_posix()
        for page in folder.glob("[0-9][0-9][0-9][0-9]/*/*/*/index.html")
        if ARTICLE.match(page.relative_to(folder).as_posix())
    )
    with_image = [page for page in articles if "<img" in (folder / page).read_text("utf-8")]
    chosen = (with_image or articles)[:1]
    return ["/", *("/" + page.removesuffix("index.html") for page in chosen)]


def run_lighthouse(url: str, chrome: str, desktop: bool, output: Path) -> dict[str, Any]:
    """Run the pinned Lighthouse CLI on `url`; its JSON report."""
    command = ["node", str(CLI), url, "--output=json", f"--output-path={output}", "--quiet"]
    command += [f"--chrome-path={chrome}", "--chrome-flags=--headless=new --no-sandbox"]
    command += ["--preset=desktop"] if desktop else ["--form-factor=mobile"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not output.is_file():
        sys.exit(f"lighthouse failed on {url}:\n{done.stdout}\n{done.stderr}")
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return report


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    """The audits of `category` that scored below 1, with what Lighthouse says of them."""
    audits = report["audits"]
    lines = []
    for reference in report["categories"][category]["auditRefs"]:
        audit = audits[reference["id"]]
        score = audit.get("score")
        if audit.get("scoreDisplayMode") in SKIPPED or score is None or score >= 1:
            continue
        shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        weight = reference.get("weight", 0)
        line = f"{category}: {audit['id']} score {score:.2f}, weight {weight}{shown}"
        lines.append(line + first_item(audit))
    return lines


def first_item(audit: dict[str, Any]) -> str:
    """What the audit's first detail item points at (a URL, a message, an element), if any."""
    items = (audit.get("details") or {}).get("items") or [{}]
    item = items[0] if isinstance(items[0], dict) else {}
    where = item.get("sourceLocation", {}).get("url") or item.get("url")
    node = item.get("node", {}).get("snippet") if isinstance(item.get("node"), dict) else None
    text = item.get("description") or where or node
    more = f" and {len(items) - 1} more" if len(items) > 1 else ""
    return f": {str(text)[:160]}{more}" if text else ""


def result(path: str, report: dict[str, Any]) -> Result:
    """Scores x 100 and the failing audits of every category below 100."""
    scores: dict[str, int | None] = {}
    failing: list[str] = []
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        scores[category] = None if score is None else round(score * 100)
        if score is None or score < 1:
            failing += failing_audits(report, category)
    return Result(path, scores, failing)


def table(results: list[Result], desktop: bool) -> str:
    """A Markdown table of the scores, then the failing audits per page."""
    lines = [f"Lighthouse 12.2.3, {'desktop' if desktop else 'mobile'}", ""]
    lines += ["| page | " + " | ".join(CATEGORIES) + " |", "|---|" + "---:|" * len(CATEGORIES)]
    for item in results:
        cells = ["n/a" if item.scores[c] is None else str(item.scores[c]) for c in CATEGORIES]
        lines.append(f"| {item.path} | " + " | ".join(cells) + " |")
    for item in results:
        if item.failing:
            lines += ["", f"Failing audits on {item.path}:", *(f"- {f}" for f in item.failing)]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Serve the build, run Lighthouse on each page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, nargs="?", default=Path("build"))
    parser.add_argument("--path", action="append", dest="paths", help="a page, e.g. /")
    parser.add_argument("--desktop", action="store_true", help="desktop preset, not mobile")
    parser.add_argument("--fail-under", type=int, default=0, metavar="N")
    parser.add_argument("--keep", type=Path, help="folder to keep the JSON reports in")
    args = parser.parse_args()
    if not (args.build / "index.html").is_file():
        sys.exit(f"{args.build}: no index.html here (build the site first: newsgen build)")
    if not CLI.is_file():
        sys.exit(f"{CLI} is missing (run: npm ci --prefix {HERE / 'lighthouse'})")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    results = []
    with serve(args.build) as base, tempfile.TemporaryDirectory() as scratch:
        keep = args.keep or Path(scratch)
        keep.mkdir(parents=True, exist_ok=True)
        for number, path in enumerate(args.paths or default_paths(args.build)):
            output = keep / f"lighthouse-{number}.json"
            results.append(result(path, run_lighthouse(base + path, chrome, args.desktop, output)))
    print(table(results, args.desktop), end="")
    scores = [s for item in results for s in item.scores.values() if s is not None]
    sys.exit(1 if any(score < args.fail_under for score in scores) else 0)


if __name__ == "__main__":
    main()
