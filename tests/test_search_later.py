"""The preview never waits for search: pages first, the search index in the background, and a
background build cancelled by the next change publishes nothing."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from newsgen.builder import BuildOptions, build_site
from newsgen.cache import stamp
from newsgen.config.site import SiteConfig, load_config
from newsgen.runtime.cancel import BuildCancelledError, CancelFlag
from newsgen.serve.livereload import SearchState
from newsgen.serve.session import DevSession, real_build, real_search_build
from sitegen import NOW, article_text, build, generated_site, leftovers, tree
from test_search import page_count
from test_server import EventStream, Recorder

LATER = BuildOptions(now=NOW, search_later=True)


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the tests just wrote count as settled, so that a no-op build can be told."""
    monkeypatch.setattr(stamp, "RACY_NS", 0)


def searchable(root: Path, count: int = 6) -> SiteConfig:
    config = generated_site(root, count, "search: true\nsearch_per_year: true\n")
    old = article_text("Harbour reopens", datetime(2023, 6, 1, 12), ["Harbour"], "Open again.")
    (config.content_path / "old.md").write_text(old, encoding="utf-8")
    return load_config(config.root)


def edit(config: SiteConfig, name: str, words: str) -> None:
    path = config.content_path / name
    text = path.read_text(encoding="utf-8").replace("Body text.", words)
    path.write_text(text, encoding="utf-8")


def test_a_later_build_publishes_the_pages_and_keeps_the_stale_index(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    build(config)
    index_2023 = tree(config.output_path / "pagefind/2023")
    index_2024 = tree(config.output_path / "pagefind/2024")
    edit(config, "00001.md", "Lighthouse keepers.")
    summary = build_site(config, LATER)
    assert summary.search_pending == 1
    assert summary.describe().endswith("; search index updating in the background")
    page = config.output_path / "2024/01/02/article-1/index.html"
    assert "Lighthouse keepers." in page.read_text(encoding="utf-8")
    assert tree(config.output_path / "pagefind/2024") == index_2024
    assert tree(config.output_path / "pagefind/2023") == index_2023
    caught_up = build(config)
    assert not caught_up.up_to_date
    assert caught_up.search_pending == 0
    assert tree(config.output_path / "pagefind/2024") != index_2024
    assert tree(config.output_path / "pagefind/2023") == index_2023
    assert build(config).up_to_date


def test_a_first_later_build_has_no_index_until_the_next_build(tmp_path: Path) -> None:
    config = searchable(tmp_path / "site")
    assert build_site(config, LATER).search_pending == 2
    assert not (config.output_path / "pagefind").exists()
    assert not build_site(config, LATER).up_to_date  # still pending: never taken for done
    build(config)
    cold = searchable(tmp_path / "cold")
    build(cold)
    assert tree(config.output_path, search_index=False) == tree(
        cold.output_path, search_index=False
    )
    for year in ("2023", "2024"):
        assert page_count(config.output_path / "pagefind" / year) == page_count(
            cold.output_path / "pagefind" / year
        )


def test_a_cancelled_build_publishes_nothing(tmp_path: Path) -> None:
    config = searchable(tmp_path)
    build(config)
    before = tree(config.output_path)
    edit(config, "00001.md", "Lighthouse keepers.")
    flag = CancelFlag()
    flag.cancel()
    with pytest.raises(BuildCancelledError):
        build_site(config, BuildOptions(now=NOW, cancel=flag))
    assert tree(config.output_path) == before
    assert leftovers(config.root) == []


def _children() -> set[int]:
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


def test_a_cancel_while_pagefind_indexes_stops_it_and_publishes_nothing(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 400, "search: true\n")
    build(config, search=False)
    before = tree(config.output_path)
    flag = CancelFlag()
    pages = config.root / ".newsgen/search/pages-0"
    started = threading.Event()

    def cancel_once_indexing() -> None:
        while not (pages.is_dir() and _children()):  # pages linked, a Pagefind process running
            time.sleep(0.005)
        started.set()
        flag.cancel()

    canceller = threading.Thread(target=cancel_once_indexing, daemon=True)
    canceller.start()
    with pytest.raises(BuildCancelledError):
        build_site(config, BuildOptions(now=NOW, cancel=flag))
    canceller.join(timeout=10)
    assert started.is_set()
    assert tree(config.output_path) == before
    assert not (config.root / ".newsgen/search").exists()
    assert leftovers(config.root) == []
    deadline = time.monotonic() + 5
    while _children() and time.monotonic() < deadline:  # ended processes are reaped first
        time.sleep(0.05)
    assert {Path(f"/proc/{pid}/cmdline").read_bytes() for pid in _children()} == set()


def _until(stream: EventStream, name: str, data: dict[str, object] | None = None) -> list[str]:
    """Read events until one named `name` (with `data`, if given); return the names read."""
    seen = []
    while True:
        event, payload = stream.next()
        seen.append(event)
        if event == name and (data is None or payload == data):
            return seen


def _search_settles(session: DevSession) -> None:
    """Wait until the search index is ready and stays so for a second.

    A build that leaves the index stale starts its update at once after its reload. But an
    update still running when an edit was saved may have published and indexed that edit
    too (it builds what is on disk): the edit's build then has no update to start, and the
    index is ready already, with no event to say so.
    """
    live, ready_since, deadline = session.server.live, None, time.monotonic() + 60
    while time.monotonic() < deadline:
        if live.search_state is not SearchState.READY:
            ready_since = None
        elif ready_since is None:
            ready_since = time.monotonic()
        elif time.monotonic() - ready_since >= 1:
            return
        time.sleep(0.02)
    raise AssertionError(f"the search index is still {live.search_state.value}")


def test_serve_reloads_before_search_and_catches_up_in_the_background(tmp_path: Path) -> None:
    config = searchable(tmp_path / "site")
    options = dataclasses.replace(LATER, now=None)
    session = DevSession(
        config,
        real_build(options),
        ("127.0.0.1", 0),
        Recorder(),
        search=real_search_build(options),
    )
    with session:
        stream = EventStream(session.server)
        try:
            _until(stream, "search", {"state": "ready"})
            edit(config, "00001.md", "Lighthouse keepers.")
            # the edited page's preview, the build's pages, then the search update
            assert _until(stream, "search", {"state": "updating"}) == ["reload", "reload", "search"]
            edit(config, "00002.md", "Ferry timetable.")  # while the index is being updated
            _until(stream, "reload")  # the preview
            _until(stream, "reload")  # the build's pages
            _search_settles(session)
        finally:
            stream.close()
    assert build_site(config, BuildOptions(now=datetime.now().astimezone())).up_to_date
    assert leftovers(config.root) == []
    cold = searchable(tmp_path / "cold")
    edit(cold, "00001.md", "Lighthouse keepers.")
    edit(cold, "00002.md", "Ferry timetable.")
    build_site(cold, BuildOptions())
    assert tree(config.output_path, search_index=False) == tree(
        cold.output_path, search_index=False
    )
    for year in ("2023", "2024"):
        assert page_count(config.output_path / "pagefind" / year) == page_count(
            cold.output_path / "pagefind" / year
        )
