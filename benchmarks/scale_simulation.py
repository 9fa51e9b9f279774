"""Simulate the sharded build of docs/scale.md on one machine: years dealt to shard processes
(run by Dask), then a merge, and the union checked against a single build, byte for byte.

Usage: python benchmarks/scale_simulation.py [--articles 100000] [--shards 4] [--work DIR]
(needs `pip install dask`; the archive is benchmarks/bench.py's generated one)

Phases, each timed:
- scan: every article parsed once into the cache, as a distributed scan would leave them in
  shared storage (each shard and the single build then start from a copy of that cache);
- single: the whole site built by one `build_site` (the baseline, on every core);
- shards: each shard renders the article pages and the year, month and day pages of its
  years, all shards at once (Dask's process scheduler, one process per shard);
- merge: one process renders every other page (home, topics, authors, the archive page,
  search, 404) and every feed and sitemap;
- union: the parts' output folders are laid into one, which must equal the single build's.

Every part reads the whole archive's metadata (the shared skeleton every page links through),
but renders only its own pages and bodies.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from newsgen.builder import CACHE_FILE, IMAGE_CACHE, BuildOptions, build_site
from newsgen.cache.store import PageKeys, open_cache
from newsgen.config.site import SiteConfig, load_config
from newsgen.content.loader import body_text, load_site
from newsgen.plan.archive import Archive, build_archive
from newsgen.plan.pages import Page, plan_pages
from newsgen.plan.views import Views
from newsgen.publish.writer import Staging
from newsgen.render.markup import BodyRenderer
from newsgen.render.pages import Reuse, render_pages
from newsgen.render.photos import add_pictures
from newsgen.render.syndication import SOURCE, feeds_and_sitemaps

MERGE = -1
"""The part that is not a shard."""


def deal_years(archive: Archive, shards: int) -> dict[int, int]:
    """Shard of each year: consecutive years, about the same number of articles per shard."""
    total = len(archive.order)
    owners, done = {}, 0
    for year, ids in archive.years.items():  # oldest first
        owners[year] = min(shards - 1, done * shards // max(total, 1))
        done += len(ids)
    return owners


def owner(page: Page, archive: Archive, years: Mapping[int, int]) -> int:
    """The shard that renders `page` (its article's year, or the year its URL starts with);
    MERGE for pages of the whole archive."""
    if page.article:
        return years[archive.local_dates[page.article].year]
    first = page.url.strip("/").split("/")[0]
    return years.get(int(first), MERGE) if first.isdigit() else MERGE


def scan(config: SiteConfig, cache: Path) -> None:
    """Parse every article into the cache at `cache` (nothing is rendered)."""
    with open_cache(cache, CACHE_FILE, trusted=True) as store:
        load_site(config, store)
        store.commit()


def build_part(
    site: Path,
    part: int,
    shards: int,
    now: datetime,
    out: Path,
    known: Mapping[str, str] | None = None,
) -> tuple[float, dict[str, str]]:
    """Render part `part` (a shard's number, or MERGE) of the site into `out`/build from the
    cache copy `out`/cache.sqlite; the seconds taken and its pages' fingerprints.

    The merge is given the shards' fingerprints (`known`): a feed's key is made of those of
    the article pages it lists.
    """
    cache = out / "cache.sqlite"
    started = time.perf_counter()
    config = dataclasses.replace(load_config(site), search=False)
    with open_cache(cache, CACHE_FILE, trusted=True) as store:
        content = load_site(config, store)
        archive = build_archive(content.articles, config, False, False, now, content.media)
        pages = plan_pages(archive, config, Views(archive, config))
        years = deal_years(archive, shards)
        mine = [page for page in pages if owner(page, archive, years) == part]
        text = functools.partial(body_text, cache=store, config=config)
        bodies = BodyRenderer(store, config.markdown_raw_html, text, archive.media.body)
        with Staging(out / "build", out / "work") as staging:
            reuse = Reuse(PageKeys(), staging)
            render_pages(config, archive, mine, bodies, reuse, False)
            if part == MERGE:
                reuse.fingerprints.update(known or {})
                add_pictures(config, archive.media, reuse, site / IMAGE_CACHE)
                emptied: dict[str, str] = {}  # no URL history: no feed of an emptied topic
                with closing(
                    feeds_and_sitemaps(config, archive, pages, bodies, reuse, emptied)
                ) as made:
                    for url, data in made:
                        staging.add(url, data, SOURCE)
            with staging.commit() as done:
                store.record_commit(done.token)
                store.commit()
    return time.perf_counter() - started, reuse.fingerprints


def union(parts: Sequence[Path], target: Path) -> int:
    """Lay the parts' output folders into `target` (hard links); returns the file count. A
    file two parts both made (the static assets) must be the same in both."""
    made: dict[str, Path] = {}
    for part in parts:
        for path in sorted(p for p in part.rglob("*") if p.is_file()):
            name = path.relative_to(part).as_posix()
            if name in made:
                if made[name].read_bytes() != path.read_bytes():
                    sys.exit(f"{name} differs between {made[name]} and {path}")
                continue
            made[name] = path
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target / name)
    return len(made)


def differences(first: Path, second: Path) -> list[str]:
    """Output files missing from one tree or different in bytes."""
    files = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    other = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    found = sorted(files ^ other)
    found += [
        n for n in sorted(files & other) if (first / n).read_bytes() != (second / n).read_bytes()
    ]
    return found


Jobs = Callable[[Sequence[Callable[[], tuple[float, dict[str, str]]]]], Sequence[Any]]
"""Runs the shards' jobs, each on a process of its own, and gives their results in order."""


def on_dask(shards: int) -> Jobs:
    """The shards' jobs on Dask's process scheduler, one process per shard."""
    import dask

    def run(jobs: Sequence[Callable[[], tuple[float, dict[str, str]]]]) -> Sequence[Any]:
        tasks = [dask.delayed(job)() for job in jobs]
        # chunksize=1: by default Dask hands a worker up to 6 ready tasks at once, which ran
        # every shard one after another in a single process
        return list(dask.compute(*tasks, scheduler="processes", num_workers=shards, chunksize=1))

    return run


def simulate(site: Path, shards: int, work: Path, now: datetime, jobs: Jobs) -> dict[str, float]:
    """Every phase, timed; exits when the union differs from the single build."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    config = dataclasses.replace(load_config(site), search=False)
    times: dict[str, float] = {}
    started = time.perf_counter()
    scan(config, work / "scanned.sqlite")
    times["scan"] = time.perf_counter() - started

    single = work / "single"
    single.mkdir()
    shutil.copy(work / "scanned.sqlite", single / "cache.sqlite")
    times["single"] = single_build(site, now, single)

    folders = {part: work / f"part{part}" for part in [*range(shards), MERGE]}
    for folder in folders.values():
        folder.mkdir()
        shutil.copy(work / "scanned.sqlite", folder / "cache.sqlite")
    started = time.perf_counter()
    done = jobs(
        [
            functools.partial(build_part, site, part, shards, now, folders[part])
            for part in range(shards)
        ]
    )
    times["shards"] = time.perf_counter() - started
    times["slowest shard"] = max(seconds for seconds, _ in done)
    known = {url: key for _, keys in done for url, key in keys.items()}
    times["merge"] = build_part(site, MERGE, shards, now, folders[MERGE], known)[0]
    started = time.perf_counter()
    union([folder / "build" for folder in folders.values()], work / "union")
    times["union"] = time.perf_counter() - started
    wrong = differences(single / "build", work / "union")
    if wrong:
        sys.exit(f"the sharded build differs from the single build: {wrong[:10]}")
    return times


def single_build(site: Path, now: datetime, folder: Path) -> float:
    """The whole site by one build from the scanned cache, into `folder`/build; the site's
    own .newsgen/ and build/ are set aside meanwhile, and put back."""
    config = load_config(site)
    kept = [
        (path, path.with_name(path.name + ".kept"))
        for path in (site / ".newsgen", config.output_path)
    ]
    for path, aside in kept:
        if path.exists():
            path.rename(aside)
    try:
        (site / ".newsgen").mkdir()
        shutil.copy(folder / "cache.sqlite", site / CACHE_FILE)
        started = time.perf_counter()
        build_site(config, BuildOptions(now=now, search=False))
        seconds = time.perf_counter() - started
        config.output_path.rename(folder / "build")
    finally:
        for path, aside in kept:
            shutil.rmtree(path, ignore_errors=True)
            if aside.exists():
                aside.rename(path)
    return seconds


def main() -> None:
    """Parse arguments, simulate, print a Markdown table."""
    from bench import prepare_site

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"))
    args = parser.parse_args()
    site = prepare_site(args.articles, args.work)
    now = datetime.now().astimezone()
    work = args.work / f"shards-{args.articles}"
    times = simulate(site, args.shards, work, now, on_dask(args.shards))
    sharded = times["shards"] + times["merge"] + times["union"]
    print(f"\n{args.articles} articles, {args.shards} shards + merge, {os.cpu_count()} cores")
    print("\n| phase | wall s |\n|---|---:|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.1f} |")
    print(f"| sharded total (shards + merge + union) | {sharded:.1f} |")
    print(f"\nmerge share of the sharded total: {times['merge'] / sharded:.0%}")
    print("union equals the single build, byte for byte")


if __name__ == "__main__":
    main()
