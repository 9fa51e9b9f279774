"""Tests for newsgen.yaml loading: defaults, validation messages, did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsgen.config.site import SiteConfig, TopicSpec, find_site_root, load_config
from newsgen.config.yamlsource import SAFE_LOADER
from newsgen.diagnostics import NewsgenError
from sitegen import build, generated_site


def write_config(root: Path, text: str) -> Path:
    (root / "newsgen.yaml").write_text(text, encoding="utf-8")
    return root


LIBYAML = pytest.mark.skipif(
    SAFE_LOADER is yaml.SafeLoader, reason="the problem is in libyaml's words"
)


def messages(root: Path) -> list[str]:
    with pytest.raises(NewsgenError) as caught:
        load_config(root)
    return [d.format() for d in caught.value.diagnostics]


def test_folder_without_config_is_a_site_with_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == SiteConfig(root=tmp_path.resolve())
    assert (config.per_page, config.archive_per_page, config.index_per_page) == (20, 50, 300)
    assert config.timezone == "UTC"
    assert config.content_path == tmp_path.resolve() / "content"


@pytest.mark.parametrize(("written", "read"), [("en_GB", "en-GB"), ("sr_Latn", "sr-Latn")])
def test_a_language_with_an_underscore_is_read_as_the_language_tag(
    tmp_path: Path, written: str, read: str
) -> None:
    """`lang`, `xml:lang` and RSS `<language>` take a BCP 47 tag: `en_GB` in them is invalid."""
    write_config(tmp_path, f"language: {written}\n")
    assert load_config(tmp_path).language == read


def test_every_key_is_read(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        "title: Daily\nbase_url: https://news.example.org/archive\nlanguage: uk\n"
        "timezone: Europe/Kyiv\nper_page: 15\narchive_per_page: 60\nfeed_items: 30\nmax_topics: 4\n"
        "index_per_page: 120\n"
        "author: Desk\npublisher: Example Media\narticle_path: '{year}/{slug}'\n"
        "topics:\n  - NATO\n  - name: Ukraine\n    aliases: [Ukrainian, Ukrainians]\n"
        "noise:\n  - '^Read more:.*$'\nsearch: false\nparams:\n  accent: red\n",
    )
    config = load_config(tmp_path)
    assert config.title == "Daily"
    assert config.base_url == "https://news.example.org/archive/"
    assert (config.language, config.timezone, config.per_page) == ("uk", "Europe/Kyiv", 15)
    assert (config.archive_per_page, config.index_per_page) == (60, 120)
    assert config.article_path == "{year}/{slug}/"
    assert config.topics == (TopicSpec("NATO"), TopicSpec("Ukraine", ("Ukrainian", "Ukrainians")))
    assert config.noise == ("^Read more:.*$",)
    assert config.search is False
    assert config.extra == (("accent", "red"),)


def test_unknown_key_suggests_the_close_one(tmp_path: Path) -> None:
    write_config(tmp_path, "title: x\nper_pag: 3\n")
    assert messages(tmp_path) == [
        "newsgen.yaml:2: error: unknown key `per_pag` (did you mean `per_page`?)"
    ]


def test_every_problem_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        "title: 5\nper_page: zero\ntimezone: Mars/Base\nbase_url: example.org\n"
        "language: xx-nope\nsearch: 'yes'\nmarkdown_raw_html: always\n",
    )
    assert messages(tmp_path) == [
        "newsgen.yaml:1: error: `title` must be text, got int 5",
        "newsgen.yaml:2: error: `per_page` must be a whole number of at least 1, got str 'zero'",
        "newsgen.yaml:3: error: `timezone`: unknown timezone 'Mars/Base' "
        "(use an IANA name such as Europe/Kyiv)",
        "newsgen.yaml:4: error: `base_url` must be an absolute http(s) URL such as "
        "https://example.org/",
        "newsgen.yaml:5: error: `language`: unknown language code 'xx-nope' (use e.g. en, uk, de)",
        "newsgen.yaml:6: error: `search` must be true or false, got str 'yes'",
        "newsgen.yaml:7: error: `markdown_raw_html` must be false, true or trusted, "
        "got str 'always'",
    ]


ARTICLE_PATH_RULE = (
    "must be folder names inside the site, such as news/{year}/{slug}/ "
    "(no empty names, none starting with '.', no backslashes)"
)
FIELDS_RULE = "may only use the fields {year} {month} {day} {slug}"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("https://x.example/{slug}", f"{ARTICLE_PATH_RULE}, got 'https://x.example/{{slug}}'"),
        ("{slug}/..", f"{ARTICLE_PATH_RULE}, got '{{slug}}/..'"),
        ("../{slug}", f"{ARTICLE_PATH_RULE}, got '../{{slug}}'"),
        ("news//{slug}", f"{ARTICLE_PATH_RULE}, got 'news//{{slug}}'"),
        ("{slug}/.hidden", f"{ARTICLE_PATH_RULE}, got '{{slug}}/.hidden'"),
        ("news\\{slug}", f"{ARTICLE_PATH_RULE}, got 'news\\\\{{slug}}'"),
        ("{slug.__class__}/{slug}", FIELDS_RULE),
        ("{year:>999999999}/{slug}", FIELDS_RULE),
        ("{year!r}/{slug}", FIELDS_RULE),
        ("{0}/{slug}", FIELDS_RULE),
        ("{year/{slug}", FIELDS_RULE),
        (  # the build failed writing them on Windows
            "news/con/{slug}",
            "names a folder Windows cannot hold: Windows keeps the name `con` for a device, got "
            "'news/con/{slug}'",
        ),
        (
            "news*/{slug}",
            "names a folder Windows cannot hold: `*` is a character no file name may hold on "
            "Windows, got 'news*/{slug}'",
        ),
        (
            "news./{slug}",
            "names a folder Windows cannot hold: Windows drops a dot or a space at the end of a "
            "file name, got 'news./{slug}'",
        ),
        (  # the build failed writing the first page: "File name too long", free disk space
            f"{'n' * 200}/{{slug}}",
            "has a folder name longer than 175 bytes, which with a slug could be longer than a "
            f"file name can be, got '{'n' * 200}/{{slug}}'",
        ),
        (  # on macOS and Windows the articles' folders went among the topic pages
            "Topics/{slug}",
            "starts with `Topics`, which macOS and Windows take for newsgen's own folder "
            "`topics`, got 'Topics/{slug}' (use another name, or `topics` as it is spelt)",
        ),
    ],
)
def test_an_article_path_whose_pages_could_not_be_written_is_refused(
    tmp_path: Path, pattern: str, expected: str
) -> None:
    """Refused when the config is read, not with a traceback when the first page is written."""
    quoted = pattern.replace("\\", "\\\\")
    write_config(tmp_path, f'title: T\narticle_path: "{quoted}"\n')
    assert messages(tmp_path) == [f"newsgen.yaml:2: error: `article_path` {expected}"]


URL_CHARACTERS_RULE = (
    "must not hold '?', '#', ':' or '%', which a link reads as a query, a fragment, a scheme "
    "or an escape"
)
URL_CHARACTERS_HINT = "(use plain folder names, such as news/{year}/{slug}/)"


@pytest.mark.parametrize(
    "pattern",
    ["news?/{slug}", "{year}/{slug}#top", "news:{year}/{slug}", "news%20/{slug}", "{year}/%{slug}"],
)
def test_an_article_path_holding_url_syntax_is_refused(tmp_path: Path, pattern: str) -> None:
    """Pages under such a path are written, but links to them break or serve answers 404."""
    write_config(tmp_path, f'title: T\narticle_path: "{pattern}"\n')
    assert messages(tmp_path) == [
        f"newsgen.yaml:2: error: `article_path` {URL_CHARACTERS_RULE}, got {pattern!r} "
        f"{URL_CHARACTERS_HINT}"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("article_path: '{year}/x'\n", "`article_path` must contain {slug}"),
        ("article_path: '{author}/{slug}'\n", "may only use the fields"),
        ("noise: ['(unclosed']\n", "invalid regular expression '(unclosed'"),
        ("topics: NATO\n", "`topics` must be a list of topics"),
        ("topics:\n  - {name: X, alias: [y]}\n", "a topic is {name: text, aliases"),
        ("output_dir: ../elsewhere\n", "`output_dir` must be a folder inside the site"),
        ("output_dir: /tmp/out\n", "`output_dir` must be a folder inside the site"),
        ("per_page: true\n", "`per_page` must be a whole number"),
        ("archive_per_page: 0\n", "`archive_per_page` must be a whole number of at least 1, got"),
        (
            "index_per_page: -5\n",
            "`index_per_page` must be a whole number of at least 1, got int -5",
        ),
    ],
)
def test_invalid_values_are_explained(tmp_path: Path, text: str, expected: str) -> None:
    write_config(tmp_path, text)
    (message,) = messages(tmp_path)
    assert message.startswith("newsgen.yaml:")
    assert expected in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "title: [unclosed\n",
            "newsgen.yaml:2: error: invalid YAML: did not find expected ',' or ']' "
            "(close the bracket, or quote a value that starts with [ or {)",
            marks=LIBYAML,
        ),
        pytest.param(
            "title: Vote: the result\n",
            "newsgen.yaml:1: error: invalid YAML: mapping values are not allowed in this context "
            "(quote a value that holds ': ', e.g. `title: 'Vote: the result'`, and line up keys "
            "with their neighbours)",
            marks=LIBYAML,
        ),
        pytest.param(
            "title: T\n\tper_page: 5\n",
            "newsgen.yaml:2: error: invalid YAML: found a tab character that violates indentation "
            "(indent with spaces, not tabs)",
            marks=LIBYAML,
        ),
        (
            "<<: 1\n",
            "newsgen.yaml:1: error: invalid YAML: expected a mapping or list of mappings for "
            "merging, but found scalar (`<<:` merges only mappings: point it at a mapping's "
            "`*anchor`)",
        ),
        pytest.param(
            "title: T\ndescription: a\x07b\n",
            "newsgen.yaml:2: error: invalid YAML: unacceptable character #x0007: control "
            "characters are not allowed (remove that character from the line; it may be invisible)",
            marks=LIBYAML,
        ),
        (
            "- a list\n- not a mapping\n",
            "newsgen.yaml:1: error: expected a mapping of keys to values, got a list "
            "(write `key: value` lines, e.g. `title: Example`, not `- ` list items)",
        ),
        (
            "just text\n",
            "newsgen.yaml:1: error: expected a mapping of keys to values, got a str "
            "(write `key: value` lines, e.g. `title: Example`: a line without ': ' after its key "
            "is read as plain text)",
        ),
        (  # the line the quote opens on, not the end of the file where the scanner stops
            'title: "Harbour Times\ndescription: News\nper_page: 5\n',
            "newsgen.yaml:1: error: invalid YAML: found unexpected end of stream (close the "
            "quote: a value must end with the quote mark it starts with)",
        ),
        (  # the line without its colon, not the one after it
            "title: T\nthis line has no colon\nper_page: 5\n",
            "newsgen.yaml:2: error: invalid YAML: could not find expected ':' (write ': ' after "
            "each key, and indent each further line of a long value)",
        ),
        (
            "1: one\n",
            "newsgen.yaml:1: error: keys must be text, got 1 (quote the key, e.g. `'1': ...`)",
        ),
        (
            "title: T\n[a]: b\n",
            "newsgen.yaml:2: error: keys must be text, got ['a'] "
            "(write the key as a plain word, e.g. `title:`, or quote it)",
        ),
    ],
)
def test_malformed_yaml_is_an_error_not_a_traceback(
    tmp_path: Path, text: str, expected: str
) -> None:
    write_config(tmp_path, text)
    assert messages(tmp_path) == [expected]


def test_empty_config_file_gives_defaults(tmp_path: Path) -> None:
    write_config(tmp_path, "# nothing set yet\n")
    assert load_config(tmp_path) == SiteConfig(root=tmp_path.resolve())


def test_site_root_is_found_from_a_subfolder(tmp_path: Path) -> None:
    write_config(tmp_path, "title: x\n")
    nested = tmp_path / "content" / "2024"
    nested.mkdir(parents=True)
    assert find_site_root(nested) == tmp_path.resolve()


def test_without_config_there_is_no_site_root(tmp_path: Path) -> None:
    assert find_site_root(tmp_path) is None  # the command line refuses: see test_outside_site


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: a\ntitle: b\n",
            "newsgen.yaml:2: error: `title` is given twice (keep one of them)",
        ),
        (
            "title: a\nparams:\n  launch: 2024-02-30\n",
            "newsgen.yaml:2: error: `params` is not valid: day is out of range for month "
            "(write a date that exists, e.g. 2024-02-29, or quote the value to keep it as text)",
        ),
        (
            "title: a\nparams: !!bool maybe\n",
            "newsgen.yaml:2: error: `params` is not valid: the value does not fit its `!!` tag "
            "(fix the value, or quote it (without a `!!` tag) to keep it as text)",
        ),
        (
            "title: a\nparams: !!timestamp soon\n",
            "newsgen.yaml:2: error: `params` is not valid: the value does not fit its `!!` tag "
            "(fix the value, or quote it (without a `!!` tag) to keep it as text)",
        ),
    ],
)
def test_repeated_keys_and_impossible_values_are_reported_at_their_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    write_config(tmp_path, text)
    assert messages(tmp_path) == [expected]


def test_pythons_yaml_loader_refuses_a_control_character_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's loader (used without libyaml) checks the characters as it starts."""
    monkeypatch.setattr("newsgen.config.yamlsource.SAFE_LOADER", yaml.SafeLoader)
    write_config(tmp_path, "title: T\ndescription: a\x07b\n")
    assert messages(tmp_path) == [
        "newsgen.yaml:2: error: invalid YAML: unacceptable character #x0007: special "
        "characters are not allowed (remove that character from the line; it may be invisible)"
    ]


