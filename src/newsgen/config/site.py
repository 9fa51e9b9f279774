"""Site configuration: the SiteConfig model with its defaults, and loading `newsgen.yaml`."""

from __future__ import annotations

import ipaddress
import zoneinfo
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newsgen.config.site_paths import fold
from newsgen.config.spelt import spelt_on_disk, told_apart
from newsgen.diagnostics import ContentError, Diagnostic, NewsgenError, error, warning

if TYPE_CHECKING:
    from newsgen.config.yamlsource import YamlMapping

CONFIG_NAME = "newsgen.yaml"
SOURCE_FOLDERS = {"content_dir": "content", "seeds_dir": "seeds"}
"""Configurable source folders and their defaults; the output folder may overlap none."""
FIXED_FOLDERS = ("templates", "static", ".newsgen")
"""Folders of the site the output folder may not overlap either."""
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
LOCAL_HOSTS = frozenset({"localhost", "localhost.localdomain"})
"""Host names of this machine; so are *.localhost and the loopback and unspecified addresses."""


class RawHtml(Enum):
    """What becomes of HTML written in a Markdown body (`markdown_raw_html`)."""

    ESCAPE = "false"
    """Shown as text, escaped: the default."""
    SANITIZE = "true"
    """Kept as HTML through an allow-list sanitizer: no scripts, styles, frames or handlers."""
    TRUSTED = "trusted"
    """Kept exactly as written: every author of the site is trusted with scripts."""


class DateOrder(StrEnum):
    """How a date written in numbers with the year last is read (`date_order`)."""

    UNSET = ""
    """Day and month both 12 or less and different (03/04/2024) is an error: the default."""
    DMY = "DMY"
    """Day first: 03/04/2024 is 3 April."""
    MDY = "MDY"
    """Month first: 03/04/2024 is March 4."""


@dataclass(frozen=True)
class TopicSpec:
    """A topic of the site vocabulary: its display name and other spellings of it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the site (`publisher:`), for metadata and feeds."""

    name: str = ""
    """Empty: the site title."""
    url: str = ""
    """Its home page; empty: the site's base_url."""
    logo: str = ""
    """A path under static/ or an absolute URL; empty: the theme's logo."""


@dataclass(frozen=True)
class AuthorProfile:
    """What the config says about one author (`authors:`): shown on the author's page and in
    NewsArticle metadata."""

    name: str
    bio: str = ""
    url: str = ""
    """The author's own page elsewhere (an http(s) URL)."""
    same_as: tuple[str, ...] = ()
    """Profiles of the author on other sites (http(s) URLs), for JSON-LD `sameAs`."""


