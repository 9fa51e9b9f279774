"""Re-planning from the stored plan: an edit of published articles that keeps the plan reads
only the edited files and checks only the pages made from them, and the output is still a cold
build's, byte for byte; any other change reads the whole archive again."""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import time
from collections.abc import Callable, Collection, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsgen.builder import BuildOptions, build_site
from newsgen.cache.stamp import site_inputs
from newsgen.config.site import SiteConfig, load_config
from newsgen.plan.stored import EDITS_FILE, PLAN_FILE, read_plan
from newsgen.publish import presence
from newsgen.publish.presence import PresenceCheck
from newsgen.render import pages as render_pages
from newsgen.render.assets import theme_folder
from newsgen.runtime import workers
from newsgen.runtime.cancel import CancelFlag
from sitegen import NOW, article_text, build, generated_site, leftovers, search_records, tree
from test_incremental import assert_same_as_cold, cold_copy, replace, write

HERE = Path(__file__).parent
DEMO = HERE.parent
Edit = Callable[[Path], None]

KEEPING: dict[str, Edit] = {
    "retitle": lambda r: replace(r, "content/00030.md", "title: Article 30", "title: Thirty"),
    "edit body": lambda r: replace(r, "content/00031.md", "Body text.", "Body text, fixed."),
    "new summary": lambda r: replace(
        r, "content/00032.md", "topics:", "summary: A summary of its own.\ntopics:"
    ),
    "same article again": lambda r: replace(r, "content/00030.md", "Thirty", "Thirty again"),
    "an update date": lambda r: replace(
        r, "content/00033.md", "topics:", "updated: 2025-01-01\ntopics:"
    ),
    "the newest article": lambda r: replace(r, "content/00039.md", "Article 39", "Latest"),
}
"""Edits that keep the plan: only the article's title, summary, body or update date change."""

MOVING: dict[str, Edit] = {
    "redate": lambda r: replace(r, "content/00010.md", "2024-01-11", "2024-03-11"),
    "topics": lambda r: replace(r, "content/00011.md", "topics: [Topic ", "topics: [Other, Topic "),
    "byline": lambda r: replace(r, "content/00012.md", "topics:", "author: Olena Koval\ntopics:"),
    "correction": lambda r: replace(
        r,
        "content/00013.md",
        "topics:",
        "corrections:\n- {date: 2024-03-01, text: Fixed.}\ntopics:",
    ),
    "draft": lambda r: replace(r, "content/00014.md", "topics:", "draft: true\ntopics:"),
    "slug": lambda r: replace(r, "content/00015.md", "slug: article-15", "slug: another-slug"),
    "new file": lambda r: write(
        r, "content/new.md", article_text("New", datetime(2024, 1, 3, 12), ["Topic 1"])
    ),
    "deleted file": lambda r: (r / "content/00016.md").unlink(),
    "template": lambda r: write(r, "templates/404.html", "{% extends 'base.html' %}"),
    "config": lambda r: replace(r, "newsgen.yaml", "title: Test Times", "title: Test Daily"),
    "a link to no page": lambda r: replace(r, "content/00017.md", "Body", "[Body](/nowhere/)"),
}
"""Edits that change what other pages are planned from: the whole archive is read again."""


def inputs(root: Path) -> dict[Path, tuple[int, int]]:
    """Every input file of the site with its size and mtime."""
    found = {}
    for path in root.rglob("*"):
        if path.is_file() and not {".newsgen", "build"} & set(path.relative_to(root).parts):
            status = path.stat()
            found[path] = (status.st_size, status.st_mtime_ns)
    return found


def aged(root: Path, seconds: float = 60, only: Collection[Path] | None = None) -> None:
    """Input files last changed a while ago: their status then vouches for their bytes."""
    when = time.time() - seconds
    for path in inputs(root) if only is None else only:
        os.utime(path, (when, when))


