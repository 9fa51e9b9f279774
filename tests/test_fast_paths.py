"""The no-op fast path: a build with nothing changed does nothing, and any change is seen."""

from __future__ import annotations

import dataclasses
import errno
import gc
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsgen.builder import BuildOptions, BuildSummary, build_site
from newsgen.cache import stamp
from newsgen.config.site import SiteConfig, load_config
from newsgen.config.site import theme_folder as newsgen_theme
from newsgen.diagnostics import NewsgenError
from newsgen.publish import staging_folder
from newsgen.publish.writer import Staging
from newsgen.render import chains, syndication
from newsgen.render import rendering as page_rendering
from newsgen.render.pages import TEMPLATE_NAMES
from newsgen.runtime import workers
from pools import alive_while_failing, counted_pools
from sitegen import NOW, article_text, build, generated_site, tree


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files the tests just wrote count as settled (the window is tested on its own)."""
    monkeypatch.setattr(stamp, "RACY_NS", 0)


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    config = generated_site(tmp_path / "site", 8)
    first = build(config)
    assert not first.up_to_date
    return config


def assert_rebuilt(summary: BuildSummary) -> None:
    assert not summary.up_to_date
    assert summary.describe().startswith("built ")


def test_nothing_changed_means_nothing_done(site: SiteConfig) -> None:
    before = tree(site.output_path)
    stamps = {p: p.stat().st_mtime_ns for p in site.output_path.rglob("*")}
    summary = build(site)
    assert summary.up_to_date
    assert (summary.pages_rendered, summary.files_written, summary.files_removed) == (0, 0, 0)
    assert summary.describe().startswith("nothing changed since the last build: ")
    assert tree(site.output_path) == before
    assert {p: p.stat().st_mtime_ns for p in site.output_path.rglob("*")} == stamps
    assert summary.pages == build(site, clean=True).pages


def test_touching_an_article_takes_the_normal_path(site: SiteConfig) -> None:
    path = site.content_path / "00003.md"
    earlier = time.time_ns() - 100 * 10**9
    os.utime(path, ns=(earlier, earlier))
    summary = build(site)
    assert_rebuilt(summary)
    assert summary.pages_rendered == 0  # same bytes: the page fingerprints still match
    assert build(site).up_to_date


@pytest.mark.parametrize(
    "name",
    ["content/new.md", "seeds/new.txt", "templates/extra.html", "static/extra.css"],
)
def test_a_new_input_file_takes_the_normal_path(site: SiteConfig, name: str) -> None:
    path = site.root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".md"):
        path.write_text(article_text("New one", datetime(2024, 3, 1, 9), ["Fresh"]), "utf-8")
    elif name.endswith(".txt"):
        path.write_text("A seeded story\n\n2 March 2024\n\nA paragraph.\n", "utf-8")
    else:
        path.write_text("/* new */\n", "utf-8")
    assert_rebuilt(build(site))


def test_a_deleted_input_file_takes_the_normal_path(site: SiteConfig) -> None:
    (site.content_path / "00002.md").unlink()
    summary = build(site)
    assert_rebuilt(summary)
    assert summary.files_removed > 0


def test_an_edit_keeping_size_and_time_is_still_seen_through_the_config(site: SiteConfig) -> None:
    config_file = site.root / "newsgen.yaml"
    config_file.write_text(config_file.read_text("utf-8").replace("Test Times", "Best Times"))
    assert_rebuilt(build(load_config(site.root)))


def test_a_deleted_output_file_is_written_again(site: SiteConfig) -> None:
    page = site.output_path / "2024/01/03/article-2/index.html"
    page.unlink()
    summary = build(site)
    assert_rebuilt(summary)
    assert page.is_file()


def test_a_rewritten_manifest_takes_the_normal_path(site: SiteConfig) -> None:
    manifest = site.root / ".newsgen" / "manifest.json"
    manifest.write_text(manifest.read_text("utf-8") + " ", "utf-8")
    assert_rebuilt(build(site))


def test_the_manifest_is_written_again_only_when_the_files_published_change(
    site: SiteConfig,
) -> None:
    manifest = site.root / ".newsgen" / "manifest.json"
    written = manifest.stat().st_ino, manifest.read_bytes()
    with (site.content_path / "00003.md").open("a", encoding="utf-8") as article:
        article.write("\nOne more sentence.\n")
    assert build(site).files_written > 0
    assert (manifest.stat().st_ino, manifest.read_bytes()) == written  # not even replaced
    before = build(site, clean=True)  # every file written again, but the same files
    assert (manifest.stat().st_ino, manifest.read_bytes()) == written
    damaged = json.loads(written[1])
    damaged["files"] += ["../outside.html", 7]  # names no build writes: it is written again
    manifest.write_text(json.dumps(damaged), encoding="utf-8")
    build(site, clean=True)
    assert manifest.read_bytes() == written[1]
    new = article_text("Brand new", datetime(2024, 3, 1, 9), ["Topic 0"])
    (site.content_path / "new.md").write_text(new, encoding="utf-8")
    last = manifest.stat().st_ino  # live until replaced: the first one's may have been reused
    assert build(site).pages > before.pages
    assert manifest.stat().st_ino != last
    assert "brand-new/index.html" in manifest.read_text(encoding="utf-8")


@pytest.mark.parametrize("flag", ["drafts", "future", "clean"])
def test_a_different_flag_takes_the_normal_path(site: SiteConfig, flag: str) -> None:
    assert_rebuilt(build(site, **{flag: True}))


def test_a_config_flag_from_the_command_line_takes_the_normal_path(site: SiteConfig) -> None:
    searching = dataclasses.replace(site, search=True)
    assert_rebuilt(build_site(searching, BuildOptions(now=NOW)))


def test_a_future_article_falling_due_takes_the_normal_path(site: SiteConfig) -> None:
    due = NOW + timedelta(days=1)
    path = site.content_path / "later.md"
    path.write_text(article_text("Later on", due, ["Fresh"]), "utf-8")
    build(site)
    assert build(site).up_to_date
    assert not (site.output_path / "topics/fresh/index.html").exists()
    later = build_site(site, BuildOptions(now=due + timedelta(seconds=1)))
    assert_rebuilt(later)
    assert (site.output_path / "topics/fresh/index.html").is_file()


def test_warnings_are_repeated_when_nothing_changed(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 3)
    (config.root / "seeds").mkdir()
    seed = "Seeded story\n\nMonday, 1 February 2024\n\nA paragraph.\n"  # a Thursday
    (config.root / "seeds" / "s.txt").write_text(seed, "utf-8")
    first = build(config)
    assert "is a Thursday" in first.diagnostics[0].message
    again = build(config)
    assert again.up_to_date
    assert again.diagnostics == first.diagnostics


def test_a_failed_build_forgets_the_stamp(site: SiteConfig) -> None:
    broken = site.content_path / "broken.md"
    broken.write_text("no front matter\n", "utf-8")
    with pytest.raises(Exception, match="no front matter"):
        build(site)
    assert not (site.root / ".newsgen" / "stamp.pickle").exists()
    broken.unlink()
    assert_rebuilt(build(site))


def test_a_just_written_file_is_not_trusted_by_its_time(
    site: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 60 * 10**9)
    os.utime(site.content_path / "00001.md")  # now: a second write could keep size and time
    assert_rebuilt(build(site))
    assert_rebuilt(build(site))


def test_an_unreadable_stamp_takes_the_normal_path(site: SiteConfig) -> None:
    (site.root / ".newsgen" / "stamp.pickle").write_bytes(b"not a pickle")
    assert_rebuilt(build(site))
    assert build(site).up_to_date


def same_size_edit_keeping_time(config: SiteConfig) -> None:
    """Change an article's bytes but not its size or mtime, and forget the no-op stamp."""
    path = config.content_path / "00003.md"
    status = path.stat()
    path.write_text(path.read_text("utf-8").replace("Body text.", "Body txet."), "utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    (config.root / ".newsgen" / "stamp.pickle").unlink()


def test_an_unchanged_file_is_not_read_again(site: SiteConfig) -> None:
    same_size_edit_keeping_time(site)
    assert_rebuilt(build(site))
    page = site.output_path / "2024/01/04/article-3/index.html"
    assert "Body text." in page.read_text("utf-8")  # the record came from the cache


def test_a_file_written_just_before_a_build_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 60 * 10**9)
    config = generated_site(tmp_path / "site", 8)
    build(config)
    (config.root / ".newsgen" / "stamp.pickle").touch()
    same_size_edit_keeping_time(config)
    build(config)
    page = config.output_path / "2024/01/04/article-3/index.html"
    assert "Body txet." in page.read_text("utf-8")


