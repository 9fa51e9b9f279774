"""Fuzzing: any config, front matter, seed date or URL gives a result or newsgen's own error.

The seed reader's text and bytes, the article reader's text and bytes and slug_for already
have properties in test_seeds.py, test_articles.py and test_urls.py; these add structured
inputs (YAML with tags, anchors and aliases, typed values for every key, dates at the ends of
the calendar) and the URL and output-path functions. fuzz/fuzz_inputs.py runs the same
targets under atheris for as long as asked.
"""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config.fields import SCHEMA
from newsgen.config.site import SiteConfig, load_config
from newsgen.config.yamlsource import load_mapping
from newsgen.content.articles import parse_article_text
from newsgen.content.seeds import parse_seed_text
from newsgen.content.slugs import MAX_SLUG_LENGTH, slug_for, slug_problem
from newsgen.diagnostics import ContentError, NewsgenError
from newsgen.plan import urls

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_ALPHABET = st.sampled_from(
    [*"abcxyz019 :-?,[]{}&*!|>'\"#%@`\n\t\\<=~.", "\u00e9", "\u202e", "\x00", "\ufeff"]
)
YAML_TEXT = st.text(YAML_ALPHABET, max_size=120)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.dates()
    | st.datetimes(timezones=st.none() | st.just(UTC))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ANCHORED_YAML = st.sampled_from(
    [
        "title: &t T\ndate: 2024-01-01\nsummary: *t",
        "title: T\ndate: 2024-01-01\ntopics: &a [x, y]\ntags: *a",
        "base: &b {title: T}\n<<: *b\ndate: 2024-01-01",
        "title: !!python/object/apply:os.system [echo]\ndate: 2024-01-01",
        "title: !!binary aGVsbG8=\ndate: 2024-01-01",
        "title: !custom x\ndate: 2024-01-01",
        "? [a, b]\n: c",
        "title: T\ndate: 2024-01-01\ntitle: U",
        "&r [*r]",
        "a: &r [*r]",
        "title: T\ndate: 2024-02-30",
        "title: T\ndate: 0001-01-01T00:00:00+05:00",
        "title: T\ndate: 9999-12-31T23:00:00-05:00",
        "title: T\ndate: 2024-01-01\nupdated: 10000-01-01",
        "--- a\n--- b",
        "title: 'unterminated",
        "=",
        "!custom value",
    ]
)


def lines_of(text: str) -> int:
    return text.count("\n") + 2


def assert_own_error(error: NewsgenError, path: str, text: str) -> None:
    """newsgen's error: names the file, and a line inside it (0 for the whole file)."""
    assert error.diagnostics
    for diagnostic in error.diagnostics:
        assert diagnostic.path == path
        assert 0 <= diagnostic.line <= lines_of(text), diagnostic
        assert diagnostic.format().startswith(path)


# --- the YAML reader under front matter and the config ---------------------------------


@FUZZ
@given(YAML_TEXT | ANCHORED_YAML)
def test_any_yaml_gives_a_mapping_or_a_content_error(text: str) -> None:
    try:
        mapping = load_mapping(text, "content/x.md", first_line=2)
    except ContentError as exc:
        assert_own_error(exc, "content/x.md", "\n" + text)
        assert all(d.hint for d in exc.diagnostics), "every YAML error says how to fix it"
        return
    assert all(isinstance(key, str) for key in mapping.values)
    assert all(2 <= line <= lines_of(text) + 1 for line in mapping.lines.values())


