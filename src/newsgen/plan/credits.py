"""Pages that credit people and own mistakes: each author's pages and the list of corrected
articles."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from newsgen.config.site import AuthorProfile
from newsgen.plan import urls
from newsgen.plan.context import AuthorRef, AuthorView, CorrectedArticle
from newsgen.plan.page import Listing, Page, list_pages
from newsgen.plan.views import Views


def author_pages(views: Views) -> Iterator[Page]:
    """/authors/<slug>/ and its numbered pages: the person's profile and articles."""
    for slug, author in views.archive.authors.items():
        view = author_view(views, slug)
        listing = Listing(
            "author",
            "author.html",
            functools.partial(urls.author, slug),
            author.name,
            view["bio"] or f"Every article by {author.name}, newest first.",
            view["feed_url"],
        )
        yield from list_pages(views, author.articles, listing, author=view)


def corrections_pages(views: Views) -> Iterator[Page]:
    """/corrections/ and its numbered pages: corrected articles with their notices, the most
    recently corrected first. Made even when nothing was corrected: every page links to it."""
    listing = Listing(
        "corrections",
        "corrections.html",
        urls.corrections,
        "Corrections",
        "Every correction made to an article of the archive, the newest first.",
        views.href(urls.CORRECTIONS_FEED),
        entries=corrected_articles,
    )
    yield from list_pages(views, views.archive.corrected, listing)


def author_ref(views: Views, slug: str) -> AuthorRef:
    """A person's link with the number of their articles."""
    count = len(views.archive.authors[slug].articles)
    return AuthorRef(**views.author_links[slug], count=count)


def author_view(views: Views, slug: str) -> AuthorView:
    """A person with their feed and the profile the config gives them, if any."""
    ref = author_ref(views, slug)
    profile = views.config.profile(ref["name"]) or AuthorProfile(ref["name"])
    return AuthorView(
        **ref,
        feed_url=views.href(urls.author_feed(slug)),
        bio=profile.bio,
        profile_url=profile.url,
        same_as=list(profile.same_as),
    )


def corrected_articles(views: Views, uids: Sequence[str]) -> list[CorrectedArticle]:
    """Summaries of the articles `uids` with their correction notices, the newest first."""
    return [
        CorrectedArticle(**views.summaries[uid], corrections=views.corrections_of(uid)[::-1])
        for uid in uids
    ]
