"""Preview first: an edited article's page is rendered from the last build's plan, exactly as
the full build then publishes it; edits a preview cannot show are left to the build."""

from __future__ import annotations

import shutil
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest

import newsgen
from newsgen.builder import BuildOptions, BuildSummary, build_site
from newsgen.cache import stamp
from newsgen.config.site import SiteConfig, load_config
from newsgen.plan import urls
from newsgen.render.preview import LastPlan, preview_pages, template_preview
from newsgen.serve.files import OpenFile, ServedSite, resolve
from newsgen.serve.livereload import LiveReload, inject_reload_script
from newsgen.serve.session import DevSession, real_build
from sitegen import NOW
from test_server import EventStream, Recorder, fetch

HERE = Path(__file__).parent
THEME = Path(newsgen.__file__).parent / "theme" / "templates"
FOOTER = ("</main>", "</main>\n<p>A footer line the template edit adds.</p>")
BUDGET = "/2024/01/15/city-council-passes-the-2024-budget/"
GOLDEN = HERE / "golden" / "site"
DEMO = HERE.parent
OPTIONS = BuildOptions(now=NOW)


def copied(source: Path, target: Path) -> SiteConfig:
    target.mkdir(parents=True)
    shutil.copy(source / "newsgen.yaml", target)
    for folder in ("content", "seeds", "templates", "static"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    return load_config(target)


def built(config: SiteConfig) -> BuildSummary:
    summary = build_site(config, OPTIONS)
    assert summary.views is not None
    return summary


def replace_in(config: SiteConfig, path: str, old: str, new: str) -> None:
    file = config.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_preview_is_the_build(config: SiteConfig, path: str) -> None:
    """The preview of `path`, and the page the full build then publishes, byte for byte."""
    plan = LastPlan.of(built(config).views)  # type: ignore[arg-type]
    pages = preview_pages(plan, [path])
    assert pages is not None and len(pages) == 1
    build_site(config, OPTIONS)
    for url, html in pages.items():
        published = config.output_path / url.strip("/") / "index.html"
        assert html == published.read_bytes()


def edit_template(config: SiteConfig, name: str, old: str, new: str) -> None:
    """Give the site its copy of the theme's template `name`, with `old` made `new`."""
    text = (THEME / name).read_text(encoding="utf-8")
    assert old in text
    (config.root / "templates").mkdir(exist_ok=True)
    (config.root / "templates" / name).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def golden(tmp_path: Path) -> SiteConfig:
    return copied(GOLDEN, tmp_path / "golden")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The council", "The city council"),  # body
        ("\n\n", "\n\nA new paragraph, before the table.\n\n"),
        ("author: Olena Koval\n", "author: Olena Koval\nsummary: Thirty-one votes.\n"),
    ],
)
def test_a_preview_is_the_page_the_build_publishes(golden: SiteConfig, old: str, new: str) -> None:
    built(golden)
    replace_in(golden, "content/budget.md", old, new)
    assert_preview_is_the_build(golden, "content/budget.md")


def test_a_new_headline_of_a_pinned_article_is_previewed(golden: SiteConfig) -> None:
    pin = "slug: city-council-passes-the-2024-budget\ntitle:"
    replace_in(golden, "content/budget.md", "title:", pin)
    built(golden)
    replace_in(golden, "content/budget.md", "passes the 2024 budget", "passes the budget")
    assert_preview_is_the_build(golden, "content/budget.md")


def test_a_preview_of_a_photo_article_is_the_page_the_build_publishes(tmp_path: Path) -> None:
    demo = copied(DEMO, tmp_path / "demo")
    path = "content/2025/12/how-to-import-raw-articles/index.md"
    built(demo)
    replace_in(demo, path, "\n---\n", "\n---\nA first paragraph: every link and image moves.\n\n")
    assert_preview_is_the_build(demo, path)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("date: 2024-01-15", "date: 2024-01-16"),
        ("topics: [City, Budget]", "topics: [City, Budget, Harbour]"),
        ("title: City council passes the 2024 budget", "title: A new headline, a new URL"),
        ("title: City council passes the 2024 budget", "title: [unclosed"),
        ("\n---\n", "\ndraft: true\n---\n"),
    ],
)
def test_an_edit_other_pages_depend_on_is_left_to_the_build(
    golden: SiteConfig, old: str, new: str
) -> None:
    plan = LastPlan.of(built(golden).views)  # type: ignore[arg-type]
    replace_in(golden, "content/budget.md", old, new)
    assert preview_pages(plan, ["content/budget.md"]) is None