def assert_config_usable_or_own_error(text: str) -> None:
    """`text` as newsgen.yaml loads into a usable config, or fails with newsgen's own error."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "newsgen.yaml").write_text(text, encoding="utf-8", errors="surrogateescape")
        try:
            config = load_config(root)
        except NewsgenError as exc:
            assert_own_error(exc, "newsgen.yaml", text)
            return
    assert_usable(config)


@FUZZ
@given(st.dictionaries(st.sampled_from([*sorted(SCHEMA), "other"]), VALUES, max_size=6))
def test_any_typed_config_gives_a_site_or_errors_at_lines_of_newsgen_yaml(
    values: dict[str, Any],
) -> None:
    assert_config_usable_or_own_error(yaml.safe_dump(values, allow_unicode=True))


@FUZZ
@given(YAML_TEXT | ANCHORED_YAML | st.binary(max_size=80).map(lambda b: b.decode("latin-1")))
def test_any_config_text_gives_a_site_or_errors_at_lines_of_newsgen_yaml(text: str) -> None:
    assert_config_usable_or_own_error(text)


PATTERN_PIECES = ["{slug}", "{year}", "{day}", "{", "}", "/", "//", ".", "..", "\\", "\x00"]
PATTERN_PIECES += ["https:", "a", "-", "%2e", "?", ":", " ", "#", "%"]


@FUZZ
@given(st.lists(st.sampled_from(PATTERN_PIECES), max_size=10).map("".join))
def test_any_article_path_gives_pages_that_can_be_written_or_an_error(pattern: str) -> None:
    assert_config_usable_or_own_error(yaml.safe_dump({"article_path": pattern}))


def assert_usable(config: SiteConfig) -> None:
    """A config that loads can be built: its folders are apart, its zone and pattern work."""
    assert config.output_path.resolve().is_relative_to(config.root.resolve())
    assert config.output_path.resolve() != config.root.resolve()
    assert config.zone.key == config.timezone
    url = urls.article(config, "slug", datetime(2024, 2, 22, tzinfo=UTC))
    urls.output_file(url)
    assert not set("?#:%") & set(url), "a link would read part of the path as URL syntax"
    assert urls.absolute(config, url).startswith(config.base_url)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("=", "a value tagged tag:yaml.org,2002:value"),
        ("!custom value", "a value tagged !custom"),
        ("!!binary x", "a value tagged tag:yaml.org,2002:binary"),
        ("12", "a int"),
        ("[1]", "a list"),
    ],
)
def test_a_block_that_is_not_a_mapping_is_named_without_being_built(text: str, kind: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_mapping(text, "content/x.md", first_line=2)
    assert caught.value.diagnostics[0].format() == (
        f"content/x.md:2: error: expected a mapping of keys to values, got {kind} "
        "(write `key: value` lines, e.g. `title: Example`"
        + (", not `- ` list items)" if kind == "a list" else ")")
    )


# --- front matter with typed values ------------------------------------------------------


FRONT_KEYS = ["title", "date", "topics", "tags", "summary", "author", "slug", "updated"]
FRONT_KEYS += ["draft", "source_url", "image", "format", "seed", "seed_sha256", "extra"]


@FUZZ
@given(
    st.dictionaries(st.sampled_from(FRONT_KEYS), VALUES, max_size=8),
    st.text(max_size=60),
)
def test_any_typed_front_matter_gives_an_article_or_errors_at_its_lines(
    fields: dict[str, Any], body: str
) -> None:
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body
    config = SiteConfig(root=Path("/site"), timezone="Pacific/Kiritimati")
    try:
        loaded = parse_article_text(text, "content/x.md", config)
    except ContentError as exc:
        assert_own_error(exc, "content/x.md", text)
        return
    article = loaded.article
    assert slug_problem(article.slug) == ""
    assert article.date.tzinfo is not None
    article.date.astimezone(config.zone)
    urls.output_file(urls.article(config, article.slug, article.date))
    assert all(name and name == " ".join(name.split()) for name in article.topics)


@FUZZ
@given(ANCHORED_YAML, st.text(max_size=30))
def test_anchors_tags_and_merges_in_front_matter_give_an_article_or_an_error(
    front: str, body: str
) -> None:
    text = f"---\n{front}\n---\n{body}"
    try:
        parse_article_text(text, "content/x.md", SiteConfig(root=Path("/site")))
    except ContentError as exc:
        assert_own_error(exc, "content/x.md", text)


# --- seed dates at the ends of the calendar ----------------------------------------------


OFFSETS = st.sampled_from(["", "Z", "+14:00", "-12:00", "+05:30", "-00:01"])


@FUZZ
@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
    OFFSETS,
    st.sampled_from(["UTC", "Pacific/Kiritimati", "America/Adak", "Europe/Berlin"]),
)
def test_any_seed_date_gives_an_article_in_range_or_a_line_error(
    moment: datetime, offset: str, zone: str
) -> None:
    text = f"A title\n{moment.isoformat(timespec='seconds')}{offset}\n\nBody text.\n"
    config = SiteConfig(root=Path("/site"), timezone=zone)
    try:
        loaded = parse_seed_text(text, "seeds/x.txt", config)
    except ContentError as exc:
        assert [d.line for d in exc.diagnostics] == [2]
        assert "out of range" in exc.diagnostics[0].message
        return
    loaded.article.date.astimezone(UTC)
    loaded.article.date.astimezone(config.zone)


@pytest.mark.parametrize(
    ("line", "zone", "accepted"),
    [
        ("0001-01-01T00:00:00Z", "UTC", True),
        ("0001-01-01T00:00:00Z", "America/New_York", False),
        ("0001-01-01T06:00:00", "Asia/Tokyo", False),
        ("0001-01-01T12:00:00", "Asia/Tokyo", True),
        ("9999-12-31T23:59:00", "UTC", True),
        ("9999-12-31T23:59:00-00:01", "UTC", False),
        ("9999-12-31T20:00:00Z", "Asia/Tokyo", False),
    ],
)
def test_a_date_is_accepted_only_when_it_exists_in_utc_and_the_site_zone(
    line: str, zone: str, accepted: bool
) -> None:
    """Before a zone's first rule its local mean time applies: Tokyo is 9:18:59 ahead."""
    config = SiteConfig(root=Path("/site"), timezone=zone)
    text = f"---\ntitle: T\ndate: {line}\n---\nx\n"
    try:
        parse_article_text(text, "content/x.md", config)
    except ContentError as exc:
        assert not accepted
        assert [d.format().split(": ", 2)[2][:24] for d in exc.diagnostics] == [
            "`date` is out of range: "
        ]
        return
    assert accepted