def edited(root: Path, edit: Edit) -> SiteConfig:
    """Make the edit, then age the files it changed (to a time of their own: still seen)."""
    before = inputs(root)
    edit(root)
    after = inputs(root)
    aged(root, 30, [path for path, status in after.items() if before.get(path) != status])
    return load_config(root)


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    """40 articles with their slugs pinned (so that a new headline keeps the URL)."""
    config = generated_site(tmp_path / "site", 40, "per_page: 10\n", topics=5)
    for number in range(40):
        replace(
            config.root, f"content/{number:05d}.md", "topics:", f"slug: article-{number}\ntopics:"
        )
    aged(config.root)
    assert not build(config).replanned
    return config


def test_edits_that_keep_the_plan_read_only_the_edited_file(
    site: SiteConfig, tmp_path: Path
) -> None:
    pages = build(site, clean=True).pages
    for label, edit in KEEPING.items():
        config = edited(site.root, edit)
        summary = build(config)
        assert summary.reread == 1, label
        assert summary.pages == pages, label
        assert 0 < summary.pages_rendered < pages / 4, (label, summary.pages_rendered)
        assert_same_as_cold(config, tmp_path, label)
    assert (site.root / EDITS_FILE).is_file()
    assert leftovers(site.root) == []


@pytest.mark.parametrize("label", list(MOVING))
def test_edits_that_move_an_article_read_everything(
    site: SiteConfig, tmp_path: Path, label: str
) -> None:
    config = edited(site.root, MOVING[label])
    assert not build(config).replanned, label
    assert_same_as_cold(config, tmp_path, label)


def test_an_article_the_last_build_warned_about_is_read_with_everything(
    site: SiteConfig, tmp_path: Path
) -> None:
    config = edited(site.root, MOVING["a link to no page"])
    assert any("/nowhere/" in d.message for d in build(config).diagnostics)
    config = edited(site.root, lambda r: replace(r, "content/00017.md", "Body]", "Text]"))
    summary = build(config)
    assert not summary.replanned
    assert any("/nowhere/" in d.message for d in summary.diagnostics)
    assert_same_as_cold(config, tmp_path, "warned")


def test_a_retitled_article_is_retitled_on_every_page_that_lists_it(site: SiteConfig) -> None:
    before = tree(site.output_path)
    config = edited(site.root, KEEPING["retitle"])
    assert build(config).reread == 1
    after = tree(config.output_path)
    changed = {name for name in after if after[name] != before.get(name)}
    showing = {name for name, data in after.items() if b"Thirty" in data}
    assert showing <= changed
    assert {"index.html", "2024/01/31/article-30/index.html"} <= showing
    for kind in ("topics/topic-0/", "2024/01/", "2024/01/30/article-29/", "2024/02/01/"):
        assert any(name.startswith(kind) for name in showing), kind


def test_files_changed_too_recently_to_vouch_for_are_read_again(site: SiteConfig) -> None:
    replace(site.root, "content/00030.md", "Body text.", "Body text, fresh.")
    assert build(site).reread == 1  # changed just now: its status vouches for nothing
    replace(site.root, "content/00030.md", "fresh", "fresher")  # same size, maybe same mtime
    summary = build(site)
    assert summary.reread == 1 and summary.pages_rendered >= 1
    assert b"fresher" in (site.output_path / "2024/01/31/article-30/index.html").read_bytes()


def test_an_article_becoming_due_reads_everything(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 5)
    future = article_text("Tomorrow", NOW + timedelta(days=1), ["Topic 1"])
    write(config.root, "content/future.md", future)
    aged(config.root)
    build(config)
    config = edited(config.root, lambda r: replace(r, "content/00001.md", "Body", "Text"))
    later = build_site(config, BuildOptions(now=NOW + timedelta(days=2)))
    assert not later.replanned
    assert (config.output_path / "2030/01/02/tomorrow/index.html").is_file()


