"""CLI tests: every command through the real `newsgen` executable and through click's runner."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsgen
from newsgen.cli import cli
from seedutil import SHIPPED_SEED, make_site

CHECK_LINE = re.compile(r"^[^:\s][^:]*(:\d+)?: (error|warning|note): .+$")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    make_site(
        tmp_path, "title: CLI Times\ntimezone: Europe/Kyiv\nbase_url: https://cli.example.org/\n"
    )
    (tmp_path / "seeds").mkdir()
    shutil.copy(SHIPPED_SEED, tmp_path / "seeds")
    return tmp_path


def test_version_and_help() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).output == f"newsgen, version {newsgen.__version__}\n"
    help_text = runner.invoke(cli, ["--help"]).output
    for command in ("import", "new", "check", "build", "serve", "init"):
        assert f"  {command} " in help_text


def test_the_version_is_the_one_packaged() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    settings = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    assert settings["project"]["dynamic"] == ["version"]  # hatch reads it from __init__.py
    assert settings["tool"]["hatch"]["version"]["path"] == "src/newsgen/__init__.py"
    assert importlib.metadata.version("newsgen") == newsgen.__version__


def test_serve_is_loaded_only_when_asked_for() -> None:
    code = (
        "import sys; from newsgen.cli import cli; "
        "from click.testing import CliRunner; "
        "CliRunner().invoke(cli, ['--version']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('newsgen', 'babel', "
        "'watchdog', 'importlib') and m.rpartition('.')[2] in ('serve_command', 'server', "
        "'watch', 'babel', 'watchdog', 'metadata')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "Build, serve the site locally" in help_text


def test_python_dash_m_works(site: Path) -> None:
    done = run("--version", cwd=site)
    assert done.returncode == 0 and done.stdout.startswith("newsgen, version ")


def test_import_then_reimport(site: Path) -> None:
    first = run("import", cwd=site)
    assert first.returncode == 0, first.stderr
    assert "imported 1 seed(s), 0 unchanged, 0 kept as edited, 0 refused" in first.stdout
    second = run("import", cwd=site)
    assert "imported 0 seed(s), 1 unchanged, 0 kept as edited, 0 refused" in second.stdout


def test_import_keeps_an_edited_file_and_exits_0(site: Path) -> None:
    run("import", cwd=site)
    (imported,) = (site / "content").rglob("*.md")
    imported.write_text(
        imported.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8"
    )
    done = run("import", cwd=site)
    assert done.returncode == 0
    assert "note: edited since it was imported: kept as it is (pass --force" in done.stderr
    assert "An editor's note." in imported.read_text(encoding="utf-8")
    assert run("import", "--force", cwd=site).returncode == 0
    assert "An editor's note." not in imported.read_text(encoding="utf-8")


def test_new_writes_a_draft_and_never_overwrites(site: Path) -> None:
    done = run("new", "Зеленський у Києві", "--topic", "Ukraine", cwd=site)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path.name == "zelenskii-u-kiievi.md"
    assert path.parent.parent.parent == site / "content"
    text = path.read_text(encoding="utf-8")
    assert (
        "title: Зеленський у Києві\n" in text
        and "draft: true\n" in text
        and "topics: [Ukraine]\n" in text
    )
    date = re.search(r"date: '?([^'\n]+)", text)
    assert date and datetime.fromisoformat(date.group(1)).utcoffset() is not None
    again = run("new", "Зеленський у Києві", cwd=site)
    assert again.returncode == 0, again.stderr
    assert Path(again.stdout.strip()).name == "zelenskii-u-kiievi-2.md"
    assert path.read_text(encoding="utf-8") == text


def test_check_reports_in_path_line_level_form(site: Path) -> None:
    done = run("check", cwd=site)
    assert done.returncode == 0
    lines = done.stderr.strip().splitlines()
    assert lines and all(CHECK_LINE.match(line) for line in lines), lines
    assert any("warning: possible words run together" in line for line in lines)
    assert done.stdout.strip() == "0 error(s), 2 warning(s)"
    assert run("check", "--strict", cwd=site).returncode == 1


def test_check_exits_1_on_errors_and_writes_nothing(site: Path) -> None:
    (site / "content").mkdir(exist_ok=True)
    (site / "content" / "bad.md").write_text("---\ntitle: x\ndate: soon\n---\n", encoding="utf-8")
    before = sorted(p for p in site.rglob("*"))
    done = run("check", cwd=site)
    assert done.returncode == 1
    assert "content/bad.md:3: error: `date` is not a date" in done.stderr
    assert sorted(p for p in site.rglob("*")) == before


def test_check_reports_a_static_file_the_build_would_refuse(site: Path) -> None:
    (site / "static").mkdir()
    os.mkfifo(site / "static" / "pipe.png")
    done = run("check", cwd=site)
    assert done.returncode == 1
    assert (
        "static/pipe.png: error: this is not a regular file (a pipe or device) "
        "(replace it with a plain file)\n" in done.stderr
    )


def test_check_flags_duplicates_future_dates_empty_bodies_and_leftover_noise(site: Path) -> None:
    content = site / "content"
    content.mkdir(exist_ok=True)
    (content / "a.md").write_text(
        "---\ntitle: Same\ndate: 2024-01-01\n---\nText.\n", encoding="utf-8"
    )
    (content / "b.md").write_text(
        "---\ntitle: Same\ndate: 2024-01-01 18:00\n---\nText.\n", encoding="utf-8"
    )
    (content / "c.md").write_text("---\ntitle: Later\ndate: 2999-01-01\n---\n", encoding="utf-8")
    (content / "d.md").write_text(
        "---\ntitle: Noisy\ndate: 2024-01-03\n---\nText.\n\nAdvertisement:\n", encoding="utf-8"
    )
    done = run("check", cwd=site)
    assert (
        "content/b.md:1: error: /2024/01/01/same/ is also the address of content/a.md"
    ) in done.stderr
    assert "content/c.md:3: warning: dated in the future (2999-01-01T00:00:00+02:00)" in done.stderr
    assert "content/c.md:5: warning: the article has no body text" in done.stderr
    assert "content/d.md:7: warning: leftover scraping noise: 'Advertisement:'" in done.stderr


def test_bad_config_is_reported_not_a_traceback(site: Path) -> None:
    (site / "newsgen.yaml").write_text("titel: x\n", encoding="utf-8")
    for command in ("check", "build", "import"):
        done = run(command, cwd=site)
        assert done.returncode == 1
        assert "newsgen.yaml:1: error: unknown key `titel` (did you mean `title`?)" in done.stderr
        assert "Traceback" not in done.stderr


def test_build_prints_a_summary_and_the_site_option_works(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    done = run("--site", str(site), "build", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"built \d+ pages \(\d+ rendered, \d+ files written, 0 removed\) in \d+\.\d\d s -> build/\n",
        done.stdout,
    )
    assert (site / "build" / "index.html").is_file()
    assert not (elsewhere / "build").exists()


def test_build_from_a_subfolder_finds_the_site(site: Path) -> None:
    (site / "content").mkdir(exist_ok=True)
    done = run("build", cwd=site / "content")
    assert done.returncode == 0, done.stderr
    assert (site / "build" / "index.html").is_file()


def test_failed_build_exits_1_and_names_the_file(site: Path) -> None:
    run("build", cwd=site)
    (site / "content").mkdir(exist_ok=True)
    (site / "content" / "x.md").write_text("no front matter at all\n", encoding="utf-8")
    done = run("build", cwd=site)
    assert done.returncode == 1
    assert "content/x.md:1: error: no front matter" in done.stderr
    assert "newsgen: 1 error(s); nothing was changed" in done.stderr
