"""`newsgen import` of JSON Lines and CSV records through the column mapping: Wikinews articles
imported and built, CSV quoting, refused records at their lines, the mapping's own errors, and
hypothesis over the CSV reader and the HTML converter."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importutil import SITE_CONFIG, WIKINEWS, imported, needs_corpora, newsgen
from newsgen.config.site import load_config
from newsgen.content.imports.html import html_to_markdown
from newsgen.content.imports.items import DATE_HINT, Item, Options
from newsgen.content.imports.records import read_csv
from newsgen.content.loader import load_site
from newsgen.content.text import plain_text
from seedutil import make_site
from sitegen import build

WIKINEWS_MAP = ("--source-name", "Wikinews", "--map", "topics=categories")
CSV_TEXT = (
    "ref,headline,published,text,tags,byline,url\n"
    'a1,"Rates rise, again",2023-05-04T09:30:00+00:00,"First line, with a comma.\n'
    "\n"
    'Second ""quoted"" paragraph.",Economy;Banks,Jane Roe;John Poe,https://paper.example/a1\n'
    "a2,Short day,2023-05-05,Body two.,,,\n"
    "a3,Too many cells,2023-05-06,Body,x,y,z,extra\n"
    "a4,Bad date,not a date,Body,,,\n"
    "a5,Late row,2023-05-07 18:00,Body five.,Economy,,\n"
)
CSV_MAP = (
    "--map", "id=ref", "--map", "title=headline", "--map", "date=published",
    "--map", "body=text", "--map", "topics=tags", "--map", "author=byline",
    "--map", "source_url=url", "--source-name", "The Paper",
)  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE_CONFIG).root


def wikinews_records(count: int) -> list[dict[str, object]]:
    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for _, line in zip(range(count), stream, strict=False)]


@needs_corpora
def test_wikinews_records_import_with_their_attribution_and_build(
    site: Path, tmp_path: Path
) -> None:
    records = wikinews_records(300)
    packed = tmp_path / "wikinews.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as stream:
        stream.writelines(json.dumps(record) + "\n" for record in records)
    result = newsgen(site, "import", *WIKINEWS_MAP, str(packed))
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "imported 300 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 0 refused\n"
    )
    files = imported(site)
    assert len(files) == 300
    first = records[0]
    (text,) = [t for t in files.values() if f"title: {first['title']}\n" in t]
    assert f"source: {{name: Wikinews, url: '{first['source_url']}'}}\n" in text
    assert "date: '2004-11-13T00:00:00+02:00'\n" in text  # the day, in the site timezone
    assert "topics: [Politics and conflicts]\n" in text and "format: text\n" in text
    assert text.endswith("\n\n".join(first["body"]) + "\n")  # type: ignore[arg-type]
    assert all(
        "source: {name: Wikinews, url: 'https://en.wikinews.org/wiki/" in t for t in files.values()
    )
    again = newsgen(site, "import", *WIKINEWS_MAP, str(packed))
    assert again.output.startswith(
        f"{packed.as_posix()}:1: note: 1 column is not imported: 'origin' "
    )
    assert again.output.endswith(
        "language)\nimported 0 item(s), 300 unchanged, 0 kept as edited, 0 skipped, 0 refused\n"
    )
    summary = build(load_config(site))
    assert summary.pages > 300
    page = next(
        (site / "build").glob(
            "2004/11/13/brazilian-delegation-returns-from-arafat-funeral/index.html"
        )
    )
    html = page.read_text(encoding="utf-8")
    assert first["source_url"] in html and "Wikinews" in html
    assert (site / "build" / "topics" / "politics-and-conflicts" / "index.html").exists()


def test_csv_records_import_through_the_mapping_and_bad_rows_are_refused_at_their_lines(
    site: Path, tmp_path: Path
) -> None:
    table = tmp_path / "stories.csv"
    table.write_text(CSV_TEXT, encoding="utf-8")
    result = newsgen(site, "import", *CSV_MAP, str(table))
    assert result.exit_code == 1
    shown = table.as_posix()
    assert f"{shown}:6: error: the row has 8 cells where the header has 7" in result.output
    assert f"{shown}:7: error: the item's date is not a date: 'not a date'" in result.output
    assert result.output.endswith(
        "imported 3 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 2 refused\n"
    )
    files = imported(site)
    rates = files["2023/05/rates-rise-again.md"]
    assert "title: Rates rise, again\n" in rates
    assert "authors: [Jane Roe, John Poe]\n" in rates
    assert "source: {name: The Paper, url: 'https://paper.example/a1'}\n" in rates
    assert "topics: [Economy, Banks]\n" in rates
    assert rates.endswith('---\nFirst line, with a comma.\n\nSecond "quoted" paragraph.\n')
    short = files["2023/05/short-day.md"]
    assert "source: {name: The Paper}\n" in short and "authors" not in short
    assert "Site Owner" not in "".join(files.values())
    late = files["2023/05/late-row.md"]
    assert "date: '2023-05-07T18:00:00+03:00'\n" in late  # no zone: the site's


def test_csv_of_excel_separated_by_semicolons_or_tabs_imports_and_a_column_twice_is_refused(
    site: Path, tmp_path: Path
) -> None:
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_bytes(
        b'\xef\xbb\xbfid;title;date;body\r\n1;Caf\xc3\xa9;2024-02-22;"One; two\r\nthree"\r\n'
    )
    excel = tmp_path / "excel.csv"
    excel.write_text("sep=,\nid,title,date,body\n2,Tabs,2024-02-23,x\n3,Late,never,y\n")
    tabs = tmp_path / "tabs.csv"
    tabs.write_text("id\ttitle\tdate\tbody\n4\tTabbed, too\t2024-02-24\tz\n")
    result = newsgen(site, "import", str(semicolons), str(excel), str(tabs))
    assert (
        f"{excel.as_posix()}:4: error: the item's date is not a date: 'never' ({DATE_HINT})\n"
        in (result.output)
    )
    assert result.output.endswith(
        "imported 3 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 1 refused\n"
    )
    files = imported(site)
    assert files["2024/02/cafe.md"].endswith("---\nOne; two\nthree\n")
    assert "title: Tabs\n" in files["2024/02/tabs.md"]
    assert "title: Tabbed, too\n" in files["2024/02/tabbed-too.md"]
    twice = tmp_path / "twice.csv"
    twice.write_text("id,title,date,title,body\n5,Old,2024-02-25,New,w\n")
    refused = newsgen(site, "import", str(twice))
    assert refused.output == (
        f"{twice.as_posix()}:1: error: the header row names the column 'title' 2 times "
        "(rename all of them but the one to read: newsgen cannot tell which is meant)\n"
        "imported 0 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 1 refused\n"
    )


def test_columns_named_in_another_case_are_read_unless_two_match(
    site: Path, tmp_path: Path
) -> None:
    table = tmp_path / "capitals.csv"
    table.write_text("ID,Title,Date,Body,Author\n1,Mill,2024-02-22,Text,Jane Doe\n")
    lines = tmp_path / "capitals.jsonl"
    record = {"Id": "2", "TITLE": "Pier", "Date": "2024-02-23", "body": "x", "Headline": "y"}
    lines.write_text(json.dumps(record) + "\n")
    result = newsgen(site, "import", "--map", "summary=headline", str(table), str(lines))
    assert result.exit_code == 0, result.output
    files = imported(site)
    assert "\nauthors: [Jane Doe]\n" in files["2024/02/mill.md"]
    assert "\nsummary: y\n" in files["2024/02/pier.md"]
    twice = tmp_path / "twice.csv"
    twice.write_text("Title,TITLE,date,body\nA,B,2024-02-22,x\n")
    refused = newsgen(site, "import", str(twice))
    assert refused.output.startswith(
        f"{twice.as_posix()}:1: error: the header row has no column for the title "
        "(Title, TITLE, date, body) (the title is read from the column 'title': name another "
        "with --map title=COLUMN)\n"
    )


def test_jsonl_records_refused_at_their_lines_while_the_others_import(
    site: Path, tmp_path: Path
) -> None:
    lines = [
        {"id": 1, "title": "Good one", "date": "2022-01-02", "body": "Text."},
        "this is not json",
        ["a", "list"],
        {"id": 4, "headline": "No title key", "date": "2022-01-02", "body": "Text."},
        {"id": 5, "title": "No date", "body": "Text."},
        {"id": 6, "title": "Body of a number", "date": "2022-01-02", "body": {"a": 1}},
        {"id": 1, "title": "Same id again", "date": "2022-01-03", "body": "Text."},
        {
            "title": "No id but a URL",
            "date": "2022-01-04",
            "body": "Text.",
            "source_url": "https://x.example/7",
        },
        {"title": "No id at all", "date": "2022-01-04", "body": "Text."},
    ]
    records = tmp_path / "records.jsonl"
    records.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n\n",
        encoding="utf-8",
    )
    result = newsgen(site, "import", "--source-name", "Archive", str(records))
    shown = records.as_posix()
    expected = [
        f"{shown}:2: error: not valid JSON: Expecting value (column 1) (each line holds one whole JSON object)",
        f"{shown}:3: error: the line holds a JSON list, not an object",
        f"{shown}:4: error: the record has no 'title' column for its title (the title is read from the column 'title': name another with --map title=COLUMN)",
        f"{shown}:5: error: the record has no 'date' column for its date",
        f"{shown}:6: error: the body must be text, got dict",
        f"{shown}:7: error: the item's id '1' is also the id of the item at {shown}:1",
        f"{shown}:9: error: the record has no id (the id is read from the column 'id': name another with --map id=COLUMN)",
    ]
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert [e for e in errors if not any(e.startswith(x) for x in expected)] == []
    assert len(errors) == len(expected)
    assert result.output.endswith(
        "imported 2 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 7 refused\n"
    )
    assert sorted(imported(site)) == ["2022/01/good-one.md", "2022/01/no-id-but-a-url.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--map", "title"), "error: --map 'title' is not FIELD=COLUMN"),
        (("--map", "colour=red"), "error: --map names an unknown field 'colour'"),
        (("--map", "title=a", "--map", "title=b"), "error: --map maps the field 'title' twice"),
        (
            ("--map", "title=headline"),
            "stories.csv:1: error: the header row has no column for the title",
        ),
    ],
)
def test_a_wrong_mapping_is_refused_before_anything_is_written(
    site: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    table = tmp_path / "stories.csv"
    table.write_text("title,date,body\nA,2024-01-01,B\n", encoding="utf-8")
    result = newsgen(site, "import", *args, str(table))
    assert result.exit_code == 1
    assert message in result.output
    assert (
        "(write it as --map FIELD=COLUMN" in result.output or "--map title=COLUMN" in result.output
    )
    assert not (site / "content").exists()


def test_a_seed_import_takes_no_mapping(site: Path) -> None:
    seed = site / "seeds" / "a.txt"
    seed.parent.mkdir()
    seed.write_text("Title\n22 February 2024\n\nBody.\n", encoding="utf-8")
    result = newsgen(site, "import", "--map", "title=x", str(seed))
    assert "error: --map and --body-format are for JSON Lines and CSV" in result.output


def test_html_bodies_of_records_are_converted(site: Path, tmp_path: Path) -> None:
    records = tmp_path / "html.jsonl"
    record = {
        "id": "h1",
        "title": "Tagged",
        "date": "2022-02-02",
        "body": "<p>One <i>two</i> &lt;script&gt;</p><script>x()</script>",
    }
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    newsgen(site, "import", "--body-format", "html", "--source-name", "Archive", str(records))
    (text,) = imported(site).values()
    assert text.endswith("---\nOne *two* &lt;script>\n")  # the words shown, never markup


def test_relative_addresses_of_html_records_need_an_address_to_be_read_against(
    site: Path, tmp_path: Path
) -> None:
    records = tmp_path / "html.jsonl"
    record = {"id": "r1", "title": "Pier", "date": "2022-02-02", "body": '<img src="p.jpg">'}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    refused = newsgen(site, "import", "--body-format", "html", str(records))
    assert refused.exit_code == 1
    assert refused.output.startswith(
        f"{records.as_posix()}:1: error: the item links to the relative address 'p.jpg', and "
        "has no address of its own to read it against (give the record its source_url, or name "
        "the old site with --source-name NAME --source-url URL)\n"
    )
    record["source_url"] = "https://old.example/news/pier"
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    newsgen(site, "import", "--body-format", "html", str(records))
    (text,) = imported(site).values()
    assert text.endswith("---\n![](https://old.example/news/p.jpg)\n")


CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=5), st.sampled_from(",;\t"))
def test_any_cells_csv_can_hold_come_back_as_written(
    rows: list[tuple[str, str]], separator: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        config = make_site(Path(folder), "timezone: UTC\n")
        table = Path(folder) / "t.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=separator)
        writer.writerow(["id", "title", "date", "body"])
        for number, (title, body) in enumerate(rows):
            writer.writerow([number, title, "2024-01-01", body])
        table.write_text(buffer.getvalue(), encoding="utf-8")
        items: list[Item] = []
        reading = read_csv(table, "t.csv", config, Options(), items.append)
    titled = [(t, b) for t, b in rows if plain_text(t)]
    assert [item.title for item in items] == [plain_text(t) for t, _ in titled]
    assert [item.body for item in items] == [b.replace("\r\n", "\n").strip() for _, b in titled]
    assert len(reading.refused) == len(rows) - len(titled)


FRAGMENTS = st.sampled_from(
    [
        "<script>", "</script>", "<style>", "<iframe src='https://e.example'>", "</iframe>",
        "<a href='javascript:alert(1)'>", "</a>", "<img src=x onerror=alert(1)>", "<p>", "</p>",
        "[caption]", "[/caption]", "[embed]", "[/embed]", "[gallery]", "\n\n", "<!--", "-->",
        "<svg onload=alert(1)>", "<object data=x>", "text ", "<b>", "<", "&lt;script&gt;",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30))
def test_no_html_body_lets_code_through(parts: list[str]) -> None:
    markdown = html_to_markdown("".join(parts), "https://base.example/post/").markdown
    lowered = markdown.lower()
    for banned in ("<script", "<style", "<iframe", "javascript:", "onerror", "<svg", "<object"):
        assert banned not in lowered


def harbour_record(number: int, body: str, **more: object) -> dict[str, object]:
    record = {"id": f"h{number}", "title": f"Harbour news {number}", "body": body}
    return record | {"date": f"2022-03-0{number}", **more}


def test_items_without_topics_get_the_automatic_topics_a_seed_would(
    tmp_path: Path,
) -> None:
    """The vocabulary's names, and names that the item repeats and three items share; an
    item's own categories are kept as they are; importing again changes nothing."""
    site = make_site(tmp_path / "site", SITE_CONFIG + "topics: [Ferries]\n").root
    repeated = "Mira Castell spoke for the port. Later Mira Castell answered questions."
    records = [
        harbour_record(1, f"{repeated} The Ferries ran late."),
        harbour_record(2, f"{repeated} Nothing else.\n\nJonas Brede once spoke. Jonas Brede left."),
        harbour_record(3, repeated),
        harbour_record(4, repeated + " Ferries too.", categories=["Port"]),
    ]
    file = tmp_path / "harbour.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    mapping = ("--source-name", "Port Wire", "--map", "topics=categories")
    first = newsgen(site, "import", *mapping, str(file))
    assert first.exit_code == 0, first.output
    files = imported(site)
    topics = {name: text.split("topics: ")[1].split("\n")[0] for name, text in files.items()}
    assert topics == {
        "2022/03/harbour-news-1.md": "[Ferries, Mira Castell]",
        "2022/03/harbour-news-2.md": "[Mira Castell]",
        "2022/03/harbour-news-3.md": "[Mira Castell]",
        "2022/03/harbour-news-4.md": "[Port]",
    }
    again = newsgen(site, "import", *mapping, str(file))
    assert again.output.endswith(
        "imported 0 item(s), 4 unchanged, 0 kept as edited, 0 skipped, 0 refused\n"
    )