@pytest.mark.parametrize(
    ("damage", "replanned"),
    [
        (lambda root: (root / PLAN_FILE).write_bytes(b"not a pickle"), 0),
        (lambda root: (root / PLAN_FILE).write_bytes((root / PLAN_FILE).read_bytes()[:999]), 0),
        (lambda root: (root / PLAN_FILE).unlink(), 0),
        (lambda root: (root / EDITS_FILE).write_bytes(b"\x80\x05K\x01."), 1),
    ],
)
def test_a_damaged_or_missing_plan_reads_everything(
    site: SiteConfig, tmp_path: Path, damage: Edit, replanned: int
) -> None:
    """A damaged edits file alone is ignored: the edits are read again as files changed since
    the plan was written."""
    build(edited(site.root, KEEPING["retitle"]))  # leaves plan-edits.pickle too
    damage(site.root)
    config = edited(site.root, KEEPING["edit body"])
    assert build(config).reread == (2 if replanned else 0)
    assert_same_as_cold(config, tmp_path, "damaged plan")


def test_edits_of_an_older_plan_are_not_applied_to_a_newer_one(
    site: SiteConfig, tmp_path: Path
) -> None:
    build(edited(site.root, KEEPING["retitle"]))
    stale = (site.root / EDITS_FILE).read_bytes()
    build(edited(site.root, MOVING["redate"]))  # a whole build: a new plan, no edits file
    assert not (site.root / EDITS_FILE).exists()
    (site.root / EDITS_FILE).write_bytes(stale)
    config = edited(site.root, KEEPING["edit body"])
    assert build(config).reread == 1
    assert_same_as_cold(config, tmp_path, "stale edits")


def test_the_edits_file_keeps_only_the_statuses_that_changed(site: SiteConfig) -> None:
    for edit in ("retitle", "edit body", "same article again"):
        assert build(edited(site.root, KEEPING[edit])).reread == 1
    edits = pickle.loads((site.root / EDITS_FILE).read_bytes())
    assert sorted(edits.files) == [str(site.content_path / f"0003{n}.md") for n in (0, 1)]
    plan = read_plan(site.root)
    options = BuildOptions(now=NOW)
    assert plan is not None and dict(plan.files) == site_inputs(site, options.flags).files


def test_a_page_deleted_by_hand_comes_back_on_a_replanned_build(site: SiteConfig) -> None:
    home = site.output_path / "index.html"
    home.unlink()
    config = edited(site.root, KEEPING["edit body"])
    assert build(config).reread == 1
    assert home.is_file()


