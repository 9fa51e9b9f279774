"""The Jinja environment: site templates override the theme, dates in the site language,
hashed asset URLs, strict autoescaping, and template errors as file:line diagnostics."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jinja2
import pytest

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import Diagnostic, Level, NewsgenError
from newsgen.render.assets import collect_assets, theme_folder
from newsgen.render.templates import make_environment, render_page
from seedutil import make_site
from sitegen import article_text, build

WHEN = datetime(2024, 2, 22, 10, 30, 5, 123456, tzinfo=timezone(timedelta(hours=2)))


def site_with(root: Path, templates: dict[str, str], **settings: Any) -> SiteConfig:
    for name, text in templates.items():
        path = root / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return SiteConfig(root=root, **settings)


def render(config: SiteConfig, name: str, context: dict[str, Any] | None = None) -> str:
    environment = make_environment(config, collect_assets(config))
    return render_page(environment, name, context or {}, config)


def problems(config: SiteConfig, name: str, context: dict[str, Any] | None = None) -> list[str]:
    with pytest.raises(NewsgenError) as caught:
        render(config, name, context)
    return [d.format() for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("language", "style", "expected"),
    [
        ("en", "long", "February 22, 2024"),
        ("en", "medium", "Feb 22, 2024"),
        ("en", "short", "2/22/24"),
        ("en", "month", "February 2024"),
        ("en", "year", "2024"),
        ("en-GB", "long", "22 February 2024"),
        ("uk", "long", "22 лютого 2024\u202fр."),
        ("uk", "month", "лютий 2024"),
        ("de", "long", "22. Februar 2024"),
    ],
)
def test_date_filter_speaks_the_site_language(
    tmp_path: Path, language: str, style: str, expected: str
) -> None:
    config = site_with(tmp_path, {"d.html": "{{ when | date(style) }}"}, language=language)
    assert render(config, "d.html", {"when": WHEN, "style": style}) == expected


def test_date_filter_defaults_to_the_long_style_and_takes_plain_dates(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"d.html": "{{ when | date }}|{{ day | date('short') }}"})
    assert render(config, "d.html", {"when": WHEN, "day": date(2023, 1, 5)}) == (
        "February 22, 2024|1/5/23"
    )


def test_isodate_keeps_the_offset_and_drops_microseconds(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"d.html": "{{ when | isodate }} {{ day | isodate }}"})
    assert render(config, "d.html", {"when": WHEN, "day": date(2024, 2, 22)}) == (
        "2024-02-22T10:30:05+02:00 2024-02-22"
    )


def test_site_templates_override_the_theme_by_name(tmp_path: Path) -> None:
    config = site_with(
        tmp_path,
        {"base.html": "<p>own base</p>{% block main %}{% endblock %}", "x.html": "mine"},
    )
    page = {
        "page": {"kind": "404"},
        "site": {"home_url": "/", "archive_url": "/a/", "topics_url": "/t/"},
    }
    html = render(config, "404.html", page)
    assert html.startswith("<p>own base</p>")
    assert "Page not found" in html
    assert render(config, "x.html") == "mine"


def test_output_is_autoescaped_unless_marked_safe(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"e.html": "{{ text }}|{{ text | safe }}|<a title='{{ q }}'>"})
    assert render(config, "e.html", {"text": "<b>&", "q": "'\""}) == (
        "&lt;b&gt;&amp;|<b>&|<a title='&#39;&#34;'>"
    )


def test_asset_gives_the_hashed_url_under_the_base_path(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("body{}", encoding="utf-8")
    config = site_with(
        tmp_path, {"a.html": "{{ asset('style.css') }}"}, base_url="https://x.example/news/"
    )
    assert render(config, "a.html") == "/news/static/style.7c98040a54.css"  # sha256 of body{}


def test_an_unknown_asset_names_the_template_line(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"a.html": "ok\n{{ asset('nope.css') }}"})
    assert problems(config, "a.html") == [
        "templates/a.html:2: error: LookupError: no static file named 'nope.css' "
        "in the theme or static/"
    ]


def test_a_syntax_error_is_a_diagnostic_with_the_line(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"bad.html": "<p>\n\n{% if x %}\n<p>never closed"})
    with pytest.raises(NewsgenError) as caught:
        render(config, "bad.html")
    (found,) = caught.value.diagnostics
    assert found == Diagnostic(
        "templates/bad.html",
        4,
        Level.ERROR,
        "Unexpected end of template. Jinja was looking for the following tags: 'elif' or "
        "'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    )


def test_a_syntax_error_in_an_included_template_names_that_file(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"a.html": "{% include 'b.html' %}", "b.html": "\n{{ x }"})
    assert problems(config, "a.html") == ["templates/b.html:2: error: unexpected '}'"]


def test_an_undefined_value_names_the_template_and_line(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"u.html": "line one\n{{ article.titel }}"})
    assert problems(config, "u.html", {"article": {"title": "T"}}) == [
        "templates/u.html:2: error: 'dict object' has no attribute 'titel'"
    ]


def test_a_runtime_error_in_an_included_template_names_that_file(tmp_path: Path) -> None:
    config = site_with(
        tmp_path,
        {"outer.html": "a\nb\n{% include 'inner.html' %}", "inner.html": "x\ny\n{{ 1 // n }}"},
    )
    assert problems(config, "outer.html", {"n": 0}) == [
        "templates/inner.html:3: error: ZeroDivisionError: integer division or modulo by zero"
    ]


@pytest.mark.parametrize("processes", [False, True])
def test_an_error_from_one_articles_data_names_its_page_and_file(
    tmp_path: Path, processes: bool
) -> None:
    """A template that fails only on an article without topics says which one; with 300
    articles the pages are rendered by worker processes, which say it too."""
    config = make_site(tmp_path, "timezone: UTC\nsearch: false\n")
    theme = (theme_folder("templates") / "article.html").read_text(encoding="utf-8")
    edited = theme.replace("{% block main %}", "{% block main %}{{ article.topics[0].name }}", 1)
    assert edited != theme
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/article.html").write_text(edited, encoding="utf-8")
    config.content_path.mkdir()
    many = 300 if processes else 2
    for number in range(many):
        text = article_text(f"Story {number}", datetime(2024, 1, 1 + number % 28), ["Port"])
        (config.content_path / f"{number:03d}.md").write_text(text, encoding="utf-8")
    bare = article_text("Plain", datetime(2024, 3, 1), [])
    (config.content_path / "plain.md").write_text(bare, encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        build(config)
    line = 1 + edited[: edited.index("article.topics[0]")].count("\n")
    assert [d.format() for d in caught.value.diagnostics] == [
        f"templates/article.html:{line}: error: list object has no element 0 (on "
        "/2024/03/01/plain/, the page of content/plain.md)"
    ]
    assert not config.output_path.exists()


def test_a_missing_include_names_the_including_line(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"a.html": "one\ntwo\n{% include 'gone.html' %}"})
    assert problems(config, "a.html") == [
        "templates/a.html:3: error: template not found: templates/gone.html "
        "(neither in the site nor the theme)"
    ]


def test_a_missing_page_template_is_a_diagnostic(tmp_path: Path) -> None:
    assert problems(SiteConfig(root=tmp_path), "nothing.html") == [
        "templates/nothing.html: error: template not found: templates/nothing.html "
        "(neither in the site nor the theme)"
    ]


def test_errors_in_the_default_theme_are_named_theme_files(tmp_path: Path) -> None:
    assert problems(SiteConfig(root=tmp_path), "404.html", {"page": {}}) == [
        "theme:base.html:2: error: 'site' is undefined"
    ]


def test_templates_are_compiled_once_per_environment(tmp_path: Path) -> None:
    config = site_with(tmp_path, {"t.html": "first"})
    environment = make_environment(config, collect_assets(config))
    template = environment.get_template("t.html")
    (tmp_path / "templates" / "t.html").write_text("second", encoding="utf-8")
    assert environment.get_template("t.html") is template
    assert render_page(environment, "t.html", {}, config) == "first"
    assert render(config, "t.html") == "second"


def test_environment_is_strict_and_trims_blocks(tmp_path: Path) -> None:
    config = site_with(
        tmp_path, {"t.html": "<ul>\n  {% for x in xs %}\n  <li>{{ x }}\n  {% endfor %}\n</ul>\n"}
    )
    environment = make_environment(config, collect_assets(config))
    assert environment.undefined is jinja2.StrictUndefined
    assert render_page(environment, "t.html", {"xs": [1, 2]}, config) == (
        "<ul>\n  <li>1\n  <li>2\n</ul>\n"
    )
