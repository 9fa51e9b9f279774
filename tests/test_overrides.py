"""A site's templates/<name> and static/<name> override the theme's in the built output."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsgen.config.site import SiteConfig, theme_folder
from sitegen import build, generated_site, tree

OWN_CSS = b"body { color: rebeccapurple; }\n"


def own_card(root: Path) -> None:
    """The theme's _card.html, with the reading time worded differently."""
    theme = (theme_folder("templates") / "_card.html").read_text(encoding="utf-8")
    assert "min read" in theme
    (root / "templates").mkdir()
    (root / "templates" / "_card.html").write_text(
        theme.replace("min read", "minutes of reading"), encoding="utf-8"
    )


def stylesheets(config: SiteConfig) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (config.output_path / "static").glob("style.*.css")}


def test_a_rebuild_publishes_the_sites_template_and_static_file(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 3)
    build(config)
    home = config.output_path / "index.html"
    assert "min read" in home.read_text(encoding="utf-8")
    theme_css = (theme_folder("static") / "style.css").read_bytes()
    assert list(stylesheets(config).values()) == [theme_css]

    own_card(config.root)
    (config.root / "static").mkdir()
    (config.root / "static" / "style.css").write_bytes(OWN_CSS)
    build(config)

    page = home.read_text(encoding="utf-8")
    assert "minutes of reading" in page and "min read" not in page
    own_name = f"style.{hashlib.sha256(OWN_CSS).hexdigest()[:10]}.css"
    assert stylesheets(config) == {own_name: OWN_CSS}
    assert f'href="/static/{own_name}"' in page


def test_removing_the_overrides_brings_the_theme_back(tmp_path: Path) -> None:
    config = generated_site(tmp_path, 3)
    build(config)
    themed = tree(config.output_path)
    own_card(config.root)
    (config.root / "static").mkdir()
    (config.root / "static" / "style.css").write_bytes(OWN_CSS)
    build(config)
    assert tree(config.output_path) != themed

    (config.root / "templates" / "_card.html").unlink()
    (config.root / "static" / "style.css").unlink()
    build(config)
    assert tree(config.output_path) == themed