def test_pages_deleted_by_hand_come_back_when_another_process_checks_them(
    site: SiteConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(presence, "MIN_CHECKED", 0)
    monkeypatch.setattr(workers, "worker_count", lambda: 2)
    answers: list[frozenset[str]] = []
    present = PresenceCheck.present
    monkeypatch.setattr(
        PresenceCheck, "present", lambda c: answers.append(present(c)) or answers[-1]
    )
    statted: list[str] = []  # by the build itself, once the other process answered
    isfile = os.path.isfile
    monkeypatch.setattr(
        presence,
        "os",
        SimpleNamespace(
            fspath=os.fspath, path=SimpleNamespace(isfile=lambda p: statted.append(p) or isfile(p))
        ),
    )
    article = next(site.output_path.rglob("article-5/index.html"))
    gone = [site.output_path / "index.html", article]
    for page in gone:
        page.unlink()
    config = edited(site.root, KEEPING["edit body"])
    assert build(config).reread == 1
    assert all(page.is_file() for page in gone)
    names = {page.relative_to(site.output_path).as_posix() for page in gone}
    assert len(answers[0]) > 100  # the other process answered (a failed one vouches for none)
    assert not names & answers[0]
    assert set(statted) == {str(article)}  # the answer spared every other stat (home is re-made)
    assert_same_as_cold(config, tmp_path, "pages deleted by hand")


def test_a_failed_build_leaves_no_plan_to_replan_from(site: SiteConfig) -> None:
    write(site.root, "content/broken.md", "no front matter\n")
    with pytest.raises(Exception, match="front matter"):
        build(site)
    assert not (site.root / PLAN_FILE).exists()
    (site.root / "content/broken.md").unlink()
    assert not build(site).replanned


def test_a_failed_replanned_build_keeps_the_plan_it_started_from(
    site: SiteConfig, tmp_path: Path
) -> None:
    trap = "{% extends 'base.html' %}{% block main %}{% if 'Boom' in page.title %}{{ nope() }}{% endif %}{% endblock %}"
    write(site.root, "templates/article.html", trap)
    aged(site.root)
    build(load_config(site.root))
    config = edited(site.root, lambda r: replace(r, "content/00030.md", "Article 30", "Boom"))
    with pytest.raises(Exception, match=r"article\.html"):
        build(config)
    assert (site.root / PLAN_FILE).is_file()
    config = edited(site.root, lambda r: replace(r, "content/00030.md", "Boom", "Calm"))
    assert build(config).reread == 1
    assert_same_as_cold(config, tmp_path, "after a failed build")


def test_a_photo_caption_edit_is_replanned_on_the_demo_site(tmp_path: Path) -> None:
    config = copied_demo(tmp_path / "demo")
    options = BuildOptions(now=NOW, search=False)
    build_site(config, options)
    photo = next(
        path
        for path in sorted(config.content_path.rglob("*.md"))
        if "image_caption:" in path.read_text("utf-8")
    )
    where = photo.relative_to(config.root).as_posix()
    edited(config.root, lambda r: replace(r, where, "image_caption: ", "image_caption: Edited. "))
    assert build_site(config, options).reread == 1
    cold = load_config(cold_copy(config.root, tmp_path / "cold"))
    build_site(cold, options)
    assert tree(config.output_path) == tree(cold.output_path)


def copied_demo(target: Path) -> SiteConfig:
    """The demo site's inputs, aged."""
    target.mkdir()
    shutil.copy(DEMO / "newsgen.yaml", target)
    for folder in ("content", "seeds", "templates", "static"):
        if (DEMO / folder).is_dir():
            shutil.copytree(DEMO / folder, target / folder)
    aged(target)
    return load_config(target)


def test_a_template_edit_checks_only_the_pages_made_of_it(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 40, "per_page: 10\n", topics=5)
    theme = theme_folder("templates")
    for name in ("article.html", "_card.html"):
        write(config.root, f"templates/{name}", (theme / name).read_text(encoding="utf-8"))
    aged(config.root)
    pages = build(config).pages
    config = edited(
        config.root, lambda r: replace(r, "templates/article.html", "</article>", "</article>\n")
    )
    summary = build(config)
    assert summary.replanned and summary.reread == 0
    assert summary.pages_rendered == 40  # the article pages, not the lists
    assert_same_as_cold(config, tmp_path, "article template")
    config = edited(
        config.root, lambda r: replace(r, "templates/_card.html", "min read", "minutes")
    )
    summary = build(config)
    assert summary.replanned and 40 < summary.pages_rendered < pages
    assert_same_as_cold(config, tmp_path, "card template")


def test_a_template_named_by_a_variable_makes_every_template_a_dependency(
    tmp_path: Path,
) -> None:
    config = generated_site(tmp_path / "site", 5)
    write(config.root, "templates/404.html", "{% include page.kind ~ '_note.html' %}")
    write(config.root, "templates/404_note.html", "Not here.")
    write(config.root, "templates/unused.html", "Unused.")
    aged(config.root)
    build(config)
    config = edited(
        config.root, lambda r: replace(r, "templates/unused.html", "Unused", "Still unused")
    )
    assert build(config).pages_rendered == 1  # the 404 page: it may include any template
    config = edited(config.root, lambda r: replace(r, "templates/404_note.html", "Not", "Nothing"))
    assert build(config).pages_rendered == 1
    assert b"Nothing here." in (config.output_path / "404.html").read_bytes()


def indexes_made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many search indexes each build makes again (one entry a build that makes any)."""
    from newsgen.publish import indexing

    made: list[int] = []
    real = indexing.Indexer.finish

    def finish(indexer: indexing.Indexer, cancel: CancelFlag | None) -> None:
        real(indexer, cancel)
        if indexer.made:
            made.append(indexer.made)

    monkeypatch.setattr(indexing.Indexer, "finish", finish)
    return made


def assert_searched_as_cold(config: SiteConfig, tmp_path: Path) -> None:
    """The site, its search index's pages and words the same as a cold build of its inputs."""
    cold = load_config(cold_copy(config.root, tmp_path / "cold"))
    build(cold)
    assert tree(config.output_path, False) == tree(cold.output_path, False)
    assert search_records(config.output_path) == search_records(cold.output_path)
    assert len(search_records(cold.output_path)) > 5


@pytest.mark.parametrize(
    ("made", "indexed", "marked"),
    [
        pytest.param("</article>{# no output #}", [], True, id="a comment"),
        pytest.param("</article><p>Said.</p>", [], True, id="after the indexed element"),
        pytest.param("<p>Said.</p></article>", [1], True, id="inside the indexed element"),
        pytest.param('</article><b data-pagefind-filter="desk:X"></b>', [1], True, id="a filter"),
        pytest.param("</article><h1>Also</h1>", [1], True, id="a heading outside"),
        pytest.param("</article><p>Said.</p>", [1], False, id="a page Pagefind reads whole"),
    ],
)
def test_search_is_indexed_again_only_when_what_pagefind_reads_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: str, indexed: list[int], marked: bool
) -> None:
    """A template edit re-renders every article page; their index is made again only when the
    edit touches what Pagefind reads of them, and is then the one a cold build makes. (Of a
    page with no element marked `data-pagefind-body`, Pagefind reads all the body.)"""
    config = generated_site(tmp_path / "site", 5, "search: true\n")
    theme = (theme_folder("templates") / "article.html").read_text(encoding="utf-8")
    if not marked:
        theme = theme.replace(" data-pagefind-body", "")
    write(config.root, "templates/article.html", theme)
    aged(config.root)
    build(config)
    made_again = indexes_made(monkeypatch)
    config = edited(config.root, lambda r: replace(r, "templates/article.html", "</article>", made))
    assert build(config).pages_rendered == 5
    assert made_again == indexed
    assert_searched_as_cold(config, tmp_path)


