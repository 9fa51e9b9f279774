"""Outside a site (no newsgen.yaml here or above, or a --site that is not one) every command but
`init` fails with one error naming `newsgen init`, and creates nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsgen.config.site import find_site_root

NEWSGEN = Path(sys.executable).parent / "newsgen"
SUMMARY = "newsgen: 1 error(s); nothing was changed\n"
COMMANDS = [
    pytest.param(("build",), id="build"),
    pytest.param(("build", "--clean", "--wait", "0"), id="build --clean"),
    pytest.param(("build", "--watch"), id="build --watch"),
    pytest.param(("serve", "--port", "0"), id="serve"),
    pytest.param(("check",), id="check"),
    pytest.param(("check", "--strict"), id="check --strict"),
    pytest.param(("import",), id="import"),
    pytest.param(("new", "A headline"), id="new"),
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def tree(folder: Path) -> list[str]:
    """Every path under `folder`, hidden ones included."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder with a file in it, no newsgen.yaml in it or above it."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("write the site\n", encoding="utf-8")
    assert find_site_root(folder) is None
    return folder


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_outside_a_site_fails_and_creates_nothing(
    outside: Path, command: tuple[str, ...]
) -> None:
    done = run(*command, cwd=outside)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"newsgen: error: no newsgen.yaml in {outside} or any folder above it: this is not a "
        "newsgen site (run `newsgen init` to start one here, or pass --site)\n" + SUMMARY
    )
    assert tree(outside.parent) == ["notes", "notes/todo.txt"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_site_option_naming_no_folder_fails_and_creates_it_not(
    outside: Path, command: tuple[str, ...]
) -> None:
    done = run("--site", "new site/here", *command, cwd=outside)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "newsgen: error: new site/here does not exist "
        "(run `newsgen init 'new site/here'` to start a site there)\n" + SUMMARY
    )
    assert tree(outside.parent) == ["notes", "notes/todo.txt"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_site_option_naming_a_folder_without_config_fails(
    outside: Path, command: tuple[str, ...]
) -> None:
    done = run("--site", str(outside), *command, cwd=outside.parent)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"newsgen: error: no newsgen.yaml in {outside}: this is not a newsgen site "
        f"(run `newsgen init {outside}` to start one there)\n" + SUMMARY
    )
    assert tree(outside.parent) == ["notes", "notes/todo.txt"]


def test_a_site_option_naming_a_file_fails(outside: Path) -> None:
    done = run("--site", "todo.txt", "build", cwd=outside)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "newsgen: error: todo.txt is not a folder "
        "(--site names the folder that holds newsgen.yaml)\n" + SUMMARY
    )
    assert tree(outside.parent) == ["notes", "notes/todo.txt"]


def test_a_site_option_does_not_search_upwards(tmp_path: Path) -> None:
    (tmp_path / "newsgen.yaml").write_text("title: Up\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    done = run("--site", "content", "check", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("newsgen: error: no newsgen.yaml in content: ")


def test_help_needs_no_site(outside: Path) -> None:
    for command in (("--help",), ("build", "--help"), ("serve", "--help"), ("init", "--help")):
        done = run(*command, cwd=outside)
        assert (done.returncode, done.stderr) == (0, ""), command
        assert done.stdout.startswith("Usage: newsgen"), command
    assert tree(outside.parent) == ["notes", "notes/todo.txt"]


def test_from_a_subfolder_the_site_above_is_found(tmp_path: Path) -> None:
    (tmp_path / "newsgen.yaml").write_text("base_url: https://up.example/\n", encoding="utf-8")
    inner = tmp_path / "content" / "2024"
    inner.mkdir(parents=True)
    done = run("check", cwd=inner)
    assert (done.returncode, done.stdout, done.stderr) == (0, "0 error(s), 0 warning(s)\n", "")
    built = run("build", "--no-search", cwd=inner)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "build" / "index.html").is_file()
    assert not (inner / "build").exists()
