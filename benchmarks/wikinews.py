"""Import and build the 4,874 English Wikinews articles of ../shared/corpora: times, page counts,
the largest page of each kind, and (with --lighthouse) Lighthouse on five kinds of page.

Usage: python benchmarks/wikinews.py [--site /tmp/newsgen-wikinews] [--lighthouse]

The site folder is made afresh on each run (a folder this script did not make is refused). It
is the site tests/test_wikinews_archive.py checks: the same newsgen.yaml, the same import
command. Lighthouse (install it once with `npm ci --prefix benchmarks/lighthouse`) runs on the
home page, an article, the largest topic, the largest year and the busiest day, mobile.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpora" / "wikinews" / "wikinews-en.jsonl.gz"
MARKER = ".wikinews-benchmark"
CONFIG = """\
title: Wikinews archive
description: >-
  Articles from Wikinews, the free news source, https://en.wikinews.org/, by Wikinews
  contributors, licensed under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/).
  Text was cleaned and shortened from the original.
base_url: https://wikinews-archive.example/
language: en
timezone: UTC
"""
IMPORT = ["import", "--source-name", "Wikinews", "--map", "topics=categories", str(CORPUS)]
KIND = re.compile(r'<body data-kind="([^"]+)"')
ARTICLE = "/2004/11/13/president-of-china-lunches-with-brazilian-president/"


def fresh_site(folder: Path) -> None:
    """An empty site folder with the benchmark's newsgen.yaml."""
    if folder.exists():
        if not (folder / MARKER).is_file():
            sys.exit(f"{folder}: exists and was not made by this script; name another --site")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("made by benchmarks/wikinews.py\n", encoding="utf-8")
    (folder / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")


def timed(folder: Path, *args: str) -> float:
    """Run `newsgen ARGS` in the site; its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "newsgen", *args], cwd=folder, check=False)
    if done.returncode != 0:
        sys.exit(f"newsgen {' '.join(args)} failed with status {done.returncode}")
    return time.perf_counter() - start


def largest_pages(build: Path) -> dict[str, tuple[int, str]]:
    """The largest HTML page of each kind, and the number of pages of each kind."""
    largest: dict[str, tuple[int, str]] = {}
    counts: Counter[str] = Counter()
    for path in build.rglob("*.html"):
        text = path.read_bytes()
        found = KIND.search(text.decode("utf-8"))
        kind = found.group(1) if found else "other"
        counts[kind] += 1
        url = "/" + path.relative_to(build).as_posix().removesuffix("index.html")
        largest[kind] = max(largest.get(kind, (0, "")), (len(text), url))
    return {kind: (size, f"{url} (of {counts[kind]})") for kind, (size, url) in largest.items()}


def main() -> None:
    """Import, build, report; Lighthouse if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("/tmp/newsgen-wikinews"))
    parser.add_argument("--lighthouse", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_file():
        sys.exit(f"{CORPUS} is missing: ../shared/corpora must lie beside the repository")
    fresh_site(args.site)
    imported = timed(args.site, *IMPORT)
    built = timed(args.site, "build")
    build = args.site / "build"
    noop = timed(args.site, "build")
    print(f"\nimport {imported:.2f} s, cold build {built:.2f} s, no-op build {noop:.2f} s\n")
    print("| kind | largest page | bytes |\n|---|---|---:|")
    largest = largest_pages(build)
    for kind, (size, url) in sorted(largest.items()):
        print(f"| {kind} | {url} | {size:,} |")
    if args.lighthouse:
        paths = ["/", ARTICLE, largest["topic"][1].split()[0], largest["year"][1].split()[0]]
        paths.append(largest["day"][1].split()[0])
        command = [sys.executable, str(HERE / "lighthouse.py"), str(build)]
        subprocess.run(command + [f"--path={p}" for p in paths], check=False)


if __name__ == "__main__":
    main()