@pytest.mark.parametrize(
    ("made", "compared"), [("<p>Said.</p></article><p>A</p>", 2), ("</article><p>B</p>", 8)]
)
def test_pages_are_compared_for_search_until_a_few_all_read_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, made: str, compared: int
) -> None:
    """A template edit in the story changes what Pagefind reads of every article page: once
    `GIVE_UP` pages are found so, none alike, the others are not compared (their index is
    made again anyway). An edit elsewhere has every page compared, and keeps the index."""
    from newsgen.render import rendering

    monkeypatch.setattr(render_pages, "GIVE_UP", 2)
    calls: list[str] = []
    real = rendering.reads_alike
    monkeypatch.setattr(
        rendering,
        "reads_alike",
        lambda html, *live: calls.append(live[0]) or real(html, *live),
    )
    config = generated_site(tmp_path / "site", 8, "search: true\n")
    theme = (theme_folder("templates") / "article.html").read_text(encoding="utf-8")
    write(config.root, "templates/article.html", theme.replace("</article>", "</article><p>A</p>"))
    aged(config.root)
    build(config)
    made_again = indexes_made(monkeypatch)
    config = edited(
        config.root, lambda r: write(r, "templates/article.html", theme.replace("</article>", made))
    )
    assert build(config).pages_rendered == 8
    assert (len(calls), made_again) == (compared, [1] if compared == 2 else [])
    assert_searched_as_cold(config, tmp_path)