def test_a_new_removed_or_unpublished_file_is_left_to_the_build(golden: SiteConfig) -> None:
    plan = LastPlan.of(built(golden).views)  # type: ignore[arg-type]
    shutil.copy(golden.content_path / "tram.md", golden.content_path / "new.md")
    assert preview_pages(plan, ["content/new.md"]) is None
    assert preview_pages(plan, ["content/draft.md"]) is None
    (golden.content_path / "tram.md").unlink()
    assert preview_pages(plan, ["content/tram.md"]) is None
    assert preview_pages(plan, ["content/budget.md", "content/tram.md"]) is None


def test_a_link_to_somewhere_else_is_left_to_the_build(tmp_path: Path) -> None:
    demo = copied(DEMO, tmp_path / "demo")
    path = "content/2025/12/how-to-import-raw-articles/index.md"
    text = (demo.root / path).read_text(encoding="utf-8")
    plan = LastPlan.of(built(demo).views)  # type: ignore[arg-type]
    link = text.index("](") + 2
    (demo.root / path).write_text(text[:link] + "/elsewhere" + text[link:], encoding="utf-8")
    assert preview_pages(plan, [path]) is None


def test_the_server_shows_a_preview_in_place_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_bytes(b"on disk")
    (tmp_path / "b.html").write_bytes(b"other")
    site = ServedSite(tmp_path, "/news/", {"a/index.html": b"preview"})
    for path in ("/news/a/", "/news/a/index.html"):
        file = resolve(site, path).file
        assert isinstance(file, OpenFile) and isinstance(file.stream, BytesIO)
        assert (file.stream.read(), file.name) == (b"preview", "index.html")
    other = resolve(site, "/news/b.html").file
    assert other is not None and other.stream.read() == b"other"
    assert resolve(site, "/news/a").redirect == "/news/a/"
    assert site.href("a/index.html") == "/news/a/"


def test_live_reload_tells_which_pages_a_preview_and_its_build_change() -> None:
    live = LiveReload()
    stream = live.subscribe()
    assert stream is not None
    stream.events.get()  # hello
    live.previewed(["/a/", "/a/index.html"])
    event = stream.events.get()
    assert event is not None and event.name == "reload" and '"only": ["/a/"' in event.data
    live.succeeded(["/a/"])
    event = stream.events.get()
    assert event is not None and '"same": ["/a/"]' in event.data
    live.failed((), reload=True)
    event = stream.events.get()
    assert event is not None and '"reload": true' in event.data
    again = live.subscribe()
    assert again is not None
    again.events.get()  # hello
    remembered = again.events.get()
    assert remembered is not None and "reload" not in remembered.data  # no reload loop


def test_live_reload_knows_the_pages_open_as_their_scripts_tell() -> None:
    live = LiveReload()
    first, second = live.subscribe(page="/b/"), live.subscribe(page="/a/")
    assert first is not None and second is not None
    live.subscribe()  # a page that does not say
    live.subscribe(page="/a/")  # the same page in another tab
    assert live.open_pages() == ["/a/", "/b/"]
    live.unsubscribe(first)
    live.unsubscribe(second)
    assert live.open_pages() == ["/a/"]
    assert 'EventSource("/__newsgen__/events?page=" + encodeURIComponent(location.pathname))' in (
        inject_reload_script(b"", live.build).decode()
    )


def _next_reload(stream: EventStream) -> dict[str, object]:
    while True:
        name, data = stream.next()
        if name == "reload":
            return data