def test_a_body_as_long_as_a_story_may_be_fills_one_csv_cell(site: Path, tmp_path: Path) -> None:
    body = "word " * 40_000  # 200,000 characters: more than the csv module's default cell
    table = tmp_path / "long.csv"
    table.write_text(f"id,title,date,body\nl1,Long read,2024-01-01,{body}\n", encoding="utf-8")
    result = newsgen(site, "import", "--source-name", "Archive", str(table))
    assert result.exit_code == 0, result.output
    assert body.strip() in imported(site)["2024/01/long-read.md"]


def test_a_record_too_long_for_an_article_is_refused_and_the_others_import(
    site: Path, tmp_path: Path
) -> None:
    records = tmp_path / "huge.jsonl"
    huge = {"id": "h1", "title": "Huge", "date": "2024-01-01", "body": "word " * 1_700_000}
    small = {"id": "h2", "title": "Small", "date": "2024-01-01", "body": "word"}
    records.write_text(f"{json.dumps(huge)}\n{json.dumps(small)}\n", encoding="utf-8")
    result = newsgen(site, "import", str(records))
    assert result.output.startswith(
        f"{records.as_posix()}:1: error: the item makes a file larger than the 8 MB an article "
        "may be: left out (split it, or remove what is not article text, such as pasted images "
        "or logs)\n"
    )
    assert result.exit_code == 1
    assert list(imported(site)) == ["2024/01/small.md"]
    assert build(load_config(site)).diagnostics == ()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.jsonl", '{"id": "r1", "title": "Plain record", "date": "2024-01-01", "body": "."}'),
        ("plain.csv", "id,title,date,body\nr1,Plain record,2024-01-01,T."),
    ],
)
def test_records_naming_no_publisher_import_as_articles_that_build(
    site: Path, tmp_path: Path, name: str, data: str
) -> None:
    path = tmp_path / name
    path.write_text(data + "\n", encoding="utf-8")
    assert newsgen(site, "import", str(path)).exit_code == 0
    (text,) = imported(site).values()
    assert "source" not in text  # no empty `source: {}`, which no article may hold
    check = newsgen(site, "check")
    assert check.exit_code == 0, check.output
    (article,) = load_site(load_config(site)).articles
    assert article.source is None
    assert article.authors == ()  # imported text: never the site's own author