def built_with_its_article_template(root: Path, settings: str) -> tuple[SiteConfig, str]:
    """A site of 5 articles with its own copy of the theme's article.html, built; and the
    copy's text."""
    config = generated_site(root, 5, settings)
    theme = (theme_folder("templates") / "article.html").read_text(encoding="utf-8")
    write(config.root, "templates/article.html", theme)
    aged(config.root)
    build(config)
    return config, theme


def test_a_template_edit_makes_no_context_of_a_settled_page_to_fingerprint_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose articles were not edited has the context the last build made it from:
    when only its template changed, its fingerprint takes the data key kept then, and the
    renderer alone makes its context."""
    config = generated_site(tmp_path / "site", 30, topics=10)
    theme = (theme_folder("templates") / "article.html").read_text(encoding="utf-8")
    write(config.root, "templates/article.html", theme)
    aged(config.root)
    build(config)
    made: list[str] = []
    real = render_pages._data
    monkeypatch.setattr(
        render_pages, "_data", lambda *args: made.append(args[1].url) or real(*args)
    )

    def both(root: Path) -> None:
        write(root, "templates/article.html", theme.replace("</article>", "<p>Said.</p></article>"))
        replace(root, "content/00012.md", "Body text.", "Body text, fixed.")

    config = edited(config.root, both)
    summary = build(config)
    assert summary.reread == 1 and summary.pages_rendered >= 30
    made_articles = [url for url in made if url.count("/") == 5]  # /2024/01/13/article-12/
    assert "/2024/01/13/article-12/" in made_articles
    assert len(made_articles) < 30 / 3
    assert_same_as_cold(config, tmp_path, "template and article edited")
    kept = page_keys(config.root)  # what the next build compares its pages with
    build(config, clean=True)
    assert page_keys(config.root) == kept


def page_keys(root: Path) -> list[tuple[str, str, str]]:
    """Each published page's fingerprint and data key, as the site's cache keeps them."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(root / ".newsgen/cache.sqlite")) as cache:
        return cache.execute("SELECT url, fingerprint, data FROM pages ORDER BY url").fetchall()