@pytest.mark.parametrize("loader", [SAFE_LOADER, yaml.SafeLoader], ids=["newsgen's", "Python's"])
@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ('title: "Harbour Times\ndescription: News\n', 1, "close the quote"),
        ("title: T\nno colon here\nper_page: 5\n", 2, "write ': ' after each key"),
        ("title: T\ndescription\n\tper_page: 5\n", 3, "indent with spaces, not tabs"),
        ('title: T\ndescription: "a\n...\nper_page: 5\n', 3, "check the quotes"),
    ],
)
def test_a_yaml_error_is_at_the_line_to_mend_with_either_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loader: type, text: str, line: int, hint: str
) -> None:
    """A quote left open is at the line it opens, a key without its colon at its own line (the
    scanner stops later); a tab, or a `...` line inside a quote, at its own line."""
    monkeypatch.setattr("newsgen.config.yamlsource.SAFE_LOADER", loader)
    write_config(tmp_path, text)
    [message] = messages(tmp_path)
    assert message.startswith(f"newsgen.yaml:{line}: error: invalid YAML: ")
    assert f"({hint}" in message


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_lines_are_counted_as_an_editor_counts_them(tmp_path: Path, separator: str) -> None:
    """YAML also breaks lines at NEL, LS and PS; an editor shows them inside a line."""
    write_config(tmp_path, f'description: "a{separator}b{separator}c"\nper_page: zero\n')
    assert messages(tmp_path) == [
        "newsgen.yaml:2: error: `per_page` must be a whole number of at least 1, got str 'zero'"
    ]


