"""CLI tests of `import`, `new` and `check`: through click's runner and the installed executable."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from newsgen.cli import cli
from newsgen.config.site import load_config
from newsgen.content.articles import read_article
from newsgen.content.dates import DATE_FORMS_HINT
from newsgen.content.loader import load_site
from newsgen.content.scaffold import PLACEHOLDER, new_article
from newsgen.diagnostics import ContentError, has_errors
from seedutil import SHIPPED_SEED, make_site

DIAGNOSTIC = re.compile(r"^[^\s:][^:]*(:\d+)?: (error|warning|note): \S.*$")
NEWSGEN = Path(sys.executable).parent / "newsgen"
KYIV = ZoneInfo("Europe/Kyiv")
IMPORTED = (
    "content/imported/2024/02/"
    "nato-confirms-that-secretary-general-stoltenberg-recognises-ukraines-right-to.md"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    make_site(
        tmp_path, "title: CLI Times\ntimezone: Europe/Kyiv\nbase_url: https://cli.example.org/\n"
    )
    (tmp_path / "seeds").mkdir()
    shutil.copy(SHIPPED_SEED, tmp_path / "seeds")
    return tmp_path


def invoke(site: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--site", str(site), *args], catch_exceptions=False)


def diagnostic_lines(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if not line.startswith("newsgen: ")]
    assert all(DIAGNOSTIC.match(line) for line in lines), lines
    return lines


def write(site: Path, name: str, text: str) -> None:
    path = site / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_import_reimport_keep_and_force(site: Path) -> None:
    first = invoke(site, "import")
    assert first.exit_code == 0
    assert first.stdout == (
        f"wrote {IMPORTED}\nimported 1 seed(s), 0 unchanged, 0 kept as edited, 0 refused\n"
    )
    assert len(diagnostic_lines(first.stderr)) == 5  # 3 noise notes, 2 damage warnings
    again = invoke(site, "import")
    assert (again.exit_code, again.stdout, again.stderr) == (
        0,
        "imported 0 seed(s), 1 unchanged, 0 kept as edited, 0 refused\n",
        "",
    )

    path = site / IMPORTED
    edited = path.read_text(encoding="utf-8") + "\nAn editor's note.\n"
    path.write_text(edited, encoding="utf-8")
    kept = invoke(site, "import")
    assert kept.exit_code == 0, "a scheduled import goes on working after a hand edit"
    assert kept.stdout == "imported 0 seed(s), 0 unchanged, 1 kept as edited, 0 refused\n"
    assert diagnostic_lines(kept.stderr) == [
        f"{IMPORTED}: note: edited since it was imported: kept as it is "
        "(pass --force to replace it with a fresh import of its seed)"
    ]
    assert path.read_text(encoding="utf-8") == edited

    forced = invoke(site, "import", "--force")
    assert forced.exit_code == 0
    assert forced.stdout.startswith(f"wrote {IMPORTED}\n")
    assert "An editor's note." not in path.read_text(encoding="utf-8")


def test_import_of_one_named_seed(site: Path) -> None:
    (site / "seeds" / "other.txt").write_text("Other story\n2024-03-01\n\nText.\n", "utf-8")
    done = invoke(site, "import", str(site / "seeds" / "other.txt"))
    assert done.exit_code == 0
    assert done.stdout == (
        "wrote content/imported/2024/03/other-story.md\n"
        "imported 1 seed(s), 0 unchanged, 0 kept as edited, 0 refused\n"
    )


def test_import_reports_a_broken_seed_and_imports_the_rest(site: Path) -> None:
    (site / "seeds" / "broken.txt").write_text("No date\n\nJust text.\n", encoding="utf-8")
    done = invoke(site, "import")
    assert done.exit_code == 1
    assert done.stdout.endswith("imported 1 seed(s), 0 unchanged, 0 kept as edited, 1 refused\n")
    assert (
        "seeds/broken.txt:3: error: no date found after the title (put the date on its own "
        f"line below the title; {DATE_FORMS_HINT})"
    ) in diagnostic_lines(done.stderr)


def test_new_writes_a_draft_that_reads_back(site: Path) -> None:
    done = invoke(site, "new", "Budget  talks: day two", "--topic", "Economy", "--topic", "EU")
    assert done.exit_code == 0, done.stderr
    path = Path(done.stdout.strip())
    loaded = read_article(path, load_config(site))
    article = loaded.article
    assert loaded.diagnostics == ()
    assert (article.title, article.topics, article.draft) == (
        "Budget talks: day two",
        ("Economy", "EU"),
        True,
    )
    assert article.body == PLACEHOLDER
    local = article.date.astimezone(KYIV)
    assert article.date.utcoffset() == local.utcoffset()
    assert path == site / "content" / f"{local:%Y}" / f"{local:%m}" / "budget-talks-day-two.md"


def test_new_never_overwrites(site: Path) -> None:
    first = invoke(site, "new", "Same headline")
    path = Path(first.stdout.strip())
    text = path.read_text(encoding="utf-8")
    again = invoke(site, "new", "Same headline")
    assert again.exit_code == 0, again.stderr
    assert Path(again.stdout.strip()) == path.with_name("same-headline-2.md")
    assert path.read_text(encoding="utf-8") == text


def test_new_takes_no_name_that_differs_from_a_file_only_in_case(site: Path) -> None:
    """Beside an editor's `Same-Headline.md` it wrote `same-headline.md` on Linux: a pair a
    checkout on macOS or Windows cannot keep (and that check now refuses)."""
    first = invoke(site, "new", "Same headline")
    path = Path(first.stdout.strip())
    path.rename(path.with_name("Same-Headline.md"))
    again = invoke(site, "new", "Same headline")
    assert again.exit_code == 0, again.stderr
    assert Path(again.stdout.strip()) == path.with_name("same-headline-2.md")


def test_new_never_replaces_a_file_that_appears_while_it_writes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgen.content.scaffold as scaffold

    config = load_config(site)
    planned = config.content_path / "2024" / "07" / "race.md"

    def squatted(folder: Path, stem: str, taken: object) -> Path:
        planned.parent.mkdir(parents=True, exist_ok=True)
        planned.write_text("mine\n", encoding="utf-8")  # another writer wins the race
        return planned

    monkeypatch.setattr(scaffold, "_free_name", squatted)
    with pytest.raises(ContentError, match="appeared while it was being written"):
        new_article(config, "Race", [], datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("UTC")))
    assert planned.read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in planned.parent.iterdir()] == ["race.md"]


@pytest.mark.parametrize("link", ["2024/07", "2024"])
def test_new_never_writes_through_a_link_out_of_the_site(tmp_path: Path, link: str) -> None:
    """The month's folder (or its year's) linking out of the site: `new` wrote the article
    there, where `check` and `build` then refused the link."""
    config = make_site(tmp_path / "site", "title: T\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (config.content_path / link).parent.mkdir(parents=True, exist_ok=True)
    (config.content_path / link).symlink_to(outside, target_is_directory=True)
    with pytest.raises(ContentError) as caught:
        new_article(config, "Linked", [], datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("UTC")))
    assert [d.format() for d in caught.value.diagnostics] == [
        "content/2024/07: error: links to a folder outside the site (newsgen new writes only "
        "inside the site: make it a folder of the site)"
    ]
    assert list(outside.rglob("*")) == []


def test_new_writes_no_article_that_check_would_refuse(site: Path) -> None:
    """120 `--topic`s made a draft whose every check and build then failed on it."""
    topics = [arg for number in range(120) for arg in ("--topic", f"Topic {number}")]
    done = invoke(site, "new", "Many topics", *topics)
    assert done.exit_code == 1
    (line,) = diagnostic_lines(done.stderr)
    assert re.fullmatch(r"content/\d{4}/\d{2}/many-topics\.md:6: error: (.*)", line)
    assert line.endswith(
        "error: `topics` lists 120 names; at most 100 are allowed (keep the topics a reader "
        "would browse by)"
    )
    assert not (site / "content").exists()


def test_new_with_an_empty_title_fails(site: Path) -> None:
    done = invoke(site, "new", "   ")
    assert done.exit_code == 1
    assert "error: the title is empty" in done.stderr
    assert not (site / "content").exists()


def test_new_article_file_is_exact(site: Path) -> None:
    config = load_config(site)
    now = datetime(2024, 6, 30, 23, 30, 15, 999, tzinfo=ZoneInfo("UTC"))
    path = new_article(config, "Night  shift", ["Kyiv", " ", "Kyiv", "Energy  grid"], now)
    assert path == site / "content" / "2024" / "07" / "night-shift.md"
    uid = read_article(path, config).article.uid
    assert str(uuid.UUID(uid)) == uid
    assert path.read_text(encoding="utf-8") == (
        f"---\ntitle: Night shift\ndate: '2024-07-01T02:30:15+03:00'\nid: {uid}\n"
        f"slug: night-shift\ntopics: [Kyiv, Energy grid]\ndraft: true\n---\n{PLACEHOLDER}\n"
    )


def test_a_recurring_headline_gets_its_own_file_and_a_slug_of_its_own_on_the_same_day(
    site: Path,
) -> None:
    config = load_config(site)
    kyiv = ZoneInfo("Europe/Kyiv")
    made = [
        new_article(config, "Morning briefing", [], datetime(2024, 7, day, hour, tzinfo=kyiv))
        for day, hour in ((1, 7), (2, 7), (2, 19))
    ]
    assert [p.name for p in made] == [
        "morning-briefing.md",
        "morning-briefing-2.md",
        "morning-briefing-3.md",
    ]
    articles = [read_article(p, config).article for p in made]
    assert [a.slug for a in articles] == ["morning-briefing"] * 2 + ["morning-briefing-2"]
    assert len({a.uid for a in articles}) == 3
    for path in made:
        path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    assert not has_errors(load_site(config).diagnostics)


def test_check_clean_warning_strict_and_error(site: Path) -> None:
    (site / "seeds" / SHIPPED_SEED.name).unlink()
    write(site, "ok.md", "---\ntitle: Fine\ndate: 2024-01-01\n---\nText.\n")
    pinned = invoke(site, "check")
    assert (pinned.exit_code, pinned.stdout) == (0, "0 error(s), 1 warning(s)\n")
    assert "content/ok.md:1: warning: no `id:` and `slug:`" in pinned.stderr
    assert invoke(site, "check", "--fix").exit_code == 0
    clean = invoke(site, "check")
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "0 error(s), 0 warning(s)\n", "")

    write(
        site,
        "empty.md",
        "---\ntitle: Empty\ndate: 2024-01-01\nid: tag:x,2024:e\nslug: empty\n---\n",
    )
    warned = invoke(site, "check")
    assert (warned.exit_code, warned.stdout) == (0, "0 error(s), 1 warning(s)\n")
    assert diagnostic_lines(warned.stderr) == [
        "content/empty.md:7: warning: the article has no body text"
    ]
    assert invoke(site, "check", "--strict").exit_code == 1

    write(site, "bad.md", "---\ntitle: Bad\ndate: tomorrow-ish\n---\nText.\n")
    failed = invoke(site, "check")
    assert (failed.exit_code, failed.stdout) == (1, "1 error(s), 1 warning(s)\n")
    assert diagnostic_lines(failed.stderr) == [
        f"content/bad.md:3: error: `date` is not a date: 'tomorrow-ish' ({DATE_FORMS_HINT})",
        "content/empty.md:7: warning: the article has no body text",
    ]


def test_check_writes_nothing(site: Path) -> None:
    write(site, "bad.md", "no front matter\n")
    before = sorted(site.rglob("*"))
    assert invoke(site, "check").exit_code == 1
    assert sorted(site.rglob("*")) == before


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSGEN), *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not NEWSGEN.exists(), reason="the newsgen script is not installed")
def test_executable_import_then_check(site: Path) -> None:
    imported = run("import", cwd=site)
    assert imported.returncode == 0, imported.stderr
    assert (
        imported.stdout.splitlines()[-1]
        == "imported 1 seed(s), 0 unchanged, 0 kept as edited, 0 refused"
    )
    checked = run("check", cwd=site / "content")  # the site is found from a subfolder
    assert checked.returncode == 0
    assert checked.stdout == "0 error(s), 2 warning(s)\n"
    assert [line.split(": ")[0] for line in diagnostic_lines(checked.stderr)] == [
        f"{IMPORTED}:{n}" for n in (25, 25)
    ]
    assert run("check", "--strict", cwd=site).returncode == 1


@pytest.mark.skipif(not NEWSGEN.exists(), reason="the newsgen script is not installed")
def test_executable_new_and_check_of_a_broken_article(site: Path) -> None:
    created = run("new", "Зеленський у Києві", "--topic", "Ukraine", cwd=site)
    assert created.returncode == 0, created.stderr
    assert Path(created.stdout.strip()).name == "zelenskii-u-kiievi.md"
    write(site, "broken.md", "---\ntitle: x\ndate: 2024-01-01\nsource_url: javascript:x\n---\n")
    checked = run("check", cwd=site)
    assert checked.returncode == 1
    assert (
        "content/broken.md:4: error: `source_url` must be an http or https URL, got 'javascript:x'"
        in diagnostic_lines(checked.stderr)
    )