@contextlib.contextmanager
def killed_once_published(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Builds that stop (kill -9) once their files are published: the cache, the stored plan
    and the stamp never learn of them, and the commit is never made final."""
    from newsgen import builder
    from newsgen.publish import bookkeeping, journal

    with monkeypatch.context() as killed:
        killed.setattr(bookkeeping, "note_published", lambda *args: None)
        killed.setattr(journal.Journal, "finish", lambda self: None)
        killed.setattr(builder, "_keep_plan", lambda *args: None)
        killed.setattr(builder, "write_stamp", lambda *args: None)
        yield


def test_a_build_killed_before_its_cache_knew_what_it_published_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next build undoes the killed build's commit, so that the site is the one the cache
    knows: with its edit undone, no page the killed build published is kept by keys made for
    the page before it."""
    config, theme = built_with_its_article_template(tmp_path / "site", "")
    before = tree(config.output_path, False)
    said = theme.replace("</article>", "<p>Said.</p></article>")
    with killed_once_published(monkeypatch):
        build(edited(config.root, lambda r: write(r, "templates/article.html", said)))
    assert tree(config.output_path, False) != before
    config = edited(config.root, lambda r: write(r, "templates/article.html", theme))
    build(config)
    assert tree(config.output_path, False) == before
    assert leftovers(config.root) == []
    assert_same_as_cold(config, tmp_path, "the killed build's edit undone")


def test_a_build_killed_before_its_cache_knew_what_it_published_leaves_no_stale_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed (kill -9) once it has published, before its cache recorded it, is undone
    by the next. Its template edit made again, then undone, must still end with the index a
    cold build makes: a kept index is judged against the published pages themselves."""
    config, theme = built_with_its_article_template(tmp_path / "site", "search: true\n")
    said = theme.replace("</article>", "<p>Said.</p></article>")
    with killed_once_published(monkeypatch):
        build(edited(config.root, lambda r: write(r, "templates/article.html", said)))
    build(load_config(config.root))
    config = edited(config.root, lambda r: write(r, "templates/article.html", theme))
    build(config)
    assert_searched_as_cold(config, tmp_path)


def keys_made(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The pages each search key is made of, from now on."""
    from newsgen.render import search_keys

    made: list[bytes] = []
    real = search_keys.search_key
    monkeypatch.setattr(search_keys, "search_key", lambda html: made.append(html) or real(html))
    return made


def test_a_second_template_edit_parses_only_the_pages_it_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first template edit outside the story parses each article page and its published
    file; the cache keeps the new page's search key, so the next edit parses only its own.
    Pages an article's edit leaves as they are keep their keys; the edited one has none (its
    page and published file are parsed: 5 + 1)."""
    config = generated_site(tmp_path / "site", 5, "search: true\n")
    theme = (theme_folder("templates") / "article.html").read_text(encoding="utf-8")
    write(config.root, "templates/article.html", theme)
    replace(config.root, "content/00002.md", "topics:", "summary: Its own.\ntopics:")
    aged(config.root)
    build(config)
    made_again, parsed = indexes_made(monkeypatch), keys_made(monkeypatch)
    for number, expected in ((1, 10), (2, 6), (3, 6)):
        footer = theme.replace("</article>", f"</article><p>Edit {number}.</p>")
        config = edited(config.root, lambda r, f=footer: write(r, "templates/article.html", f))
        assert build(config).pages_rendered == 5
        assert (len(parsed), made_again) == (expected, [])
        parsed.clear()
        body = f"Body text, edit {number}."
        config = edited(config.root, lambda r, b=body: replace(r, "content/00002.md", "Body", b))
        assert build(config).pages_rendered == 1
        assert (parsed, made_again) == ([], [1])
        made_again.clear()
    assert_searched_as_cold(config, tmp_path)


def test_a_kept_search_key_is_used_only_for_the_bytes_it_was_made_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A published page that is not what the cache knows (changed behind newsgen's back) is
    read again: the published pages judge whether their index may stay, never the cache."""
    config, theme = built_with_its_article_template(tmp_path / "site", "search: true\n")
    footer = theme.replace("</article>", "</article><p>Footer.</p>")
    build(edited(config.root, lambda r: write(r, "templates/article.html", footer)))
    page = next(config.output_path.glob("2024/*/*/*/index.html"))
    page.write_bytes(page.read_bytes().replace(b"Body text.", b"Text changed by hand."))
    made_again = indexes_made(monkeypatch)
    other = theme.replace("</article>", "</article><p>Another footer.</p>")
    config = edited(config.root, lambda r: write(r, "templates/article.html", other))
    assert build(config).pages_rendered == 5
    assert made_again == [1]
    assert_searched_as_cold(config, tmp_path)


def test_a_retitled_article_is_retitled_on_its_old_addresses_too(
    site: SiteConfig, tmp_path: Path
) -> None:
    replace(site.root, "content/00030.md", "topics:", "aliases: [/old/thirty/]\ntopics:")
    aged(site.root)
    build(load_config(site.root))
    config = edited(site.root, KEEPING["retitle"])
    assert build(config).reread == 1
    assert b"Thirty" in (config.output_path / "old/thirty/index.html").read_bytes()
    assert_same_as_cold(config, tmp_path, "retitled with an alias")


def test_edits_written_by_another_version_are_not_applied(site: SiteConfig, tmp_path: Path) -> None:
    import pickle

    build(edited(site.root, KEEPING["retitle"]))
    path = site.root / EDITS_FILE
    edits = pickle.loads(path.read_bytes())
    del edits.__dict__["files"]  # as a version whose edits had other fields would leave them
    path.write_bytes(pickle.dumps(edits))
    config = edited(site.root, KEEPING["edit body"])
    assert build(config).reread == 2  # the retitled article is read again, from its file
    assert_same_as_cold(config, tmp_path, "edits of another version")