@pytest.mark.parametrize("body_format", ["text", "html"])
def test_records_holding_what_no_text_holds_are_refused_at_their_lines(
    site: Path, tmp_path: Path, body_format: str
) -> None:
    lines = [
        r'{"id": "c1", "title": "An emoji cut in two \ud83d", "date": "2024-01-01", "body": "T."}',
        r'{"id": "c2", "title": "Cut body", "date": "2024-01-01", "body": "a \udc00 b"}',
        r'{"id": "c3", "title": "Whole emoji", "date": "2024-01-01", "body": "\ud83d\ude00"}',
        r'{"id": "c4", "title": "Nul", "date": "2024-01-01", "body": "a\u0000b"}',
    ]
    records = tmp_path / "cut.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = tmp_path / "cut.csv"
    table.write_text("id,title,date,body\nn1,Nul cell,2024-01-02,a\x00b\n", encoding="utf-8")
    result = newsgen(site, "import", "--body-format", body_format, str(records), str(table))
    hint = "(remove it, or export the records again: they were damaged on the way)"
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        f"{table.as_posix()}:2: error: the record holds the character U+0000 (NUL), "
        f"which text cannot hold {hint}",
        f"{records.as_posix()}:1: error: the record holds the character U+D83D "
        f"(half of a character cut in two), which text cannot hold {hint}",
        f"{records.as_posix()}:2: error: the record holds the character U+DC00 "
        f"(half of a character cut in two), which text cannot hold {hint}",
        f"{records.as_posix()}:4: error: the record holds the character U+0000 (NUL), "
        f"which text cannot hold {hint}",
    ]
    assert result.exit_code == 1
    assert sorted(imported(site)) == ["2024/01/whole-emoji.md"]
    assert newsgen(site, "check").exit_code == 0