def test_a_parse_error_after_a_yaml_only_line_break_is_at_the_editors_line(
    tmp_path: Path,
) -> None:
    write_config(tmp_path, 'description: "a\x85b"\ntitle: x\n  bad: indent\n')
    assert messages(tmp_path)[0].startswith("newsgen.yaml:3: error: invalid YAML")


def test_a_count_past_the_largest_allowed_is_refused_and_the_largest_builds(
    tmp_path: Path,
) -> None:
    """feed_items: 10**19 passed the check and stopped the build with a traceback (a slice
    cannot take it); every count now has a ceiling, and a site set to it builds."""
    write_config(tmp_path, "per_page: 1000000001\nfeed_items: 10000000000000000000\n")
    assert messages(tmp_path) == [
        "newsgen.yaml:1: error: `per_page` must be a whole number from 1 to 1,000,000,000, "
        "got int 1000000001",
        "newsgen.yaml:2: error: `feed_items` must be a whole number from 1 to 1,000,000,000, "
        "got int 10000000000000000000",
    ]
    counts = ("per_page", "archive_per_page", "index_per_page", "feed_items", "max_topics")
    config = generated_site(tmp_path / "big", 3, "".join(f"{k}: 1000000000\n" for k in counts))
    assert build(config).pages > 0


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example:99999/",  # past the last port, 65535
        "https://news.example:abc/",
        "https://editor:secret@news.example/",  # the password in every link and feed
        "https://:8080/",  # a port and no host
    ],
)
def test_a_base_url_no_browser_could_follow_or_holding_a_password_is_refused(
    tmp_path: Path, url: str
) -> None:
    """Each was published as it is in every canonical link, feed and sitemap."""
    write_config(tmp_path, f"title: T\nbase_url: '{url}'\n")
    assert messages(tmp_path) == [
        "newsgen.yaml:2: error: `base_url` must be an absolute http(s) URL such as "
        "https://example.org/"
    ]