def test_the_stored_plan_leaves_the_parsed_language_out(tmp_path: Path) -> None:
    """Babel's data for the language (185 kB at 10,000 articles, 5 ms to read back) is parsed
    again when a label is wanted, not stored."""
    config = generated_site(tmp_path, 3, "language: fr\n")
    build(config, search=False)
    plan = read_plan(config.root)
    assert plan is not None
    assert "babel_locale" not in vars(plan.views)
    assert plan.views.month_label(2024, 1) == "janvier 2024"


@pytest.mark.parametrize("pooled", [False, True])
def test_a_first_build_makes_each_context_once_and_notes_what_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pooled: bool
) -> None:
    """With no earlier build to keep pages from, each page is fingerprinted by its renderer,
    from the context it makes to render it (not made once more before, to be compared): the
    articles each page was made from are those a build fingerprinting beforehand notes."""
    from newsgen.render import rendering

    if pooled:
        monkeypatch.setattr(rendering, "POOL_MIN_PAGES", 1)
        assert workers.can_fork(), "the test needs a pool of worker processes"
    config = generated_site(tmp_path / "site", 30, topics=4)
    made_before: list[str] = []
    real = render_pages._data
    monkeypatch.setattr(
        render_pages, "_data", lambda *args: made_before.append(args[1].url) or real(*args)
    )
    first = build(config)
    assert made_before == [] and first.pages_rendered == first.pages
    plan = read_plan(config.root)
    assert plan is not None
    replace(config.root, "newsgen.yaml", "title: Test Times", "title: Test Daily")
    config = load_config(config.root)
    again = build(config)  # every page compared with the last build's keys first
    assert not again.replanned and len(made_before) == again.pages
    compared = read_plan(config.root)
    assert compared is not None
    assert {uid: list(numbers) for uid, numbers in plan.depends.items()} == {
        uid: list(numbers) for uid, numbers in compared.depends.items()
    }
    assert_same_as_cold(config, tmp_path, "a first build")


def test_a_build_without_search_reads_no_key_only_search_needs(tmp_path: Path) -> None:
    from newsgen.cache.store import BuildCache, PageKeys

    keys = PageKeys({"/a/": "fingerprint"})
    keys.data["/a/"], keys.contents["/a/"], keys.read["/a/"] = "data", "contents", "read"
    with contextlib.closing(BuildCache(tmp_path / "cache.sqlite")) as cache:
        cache.update_published(keys, PageKeys())
        cache.commit()
        searched, unsearched = cache.published(), cache.published(searched=False)
    assert (searched.fingerprints, searched.data) == (unsearched.fingerprints, unsearched.data)
    assert (searched.contents, searched.read) == ({"/a/": "contents"}, {"/a/": "read"})
    assert (unsearched.contents, unsearched.read) == ({}, {})


def test_a_build_without_search_keeps_the_keys_it_did_not_read(tmp_path: Path) -> None:
    """A build without search reads no key only search needs of the pages it keeps, and so
    writes none of them: the cache still knows the bytes of every published article page."""
    import sqlite3

    from newsgen.cache.store import digest

    config = generated_site(tmp_path / "site", 30, topics=10)
    aged(config.root)
    build(config, search=False)
    config = edited(config.root, lambda r: replace(r, "content/00012.md", "Body", "New body"))
    assert build(config, search=False).reread == 1
    with contextlib.closing(sqlite3.connect(config.root / ".newsgen/cache.sqlite")) as cache:
        rows = cache.execute("SELECT url, content FROM pages WHERE content != ''").fetchall()
    assert len(rows) == 30
    for url, content in rows:
        published = config.output_path / url.strip("/") / "index.html"
        assert content == digest(published.read_bytes()), url