def test_a_record_giving_a_key_twice_is_refused_at_its_line(site: Path, tmp_path: Path) -> None:
    """JSON keeps the last of two values silently; front matter refuses a key given twice."""
    records = tmp_path / "twice.jsonl"
    lines = [
        '{"id": "k1", "title": "Kept", "date": "2024-01-01", "body": "T."}',
        '{"id": "k2", "title": "First", "date": "2024-01-01", "body": "T.", "title": "Dup"}',
        '{"id": "k3", "title": "Nested", "date": "2024-01-01", "body": "T.", '
        '"source": {"name": "A", "name": "B"}}',
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = newsgen(site, "import", "--source-name", "Wire", str(records))
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        f'{records.as_posix()}:2: error: the record gives "title" twice '
        "(keep the one that is meant)",
        f'{records.as_posix()}:3: error: the record gives "name" twice '
        "(keep the one that is meant)",
    ]
    assert result.exit_code == 1
    assert sorted(imported(site)) == ["2024/01/kept.md"]


@pytest.mark.parametrize("name", ["bad.csv", "bad.jsonl", "bad.jsonl.gz"])
def test_a_line_that_is_not_utf8_is_named_by_its_number(
    site: Path, tmp_path: Path, name: str
) -> None:
    lines = [b"title,date,body,id", b"Good,2024-01-01,Text,1", b"Caf\xe9,2024-01-02,Text,2"]
    if "jsonl" in name:
        lines = [b'{"id": 1, "title": "Good", "date": "2024-01-01", "body": "Text"}'] * 3
        lines[2] = lines[2].replace(b"Good", b"Caf\xe9").replace(b"1,", b"2,")
    data = b"\n".join(lines) + b"\n"
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = newsgen(site, "import", "--source-name", "Archive", str(path))
    assert result.exit_code == 1
    assert f"{path.as_posix()}:3: error: not valid UTF-8 (save the file as UTF-8)" in result.output
    assert not (site / "content").exists()