@pytest.mark.parametrize("name", ["localtime", "posixrules"])
def test_the_machines_own_zone_is_no_site_timezone(tmp_path: Path, name: str) -> None:
    """ZoneInfo('localtime') reads /usr/share/zoneinfo/localtime, the zone this machine is set
    to: a site built on a laptop in Kyiv and on a server in UTC had other dates and URLs."""
    write_config(tmp_path, f"timezone: {name}\n")
    assert messages(tmp_path) == [
        f"newsgen.yaml:1: error: `timezone`: '{name}' is this machine's setting, not a zone: "
        "another machine would date and file the articles otherwise (use an IANA name such as "
        "Europe/Kyiv)"
    ]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (
            "Etc/GMT+2",
            "newsgen.yaml:2: warning: timezone Etc/GMT+2 is UTC-02:00, not UTC+02:00: the sign of "
            "the Etc/GMT zones is written backwards (keep it if UTC-02:00 is meant; for "
            "UTC+02:00 write Etc/GMT-2, or better the zone of the newsroom's city (Europe/Kyiv), "
            "whose summer time it follows)",
        ),
        ("Etc/GMT-14", "newsgen.yaml:2: warning: timezone Etc/GMT-14 is UTC+14:00, not UTC-14:00"),
    ],
)
def test_an_etc_gmt_timezone_warns_that_its_sign_is_backwards(
    tmp_path: Path, zone: str, expected: str
) -> None:
    """`timezone: Etc/GMT+2` for a newsroom at UTC+2 dated every article four hours off (and
    filed those of the evening under the next day) without a word."""
    write_config(tmp_path, f"base_url: https://news.example/\ntimezone: {zone}\n")
    (found,) = load_config(tmp_path).warnings
    assert found.format().startswith(expected)


@pytest.mark.parametrize("zone", ["Europe/Kyiv", "Etc/GMT", "Etc/GMT+0", "Etc/UTC", "UTC"])
def test_other_timezones_warn_of_nothing(tmp_path: Path, zone: str) -> None:
    write_config(tmp_path, f"base_url: https://news.example/\ntimezone: {zone}\n")
    assert load_config(tmp_path).warnings == ()