# --- URLs, output paths and slugs ----------------------------------------------------------


URL_TEXT = st.text(st.sampled_from([*"/.\\\x00%a-_~:", "\u2024", "\uff0e"]), max_size=30)


@FUZZ
@given(URL_TEXT | st.text(max_size=40))
def test_an_output_path_never_leaves_the_output_folder(url: str) -> None:
    try:
        relative = urls.output_file(url)
    except urls.UnsafePathError:
        return
    assert not relative.is_absolute()
    assert all(part not in ("", ".", "..") and not part.startswith(".") for part in relative.parts)
    assert "\\" not in str(relative) and "\x00" not in str(relative)
    root = Path("/srv/build")
    assert (root / relative).resolve().is_relative_to(root)


@FUZZ
@given(st.text(max_size=200), st.sampled_from(["article", "topic"]))
def test_every_slug_makes_urls_of_exactly_its_own_folder(text: str, kind: str) -> None:
    slug = slug_for(text, kind)
    assert slug_problem(slug) == "" and len(slug) <= MAX_SLUG_LENGTH
    assert urls.output_file(urls.topic(slug)) == PurePosixPath("topics", slug, "index.html")
    assert urls.output_file(urls.topic_feed(slug)) == PurePosixPath("topics", slug, "feed.xml")


@FUZZ
@given(st.text(max_size=90))
def test_a_slug_is_accepted_only_when_it_is_a_safe_folder_name(slug: str) -> None:
    if slug_problem(slug):
        return
    assert slug == slug.lower() and slug.isascii() and slug.strip("-") == slug
    assert urls.output_file(f"/{slug}/") == PurePosixPath(slug, "index.html")