def test_records_bring_their_pictures_and_a_bad_picture_address_is_refused(
    site: Path, tmp_path: Path
) -> None:
    records = tmp_path / "pictured.jsonl"
    good = {
        "id": "p1", "title": "Pier", "date": "2023-05-04", "body": "Text.",
        "photo": "https://cdn.paper.example/pier.jpg", "image_alt": "The  pier",
        "image_credit": "Ana Lima",
    }  # fmt: skip
    bad = good | {"id": "p2", "title": "Other", "photo": "file:///etc/passwd"}
    lines = [json.dumps(good), json.dumps(bad)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = newsgen(site, "import", "--map", "image=photo", str(records))
    assert (
        f"{records.as_posix()}:2: error: the image 'file:///etc/passwd' is not an http or https URL"
        in result.output
    )
    (pier,) = imported(site).values()
    assert (
        "\nimage: https://cdn.paper.example/pier.jpg\nimage_alt: The pier\nimage_credit: Ana Lima\n"
    ) in pier


def test_an_authors_column_is_read_and_a_column_no_field_reads_is_told(
    site: Path, tmp_path: Path
) -> None:
    """`authors`, as the front matter names the field, is read when there is no `author`
    column; any other column no field is read from is named in a note, never dropped unsaid."""
    table = tmp_path / "export.csv"
    table.write_text(
        "id,title,date,body,authors,views,byline\n"
        "1,Harbour reopens,2023-05-04,Body.,Jane Roe;John Poe,120,By Jane Roe\n",
        encoding="utf-8",
    )
    lines = [
        {"id": "2", "title": "Quay", "date": "2023-05-05", "body": "B.", "authors": ["Ana Lima"]}
        | {"language": "pt-BR"},
        {"id": "3", "title": "Pier", "date": "2023-05-06", "body": "C.", "kicker": "Late"},
        {"id": "4", "title": "Dock", "date": "2023-05-07", "body": "D.", "url": "x", "kicker": "y"},
    ]
    records = tmp_path / "export.jsonl"
    records.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = newsgen(site, "import", str(table), str(records))
    assert result.exit_code == 0, result.output
    hint = (
        "(to import one, name the field it holds: --map FIELD=COLUMN, FIELD one of id, title, "
        "date, body, topics, author, source_url, summary, image, image_alt, image_caption, "
        "image_credit, language)"
    )
    assert (
        f"{table.as_posix()}:1: note: 2 columns are not imported: 'views', 'byline' {hint}\n"
    ) in result.output
    assert (
        f"{records.as_posix()}:2: note: 2 columns are not imported: 'kicker', 'url' {hint}\n"
    ) in result.output
    files = imported(site)
    assert "\nauthors: [Jane Roe, John Poe]\n" in files["2023/05/harbour-reopens.md"]
    assert "\nauthors: [Ana Lima]\n" in files["2023/05/quay.md"]
    assert "\nlanguage: pt-BR\n" in files["2023/05/quay.md"]
    blank = tmp_path / "blank.csv"
    blank.write_text("id,title,date,body,,views,\n6,Cove,2023-05-09,F.,,1,\n", encoding="utf-8")
    told = f"{blank.as_posix()}:1: note: 3 columns are not imported: 'views' and 2 without a name"
    assert told in newsgen(site, "import", str(blank)).output
    both = tmp_path / "both.csv"
    both.write_text("id,title,date,body,author,authors\n5,Bay,2023-05-08,E.,Ana Lima,X\n")
    result = newsgen(site, "import", str(both))
    assert f"{both.as_posix()}:1: note: 1 column is not imported: 'authors' {hint}\n" in (
        result.output
    )
    assert "\nauthors: [Ana Lima]\n" in imported(site)["2023/05/bay.md"]


def test_a_file_refused_part_way_lets_go_of_the_items_read_before_the_fault(
    site: Path, tmp_path: Path
) -> None:
    """Items are handed over as they are read: those of a file refused as a whole (a line
    that is not UTF-8 after them) are let go, their ids with them, and the next file's item
    of the same id imports with no error."""
    record = {"id": 1, "title": "First try", "date": "2022-01-02", "body": "Text."}
    broken = tmp_path / "a-broken.jsonl"
    broken.write_bytes(json.dumps(record).encode() + b'\n{"title": "Caf\xe9"}\n')
    whole = tmp_path / "b-whole.jsonl"
    whole.write_text(json.dumps(record | {"title": "Second try"}) + "\n", encoding="utf-8")
    result = newsgen(site, "import", str(broken), str(whole))
    assert result.output == (
        f"{broken.as_posix()}:2: error: not valid UTF-8 (save the file as UTF-8)\n"
        "wrote content/imported/2022/01/second-try.md\n"
        "imported 1 item(s), 0 unchanged, 0 kept as edited, 0 skipped, 1 refused\n"
    )
    assert sorted(imported(site)) == ["2022/01/second-try.md"]
