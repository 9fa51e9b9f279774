"""Pictures of the site's own old archive: on the site's host, they must move with it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsgen.content.identity import same_site
from newsgen.diagnostics import Diagnostic, note
from newsgen.model import Article

PICTURE = re.compile(r"!\[(?:\\.|[^\]\\])*\]\((\S+?)(?:\s+\"[^\"]*\")?\)")
"""A Markdown picture, as the importer writes one: its address."""


def own_pictures(article: Article, base_url: str) -> tuple[str, ...]:
    """The addresses of the article's pictures (its lead picture and those in its text) on
    the site's own host: the old system served them, the new site must."""
    found = [article.image, *PICTURE.findall(article.body)]
    return tuple(dict.fromkeys(url for url in found if url and same_site(url, base_url)))


def own_pictures_note(where: tuple[str, int], pictures: list[str]) -> Diagnostic:
    """One note for all the pictures of the import on the site's own host, at the first."""
    path = urlsplit(pictures[0]).path
    message = (
        f"{len(pictures)} picture(s) of the imported items are on the site's own host, as "
        f"{pictures[0]}: the old system served them"
    )
    hint = (
        f"copy its files into static/ (static{path}) before the new site replaces it, or "
        "those pictures will not show"
    )
    return note(*where, message, hint)
