"""Tests for the raw seed reader: the shipped seed, format variants, and bad input."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.config.site import SiteConfig, load_config
from newsgen.content.dates import DATE_FORMS_HINT
from newsgen.content.seeds import parse_seed_text, read_seed, seed_sha256
from newsgen.diagnostics import ContentError, Level
from newsgen.model import BodyFormat
from seedutil import REPO, SHIPPED_SEED, make_site

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    return make_site(tmp_path, "timezone: Europe/Kyiv\nauthor: Desk\n")


def seed(site: SiteConfig, text: str | bytes, name: str = "s.txt") -> Path:
    path = site.root / "seeds" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def messages(loaded_diagnostics: tuple[object, ...]) -> list[str]:
    return [d.format() for d in loaded_diagnostics]  # type: ignore[attr-defined]


class TestShippedSeed:
    def test_title_date_and_paragraphs(self) -> None:
        loaded = read_seed(SHIPPED_SEED, load_config(REPO))
        article = loaded.article
        assert article.title == (
            "NATO confirms that Secretary General Stoltenberg recognises Ukraine's right "
            "to strike targets in Russia"
        )
        assert article.date == datetime(2024, 2, 22, tzinfo=KYIV)
        assert article.date.tzinfo == KYIV
        paragraphs = article.body.split("\n\n")
        assert len(paragraphs) == 8
        assert paragraphs[0].startswith("A NATO spokesman has confirmed to the Financial Times")
        assert paragraphs[-1].startswith("Earlier, NATO Secretary General Jens Stoltenberg the US")
        assert article.body_format is BodyFormat.TEXT
        assert article.source_path == "seeds/000_57c0f1ecf4af32e7.txt"
        assert article.slug == (
            "nato-confirms-that-secretary-general-stoltenberg-recognises-ukraines-right-to"
        )
        assert (article.authors, article.body_line) == ((), 5)

    def test_every_paragraph_is_the_file_text_without_nbsp_or_trailing_spaces(self) -> None:
        raw = SHIPPED_SEED.read_text(encoding="utf-8").split("\n\n")
        kept = [block.replace("\u00a0", " ").strip() for block in raw[2:]]
        kept = [block for block in kept if "Advertisement:" not in block]
        body = read_seed(SHIPPED_SEED, load_config(REPO)).article.body
        assert body.split("\n\n") == [" ".join(block.split()) for block in kept]

    def test_summary_is_the_first_paragraph_cut_at_a_word(self) -> None:
        summary = read_seed(SHIPPED_SEED, load_config(REPO)).article.summary
        assert summary == (
            "A NATO spokesman has confirmed to the Financial Times that NATO Secretary General "
            "Jens Stoltenberg was indeed referring to Ukraine's right to self-defence, including "
            "striking legitimate Russian…"
        )

    def test_noise_is_gone_and_reported(self) -> None:
        loaded = read_seed(SHIPPED_SEED, load_config(REPO))
        assert "Advertisement" not in loaded.article.body
        assert "Ctrl + Enter" not in loaded.article.body
        assert "\u00a0" not in loaded.article.body
        notes = [d.format() for d in loaded.diagnostics if d.level is Level.NOTE]
        assert notes == [
            "seeds/000_57c0f1ecf4af32e7.txt:13: note: removed noise: 'Advertisement:'",
            "seeds/000_57c0f1ecf4af32e7.txt:23: note: removed noise: 'If you notice an error, "
            "select the required text and press Ctrl + Enter to report it to the editors.'",
            "seeds/000_57c0f1ecf4af32e7.txt:24: note: removed noise: 'Advertisement:'",
        ]

    def test_damage_is_kept_verbatim_and_flagged(self) -> None:
        loaded = read_seed(SHIPPED_SEED, load_config(REPO))
        assert "military targetpassionately urged s in Russia" in loaded.article.body
        warnings = [d.format() for d in loaded.diagnostics if d.level is Level.WARNING]
        assert warnings == [
            "seeds/000_57c0f1ecf4af32e7.txt:19: warning: possible words run together: "
            '"targetpassionately" ("target passionately"?) (kept as written; fix it by hand)',
            'seeds/000_57c0f1ecf4af32e7.txt:19: warning: stray letter "s" in "urged s in" '
            "(kept as written; fix it by hand)",
        ]

    @pytest.mark.parametrize("vocabulary", [True, False])
    def test_topics(self, vocabulary: bool) -> None:
        config = load_config(REPO)
        if not vocabulary:
            config = SiteConfig(root=REPO, timezone="Europe/Kyiv")
        article = read_seed(SHIPPED_SEED, config).article
        topics = (*article.topics, *article.candidate_topics)
        for expected in ("NATO", "Ukraine", "Russia", "Jens Stoltenberg"):
            assert expected in topics
        bad = {"Thursday", "February", "Advertisement", "Earlier", "These", "In", "However", "A"}
        assert not bad & set(topics)
        assert len(article.topics) <= config.max_topics


DATE_LINES = [
    ("Thursday, 22 February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("22 February 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("February 22, 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("2024-02-22", datetime(2024, 2, 22, tzinfo=KYIV)),
    (
        "2024-02-22T10:30:00+02:00",
        datetime(2024, 2, 22, 10, 30, tzinfo=timezone(timedelta(hours=2))),
    ),
    ("2024-02-22T08:30:00Z", datetime(2024, 2, 22, 8, 30, tzinfo=UTC)),
    ("22.02.2024 14:35", datetime(2024, 2, 22, 14, 35, tzinfo=KYIV)),
    (
        "Thu, 22 Feb 2024 10:30:00 +0200",
        datetime(2024, 2, 22, 10, 30, tzinfo=timezone(timedelta(hours=2))),
    ),
    ("22 лютого 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("четвер, 22 лютого 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("22 февраля 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("22. Februar 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
    ("Donnerstag, 22. Februar 2024", datetime(2024, 2, 22, tzinfo=KYIV)),
]


@pytest.mark.parametrize(("line", "expected"), DATE_LINES)
def test_date_forms(site: SiteConfig, line: str, expected: datetime) -> None:
    article = read_seed(seed(site, f"Title\n\n{line}\n\nBody.\n"), site).article
    assert article.date == expected
    assert article.date.utcoffset() == expected.utcoffset()


def test_weekday_that_contradicts_the_date_is_a_warning(site: SiteConfig) -> None:
    loaded = read_seed(seed(site, "Title\nFriday, 22 February 2024\n\nBody.\n"), site)
    assert loaded.article.date == datetime(2024, 2, 22, tzinfo=KYIV)
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:2: warning: the date line names 'friday' but 22 February 2024 is a "
        "Thursday (check which of the two is right)"
    ]


def test_an_update_dated_before_publication_is_a_warning_at_its_line(site: SiteConfig) -> None:
    """An `Updated` line earlier than the published one made a page "Updated" before it was
    published (a dateModified before its datePublished), without a word: front matter warns."""
    text = (
        "Storm hits coast\n\nPublished March 3, 2024 10:00 a.m. EST\n"
        "Updated March 3, 2024 9:00 a.m. EST\n\nBody.\n"
    )
    loaded = read_seed(seed(site, text), site)
    assert loaded.article.updated == datetime(2024, 3, 3, 9, tzinfo=timezone(timedelta(hours=-5)))
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:4: warning: the `Updated` date is before the date the seed was published "
        "(fix the date of one of the two lines)"
    ]


def test_an_update_without_a_time_on_the_day_of_publication_is_not_before_it(
    site: SiteConfig,
) -> None:
    """`Updated: 3 March 2024` under `Published: 3 March 2024 10:00` was read as midnight: the
    page was modified (dateModified, sitemap lastmod, Atom updated) ten hours before it was
    published, and the feeds listed it below the stories published in between."""
    text = "Title\n\nPublished: 3 March 2024 10:00\nUpdated: 3 March 2024\n\nBody.\n"
    loaded = read_seed(seed(site, text), site)
    assert loaded.article.updated == loaded.article.date == datetime(2024, 3, 3, 10, tzinfo=KYIV)
    assert loaded.diagnostics == ()
    later = "Title\n\nPublished: 3 March 2024 10:00\nUpdated: 4 March 2024\n\nBody.\n"
    assert read_seed(seed(site, later), site).article.updated == datetime(2024, 3, 4, tzinfo=KYIV)


def test_an_update_on_or_after_publication_is_no_warning(site: SiteConfig) -> None:
    text = "Title\n\nPublished: 3 March 2024 10:00\nUpdated: 3 March 2024 10:00\n\nBody.\n"
    assert read_seed(seed(site, text), site).diagnostics == ()


def test_an_update_line_whose_weekday_contradicts_its_date_is_a_warning(site: SiteConfig) -> None:
    """Only the published line's weekday was checked: `Updated: Tuesday, 26 February 2024`, a
    Monday, passed without a word (the weekday or the day is wrong)."""
    text = "Title\nThursday, 22 February 2024\nUpdated: Tuesday, 26 February 2024\n\nBody.\n"
    loaded = read_seed(seed(site, text), site)
    assert loaded.article.updated == datetime(2024, 2, 26, tzinfo=KYIV)
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:3: warning: the date line names 'tuesday' but 26 February 2024 is a "
        "Monday (check which of the two is right)"
    ]


def test_byline_becomes_the_author(site: SiteConfig) -> None:
    article = read_seed(seed(site, "Title\n22 February 2024\nBy Jane Doe\n\nBody.\n"), site).article
    assert article.authors == ("Jane Doe",)
    assert article.body == "Body."


def test_byline_before_the_date(site: SiteConfig) -> None:
    article = read_seed(
        seed(site, "Title\nBy Jane Doe and John Roe\n2024-02-22\n\nBody.\n"), site
    ).article
    assert article.authors == ("Jane Doe", "John Roe")


def test_without_byline_no_author_is_given_not_even_the_sites_default(site: SiteConfig) -> None:
    assert site.author == "Desk"
    assert read_seed(seed(site, "T\n2024-02-22\n\nBody.\n"), site).article.authors == ()


def test_crlf_bom_and_nbsp(site: SiteConfig) -> None:
    text = "\ufeffTitle\r\n\r\n22 February 2024\r\n\r\nOne\u00a0two.  \r\nthree\r\n\r\nFour.\r\n"
    article = read_seed(seed(site, text), site).article
    assert article.title == "Title"
    assert article.body == "One two. three\n\nFour."


def test_hard_wrapped_paragraphs_are_joined(site: SiteConfig) -> None:
    text = "T\n2024-02-22\n\n  First line\n  continues here.\n\n  Second.\n"
    assert read_seed(seed(site, text), site).article.body == "First line continues here.\n\nSecond."


def test_leading_blank_lines_and_spaces(site: SiteConfig) -> None:
    article = read_seed(seed(site, "\n\n   \n  Title  \n\n2024-02-22\n\nBody.\n"), site).article
    assert (article.title, article.body) == ("Title", "Body.")


def test_cp1252_is_decoded_with_a_warning(site: SiteConfig) -> None:
    data = "Café news\n2024-02-22\n\nIt cost 5 \u20ac.\n".encode("cp1252")
    loaded = read_seed(seed(site, data), site)
    assert loaded.article.title == "Café news"
    assert loaded.article.body == "It cost 5 €."
    assert messages(loaded.diagnostics)[0] == (
        "seeds/s.txt:1: warning: not valid UTF-8: decoded as cp1252 "
        "(re-save the file as UTF-8 if any character looks wrong)"
    )


def test_config_noise_patterns_are_removed_and_noted(tmp_path: Path) -> None:
    site = make_site(tmp_path, "noise:\n  - 'Read more: .*'\n  - '\\(c\\) Example Media'\n")
    text = "T\n2024-02-22\n\nBody.\n\nRead more: other story\n\n(c) Example Media\n"
    loaded = read_seed(seed(site, text), site)
    assert loaded.article.body == "Body."
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:6: note: removed noise: 'Read more: other story'",
        "seeds/s.txt:8: note: removed noise: '(c) Example Media'",
    ]


def test_noise_inside_a_paragraph_splits_it(site: SiteConfig) -> None:
    text = "T\n2024-02-22\n\nOne.\nADVERTISEMENT\nTwo.\n"
    assert read_seed(seed(site, text), site).article.body == "One.\n\nTwo."


def test_a_line_that_only_mentions_advertisement_is_kept(site: SiteConfig) -> None:
    text = "T\n2024-02-22\n\nAdvertisement: the market grew.\n"
    assert read_seed(seed(site, text), site).article.body == "Advertisement: the market grew."


def test_summary_slug_and_body_line(site: SiteConfig) -> None:
    long_first = " ".join(["word"] * 80)
    article = read_seed(
        seed(site, f"Зеленський у Києві\n2024-02-22\n\n{long_first}\n"), site
    ).article
    assert article.slug == "zelenskii-u-kiievi"
    assert article.summary.endswith("…")
    assert len(article.summary) <= 200
    assert article.body_line == 4


def test_title_and_date_only_gives_an_empty_body(site: SiteConfig) -> None:
    article = read_seed(seed(site, "Title\n2024-02-22\n"), site).article
    assert (article.body, article.summary) == ("", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "",
            "seeds/s.txt: error: empty seed (a seed is a title line, a date line, then paragraphs)",
        ),
        (
            " \n\n \n",
            "seeds/s.txt: error: empty seed (a seed is a title line, a date line, then paragraphs)",
        ),
        ("Only a title\n", "seeds/s.txt:1: error: no date found after the title"),
        (
            "Title\n\nIn 2024 the NATO summit met.\n\nBody.\n",
            "seeds/s.txt:3: error: no date found after the title",
        ),
        ("Title\n\nMay Day rally\n", "seeds/s.txt:3: error: no date found after the title"),
        (
            "Title\n2024-02-30\n\nBody.\n",
            "seeds/s.txt:2: error: the date line 2024-02-30 is not a date: February 2024 has no "
            "day 30",
        ),
    ],
)
def test_seed_without_a_recognisable_date_is_an_error_not_a_guess(
    site: SiteConfig, text: str, expected: str
) -> None:
    with pytest.raises(ContentError) as caught:
        read_seed(seed(site, text), site)
    assert caught.value.diagnostics[0].format().startswith(expected)


def test_binary_file_is_refused(site: SiteConfig) -> None:
    with pytest.raises(ContentError, match="binary file"):
        read_seed(seed(site, b"\x89PNG\r\n\x1a\n\x00\x00"), site)


SEED_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400
) | st.builds(
    lambda title, date, body: f"{title}\n{date}\n\n{body}",
    st.text(max_size=60),
    st.sampled_from([line for line, _ in DATE_LINES] + ["", "32 February 2024", "By X"]),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(SEED_TEXT)
def test_no_text_makes_the_reader_raise_anything_but_a_content_error(text: str) -> None:
    config = SiteConfig(root=Path("/site"))
    try:
        loaded = parse_seed_text(text, "seeds/x.txt", config)
    except ContentError as exc:
        assert all(d.path == "seeds/x.txt" for d in exc.diagnostics)
        return
    assert loaded.article.date.tzinfo is not None
    assert loaded.article.title == loaded.article.title.strip()


def test_text_between_the_title_and_the_date_is_kept_as_body(site: SiteConfig) -> None:
    text = "Title\nA standfirst line.\nBy Jane Doe\n22 February 2024\n\nBody.\n"
    article = read_seed(seed(site, text), site).article
    assert (article.body, article.authors, article.body_line) == (
        "A standfirst line.\n\nBody.",
        ("Jane Doe",),
        2,
    )


def test_a_date_further_down_than_the_header_is_not_taken(site: SiteConfig) -> None:
    text = "Title\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\n22 February 2024\n\nBody.\n"
    with pytest.raises(ContentError) as caught:
        read_seed(seed(site, text), site)
    assert caught.value.diagnostics[0].format() == (
        "seeds/s.txt:3: error: no date found after the title (put the date on its own line "
        f"below the title; {DATE_FORMS_HINT})"
    )


def test_a_seed_that_starts_with_its_date_has_no_title(site: SiteConfig) -> None:
    with pytest.raises(ContentError) as caught:
        read_seed(seed(site, "\n22 February 2024\n\nBody text.\n"), site)
    assert caught.value.diagnostics[0].format() == (
        "seeds/s.txt:2: error: no title: the seed starts with its date (put the title first)"
    )


def test_a_date_as_the_title_is_fine_when_a_date_line_follows(site: SiteConfig) -> None:
    article = read_seed(seed(site, "2024-02-22\n2024-02-23\n\nBody.\n"), site).article
    assert (article.title, article.date.day) == ("2024-02-22", 23)


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, troops had withdrawn.",
        "By March 2025 the plan is due",
        "By the way",
        "By Gold al al.",  # particles stand before a surname: a name never ends with one
    ],
)
def test_sentences_starting_with_by_are_body_not_bylines(site: SiteConfig, line: str) -> None:
    article = read_seed(seed(site, f"T\n2024-02-22\n\n{line}\n"), site).article
    assert (article.authors, article.body) == ((), line)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("BY JANE DOE", ("JANE DOE",)),
        ("by J. R. Smith.", ("J. R. Smith",)),
        ("By Ludwig van Beethoven", ("Ludwig van Beethoven",)),
        ("By Maria de la Cruz", ("Maria de la Cruz",)),
        ("By Anna-Maria O’Neil & Bob Smith", ("Anna-Maria O’Neil", "Bob Smith")),
        ("By Олена Петренко", ("Олена Петренко",)),
    ],
)
def test_byline_forms(site: SiteConfig, line: str, authors: tuple[str, ...]) -> None:
    article = read_seed(seed(site, f"T\n2024-02-22\n\n{line}\n\nBody.\n"), site).article
    assert (article.authors, article.body) == (authors, "Body.")


def test_a_utf8_seed_cut_inside_its_last_character_keeps_its_letters(site: SiteConfig) -> None:
    """Read as cp1252, every Cyrillic letter would be mojibake and the date line lost."""
    whole = "Заголовок новини\n\n22 лютого 2024\n\nПерший абзац.\n\nДругий абзац обірв".encode()
    loaded = read_seed(seed(site, whole[:-1]), site)
    assert (loaded.article.title, loaded.article.date.day) == ("Заголовок новини", 22)
    assert loaded.article.body == "Перший абзац.\n\nДругий абзац обір\ufffd"
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:7: warning: the file ends inside a character, shown as U+FFFD (\ufffd): it "
        "was cut short (check that the article is complete, and save it again whole)"
    ]


def test_a_utf8_seed_with_a_line_in_cp1252_keeps_the_letters_of_both(site: SiteConfig) -> None:
    """Read whole as cp1252, every letter of the UTF-8 lines would be mojibake."""
    data = (
        "Café reopens\n\n2024-02-22\n\nThe café’s owner spoke.\n\n".encode()
        + "A naïve line pasted from elsewhere.\n\n".encode("cp1252")
        + "Thé end.\n".encode()
    )
    loaded = read_seed(seed(site, data), site)
    assert loaded.article.title == "Café reopens"
    assert loaded.article.body == (
        "The café’s owner spoke.\n\nA naïve line pasted from elsewhere.\n\nThé end."
    )
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:7: warning: not valid UTF-8, unlike the rest of the file: decoded as "
        "cp1252 (check the letters of this line that are not ASCII, and fix any that look "
        "wrong)"
    ]


def test_latin1_fallback_when_not_even_cp1252(site: SiteConfig) -> None:
    data = "Title\n2024-02-22\n\nOdd\u0081 byte.\n".encode("latin-1")
    loaded = read_seed(seed(site, data), site)
    assert loaded.article.body == "Odd\u0081 byte."
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:4: warning: not valid UTF-8: decoded as latin-1 "
        "(re-save the file as UTF-8 if any character looks wrong)",
        'seeds/s.txt:4: warning: control character U+0081 in "Odd\\x81 byte." '
        "(kept as written; fix it by hand)",
    ]


def test_line_numbers_are_those_of_the_original_file_with_crlf_and_bom(
    site: SiteConfig,
) -> None:
    text = "\ufeffTitle\r\n\r\n2024-02-22\r\n\r\nAdvertisement\r\n\r\nThey urged s in.\r\n"
    loaded = read_seed(seed(site, text), site)
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:5: note: removed noise: 'Advertisement'",
        'seeds/s.txt:7: warning: stray letter "s" in "urged s in." '
        "(kept as written; fix it by hand)",
    ]
    assert loaded.article.body_line == 7


def test_old_mac_line_endings(site: SiteConfig) -> None:
    loaded = read_seed(seed(site, "Title\r2024-02-22\r\rOne.\rTwo.\r\rThree.\r"), site)
    assert (loaded.article.body, loaded.article.body_line) == ("One. Two.\n\nThree.", 4)


def test_a_line_of_only_nbsp_separates_paragraphs(site: SiteConfig) -> None:
    text = "T\n2024-02-22\n\nOne.\n\u00a0\u00a0\nTwo.\n"
    assert read_seed(seed(site, text), site).article.body == "One.\n\nTwo."


def test_built_in_noise_is_case_insensitive_and_whole_line(site: SiteConfig) -> None:
    text = "T\n2024-02-22\n\nOne.\n\n  advertisement:  \n\nADVERTISEMENT\n\nTwo.\n"
    loaded = read_seed(seed(site, text), site)
    assert loaded.article.body == "One.\n\nTwo."
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:6: note: removed noise: 'advertisement:'",
        "seeds/s.txt:8: note: removed noise: 'ADVERTISEMENT'",
    ]


def test_a_config_pattern_must_match_the_whole_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, "noise:\n  - 'Example footer'\n")
    text = "T\n2024-02-22\n\nExample footer: the story.\n\nExample footer\n"
    loaded = read_seed(seed(site, text), site)
    assert loaded.article.body == "Example footer: the story."
    assert messages(loaded.diagnostics) == ["seeds/s.txt:6: note: removed noise: 'Example footer'"]


def test_noise_before_the_title_is_not_the_title(site: SiteConfig) -> None:
    loaded = read_seed(seed(site, "Advertisement:\nTitle\n2024-02-22\n\nBody.\n"), site)
    assert (loaded.article.title, loaded.article.body) == ("Title", "Body.")


def test_a_short_first_paragraph_is_the_whole_summary(site: SiteConfig) -> None:
    article = read_seed(seed(site, "T\n2024-02-22\n\nShort   lead.\n\nMore.\n"), site).article
    assert article.summary == "Short lead."


def test_the_title_keeps_its_words_and_folds_its_spaces(site: SiteConfig) -> None:
    text = "  Kyiv:\u00a0the  talks   resume\t\n2024-02-22\n\nBody.\n"
    assert read_seed(seed(site, text), site).article.title == "Kyiv: the talks resume"


def test_a_missing_file_is_a_content_error(site: SiteConfig) -> None:
    with pytest.raises(ContentError) as caught:
        read_seed(site.root / "seeds" / "gone.txt", site)
    assert caught.value.diagnostics[0].format() == (
        "seeds/gone.txt: error: cannot read the seed: No such file or directory"
    )


def test_weekday_conflict_in_ukrainian_is_reported_at_the_date_line(site: SiteConfig) -> None:
    loaded = read_seed(seed(site, "Заголовок\n\nсереда, 22 лютого 2024\n\nТекст.\n"), site)
    assert messages(loaded.diagnostics) == [
        "seeds/s.txt:3: warning: the date line names 'середа' but 22 February 2024 is a "
        "Thursday (check which of the two is right)"
    ]


def test_seed_sha256_is_of_the_bytes(site: SiteConfig) -> None:
    path = seed(site, b"T\r\n2024-02-22\r\n")
    assert seed_sha256(path) == hashlib.sha256(b"T\r\n2024-02-22\r\n").hexdigest()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_no_bytes_make_read_seed_raise_anything_but_a_content_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = SiteConfig(root=Path(folder))
        path = Path(folder) / "seeds" / "x.txt"
        path.parent.mkdir()
        path.write_bytes(b"Title\n2024-02-22\n\n" + data)
        try:
            loaded = read_seed(path, config)
        except ContentError as exc:
            assert [d.path for d in exc.diagnostics] == ["seeds/x.txt"]
            return
        assert loaded.article.source_path == "seeds/x.txt"


def test_utf16_with_a_bom_is_read_as_such(site: SiteConfig) -> None:
    data = "Заголовок\r\n2024-02-22\r\n\r\nТекст.\r\n".encode("utf-16")
    loaded = read_seed(seed(site, data), site)
    assert (loaded.article.title, loaded.article.body, loaded.diagnostics) == (
        "Заголовок",
        "Текст.",
        (),
    )