@dataclass(frozen=True)
class SeedSource:
    """The original publisher of every seed in one folder of seeds/ (`seed_sources:`)."""

    folder: str
    """Folder under the seeds folder, posix separators, e.g. 'ukrinform'; '.' for the seeds
    folder itself."""
    name: str
    url: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """Everything a build needs to know about the site; passed around, never global."""

    root: Path
    """The site folder: where `newsgen.yaml`, `content/` and `seeds/` live."""
    title: str = "newsgen site"
    description: str = "A news archive built with newsgen."
    base_url: str = DEFAULT_BASE_URL
    """Absolute URL the site is published at; always ends with a slash."""
    language: str = "en"
    timezone: str = "UTC"
    """IANA zone for naive dates in seeds and front matter, and for date indexes."""
    date_order: DateOrder = DateOrder.UNSET
    """Whether 03/04/2024 in seeds and front matter is 3 April or March 4; unset, an error."""
    per_page: int = 20
    """Articles per page of the home, topic, author and corrections pages."""
    archive_per_page: int = 50
    """Articles per page of the year, month and day archives (compact rows, not cards)."""
    index_per_page: int = 300
    """Topics or authors per page of the topics and authors indexes."""
    feed_items: int = 20
    max_topics: int = 8
    """Cap on topics detected automatically for one seed article."""
    min_topic_mentions: int = 2
    """How often a seed must name a name outside the vocabulary for it to be a candidate topic."""
    min_topic_articles: int = 3
    """How many articles must share a candidate topic (as a candidate or a topic) to keep it."""
    author: str = ""
    """Default author for the site's own articles that name none (never for imported text or
    for an article with a `source`)."""
    authors: tuple[AuthorProfile, ...] = ()
    """Profiles of the site's authors, by name."""
    publisher: Publisher = Publisher()
    publisher_logo: str = ""
    """Older spelling of `publisher: {logo: ...}`."""
    image: str = ""
    """The site's default share image (a path under static/ or a URL), for pages without one."""
    seed_sources: tuple[SeedSource, ...] = ()
    """The original publishers of seed folders, recorded as `source:` by `newsgen import`."""
    article_path: str = "{year}/{month}/{day}/{slug}/"
    """Pattern for article URLs; fields: year, month, day, slug."""
    topics: tuple[TopicSpec, ...] = ()
    noise: tuple[str, ...] = ()
    """Extra regular expressions; a seed line matching one entirely is removed as noise."""
    source_names: tuple[str, ...] = ()
    """Names of the sites seeds were copied from: taken off the end of a seed's title (`Headline
    | Example News`) and recorded as its source."""
    markdown_raw_html: RawHtml = RawHtml.ESCAPE
    search: bool = True
    search_per_year: bool = False
    """Split the search index by year: indexing memory stays bounded as the archive grows."""
    content_dir: str = "content"
    seeds_dir: str = "seeds"
    output_dir: str = "build"
    extra: tuple[tuple[str, Any], ...] = field(default=())
    """The `params` mapping, handed to templates as `site.params`."""
    redirects: tuple[tuple[str, str], ...] = ()
    """Old paths of the site and the page each leads to now, sorted."""
    redirects_line: int = field(default=0, compare=False, repr=False)
    """The line of `redirects:` in newsgen.yaml, for what a build finds wrong with one."""
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)
    """What reading `newsgen.yaml` found wrong without stopping a build (a `base_url` that
    points at this machine): `check` and `build` print them, a preview does not. Not a
    setting, so configs that differ only in their warnings are equal."""

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The site timezone as a tzinfo."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def content_path(self) -> Path:
        """Folder of front-matter articles."""
        return self.root / self.content_dir

    @property
    def seeds_path(self) -> Path:
        """Folder of raw seed texts."""
        return self.root / self.seeds_dir

    @property
    def output_path(self) -> Path:
        """Folder the built site is written to."""
        return self.root / self.output_dir

    @property
    def templates_path(self) -> Path:
        """The site's own templates, overriding the theme by name."""
        return self.root / "templates"

    @property
    def static_path(self) -> Path:
        """The site's own static files, overriding the theme's by name."""
        return self.root / "static"

    @property
    def work_path(self) -> Path:
        """`.newsgen/`: what builds keep between runs, and the scratch files of an import."""
        return self.root / ".newsgen"

    @property
    def publisher_name(self) -> str:
        """Publisher for metadata, falling back to the site title."""
        return self.publisher.name or self.title

    @property
    def publisher_url(self) -> str:
        """The publisher's home page, falling back to the site's address."""
        return self.publisher.url or self.base_url

    @property
    def logo(self) -> str:
        """The publisher's logo as configured (path under static/ or URL), or ''."""
        return self.publisher.logo or self.publisher_logo

    def profile(self, name: str) -> AuthorProfile | None:
        """The configured profile of the author `name`, if any."""
        return next((p for p in self.authors if p.name == name), None)


def theme_folder(name: str) -> Path:
    """A folder of the default theme shipped in the package: 'templates' or 'static' (found
    beside this module: `importlib.resources` would cost 4 ms of every build to import)."""
    return Path(__file__).parent.parent / "theme" / name


def find_site_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `newsgen.yaml`; None when there is none."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def site_root(given: Path | None, cwd: Path) -> Path:
    """The site a command works on: the folder `--site` gave, else the nearest one at or above
    `cwd` holding `newsgen.yaml`; raise when that is not a site (and create nothing)."""
    if given is None:
        found = find_site_root(cwd)
        if found is not None:
            return found
        message = f"no {CONFIG_NAME} in {cwd} or any folder above it: this is not a newsgen site"
        hint = "run `newsgen init` to start one here, or pass --site"
        raise ContentError("newsgen", 0, message, hint)
    import shlex  # here: a command run in a site never needs it

    init = f"run `newsgen init {shlex.quote(given.as_posix())}`"
    folder = cwd / given
    if not folder.exists():
        raise ContentError(
            "newsgen", 0, f"{given.as_posix()} does not exist", f"{init} to start a site there"
        )
    if not folder.is_dir():
        hint = f"--site names the folder that holds {CONFIG_NAME}"
        raise ContentError("newsgen", 0, f"{given.as_posix()} is not a folder", hint)
    if not (folder / CONFIG_NAME).is_file():
        message = f"no {CONFIG_NAME} in {given.as_posix()}: this is not a newsgen site"
        raise ContentError("newsgen", 0, message, f"{init} to start one there")
    return folder.resolve()


