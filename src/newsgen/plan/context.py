"""The template context: the written contract between newsgen and theme authors.

Every template receives `site` (SiteView) and `page` (PageMeta), plus the keys of its
kind's context below. Values are plain data: strings, numbers, datetimes, lists, dicts.
URLs are ready to use as `href` (they honour a base_url served under a sub-path);
`canonical` URLs are absolute. Dates are timezone-aware datetimes in the site timezone;
format them with the `date` filter (Babel, site language) or `isodate`.
Templates also get the global `asset(name)` giving the content-hashed URL of a static file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, TypedDict

PageKind = Literal[
    "article",
    "home",
    "topic",
    "topics",
    "year",
    "month",
    "day",
    "archive",
    "authors",
    "author",
    "corrections",
    "search",
    "404",
    "redirect",
]


class SiteView(TypedDict):
    """The site as a whole."""

    title: str
    description: str
    language: str
    base_url: str
    home_url: str
    archive_url: str
    topics_url: str
    authors_url: str
    """The index of every author."""
    corrections_url: str
    """The list of corrected articles."""
    search_url: str
    search: bool
    """Whether full-text search is built."""
    feed_url: str
    """Atom feed of the latest articles."""
    rss_url: str
    json_feed_url: str
    publisher: str
    publisher_logo: str
    params: dict[str, Any]


class PageMeta(TypedDict):
    """What every page says about itself in <head>."""

    kind: PageKind
    url: str
    canonical: str
    title: str
    """Page title without the site name."""
    description: str
    og_type: str
    """Open Graph type: 'article' or 'website'."""
    feed_url: str
    """Most specific feed for this page (a topic's own feed on topic pages)."""
    image: str
    """Absolute URL of the page image, or ''."""
    noindex: bool


class TopicLink(TypedDict):
    """A topic as linked from an article or a list entry."""

    name: str
    slug: str
    url: str


class TopicRef(TopicLink):
    """A topic with its article count, on topic pages and the topics index."""

    count: int


class AuthorLink(TypedDict):
    """A person bylined on an article, linking to their page."""

    name: str
    slug: str
    url: str


class AuthorRef(AuthorLink):
    """A person with the number of articles bylined to them, on the authors index."""

    count: int


class AuthorView(AuthorRef):
    """A person on their own page, with the profile the config gives (`authors:`), if any."""

    feed_url: str
    """Atom feed of the person's articles."""
    bio: str
    """A few words about the person, or ''."""
    profile_url: str
    """The person's own page elsewhere, or ''."""
    same_as: list[str]
    """Their profiles on other sites (URLs), possibly none."""


class SourceView(TypedDict):
    """The original publisher of a republished article."""

    name: str
    url: str
    """Address of the original (or of its publisher), or ''."""
    byline: str
    """The original byline as printed there, or ''."""


class CorrectionView(TypedDict):
    """A correction notice."""

    date: datetime
    text: str


class PictureView(TypedDict):
    """An article's lead image as pages show it (<img>/<picture> with every width)."""

    src: str
    """The largest file in the source's format, or the URL of an image on the web."""
    width: int
    height: int
    """0 for an image on the web, whose size is not known."""
    srcset: str
    """'url 480w, url 800w, ...' in the source's format ('' when there is one size)."""
    webp_srcset: str
    """The same widths as WebP ('' for GIF, SVG and images on the web)."""
    alt: str
    caption: str
    credit: str


class ArticleSummary(TypedDict):
    """An article as shown in lists."""

    slug: str
    title: str
    url: str
    date: datetime
    updated: datetime | None
    summary: str
    author: str
    """The byline's names as one text ('Jane Doe and John Roe'); '' when no person is named."""
    authors: list[AuthorLink]
    source: SourceView | None
    topics: list[TopicLink]
    reading_minutes: int
    image: PictureView | None
    """The lead image, if the article has one."""
    language: str
    """The language of its text when it is not the site's (`fr`), else ''."""


class ArticleView(ArticleSummary):
    """An article on its own page."""

    body_html: str
    """Rendered body, already safe HTML (marked safe for autoescape)."""
    previous: ArticleSummary | None
    """The article published just before this one."""
    next: ArticleSummary | None
    related: list[ArticleSummary]
    """Up to 5 articles sharing the most topics."""
    day_url: str
    source_url: str
    """The original's address (`source.url`), or ''."""
    corrections: list[CorrectionView]
    """Correction notices, oldest first."""
    jsonld: str
    """NewsArticle JSON-LD, serialised and safe to put inside <script>."""
    extra: dict[str, Any]


class CorrectedArticle(ArticleSummary):
    """An article on the corrections page, with its notices."""

    corrections: list[CorrectionView]
    """Its correction notices, the newest first."""


class Pagination(TypedDict):
    """Where a paginated list stands."""

    page: int
    pages: int
    previous_url: str | None
    next_url: str | None
    first_url: str
    last_url: str


class Period(TypedDict):
    """A year, month or day with its article count."""

    label: str
    """Human label in the site language, e.g. '2024', 'February 2024', '22 February 2024'."""
    url: str
    count: int


class PeriodWithArticles(Period):
    """A period listed with its articles (months on a year page, days on a month page);
    `count` is the whole period's."""

    articles: list[ArticleSummary]


class YearEntry(Period):
    """A year on the /archive/ page with its months."""

    months: list[Period]


class ArticleContext(TypedDict):
    """Context of `article.html`."""

    article: ArticleView


class ListContext(TypedDict):
    """Context of `home.html` and `topic.html` (topic is None on home)."""

    articles: list[ArticleSummary]
    pagination: Pagination
    topic: TopicRef | None


class IndexRange(TypedDict):
    """One page of the topics or authors index, named by the letters it spans."""

    label: str
    """Such as 'A–C', 'S' or 'Sa–Sm'."""
    url: str
    current: bool
    """True for the page showing it."""


class TopicsContext(TypedDict):
    """Context of `topics.html`: one page of the topics index, `index_per_page` to a page."""

    topics_az: list[TopicRef]
    """This page's topics, A to Z."""
    topics_by_size: list[TopicRef]
    """On a single page, the same topics by count (most first); on several, the most covered
    topics of the archive on page 1 and none on the others."""
    total: int
    """How many topics the whole index has."""
    pagination: Pagination
    ranges: list[IndexRange]
    """Every page of the index, in order."""


class PeriodContext(TypedDict):
    """Context of `year.html` (groups = months), `month.html` (groups = days), `day.html`:
    one page of the period's articles, `archive_per_page` to a page."""

    period: Period
    groups: list[PeriodWithArticles]
    """The sub-periods this page shows, oldest first, each with its articles on this page
    (a sub-period that spans two pages is a group on both); on day pages a single group."""
    pagination: Pagination
    previous: Period | None
    """The previous non-empty period of the same kind."""
    next: Period | None


class AuthorContext(TypedDict):
    """Context of `author.html`: one page of a person's articles, newest first."""

    author: AuthorView
    articles: list[ArticleSummary]
    pagination: Pagination


class AuthorsContext(TypedDict):
    """Context of `authors.html`: one page of the authors index, `index_per_page` to a page."""

    authors: list[AuthorRef]
    """This page's people, A to Z by name."""
    total: int
    """How many people the whole index has."""
    pagination: Pagination
    ranges: list[IndexRange]
    """Every page of the index, in order."""


class CorrectionsContext(TypedDict):
    """Context of `corrections.html`: one page of the corrected articles."""

    articles: list[CorrectedArticle]
    """The most recently corrected first."""
    pagination: Pagination


class SearchContext(TypedDict):
    """Context of `search.html`."""

    indexes: list[str]
    """URLs of the Pagefind index folders to search (one, or one per year, newest first)."""


class ArchiveContext(TypedDict):
    """Context of `archive.html`."""

    years: list[YearEntry]
    """Newest year first; months oldest first."""