def test_serve_shows_the_preview_then_the_build_without_a_second_reload(
    golden: SiteConfig,
) -> None:
    options = BuildOptions(now=datetime.now().astimezone())
    with DevSession(golden, real_build(options), ("127.0.0.1", 0), Recorder()) as session:
        stream = EventStream(session.server)
        try:
            stream.next()  # hello
            replace_in(golden, "content/budget.md", "The council", "The town council")
            preview = _next_reload(stream)
            page = "/news/2024/01/15/city-council-passes-the-2024-budget/"
            assert preview["only"] == [page, page + "index.html"]
            assert b"The town council" in fetch(session.server, page).body
            build = _next_reload(stream)
            assert build["same"] == [page, page + "index.html"]
            assert session.server.site.overlay == {}
        finally:
            stream.close()
    published = golden.output_path / page.removeprefix("/news/") / "index.html"
    assert b"The town council" in published.read_bytes()


def test_serve_previews_the_first_edit_of_a_site_already_built(
    golden: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 0)  # the files just written count as settled
    options = BuildOptions(now=datetime.now().astimezone())
    build_site(golden, options)
    build = real_build(options, previewed=True)
    with DevSession(golden, build, ("127.0.0.1", 0), Recorder()) as session:
        stream = EventStream(session.server)
        try:
            assert stream.next()[0] == "hello"
            replace_in(golden, "content/tram.md", "\n---\n", "\n---\nA first line.\n\n")
            assert "only" in _next_reload(stream)
        finally:
            stream.close()


@pytest.mark.parametrize("search", [False, True])
def test_a_template_preview_is_the_page_the_build_publishes_for_every_template(
    golden: SiteConfig, search: bool
) -> None:
    if search:
        replace_in(golden, "newsgen.yaml", "search: false", "search: true")
        golden = load_config(golden.root)
    plan = LastPlan.of(built(golden).views)  # type: ignore[arg-type]
    one_of_each = {page.template: url for url, page in plan.pages.items()}
    assert {"article.html", "home.html", "day.html", "topic.html", "404.html"} <= one_of_each.keys()
    assert preview_pages(plan, ["content/budget.md"])  # an article preview loads the templates
    edit_template(golden, "base.html", *FOOTER)
    pages = template_preview(plan, [*one_of_each.values(), "/no/such/page/"])
    assert sorted(pages) == sorted(one_of_each.values())
    build_site(golden, OPTIONS)
    for url, html in pages.items():
        assert FOOTER[1].encode() in html, url
        assert html == (golden.output_path / urls.output_file(url)).read_bytes(), url
    assert (b"search-form" in pages[one_of_each["article.html"]]) is search


def test_a_page_whose_template_fails_is_left_to_the_build(golden: SiteConfig) -> None:
    plan = LastPlan.of(built(golden).views)  # type: ignore[arg-type]
    topic = next(url for url, page in plan.pages.items() if page.template == "topic.html")
    edit_template(golden, "topic.html", "{% block main %}", "{% block main %}{{ no_such.name }}")
    assert sorted(template_preview(plan, [topic, BUDGET])) == [BUDGET]
    edit_template(golden, "base.html", "</main>", "</main>{% if %}")
    assert template_preview(plan, [topic, BUDGET]) == {}


def test_serve_previews_a_template_edit_on_the_pages_open(golden: SiteConfig) -> None:
    options = BuildOptions(now=datetime.now().astimezone())
    page = "/news" + BUDGET
    with DevSession(golden, real_build(options), ("127.0.0.1", 0), Recorder()) as session:
        stream = EventStream(session.server, page)
        untold = EventStream(session.server)  # a page that does not say where it is
        try:
            stream.next()  # hello: it is listening
            untold.next()
            assert session.server.live.open_pages() == [page]
            edit_template(golden, "base.html", *FOOTER)
            preview = _next_reload(stream)
            assert preview["only"] == [page, page + "index.html"]
            assert FOOTER[1].encode() in fetch(session.server, page).body
            assert _next_reload(untold) == preview  # the same news: it reloads only at `only`
            build = _next_reload(stream)
            assert build["same"] == [page, page + "index.html"]
            assert session.server.site.overlay == {}
        finally:
            stream.close()
            untold.close()
