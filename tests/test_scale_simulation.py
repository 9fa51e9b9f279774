"""The sharded build of docs/scale.md, as benchmarks/scale_simulation.py runs it: shards by
year and a merge make, together, exactly the single build's site."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmark_scripts import benchmark_script
from sitegen import NOW, generated_site


def one_after_another(jobs: Sequence[Callable[[], Any]]) -> list[Any]:
    return [job() for job in jobs]


def test_shards_and_a_merge_make_the_single_build_byte_for_byte(tmp_path: Path) -> None:
    site = generated_site(tmp_path / "site", 500, "search: true\n", topics=7).root  # 2024-2025
    sharding = benchmark_script("scale_simulation")
    times = sharding.simulate(site, 2, tmp_path / "work", NOW, one_after_another)
    assert set(times) == {"scan", "single", "shards", "slowest shard", "merge", "union"}
    shard_files = [
        {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        for folder in (tmp_path / "work/part0/build", tmp_path / "work/part1/build")
    ]
    for year, files in zip(("2024/", "2025/"), shard_files, strict=True):
        assert {name for name in files if not name.startswith("static/")}
        assert all(name.startswith((year, "static/")) for name in files)
    merged = tmp_path / "work/part-1/build"
    assert (merged / "feed.xml").is_file() and (merged / "sitemap.xml").is_file()
    assert not list(merged.glob("2024/01/01/*/index.html"))


def test_a_difference_between_the_builds_is_found(tmp_path: Path) -> None:
    sharding = benchmark_script("scale_simulation")
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first / "a", second / "a"):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("same", encoding="utf-8")
    (second / "a/index.html").write_text("changed", encoding="utf-8")
    (first / "only-here.html").write_text("x", encoding="utf-8")
    assert sharding.differences(first, second) == ["only-here.html", "a/index.html"]