@FUZZ
@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.just(timezone(timedelta(hours=-12))) | st.just(UTC),
    ),
    st.sampled_from(["{year}/{month}/{day}/{slug}/", "{slug}/", "news/{year}/{slug}/"]),
    st.sampled_from(["UTC", "Pacific/Kiritimati", "America/Adak"]),
)
def test_an_article_url_is_a_safe_path_for_any_date_in_range(
    moment: datetime, pattern: str, zone: str
) -> None:
    config = SiteConfig(root=Path("/site"), article_path=pattern, timezone=zone)
    url = urls.article(config, "a-slug", moment)
    relative = urls.output_file(url)
    assert relative.parts[-2:] == ("a-slug", "index.html")


# --- the atheris target, driven without atheris ----------------------------------------------


FUZZ_TARGET = Path(__file__).parents[1] / "fuzz" / "fuzz_inputs.py"


class FakeProvider:
    """What fuzz_inputs.py uses of atheris.FuzzedDataProvider, over plain bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def ConsumeBytes(self, count: int) -> bytes:  # noqa: N802 (atheris' names)
        taken, self.data = self.data[:count], self.data[count:]
        return taken

    def ConsumeIntInRange(self, low: int, high: int) -> int:  # noqa: N802
        first = self.ConsumeBytes(1)
        return low + (first[0] if first else 0) % (high - low + 1)

    def ConsumeUnicode(self, count: int) -> str:  # noqa: N802
        return self.ConsumeBytes(count * 4).decode("utf-8", "surrogateescape")

    def ConsumeUnicodeNoSurrogates(self, count: int) -> str:  # noqa: N802
        return self.ConsumeBytes(count * 4).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def fuzz_target() -> Iterator[ModuleType]:
    """fuzz/fuzz_inputs.py imported with a stand-in for atheris, its folders made as main() does."""
    stub = ModuleType("atheris")
    stub.instrument_imports = contextlib.nullcontext  # type: ignore[attr-defined]
    stub.FuzzedDataProvider = FakeProvider  # type: ignore[attr-defined]
    spec = importlib.util.spec_from_file_location("fuzz_inputs", FUZZ_TARGET)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "atheris", stub)
        spec.loader.exec_module(module)
    (module.ROOT / "seeds").mkdir()
    (module.ROOT / "content").mkdir()
    yield module
    shutil.rmtree(module.ROOT)


VALID_INPUTS = {
    "seed_text": b"A title\n2024-02-22\n\nBody text.\n",
    "seed_bytes": b"A title\n2024-02-22\n\nBody text.\n",
    "article_text": b"title: T\ndate: 2024-02-22\n---\nBody.\n",
    "article_bytes": b"---\ntitle: T\ndate: 2024-02-22\n---\nBody.\n",
    "config": b"title: T\ntimezone: Europe/Berlin\n",
    "yaml_block": b"title: T\n",
    "output_path": b"/2024/02/22/a-slug/",
    "slugs": b"Minister resigns",
}


@pytest.mark.parametrize("name", list(VALID_INPUTS))
def test_each_atheris_target_reads_a_valid_input_without_an_error(
    fuzz_target: ModuleType, name: str
) -> None:
    """Each target really reaches its reader: a valid input passes every check it makes."""
    target = getattr(fuzz_target, name)
    assert target in fuzz_target.TARGETS
    target(FakeProvider(VALID_INPUTS[name]))


@FUZZ
@given(st.integers(min_value=0, max_value=7), st.binary(max_size=300))
def test_the_atheris_entry_point_gives_a_result_or_newsgen_own_error(
    fuzz_target: ModuleType, index: int, data: bytes
) -> None:
    """one_input, as atheris calls it: anything but a NewsgenError fails the test."""
    assert len(fuzz_target.TARGETS) == 8
    fuzz_target.one_input(bytes([index]) + data)
