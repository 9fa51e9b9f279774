"""Tests for who an article is credited to: authors, sources and corrections in front matter,
the credit settings of newsgen.yaml, and the original publisher recorded by `newsgen import`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.config.site import AuthorProfile, Publisher, SeedSource, SiteConfig, load_config
from newsgen.content.articles import read_article
from newsgen.content.check import check_site
from newsgen.content.importer import import_seeds
from newsgen.content.seeds import read_seed
from newsgen.diagnostics import NewsgenError
from newsgen.model import Correction, Source
from seedutil import make_site
from sitegen import build

SEED = "Kyiv talks resume\n22 February 2024\nBy Jane Roe\n\nFirst para.\n"


def article_file(site: SiteConfig, front: str, name: str = "a.md") -> Path:
    path = site.content_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: T\ndate: 2024-02-22\n{front}---\nBody.\n", encoding="utf-8")
    return path


def errors_of(site: SiteConfig, front: str) -> list[str]:
    with pytest.raises(NewsgenError) as caught:
        read_article(article_file(site, front), site)
    return [d.format() for d in caught.value.diagnostics]


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    return make_site(tmp_path / "site", "timezone: UTC\nauthor: Desk\n")


@pytest.mark.parametrize(
    ("front", "authors"),
    [
        ("author: Jane Doe\n", ("Jane Doe",)),
        ("authors: [Jane Doe, John Roe, Jane Doe]\n", ("Jane Doe", "John Roe")),
        ("authors: Jane Doe\n", ("Jane Doe",)),
        ("authors: []\n", ()),
        ("", ("Desk",)),
        ("source: Reuters\n", ()),
        ("seed: seeds/a.txt\nseed_sha256: " + "a" * 64 + "\n", ()),
    ],
)
def test_authors_and_the_default_for_the_sites_own_articles_only(
    site: SiteConfig, front: str, authors: tuple[str, ...]
) -> None:
    assert read_article(article_file(site, front), site).article.authors == authors


@pytest.mark.parametrize(
    ("front", "agencies"),
    [
        ("authors: [Jane Doe, Reuters]\n", ["Reuters"]),
        ("author: AP\n", ["AP"]),
        (
            "authors:\n  - Reuters  Staff\n  - the associated press\n",
            ["Reuters Staff", "the associated press"],
        ),
        ("source: AFP\nauthors: [AFP]\n", ["AFP"]),
        ("authors: [Jane Doe, Reuters Institute, Apollo]\n", []),
    ],
)
def test_a_news_agency_among_the_authors_is_warned_of_at_its_line(
    site: SiteConfig, front: str, agencies: list[str]
) -> None:
    """Agency copy is never credited as the site's own reporters': an agency named as an
    author (a byline, an author page, a Person in JSON-LD) is told, with `source` as the fix."""
    loaded = read_article(article_file(site, front), site)
    line = 4 + front.startswith("source")
    assert [d.format() for d in loaded.diagnostics] == [
        f"content/a.md:{line}: warning: `{agency}` is a news agency, not a person: as an author, "
        "its copy is credited as a story of the site's own reporters (their byline, an author "
        f"page, a Person in search results) (credit it with `source: {agency}` (a byline it "
        "carries in `source.byline`), and keep `authors` for the people who wrote the story)"
        for agency in agencies
    ]


@pytest.mark.parametrize(
    ("front", "told"),
    [
        (
            "authors: [By Jane Doe]\n",
            "`By Jane Doe` opens with `By`, which its byline would show twice (write the name "
            "alone: Jane Doe)",
        ),
        (
            "author: Jane Doe and John Roe\n",
            "`Jane Doe and John Roe` names 2 people, who would share one author page (list "
            "each: [Jane Doe, John Roe])",
        ),
        (
            "authors: [Ana Lima, 'Jane Doe, Reuters']\n",
            "`Jane Doe, Reuters` names the news agency Reuters as a part of a person's name "
            "(write the name alone, Jane Doe, and credit the agency: `source: Reuters`)",
        ),
    ],
)
def test_an_author_written_as_a_byline_is_warned_of_at_its_line(
    site: SiteConfig, front: str, told: str
) -> None:
    loaded = read_article(article_file(site, front), site)
    assert [d.format() for d in loaded.diagnostics] == [f"content/a.md:4: warning: {told}"]


LOOK_LIKE_BYLINES = (
    *("Mary-Kate and Ashley Olsen", "Martin Luther King, Jr.", "Von Miller", "Smith & Wesson"),
    *("Doe, Jane", "Byron Bay", "Ana de la Cruz", "Reuters Institute"),
)


@pytest.mark.parametrize("name", LOOK_LIKE_BYLINES)
def test_names_that_only_look_like_bylines_are_not_warned_of(site: SiteConfig, name: str) -> None:
    loaded = read_article(article_file(site, f"authors: ['{name}']\n"), site)
    assert loaded.diagnostics == ()


@pytest.mark.parametrize(
    ("front", "source"),
    [
        ("source: Reuters\n", Source(name="Reuters")),
        ("source_url: https://example.org/a\n", Source(url="https://example.org/a")),
        (
            "source: {name: Ukrinform, url: 'https://ukrinform.net/a', byline: By O. K.}\n",
            Source("Ukrinform", "https://ukrinform.net/a", "By O. K."),
        ),
        ("", None),
    ],
)
def test_source_forms(site: SiteConfig, front: str, source: Source | None) -> None:
    assert read_article(article_file(site, front), site).article.source == source


def test_corrections_are_read_oldest_first(site: SiteConfig) -> None:
    front = (
        "corrections:\n"
        "  - {date: 2024-02-24, text: A second fix.}\n"
        "  - {date: '2024-02-23 10:00', text: An earlier version misspelt a name.}\n"
    )
    article = read_article(article_file(site, front), site).article
    assert article.corrections == (
        Correction(datetime(2024, 2, 23, 10, tzinfo=UTC), "An earlier version misspelt a name."),
        Correction(datetime(2024, 2, 24, tzinfo=UTC), "A second fix."),
    )


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "author: A\nauthors: [B]\n",
            "content/a.md:5: error: both `author` and `authors` are given (keep `authors`)",
        ),
        (
            "authors: {a: b}\n",
            "content/a.md:4: error: `authors` must be a name or a list of names, "
            "e.g. [Jane Doe, John Roe]",
        ),
        (
            "source: Reuters\nsource_url: https://r.example/\n",
            "content/a.md:5: error: both `source` and `source_url` are given (write it as "
            "source: {name: Reuters, url: https://..., byline: By Jane Doe})",
        ),
        (
            "source: {name: R, link: x}\n",
            "content/a.md:4: error: `source` must be a name or a mapping of name, url and "
            "byline (write it as source: {name: Reuters, url: https://..., byline: By Jane Doe})",
        ),
        (
            "source: {name: R, url: 'ftp://x'}\n",
            "content/a.md:4: error: `source.url` must be an http or https URL, got 'ftp://x'",
        ),
        (
            "source: {byline: By Jane Doe}\n",
            "content/a.md:4: error: `source` gives a byline but no publisher (add the `name` or "
            "`url` of the publisher the byline is from)",
        ),
        (
            "source: {name: ' ', byline: By Jane Doe}\n",
            "content/a.md:4: error: `source` gives a byline but no publisher",
        ),
        (
            "source: {name: R, url: 'https://me:secret@r.example/a'}\n",
            "content/a.md:4: error: `source.url` must be an http or https URL, got "
            "'https://me:secret@r.example/a' (remove the user name and password from it)",
        ),
        (
            "image: 'https://me:secret@r.example/a.jpg'\n",
            "content/a.md:4: error: `image` must be a URL or a path, got "
            "'https://me:secret@r.example/a.jpg' (remove the user name and password from it)",
        ),
        (
            "source_url: 'https://me@r.example/a'\n",
            "content/a.md:4: error: `source_url` must be an http or https URL, got "
            "'https://me@r.example/a' (remove the user name and password from it)",
        ),
        (
            "corrections: {date: 2024-02-23, text: x}\n",
            "content/a.md:4: error: `corrections` must be a list of dates and texts (write "
            "each as - {date: 2024-02-23, text: An earlier version misspelt ...})",
        ),
        (
            "corrections:\n  - {date: 2024-02-23}\n",
            "content/a.md:4: error: each correction needs a `date` and a `text`, and nothing "
            "else (write each as - {date: 2024-02-23, text: An earlier version misspelt ...})",
        ),
        (
            "corrections:\n  - {date: someday, text: x}\n",
            "content/a.md:4: error: `corrections` is not a date: 'someday'",
        ),
    ],
)
def test_credit_field_errors_name_their_line(site: SiteConfig, front: str, message: str) -> None:
    (found,) = errors_of(site, front)
    assert found.startswith(message)


def test_credit_settings_of_the_config(tmp_path: Path) -> None:
    config = make_site(
        tmp_path,
        "publisher: {name: Riverside Media, url: 'https://media.example/', logo: static/logo.png}\n"
        "image: 'https://cdn.example/share.png'\n"
        "authors:\n"
        "  - {name: Jane Doe, bio: Covers the city., url: 'https://jane.example/',"
        " same_as: ['https://social.example/@jane']}\n"
        "seed_sources:\n  wires/reuters: {name: Reuters, url: 'https://www.reuters.com/'}\n",
    )
    assert config.publisher == Publisher(
        "Riverside Media", "https://media.example/", "static/logo.png"
    )
    assert (config.publisher_name, config.publisher_url, config.logo, config.image) == (
        "Riverside Media",
        "https://media.example/",
        "static/logo.png",
        "https://cdn.example/share.png",
    )
    assert config.profile("Jane Doe") == AuthorProfile(
        "Jane Doe", "Covers the city.", "https://jane.example/", ("https://social.example/@jane",)
    )
    assert config.seed_sources == (
        SeedSource("wires/reuters", "Reuters", "https://www.reuters.com/"),
    )


def test_publisher_as_a_name_and_the_older_logo_key(tmp_path: Path) -> None:
    config = make_site(
        tmp_path, "title: Gazette\npublisher: Daily\npublisher_logo: /static/logo.png\n"
    )
    assert (config.publisher_name, config.publisher_url, config.logo) == (
        "Daily",
        "http://127.0.0.1:8000/",
        "static/logo.png",
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("publisher: {name: X, url: nope}\n", "`publisher.url` must be an http or https URL"),
        (
            "publisher: {name: X, colour: red}\n",
            "`publisher` has an unknown key `colour`: it must be a mapping of name, url, logo",
        ),
        ("authors: [{bio: x}]\n", "`authors`: every author profile needs a `name`"),
        ("authors: [{name: A, sameAs: [x]}]\n", "`authors` has an unknown key `sameAs`"),
        ("authors: [{name: A}, {name: A}]\n", "`authors`: 'A' has two profiles; keep one"),
        ("authors: [{name: A, same_as: [x]}]\n", "`authors.same_as` must be an http or https"),
        ("seed_sources: {wires: {url: 'https://r.example/'}}\n", "`seed_sources.wires` needs a"),
        ("seed_sources: {../out: {name: R}}\n", "`seed_sources` must be a folder inside the site"),
        ("image: 'javascript:alert(1)'\n", "`image` must be an http or https URL, got"),
        ("image: img/a.png\n", "`image` must be an http or https URL or a file of static/"),
        (
            "image: static/../../x.png\n",
            "`image` must be an http or https URL or a file of static/",
        ),
        (
            "publisher: {logo: static/nope.png}\n",
            "`publisher` names static/nope.png, which is not in the site's static/ folder "
            "(add the file as static/nope.png, or fix the name)",
        ),
    ],
)
def test_bad_credit_settings(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / "newsgen.yaml").write_text(f"title: T\n{setting}", encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert problem.format().startswith(f"newsgen.yaml:2: error: {message}")


def test_a_logo_named_in_another_case_than_its_file_is_an_error(tmp_path: Path) -> None:
    """macOS and Windows found static/Press.png for static/press.png and published the site
    with a logo URL that no web host answers."""
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "press.png").write_bytes(b"x")
    settings = "title: T\npublisher: {logo: static/Press.png}\n"
    (tmp_path / "newsgen.yaml").write_text(settings, encoding="utf-8")
    with pytest.raises(NewsgenError) as caught:
        load_config(tmp_path)
    assert [d.format() for d in caught.value.diagnostics] == [
        "newsgen.yaml:2: error: `publisher` names static/Press.png, but the file is "
        "static/press.png: case matters on Linux and on web hosts (spell the name as the file "
        "has it)"
    ]


def imported(site: SiteConfig) -> str:
    (path,) = sorted((site.content_path / "imported").rglob("*.md"))
    return path.read_text(encoding="utf-8")


def test_import_records_the_command_line_source_and_never_the_default_author(
    site: SiteConfig,
) -> None:
    (site.seeds_path / "a.txt").parent.mkdir(parents=True)
    (site.seeds_path / "a.txt").write_text(SEED.replace("By Jane Roe\n", ""), encoding="utf-8")
    source = Source(name="Ukrinform", url="https://www.ukrinform.net/")
    import_seeds(site, [], force=False, source=source)
    text = imported(site)
    assert "source: {name: Ukrinform, url: 'https://www.ukrinform.net/'}\n" in text
    assert "author" not in text
    (path,) = sorted((site.content_path / "imported").rglob("*.md"))
    assert read_article(path, site).article.authors == ()


def test_a_reimport_without_the_source_keeps_the_recorded_one(site: SiteConfig) -> None:
    (site.seeds_path).mkdir()
    (site.seeds_path / "a.txt").write_text(SEED, encoding="utf-8")
    import_seeds(site, [], force=False, source=Source(name="Ukrinform"))
    again = import_seeds(site, [], force=False)
    assert (again.written, len(again.unchanged)) == ((), 1)
    assert "source: {name: Ukrinform}\n" in imported(site)
    assert "authors: [Jane Roe]\n" in imported(site)


def test_the_seed_folders_source_applies_to_the_seeds_under_it(tmp_path: Path) -> None:
    config = "timezone: UTC\nseed_sources:\n  wires: {name: Reuters, url: 'https://r.example/'}\n"
    site = make_site(tmp_path, config, {"seeds/wires/us/a.txt": SEED, "seeds/own/b.txt": SEED})
    import_seeds(site, [], force=False)
    texts = {p.name: p.read_text("utf-8") for p in (site.content_path / "imported").rglob("*.md")}
    assert sorted(texts) == ["kyiv-talks-resume-2.md", "kyiv-talks-resume.md"]
    sources = sorted("source: {name: Reuters" in t for t in texts.values())
    assert sources == [False, True]


def test_the_command_line_names_the_source(tmp_path: Path) -> None:
    site = make_site(tmp_path, "timezone: UTC\n", {"seeds/a.txt": SEED})
    args = ["--site", str(tmp_path), "import", "--source-name", " Kyiv  Post ", "--source-url"]
    result = CliRunner().invoke(cli, [*args, "https://kyivpost.example/"])
    assert result.exit_code == 0, result.output
    assert "source: {name: Kyiv Post, url: 'https://kyivpost.example/'}\n" in imported(site)


def test_a_bad_source_url_on_the_command_line_changes_nothing(tmp_path: Path) -> None:
    make_site(tmp_path, "timezone: UTC\n", {"seeds/a.txt": SEED})
    args = ["--site", str(tmp_path), "import", "--source-name", "X", "--source-url", "kyiv.example"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "newsgen: error: --source-url must be an http or https URL, got 'kyiv.example'" in (
        result.output
    )
    assert not (tmp_path / "content").exists()


def test_agency_copy_is_credited_to_its_agency_in_feeds_and_metadata(tmp_path: Path) -> None:

    site = make_site(
        tmp_path, "base_url: https://news.example/\ntimezone: UTC\nauthor: Desk\nsearch: false\n"
    )
    source = "source: {name: Wire Agency, url: 'https://wire.example/world/1'}\n"
    article_file(site, source + "slug: wire\n", "wire.md")
    article_file(site, "source: Named Only\nslug: named\n", "named.md")
    article_file(site, "source_url: 'https://www.addressed.example/a/1'\nslug: a\n", "a.md")
    article_file(site, "slug: own\n", "own.md")
    article_file(site, "slug: house\nauthors: []\n", "house.md")
    build(site)
    atom = (site.output_path / "feed.xml").read_text("utf-8")
    authors = sorted(re.findall(r"<author>(.*?)</author>", atom, re.S))
    assert ["".join(a.split()) for a in authors] == [
        "<name>Desk</name><uri>https://news.example/authors/desk/</uri>",
        "<name>NamedOnly</name>",
        "<name>WireAgency</name><uri>https://wire.example/</uri>",
        "<name>addressed.example</name><uri>https://www.addressed.example/</uri>",
        "<name>newsgensite</name><uri>https://news.example/</uri>",  # the feed's own
        "<name>newsgensite</name><uri>https://news.example/</uri>",  # the house article's
    ]
    page = (site.output_path / "2024/02/22/a/index.html").read_text("utf-8")
    assert '"author":[{"@type":"Organization","name":"addressed.example"' in page


def test_a_build_credits_seeds_read_directly_as_their_import_would(tmp_path: Path) -> None:
    config = "timezone: UTC\nseed_sources:\n  .: {name: Pravda, url: 'https://pravda.example/'}\n"
    config += "  ./wires: {name: Reuters}\n"
    site = make_site(tmp_path, config, {"seeds/a.txt": SEED, "seeds/wires/b.txt": SEED})
    assert read_seed(site.seeds_path / "a.txt", site).article.source == Source(
        "Pravda", "https://pravda.example/"
    )
    assert read_seed(site.seeds_path / "wires/b.txt", site).article.source == Source("Reuters")
    given = Source("Kyiv Post", "https://kyivpost.example/")
    assert read_seed(site.seeds_path / "a.txt", site, given).article.source == given


def test_a_publisher_the_seed_names_itself_stays_and_borrows_no_address(tmp_path: Path) -> None:
    config = "timezone: UTC\nseed_sources:\n  .: {name: Pravda, url: 'https://pravda.example/'}\n"
    agency = SEED.replace("By Jane Roe", "By Jane Roe, Reuters")
    same = SEED.replace("By Jane Roe", "By Jane Roe, Pravda")
    site = make_site(tmp_path, config, {"seeds/a.txt": agency, "seeds/b.txt": same})
    own = read_seed(site.seeds_path / "a.txt", site).article.source
    assert own == Source("Reuters")
    same_name = read_seed(site.seeds_path / "b.txt", site).article.source
    assert same_name == Source("Pravda", "https://pravda.example/")


def test_an_updated_line_of_a_seed_survives_its_import(tmp_path: Path) -> None:
    seed = "Two dates\nPublished: July 3, 1987 10:00 ET\nUpdated: July 4, 1987 11:00 ET\n\nBody.\n"
    site = make_site(tmp_path, "timezone: America/New_York\n", {"seeds/a.txt": seed})
    direct = read_seed(site.seeds_path / "a.txt", site).article
    import_seeds(site, [], force=False)
    (path,) = sorted((site.content_path / "imported").rglob("*.md"))
    imported_article = read_article(path, site).article
    assert (
        imported_article.updated
        == direct.updated
        == datetime(1987, 7, 4, 15, tzinfo=UTC).astimezone(direct.date.tzinfo)
    )


def test_a_source_url_without_a_name_is_refused(tmp_path: Path) -> None:
    make_site(tmp_path, "timezone: UTC\n", {"seeds/a.txt": SEED})
    args = ["--site", str(tmp_path), "import", "--source-url", "https://x.example/"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "newsgen: error: --source-url is given without --source-name" in result.output
    assert not (tmp_path / "content").exists()


def test_a_correction_dated_before_the_article_is_warned(site: SiteConfig) -> None:
    front = "corrections:\n  - {date: 2023-01-01, text: Fixed.}\n"
    loaded = read_article(article_file(site, front), site)
    assert [d.format() for d in loaded.diagnostics] == [
        "content/a.md:4: warning: a correction is dated before the article's `date` (a "
        "correction is made after the article is published: fix its date)"
    ]


def test_an_authors_page_never_moves_when_another_spelling_is_bylined(tmp_path: Path) -> None:
    config = "base_url: https://news.example/\ntimezone: UTC\nsearch: false\n"
    site = make_site(tmp_path, config)
    article_file(site, "author: José Núñez\nslug: one\n", "one.md")
    build(site)
    assert (site.output_path / "authors/jose-nunez/index.html").is_file()
    article_file(site, "author: Jose Nunez\nslug: two\n", "two.md")
    article_file(site, "author: José Núñez\nslug: three\n", "three.md")
    assert [d.format() for d in build(site).diagnostics] == [
        "content/two.md:4: warning: author 'Jose Nunez' is merged into 'José Núñez' (both make "
        "/authors/jose-nunez/) (use one spelling)"
    ]
    folders = sorted(p.name for p in (site.output_path / "authors").iterdir() if p.is_dir())
    assert folders == ["jose-nunez"]
    page = (site.output_path / "authors/jose-nunez/index.html").read_text("utf-8")
    assert "<h1>José Núñez</h1>" in page or ">José Núñez<" in page
    assert page.count('href="/2024/02/22/') >= 3


def test_check_names_the_line_of_an_author_spelled_another_way(tmp_path: Path) -> None:
    site = make_site(tmp_path, "base_url: https://news.example/\ntimezone: UTC\n")
    article_file(site, "id: urn:x:1\nslug: one\nauthors: [Jane Doe, Ann Lee]\n", "one.md")
    article_file(site, "id: urn:x:2\nslug: two\nauthors:\n  - Ann Lee\n  - JANE DOE\n", "two.md")
    article_file(site, "id: urn:x:3\nslug: three\nauthor: Jane Doe\n", "three.md")
    assert [d.format() for d in check_site(site, datetime(2026, 1, 1, tzinfo=UTC))] == [
        "content/two.md:8: warning: author 'JANE DOE' is merged into 'Jane Doe' (both make "
        "/authors/jane-doe/) (use one spelling)"
    ]


def test_an_empty_author_name_is_an_error(site: SiteConfig) -> None:
    (found,) = errors_of(site, "authors: [Jane Doe, '  ']\n")
    assert found == (
        "content/a.md:4: error: `authors` holds an empty name (remove it, or write the name)"
    )


def test_check_names_the_newsgen_key_for_another_generators_key(tmp_path: Path) -> None:
    site = make_site(tmp_path, "base_url: https://news.example/\ntimezone: UTC\n")
    front = "id: urn:x:1\nslug: a\ncategories: [World]\ndesk: Local\nLastMod: 2024-03-01\n"
    article_file(site, front)
    assert [d.format() for d in check_site(site, datetime(2026, 1, 1, tzinfo=UTC))] == [
        "content/a.md:6: note: `categories:` is not a newsgen key: its values are no topics "
        "(templates get it as article.extra) (name them `topics:`)",
        "content/a.md:8: note: `LastMod:` is not a newsgen key: it is not the date of the last "
        "update (templates get it as article.extra) (name it `updated:`)",
    ]
    assert build(site).diagnostics == (), "a build does not repeat notes"


@pytest.mark.parametrize(("value", "refused"), [("false", True), ("true", False), ("no", True)])
def test_published_false_of_another_generator_is_refused(
    tmp_path: Path, value: str, refused: bool
) -> None:
    site = make_site(tmp_path, "base_url: https://news.example/\ntimezone: UTC\nsearch: false\n")
    article_file(site, f"published: {value}\n")
    if not refused:
        build(site)
        assert (site.output_path / "2024/02/22/t/index.html").is_file()
        return
    with pytest.raises(NewsgenError) as caught:
        build(site)
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/a.md:4: error: `published: false` is not how newsgen holds an article back: "
        "it would be published (write `draft: true` instead)"
    ]
    assert not site.output_path.exists()


def test_check_warns_of_an_http_picture_on_an_https_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, "base_url: https://news.example/\ntimezone: UTC\n")
    article_file(site, "id: urn:x:1\nslug: a\nimage: http://cdn.example/a.jpg\nimage_alt: A\n")
    article_file(
        site, "id: urn:x:2\nslug: b\nimage: https://cdn.example/b.jpg\nimage_alt: B\n", "b.md"
    )
    assert [d.format() for d in check_site(site, datetime(2026, 1, 1, tzinfo=UTC))] == [
        "content/a.md:6: warning: the picture's address is http: browsers load it as https, or "
        "not at all (give its https address)"
    ]
