"""Benchmark newsgen on an archive with photos: cold builds, a no-op build and text-only edits.

Usage: python benchmarks/images.py [--articles 1000] [--runs 5] [--site /tmp/newsgen-images-bench]

The site is generated deterministically (Pillow and random.Random seeds, on a process pool):
N folder articles `content/YYYY/MM/photo-story-NNNNN/index.md`, each with its own 3000x2000
JPEG (`image: photo.jpg`, 0.4-1.5 MB) and a few paragraphs. A site already generated with the
same N is reused (the marker file `.images-bench`).

Each build runs `python -m newsgen` in a fresh process: wall time, and peak RSS as
getrusage(RUSAGE_CHILDREN).ru_maxrss of a small wrapper process, which is the peak of the
largest single process of the build's tree. Measured: a cold build (no build/, no .newsgen/)
with --no-search, a cold build with search, a no-op build, and `--runs` edits that change one
article's text only; the image files under .newsgen/images/ are counted before and after each
build, and an edit must add none.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench import Sample, machine
from PIL import Image, ImageChops, ImageDraw, ImageOps

MARKER = ".images-bench"
SIZE = (3000, 2000)
CONFIG = (
    "title: Photo Gazette\nbase_url: https://photos.example.org/\n"
    "timezone: UTC\nper_page: 20\nfeed_items: 20\n"
)
WORDS = (
    "council harbour minister budget river bridge storm vote archive election station "
    "festival museum school hospital market union court railway village mayor report "
    "winter summer farmers workers protest agreement debate parliament coast mountain"
)
TOPICS = ("Politics", "Weather", "Culture", "Transport", "Economy", "Health")
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(done.stdout + done.stderr)
sys.stdout.write(f"\\n{done.returncode} {seconds} {peak}\\n")
"""


@dataclass(frozen=True)
class Row:
    """One kind of build: its timed samples and the image files it added to the cache."""

    kind: str
    samples: list[Sample]
    images_added: list[int]


@functools.cache
def grain_tile() -> Image.Image:
    """A 3000x2000 tile of seeded noise (+-14 levels), made once per process, offset per photo."""
    noise = Image.frombytes("L", SIZE, random.Random(0).randbytes(SIZE[0] * SIZE[1]))
    return noise.point(lambda v: 128 + (v - 128) * 14 // 128)


def draw_photo(rng: random.Random) -> Image.Image:
    """A distinct photo-like picture: a tinted gradient, soft shapes, film grain."""
    width, height = SIZE
    angle = rng.choice((0, 90, 180, 270))
    image = Image.linear_gradient("L").rotate(angle).resize(SIZE, Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(20, 70)):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randint(30, 500)
        draw.ellipse((x - r, y - r * 2 // 3, x + r, y + r * 2 // 3), fill=rng.randrange(256))
    tile = ImageChops.offset(grain_tile(), rng.randrange(width), rng.randrange(height))
    image = ImageChops.add(image, tile, 1.0, -128)

    def tone(low: int, high: int) -> tuple[int, int, int]:
        return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))

    return ImageOps.colorize(image, tone(0, 70), tone(180, 255), tone(40, 230))


def paragraphs(rng: random.Random) -> str:
    """A few paragraphs of plausible-looking words."""
    out = []
    for _ in range(rng.randint(3, 5)):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = rng.choices(WORDS.split(), k=rng.randint(8, 18))
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def write_article(site: Path, index: int) -> None:
    """Write article `index`: its folder, its index.md and its photo.jpg."""
    rng = random.Random(index + 1)
    date = datetime(2020, 1, 1, 8, 0) + timedelta(hours=7 * index)
    folder = site / "content" / f"{date:%Y/%m}" / f"photo-story-{index:05d}"
    folder.mkdir(parents=True, exist_ok=True)
    draw_photo(rng).save(folder / "photo.jpg", "JPEG", quality=85)
    title = " ".join(rng.choices(WORDS.split(), k=6)).capitalize()
    front = (
        f"---\ntitle: {title} {index}\ndate: {date:%Y-%m-%dT%H:%M:%S}+00:00\n"
        f"topics: [{rng.choice(TOPICS)}]\nimage: photo.jpg\n"
        f"image_alt: Coloured shapes over a gradient, picture number {index}\n---\n"
    )
    (folder / "index.md").write_text(front + paragraphs(rng) + "\n", encoding="utf-8")


def generate(site: Path, articles: int) -> None:
    """Generate the site unless a site of the same size is there already."""
    marker = site / MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8") == f"{articles}\n":
        return
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    start = time.perf_counter()
    with multiprocessing.Pool() as pool:
        jobs = pool.imap_unordered(functools.partial(write_article, site), range(articles), 8)
        for _ in jobs:
            pass
    marker.write_text(f"{articles}\n", encoding="utf-8")
    print(f"generated {articles} articles in {time.perf_counter() - start:.1f} s", flush=True)
    # An input changed within 2 s of a build is not trusted by its time (bench.py): let the
    # new files settle before the builds measured.
    time.sleep(2.5)


def cached_images(site: Path) -> int:
    """How many files the image cache holds."""
    folder = site / ".newsgen" / "images"
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else 0


def timed_build(site: Path, *flags: str) -> tuple[Sample, int]:
    """Run `newsgen build` in a fresh process: wall time, peak RSS, image files added."""
    before = cached_images(site)
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "newsgen"]
    command += ["--site", str(site), "build", *flags]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    code, seconds, kilobytes = output.splitlines()[-1].split()
    if code != "0":
        sys.exit(f"build failed:\n{output}")
    return Sample(float(seconds), int(kilobytes) / 1024), cached_images(site) - before


