"""WordPress posts imported per second: an export made of many copies of the real Theme Unit
Test export (../shared/corpora/wordpress/, read where it lies), each copy's posts, links and
slugs made unique.

Usage: python benchmarks/import_wxr.py [--megabytes 80] [--runs 3] [--src PATH]

Each run imports the whole export into a fresh site with `newsgen import` in its own process
(its HTML bodies converted on every core), timed with its peak memory, children included.
`--src` names the newsgen source tree to run (an older checkout, to compare).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPORT = HERE.parent.parent / "shared" / "corpora" / "wordpress" / "theme-unit-test-data.xml"
ITEM = re.compile(r"<item>.*?</item>", re.S)
IMPORTED = re.compile(r"imported (\d+) item")


def copied(item: str, copy: int) -> str:
    """The item as a copy of its own: its id, slug, link and guid made unique."""
    item = re.sub(r"<wp:post_id>(\d+)<", lambda m: f"<wp:post_id>{m[1]}{copy:04d}<", item)
    item = re.sub(r"(<wp:post_name><!\[CDATA\[)(.*?)\]\]>", rf"\1\2-c{copy}]]>", item)
    item = re.sub(r"<link>(.*?)/?</link>", rf"<link>\1-c{copy}/</link>", item)
    return re.sub(r'(<guid isPermaLink="false">)(.*?)<', rf"\1\2&amp;c={copy}<", item)


def make_export(target: Path, megabytes: float) -> int:
    """Write an export of about `megabytes` MB to `target`; how many copies it holds."""
    text = EXPORT.read_text(encoding="utf-8")
    items = ITEM.findall(text)
    head, tail = text[: text.index("<item>")], text[text.rindex("</item>") + len("</item>") :]
    size, copies = len(head) + len(tail), 0
    with target.open("w", encoding="utf-8") as out:
        out.write(head)
        while size < megabytes * 1e6:
            copies += 1
            for item in items:
                size += out.write(copied(item, copies) + "\n")
        out.write(tail)
    return copies


def one_run(export: Path, src: Path) -> tuple[int, float, float]:
    """(posts imported, seconds, peak MB of the import and its workers) in a fresh site."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "newsgen.yaml").write_text("title: WXR\nbase_url: https://example.org/\n")
        environment = dict(os.environ, PYTHONPATH=str(src))
        command = [sys.executable, "-m", "newsgen", "--site", str(site), "import", str(export)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        found = IMPORTED.search(done.stdout.splitlines()[-1] if done.stdout else "")
        if found is None:
            raise SystemExit(f"the import failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return int(found[1]), seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=80.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, default=HERE.parent / "src")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.xml"
        copies = make_export(export, args.megabytes)
        size = export.stat().st_size / 1e6
        runs = [one_run(export, args.src.resolve()) for _ in range(args.runs)]
    posts, seconds = runs[0][0], statistics.median(run[1] for run in runs)
    print(f"export: {size:.1f} MB, {copies} copies of the Theme Unit Test, {posts} posts imported")
    each = ", ".join(f"{run[1]:.2f}" for run in runs)
    print(f"import: {seconds:.2f} s median of {args.runs} ({each})")
    print(f"rate: {posts / seconds:.0f} posts/s, {size / seconds:.1f} MB/s")
    print(f"peak memory of the largest process: {max(run[2] for run in runs):.0f} MB")


if __name__ == "__main__":
    main()
