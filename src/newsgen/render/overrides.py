"""Template names spelt as the theme's but for case: macOS and Windows open `Article.html`
for `article.html`, so the site's file replaced the theme's there and nowhere else."""

from __future__ import annotations

from pathlib import Path

from newsgen.config.site import SiteConfig, theme_folder
from newsgen.config.site_paths import fold
from newsgen.diagnostics import Diagnostic, error


def misspelt_templates(config: SiteConfig) -> list[Diagnostic]:
    """An error for each file of `templates/` named as a theme template, or as another of the
    site's, but for case or accent encoding."""
    theme = theme_folder("templates")
    spelt = {fold(name): name for name in _names(theme)}
    found = []
    for name in _names(config.templates_path):
        first = spelt.setdefault(fold(name), name)
        if first == name:
            continue
        shown = f"{config.templates_path.relative_to(config.root).as_posix()}/{name}"
        if (theme / first).is_file():
            message = (
                f"`{name}` and the theme's `{first}` differ only in case: macOS and Windows use "
                "it in place of the theme's, Linux does not"
            )
            hint = f"name it `{first}` to replace the theme's, or give it a name of its own"
        else:
            message = f"`{name}` and `{first}` differ only in case: macOS and Windows keep one"
            hint = "keep one of the two, or rename one"
        found.append(error(shown, 0, message, hint))
    return found


def _names(folder: Path) -> list[str]:
    """The files under `folder`, as paths relative to it, hidden ones aside, sorted."""
    if not folder.is_dir():
        return []
    names = (path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    return sorted(name for name in names if not any(p.startswith(".") for p in name.split("/")))
