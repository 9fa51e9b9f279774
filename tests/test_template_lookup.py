"""`a.b` in templates: newsgen's environment finds what Jinja's own finds, on any value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig
from newsgen.diagnostics import NewsgenError
from newsgen.plan.views import Shared
from newsgen.render.assets import collect_assets
from newsgen.render.templates import _Environment, make_environment
from sitegen import generated_site

NAMES = st.one_of(
    st.sampled_from(["items", "get", "keys", "_key", "__class__", "__len__", "title", "copy"]),
    st.text(max_size=6),
)
VALUES = st.dictionaries(NAMES, st.integers(), max_size=5)
OBJECTS = st.one_of(
    VALUES,
    VALUES.map(Shared),
    st.lists(st.integers(), max_size=3),
    st.text(max_size=3),
    st.integers(),
)


def looked_up(environment: jinja2.Environment, obj: Any, name: str) -> object:
    """What `obj.name` gives, an undefined value by its type and what it names."""
    found = environment.getattr(obj, name)
    if isinstance(found, jinja2.Undefined):
        return type(found), found._undefined_name
    return found


@given(OBJECTS, NAMES)
def test_an_attribute_is_found_as_jinja_finds_it(obj: Any, name: str) -> None:
    ours = _Environment(undefined=jinja2.StrictUndefined)
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    assert looked_up(ours, obj, name) == looked_up(jinja, obj, name)


def test_a_key_named_like_a_dict_method_stays_the_method() -> None:
    environment = _Environment(autoescape=True)
    template = environment.from_string("{{ d.title }} {{ d.items() | list | length }} {{ s.get }}")
    shown = template.render(d={"title": "<T>", "items": 3}, s=Shared(get=1))
    assert shown.startswith("&lt;T&gt; 2 &lt;built-in method get of Shared object")


def test_globals_reach_includes_and_imports_and_stay_in_their_template() -> None:
    loader = jinja2.DictLoader(
        {
            "page.html": "{% from 'm.html' import m %}{% include 'part.html' %} {{ m() }}",
            "part.html": "{{ site }}",
            "m.html": "{% macro m() %}{{ site }}{% endmacro %}",
            "other.html": "{{ own | default('none') }}",
        }
    )
    environment = _Environment(loader=loader)
    environment.globals["site"] = "Gazette"
    assert environment.get_template("page.html").render() == "Gazette Gazette"
    with_own = environment.get_template("other.html", globals={"own": "mine"})
    assert with_own.render() == "mine"
    assert "own" not in environment.globals
    assert environment.from_string("{{ own | default('none') }}").render() == "none"


def test_every_global_is_set_before_a_template_loads(tmp_path: Path) -> None:
    """A template's globals are copied when it loads (`make_globals`): a global the build set
    later would be missing from it."""
    config = generated_site(tmp_path, 1)
    environment = make_environment(config, collect_assets(config))
    for name in environment.list_templates(extensions=["html"]):
        assert environment.get_template(name).globals == environment.globals, name


def test_a_templates_folder_that_is_a_link_to_nothing_is_an_error(tmp_path: Path) -> None:
    """It was read as empty: the site's own templates silently gave way to the theme's."""
    config = SiteConfig(root=tmp_path)
    (tmp_path / "templates").symlink_to(tmp_path / "unmounted")
    with pytest.raises(NewsgenError) as caught:
        make_environment(config, collect_assets(config))
    assert [d.format() for d in caught.value.diagnostics] == [
        "templates: error: is a link to nothing (fix its target, or mount its drive)"
    ]


def test_a_template_named_as_the_themes_but_for_case_is_an_error(tmp_path: Path) -> None:
    """macOS and Windows opened `Article.html` for `article.html`: the site's article pages
    differed with the system they were built on."""
    config = SiteConfig(root=tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "Article.html").write_text("{{ 1 }}", encoding="utf-8")
    (tmp_path / "templates" / "home.html").write_text("{{ 1 }}", encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        make_environment(config, collect_assets(config))
    assert [d.format() for d in caught.value.diagnostics] == [
        "templates/Article.html: error: `Article.html` and the theme's `article.html` differ "
        "only in case: macOS and Windows use it in place of the theme's, Linux does not (name "
        "it `article.html` to replace the theme's, or give it a name of its own)"
    ]