def cold_build(site: Path, *flags: str) -> tuple[Sample, int]:
    """Build with no output and no cache."""
    for leftover in ("build", ".newsgen"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    return timed_build(site, *flags)


def edit_text(site: Path, round_number: int) -> tuple[Sample, int]:
    """Append a sentence to one article (its photo untouched), then rebuild."""
    article = min((site / "content").rglob("index.md"))
    with article.open("a", encoding="utf-8") as handle:
        handle.write(f"\nCorrection number {round_number} was appended by the benchmark.\n")
    return timed_build(site)


def row(kind: str, results: list[tuple[Sample, int]]) -> Row:
    """Gather samples of one kind into a row."""
    return Row(kind, [sample for sample, _ in results], [added for _, added in results])


def measure(site: Path, runs: int) -> list[Row]:
    """Every kind of build: cold ones once each, the others `runs` times."""
    rows = [row("cold, --no-search", [cold_build(site, "--no-search")])]
    rows.append(row("cold, with search", [cold_build(site)]))
    rows.append(row("no-op", [timed_build(site) for _ in range(runs)]))
    rows.append(row("text edit of one article", [edit_text(site, i) for i in range(runs)]))
    return rows


def report(site: Path, articles: int, rows: list[Row]) -> str:
    """The Markdown report: one line per kind of build."""
    photos = list((site / "content").rglob("*.jpg"))
    megabytes = sum(path.stat().st_size for path in photos) / 2**20
    lines = [f"## Photos: {articles} articles, one 3000x2000 JPEG each ({megabytes:.0f} MB)"]
    lines += ["", f"Machine: {machine()}", ""]
    lines += [
        "| build | runs | wall s (median) | wall s (all) | peak RSS MB (max) | images added |"
    ]
    lines += ["|---|---:|---:|---|---:|---|"]
    for item in rows:
        times = [sample.seconds for sample in item.samples]
        peak = max(sample.peak_rss_mb for sample in item.samples)
        all_times = ", ".join(f"{seconds:.2f}" for seconds in times)
        added = ", ".join(str(count) for count in item.images_added)
        lines.append(
            f"| {item.kind} | {len(times)} | {statistics.median(times):.2f} | {all_times} | "
            f"{peak:.0f} | {added} |"
        )
    edits = next(item for item in rows if item.kind.startswith("text edit"))
    verdict = "met" if not any(edits.images_added) else "NOT met"
    lines += ["", f"A text edit processes no image: {verdict}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse arguments, generate the site if needed, measure, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, default=Path("/tmp/newsgen-images-bench"))
    args = parser.parse_args()
    generate(args.site, args.articles)
    print(report(args.site, args.articles, measure(args.site, args.runs)))


if __name__ == "__main__":
    main()
