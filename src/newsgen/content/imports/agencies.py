"""Agency copy in archives: a news agency named as an item's author is its source, not a person."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from newsgen.config.site import SiteConfig
from newsgen.content.bylines import read_byline
from newsgen.content.imports.items import Item, names
from newsgen.diagnostics import note
from newsgen.model import Source


def known_sites(config: SiteConfig) -> frozenset[str]:
    """The publishers the site names (casefolded), which a byline may name as agencies."""
    given = (*config.source_names, *(entry.name for entry in config.seed_sources))
    return frozenset(name.casefold() for name in given)


def credit_agencies(item: Item, shown: str, sites: Collection[str]) -> Item:
    """The item with the agency its authors name (the first, if several) as its `agency`, and
    only the people as its authors, with a note saying so; unchanged when they name none.

    Archives file wire copy under an author called "Reuters" or "AP" (a WordPress user, an RSS
    `<author>`, a byline column): read as a byline (`By Reuters`, `By Jane Doe, Reuters`), as a
    seed's is, it credits the agency, never a person, nor the site itself.
    """
    people: list[str] = []
    agency = ""
    for name in item.authors:
        byline = read_byline(f"By {name}", sites)
        if byline is None or not byline.agency:
            people.append(name)
            continue
        people += byline.authors
        agency = agency or byline.agency
    if not agency:
        return item
    message = f"credited {agency!r} as the item's source, not as an author: it is a news agency"
    hint = "edit the authors and source of the imported file if it is not"
    return dataclasses.replace(
        item,
        authors=names(people),
        agency=agency,
        notes=(*item.notes, note(shown, item.line, message, hint)),
    )


def item_credit(item: Item, own: bool) -> Source | None:
    """What the article credits as its source: the agency its authors name (with the item's
    address only when the file is that agency's own), else the publisher the file names, and
    no other publisher for the site's own story."""
    source = item.source
    if item.agency:
        same = source.name.casefold() == item.agency.casefold()
        return Source(name=item.agency, url=source.url if same and not own else "")
    return source if (source.name or source.url) and not own else None