def test_rendering_on_worker_processes_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = generated_site(tmp_path / "alone", 30, topics=4)
    build(alone)
    monkeypatch.setattr(page_rendering, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(page_rendering, "CHUNK", 3)
    assert workers.can_fork(), "the test needs a pool of worker processes"
    pooled = generated_site(tmp_path / "pooled", 30, topics=4)
    summary = build(pooled)
    assert summary.pages_rendered == summary.pages
    assert tree(pooled.output_path) == tree(alone.output_path)
    edited = pooled.content_path / "00004.md"
    edited.write_text(edited.read_text("utf-8").replace("Body text.", "New text."), "utf-8")
    build(pooled)
    assert "New text." in (pooled.output_path / "2024/01/05/article-4/index.html").read_text()


def test_a_first_build_with_search_renders_off_the_core_left_to_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_rendering, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(workers, "worker_count", lambda: 3)
    forked: list[tuple[int, set[int] | None]] = []
    real_pool = page_rendering.forked_pool

    def counted_pool(count: int, initializer: Any, initargs: tuple[Any, Any]) -> Any:
        forked.append((count, initargs[1]))
        return real_pool(count, initializer, initargs)

    monkeypatch.setattr(page_rendering, "forked_pool", counted_pool)
    assert workers.can_fork(), "the test needs a pool of worker processes"
    searched = generated_site(tmp_path / "searched", 12, "search: true\n")
    build(searched)  # its pages indexed by Pagefind as they are staged
    edited = searched.content_path / "00004.md"
    edited.write_text(edited.read_text("utf-8").replace("Body text.", "New text."), "utf-8")
    build(searched)  # a few pages re-indexed: not known before they are compared
    build(generated_site(tmp_path / "plain", 12))  # no search index
    off_search = workers.render_cores(1)  # the lowest core is Pagefind's meanwhile
    assert forked == [(2, off_search), (3, None), (3, None)]


def test_feeds_made_on_workers_are_byte_for_byte_those_made_in_the_build_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many feeds to make (here 40 topics' and the site's) are made on worker processes, unless
    Pagefind indexes meanwhile (it has the other cores); the files are those made in-process."""
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    forked = counted_pools(monkeypatch, syndication)
    assert workers.can_fork(), "the test needs a pool of worker processes"

    def site(name: str, settings: str = "") -> SiteConfig:
        config = generated_site(tmp_path / name, 40, settings, topics=40)
        corrected = "corrections:\n  - {date: 2024-03-02, text: The note is <amended> & kept.}\n"
        date = datetime(2024, 3, 1, 9, tzinfo=UTC)
        noted = article_text("Noted", date, ["Topic 1"], "Text.[^1]\n\n[^1]: A note.", corrected)
        (config.content_path / "noted.md").write_text(noted, encoding="utf-8")
        return config

    pooled = site("pooled")
    build(pooled)
    assert forked == [2]
    build(site("searched", "search: true\n"))
    assert forked == [2], "no worker competes with Pagefind"
    monkeypatch.setattr(syndication, "POOL_MIN_FEEDS", 10**6)
    here = site("here")
    build(here)
    assert forked == [2]
    made = tree(pooled.output_path)
    footnote = 'href="https://test.example/2024/03/01/noted/#fn1"'
    assert footnote in made["topics/topic-1/feed.xml"].decode()
    assert (
        "The note is &amp;lt;amended&amp;gt; &amp;amp; kept."
        in made["corrections/feed.xml"].decode()
    )
    assert made == tree(here.output_path)


@pytest.mark.parametrize(
    ("stage", "failing"), [(page_rendering, "/2024/01/09/"), (syndication, "/topic-3/feed.xml")]
)
def test_a_build_failing_as_it_stages_leaves_no_worker_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: ModuleType, failing: str
) -> None:
    """The render or feed workers end with the failure, not once the caller lets go of it."""
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    monkeypatch.setattr(page_rendering, "POOL_MIN_PAGES", 1)
    forked = counted_pools(monkeypatch, stage)
    config = generated_site(tmp_path / "site", 40, topics=40)
    real_add = Staging.add

    def add(self: Staging, url: str, data: bytes, source: str) -> None:
        if failing in url:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_add(self, url, data, source)

    monkeypatch.setattr(Staging, "add", add)
    alive = alive_while_failing(lambda: build(config))
    assert forked == [2]
    assert alive == []
    assert not config.output_path.exists()


def test_a_template_error_on_a_worker_process_names_the_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_rendering, "POOL_MIN_PAGES", 1)
    config = generated_site(tmp_path / "site", 6)
    (config.root / "templates").mkdir()
    (config.root / "templates" / "article.html").write_text("{{ nothing.here }}\n", "utf-8")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    assert [d.path for d in caught.value.diagnostics] == ["templates/article.html"]
    assert not config.output_path.exists()


def test_cached_date_formatting_keeps_equal_instants_on_their_own_days(tmp_path: Path) -> None:
    from datetime import timezone

    from newsgen.render.assets import collect_assets
    from newsgen.render.templates import make_environment

    config = generated_site(tmp_path / "site", 1)
    environment = make_environment(config, collect_assets(config))
    evening = datetime(2024, 1, 1, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    morning = evening.astimezone(UTC)
    assert evening == morning
    template = environment.from_string("{{ a | date }} / {{ b | date }} / {{ a | date }}")
    assert template.render(a=evening, b=morning) == (
        "January 1, 2024 / January 2, 2024 / January 1, 2024"
    )


def test_no_worker_is_forked_while_other_threads_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import threading

    monkeypatch.setattr(page_rendering, "POOL_MIN_PAGES", 1)
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: pytest.fail("forked"))
    config = generated_site(tmp_path / "site", 4)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert build(config).pages_rendered > 0
    finally:
        stop.set()
        other.join()


def test_workers_die_on_sigterm_whatever_handler_the_parent_installed() -> None:
    """SIGTERM sent to the build's process group (`kill -- -PID`) reaches its workers: one
    that inherited a handler deferring it would live on once the build stopped."""
    import signal
    from types import SimpleNamespace

    from newsgen.plan.media import MediaPlan

    # all a worker reads as it starts
    job = SimpleNamespace(
        config=SiteConfig(root=Path()), archive=SimpleNamespace(media=MediaPlan())
    )
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        with workers.forked_pool(1, page_rendering._start_worker, (job,)) as pool:
            found = pool.submit(signal.getsignal, signal.SIGTERM).result()
            ignored = pool.submit(signal.getsignal, signal.SIGINT).result()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert (found, ignored) == (signal.SIG_DFL, signal.SIG_IGN)


STOP_DURING_FORK = """
import os, signal
from newsgen.runtime import workers
from newsgen.runtime.interrupts import Interrupted, stop_on_signals

sent = []
def stop_once():  # a Ctrl-C that lands while the pool forks, as one at-fork hook runs
    if not sent:
        sent.append(os.kill(os.getpid(), signal.SIGINT))
os.register_at_fork(before=stop_once)
try:
    with stop_on_signals(), workers.forked_pool(2) as pool:
        held = pool.submit(signal.pthread_sigmask, signal.SIG_BLOCK, []).result()
        print("not interrupted; held in a worker:", sorted(held))
except Interrupted:
    print("interrupted")
"""


def test_a_stop_while_the_pool_forks_interrupts_the_build() -> None:
    """Raised inside an at-fork hook (logging has one), a stop would be printed and ignored."""
    done = subprocess.run(
        [sys.executable, "-c", STOP_DURING_FORK], capture_output=True, text=True, check=False
    )
    assert (done.stdout, done.returncode) == ("interrupted\n", 0), done.stderr


STOP_WHILE_A_WORKER_SENDS = """
import multiprocessing, time
from newsgen.runtime import workers

def result_of(size):
    time.sleep(0.3 if size else 0)
    return b"x" * size

try:
    with workers.forked_pool(2) as pool:
        large = pool.submit(result_of, 20_000_000)  # far more than a pipe holds
        pool.submit(result_of, 0).result()
        raise KeyboardInterrupt  # as Ctrl-C does, while the large result is under way
except KeyboardInterrupt:
    print(len(large.result(timeout=0)), multiprocessing.active_children())
"""


def test_a_stop_while_a_worker_sends_a_large_result_waits_for_it_and_ends() -> None:
    """A pool that kills its workers, or stops reading, as one sends a large result can wait
    for good on the lock that worker holds (multiprocessing.Pool.terminate did, once in a
    loaded test run): the work under way is finished and read, and no worker is left."""
    done = subprocess.run(
        [sys.executable, "-c", STOP_WHILE_A_WORKER_SENDS],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (done.stdout, done.returncode) == ("20000000 []\n", 0), done.stderr


def test_workers_take_stop_signals_again_once_forked() -> None:
    import signal

    with workers.forked_pool(1) as pool:
        held = pool.submit(signal.pthread_sigmask, signal.SIG_BLOCK, []).result()
    assert held == set()


def test_bodies_of_pages_kept_stay_cached_for_the_next_template_edit(tmp_path: Path) -> None:
    import sqlite3

    config = generated_site(tmp_path / "site", 40, "feed_items: 1\n")
    for number in range(40):  # distinct bodies, so each has its own cache entry
        path = config.content_path / f"{number:05d}.md"
        path.write_text(path.read_text("utf-8").replace("Body text.", f"Body {number}."), "utf-8")
    build(config)
    path = config.content_path / "00007.md"
    path.write_text(path.read_text("utf-8").replace("Body 7.", "Body seven."), "utf-8")
    assert build(config).pages_rendered < 40
    database = config.root / ".newsgen" / "cache.sqlite"
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute("SELECT count(*) FROM bodies").fetchone()
    assert count == 40


def test_topic_feeds_are_made_again_only_for_changed_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgen.render import feeds

    config = generated_site(tmp_path / "site", 40, "feed_items: 2\n", topics=8)
    build(config)
    made: list[str] = []
    real_atom = feeds.atom

    def counting_atom(
        config: SiteConfig, info: feeds.FeedInfo, entries: list[feeds.FeedEntry]
    ) -> bytes:
        made.append(info.title)
        return real_atom(config, info, entries)

    monkeypatch.setattr(feeds, "atom", counting_atom)
    path = config.content_path / "00039.md"  # the newest: topics 7 and 0
    path.write_text(path.read_text("utf-8").replace("Body text.", "Other text."), "utf-8")
    build(config)
    topic_feeds = [title for title in made if title.startswith("Topic ")]
    assert "Topic 7 - Test Times" in topic_feeds  # the edited article's own topics
    assert "Topic 0 - Test Times" in topic_feeds
    assert "Topic 3 - Test Times" not in topic_feeds, "no entry of it changed: kept as it was"
    kept = "topic-3"
    (config.output_path / "topics" / kept / "feed.xml").unlink()
    made.clear()
    build(config)
    assert [title for title in made if title.startswith("Topic ")] == [
        f"Topic {kept[-1]} - Test Times"
    ]
    assert (config.output_path / "topics" / kept / "feed.xml").is_file()


def cli_build(config: SiteConfig, *args: str) -> str:
    from click.testing import CliRunner

    from newsgen.cli import cli

    done = CliRunner().invoke(cli, ["--site", str(config.root), "build", *args])
    assert done.exit_code == 0, done.output
    return done.output


def test_a_no_op_build_from_the_command_line_reads_no_yaml(site: SiteConfig) -> None:
    assert "nothing changed" in cli_build(site)
    code = (
        "import sys; from click.testing import CliRunner; from newsgen.cli import cli; "
        f"done = CliRunner().invoke(cli, ['--site', {str(site.root)!r}, 'build']); "
        "print(done.output.split(':')[0], sorted({m.split('.')[0] for m in sys.modules} & "
        "{'yaml', 'jinja2', 'markdown_it', 'frontmatter', 'babel'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "nothing changed since the last build []\n"


def test_a_changed_config_is_read_by_the_next_command_line_build(site: SiteConfig) -> None:
    assert "nothing changed" in cli_build(site)
    path = site.root / "newsgen.yaml"
    path.write_text(path.read_text("utf-8").replace("Test Times", "Other Times"), "utf-8")
    assert cli_build(site).startswith("built ")
    assert "Other Times" in (site.output_path / "index.html").read_text("utf-8")
    assert "nothing changed" in cli_build(site)


def test_no_search_on_the_command_line_is_a_change_both_ways(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 4, "search: true\n")
    index = config.output_path / "pagefind" / "pagefind.js"
    assert cli_build(config).startswith("built ")
    assert index.is_file()
    assert cli_build(config, "--no-search").startswith("built ")
    assert not index.exists()
    assert "nothing changed" in cli_build(config, "--no-search")
    assert cli_build(config).startswith("built ")
    assert index.is_file()
    assert "nothing changed" in cli_build(config)


def test_templates_are_compiled_once_and_an_edited_one_again(site: SiteConfig) -> None:
    (compiled,) = (site.root / ".newsgen/templates").iterdir()  # one folder per newsgen version
    assert compiled.name.startswith("newsgen-")
    kept = {p.name: p.read_bytes() for p in compiled.iterdir() if p.name != TEMPLATE_NAMES}
    assert len(kept) >= 5  # base, article, home, the lists' templates...
    theme = Path(newsgen_theme("templates")) / "article.html"
    (site.root / "templates").mkdir()
    head, _, tail = theme.read_text(encoding="utf-8").rpartition("{% endblock %}")
    text = f"{head}<p>EDITED</p>{{% endblock %}}{tail}"
    (site.root / "templates/article.html").write_text(text, encoding="utf-8")
    build(site)
    page = next(site.output_path.glob("2024/01/01/*/index.html"))
    assert "<p>EDITED</p>" in page.read_text(encoding="utf-8")
    again = {p.name: p.read_bytes() for p in compiled.iterdir() if p.name != TEMPLATE_NAMES}
    assert {name: again[name] for name in kept} == kept  # the theme's stay as compiled
    assert len(again) == len(kept) + 1  # the site's article.html joins them


def test_templates_are_parsed_for_what_they_name_once_and_an_edited_one_again(
    site: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[bytes] = []
    real = chains._named_in

    def counted(parser: object, source: bytes) -> list[str] | None:
        parsed.append(source)
        return real(parser, source)  # type: ignore[arg-type]

    monkeypatch.setattr(chains, "_named_in", counted)
    article = next(site.content_path.glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    build(site)
    assert parsed == []  # known from the first build
    theme = Path(newsgen_theme("templates")) / "_byline.html"
    (site.root / "templates").mkdir()
    edited = theme.read_bytes() + b"{# edited #}\n"
    (site.root / "templates/_byline.html").write_bytes(edited)
    build(site)
    assert parsed == [edited]  # by its bytes: what it names may have changed


def test_a_build_does_without_compiled_templates_it_cannot_keep(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 3)
    (config.root / ".newsgen").mkdir()
    (config.root / ".newsgen/templates").write_text("a file in the way", encoding="utf-8")
    build(config)
    cold = generated_site(tmp_path / "cold", 3)
    build(cold)
    assert tree(config.output_path) == tree(cold.output_path)


def freezes_recorded(monkeypatch: pytest.MonkeyPatch) -> list[None]:
    """Each `gc.freeze` of the build, which still freezes (the build must unfreeze it)."""
    frozen: list[None] = []
    freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (frozen.append(None), freeze()))
    return frozen


@pytest.mark.parametrize("process_ends", [False, True])
def test_only_a_build_that_ends_its_process_freezes_what_it_keeps(
    site: SiteConfig, monkeypatch: pytest.MonkeyPatch, process_ends: bool
) -> None:
    """Frozen objects are passed by until a full collection: a serve session that froze each
    build's would keep their garbage. A re-planned build freezes twice: the stored plan once
    read (else the next collection walks its million objects), the pages once planned."""
    frozen = freezes_recorded(monkeypatch)
    with (site.content_path / "00001.md").open("a", encoding="utf-8") as article:
        article.write("\nOne more line.\n")
    build_site(site, BuildOptions(now=NOW, process_ends=process_ends))
    assert len(frozen) == (2 if process_ends else 0)
    assert gc.get_freeze_count() == 0


def test_the_command_line_build_ends_its_process(
    site: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = freezes_recorded(monkeypatch)
    with (site.content_path / "00001.md").open("a", encoding="utf-8") as article:
        article.write("\nOne more line.\n")
    assert "built" in cli_build(site)
    assert len(frozen) == 2


def test_a_changed_page_in_a_live_folder_is_staged_without_a_folder_of_its_own(
    site: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template edit changes every article page: each goes beside the others in the staging
    folder, not into a copy of its folder made and removed again (16,000 folders at 10,000
    articles). A new article's folder is still staged whole, to be moved in with one rename."""
    made: list[str] = []
    real = staging_folder.StagingFolder._make
    monkeypatch.setattr(
        staging_folder.StagingFolder,
        "_make",
        lambda folder, name: (made.append(name), real(folder, name)),
    )
    (site.root / "templates").mkdir()
    theme = Path(newsgen_theme("templates")) / "article.html"
    edited = theme.read_text(encoding="utf-8").replace("</article>", "</article><!-- new -->")
    (site.root / "templates/article.html").write_text(edited, encoding="utf-8")
    assert build(site).files_written == 8
    assert made == []
    (site.content_path / "new.md").write_text(
        article_text("Brand new", datetime(2025, 3, 4, 9, tzinfo=UTC), ["Topic 0"]),
        encoding="utf-8",
    )
    build(site)
    assert made == ["2025/03/04/brand-new"]
    cold = generated_site(site.root.parent / "cold", 8)
    (cold.root / "templates").mkdir()
    (cold.root / "templates/article.html").write_text(edited, encoding="utf-8")
    (cold.content_path / "new.md").write_text(
        article_text("Brand new", datetime(2025, 3, 4, 9, tzinfo=UTC), ["Topic 0"]),
        encoding="utf-8",
    )
    build(cold)
    assert tree(site.output_path) == tree(cold.output_path)