def load_config(root: Path) -> SiteConfig:
    """Read `root/newsgen.yaml` into a validated SiteConfig; raise every problem.

    Without the file, the defaults (the command line refuses such a folder: see `site_root`).
    """
    root = root.resolve()
    path = root / CONFIG_NAME
    if not path.is_file():
        return SiteConfig(root=root, warnings=base_url_warnings(DEFAULT_BASE_URL, None))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(CONFIG_NAME, 0, f"cannot read the config: {exc}") from None
    from newsgen.config.fields import validate  # here: a no-op build never reads the YAML
    from newsgen.config.yamlsource import load_mapping
    from newsgen.config.zone_names import zone_name_warnings

    mapping = load_mapping(text, CONFIG_NAME)
    values, problems = validate(mapping)
    problems += _output_overlaps(values, mapping)
    problems += _missing_images(root, values, mapping)
    if problems:
        raise NewsgenError(problems)
    base_url = values.get("base_url", DEFAULT_BASE_URL)
    line = mapping.line_of("base_url") if "base_url" in mapping.lines else None
    warned = base_url_warnings(base_url, line)
    warned += zone_name_warnings(
        values.get("timezone", ""), CONFIG_NAME, mapping.line_of("timezone")
    )
    redirects_line = mapping.line_of("redirects")
    return SiteConfig(root=root, **values, warnings=warned, redirects_line=redirects_line)


def base_url_warnings(base_url: str, line: int | None) -> tuple[Diagnostic, ...]:
    """A warning when the site would publish links to this machine: `base_url` not set (line
    None) or set, on `line`, to a local address."""
    hint = "set base_url: to the address the site is published at"
    if line is None:
        message = (
            f"base_url is not set, so links in feeds, sitemaps and canonical tags point at "
            f"{base_url}"
        )
        return (warning(CONFIG_NAME, 0, message, hint),)
    if not is_local_url(base_url):
        return ()
    message = (
        f"base_url is {base_url}, so links in feeds, sitemaps and canonical tags point at "
        "this machine"
    )
    return (warning(CONFIG_NAME, line, message, hint),)


def is_local_url(url: str) -> bool:
    """True when `url`'s host is this machine: localhost, *.localhost, a loopback address
    (127.0.0.0/8, ::1) or the unspecified one (0.0.0.0, ::)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _output_overlaps(values: dict[str, Any], mapping: YamlMapping) -> list[Diagnostic]:
    """The output folder must be a folder of its own: a build replaces what is in it."""
    output = values.get("output_dir", "build")
    line = mapping.line_of("output_dir")
    if not _folder_parts(output):
        message = "`output_dir` must not be the site folder itself"
        return [error(CONFIG_NAME, line, message, "use a folder of its own, such as build")]
    others = {key: values.get(key, default) for key, default in SOURCE_FOLDERS.items()}
    others |= {name: name for name in FIXED_FOLDERS}
    problems = []
    for key, folder in others.items():
        if _overlap(output, folder):
            where = line if "output_dir" in mapping.lines else mapping.line_of(key)
            shown = f"`{key}` ({folder!r})" if key in SOURCE_FOLDERS else f"the {folder}/ folder"
            message = f"`output_dir` {output!r} overlaps {shown}"
            problems.append(error(CONFIG_NAME, where, message, "give each its own folder"))
    return problems


def _missing_images(root: Path, values: dict[str, Any], mapping: YamlMapping) -> list[Diagnostic]:
    """An image setting naming a file of static/ that neither the site nor the theme has."""
    publisher = values.get("publisher", Publisher())
    wanted = {"image": values.get("image", ""), "publisher_logo": values.get("publisher_logo", "")}
    wanted["publisher"] = publisher.logo
    problems = []
    for key, image in wanted.items():
        if not image.startswith("static/"):
            continue
        name = image.removeprefix("static/")
        if found := spelt_on_disk(root, image):  # found on macOS and Windows, 404 on the host
            message = f"`{key}` names {image}, but the file is {found}: {told_apart(image, found)}"
            hint = "spell the name as the file has it"
            problems.append(error(CONFIG_NAME, mapping.line_of(key), message, hint))
        elif not (root / image).is_file() and not (theme_folder("static") / name).is_file():
            message = f"`{key}` names {image}, which is not in the site's static/ folder"
            hint = f"add the file as {image}, or fix the name"
            problems.append(error(CONFIG_NAME, mapping.line_of(key), message, hint))
    return problems


def _folder_parts(name: str) -> tuple[str, ...]:
    return tuple(part for part in PurePosixPath(name.replace("\\", "/")).parts if part != ".")


def _overlap(first: str, second: str) -> bool:
    """True when one folder is the other or lies inside it, on macOS and Windows too (where
    `Content` is `content`)."""
    a, b = (tuple(map(fold, _folder_parts(name))) for name in (first, second))
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]
