"""`newsgen init`: a starter site that builds, in an empty folder only unless --force, which
overwrites nothing; nothing is ever written outside the folder."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from newsgen.config.site import load_config
from newsgen.content.starter import CONFIG_TEXT, Action, Step, start_site

NEWSGEN = Path(sys.executable).parent / "newsgen"
NOW = datetime(2024, 2, 22, 9, 30, 15, 123456, tzinfo=UTC)
EXAMPLE = "content/2024/02/welcome-to-your-news-site.md"
SUMMARY = "newsgen: 1 error(s); nothing was changed\n"
NEXT = (
    "Next:\n"
    "{cd}"
    "  newsgen serve                # preview it at http://127.0.0.1:8000/, live\n"
    '  newsgen new "Headline"       # start an article (a draft) under content/\n'
    "  newsgen build                # the site, into build/, to publish\n"
    "Before you publish, set base_url: in newsgen.yaml to the site's address.\n"
)
UNSET = (
    "newsgen.yaml: warning: base_url is not set, so links in feeds, sitemaps and canonical "
    "tags point at http://127.0.0.1:8000/ (set base_url: to the address the site is published at)"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(NEWSGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def tree(folder: Path) -> list[str]:
    """Every path under `folder`, hidden ones included."""
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def example_path(folder: Path) -> Path:
    """The one example article init wrote (dated now, so its folder is this month's)."""
    (path,) = (folder / "content").rglob("*.md")
    return path


def test_init_then_build_in_a_fresh_folder(tmp_path: Path) -> None:
    started = run("init", cwd=tmp_path)
    assert (started.returncode, started.stderr) == (0, "")
    article = example_path(tmp_path).relative_to(tmp_path).as_posix()
    assert re.fullmatch(r"content/\d{4}/\d{2}/welcome-to-your-news-site\.md", article)
    assert started.stdout == (
        f"created newsgen.yaml\ncreated {article}\ncreated .gitignore\n" + NEXT.format(cd="")
    )
    built = run("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stderr == UNSET + "\n"  # the example article itself is clean
    assert built.stdout.startswith("built ")
    (page,) = (tmp_path / "build").glob("*/*/*/welcome-to-your-news-site/index.html")
    assert "Welcome to your news site" in page.read_text(encoding="utf-8")
    top = sorted(path.name for path in tmp_path.iterdir())
    assert top == [".gitignore", ".newsgen", "build", "content", "newsgen.yaml"]
    assert [f"content/{p}" for p in tree(tmp_path / "content")] == _parents(article)[1:]


def _parents(relative: str) -> list[str]:
    parts = relative.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def test_the_starter_site_checks_clean_once_base_url_is_set(tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).returncode == 0
    checked = run("check", "--strict", cwd=tmp_path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        1,
        "0 error(s), 1 warning(s)\n",
        UNSET + "\n",
    )
    config = tmp_path / "newsgen.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\n# base_url: https://news.example.org/\n" in text
    config.write_text(text.replace("# base_url:", "base_url:"), encoding="utf-8")
    checked = run("check", "--strict", cwd=tmp_path)
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0,
        "0 error(s), 0 warning(s)\n",
        "",
    )


def test_the_config_is_commented_and_loads_to_the_defaults_it_names(tmp_path: Path) -> None:
    start_site(tmp_path, NOW)
    assert (tmp_path / "newsgen.yaml").read_text(encoding="utf-8") == CONFIG_TEXT
    config = load_config(tmp_path)
    assert (config.title, config.language, config.timezone, config.author) == (
        "My news site",
        "en",
        "UTC",
        "",
    )
    assert [d.format() for d in config.warnings] == [UNSET]


def test_the_example_article_is_published_with_an_id_and_a_slug(tmp_path: Path) -> None:
    steps = start_site(tmp_path, NOW)
    assert steps == [
        Step(Action.CREATED, "newsgen.yaml"),
        Step(Action.CREATED, EXAMPLE),
        Step(Action.CREATED, ".gitignore"),
    ]
    text = (tmp_path / EXAMPLE).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert uuid.UUID(front["id"]).version == 4
    assert front["slug"] == "welcome-to-your-news-site"
    assert front["date"] == "2024-02-22T09:30:15+00:00"
    assert "draft" not in front
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "build/\n.newsgen/\n"


def test_two_starter_sites_get_different_ids(tmp_path: Path) -> None:
    start_site(tmp_path / "a", NOW)
    start_site(tmp_path / "b", NOW)
    ids = [
        yaml.safe_load((tmp_path / s / EXAMPLE).read_text().split("---\n")[1])["id"] for s in "ab"
    ]
    assert ids[0] != ids[1]


def test_a_folder_and_its_missing_parents_are_created(tmp_path: Path) -> None:
    done = run("init", "new sites/riverside", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    article = example_path(tmp_path / "new sites/riverside").relative_to(tmp_path).as_posix()
    assert done.stdout == (
        "created new sites/riverside/newsgen.yaml\n"
        f"created {article}\n"
        "created new sites/riverside/.gitignore\n" + NEXT.format(cd="  cd 'new sites/riverside'\n")
    )
    site = "new sites/riverside"
    assert tree(tmp_path) == sorted(
        ["new sites", site, f"{site}/newsgen.yaml", f"{site}/.gitignore", *_parents(article)[2:]]
    )


def test_the_site_option_names_the_folder_too(tmp_path: Path) -> None:
    done = run("--site", "gazette", "init", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gazette" / "newsgen.yaml").is_file()
    both = run("--site", "gazette", "init", "other", cwd=tmp_path)
    assert (both.returncode, both.stdout) == (1, "")
    assert both.stderr == (
        "newsgen: error: two folders given: --site gazette and other (give the folder once)\n"
        + SUMMARY
    )
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [".git"],
            "{folder} is not empty: it holds .git (start the site in an empty folder, or pass "
            "--force to add the starter files that are missing; none is overwritten)",
        ),
        (
            ["a.txt", "b", "c.md", "d"],
            "{folder} is not empty: it holds a.txt, b, c.md, ... (start the site in an empty "
            "folder, or pass --force to add the starter files that are missing; none is "
            "overwritten)",
        ),
        (
            ["newsgen.yaml", "content"],
            "{folder} is a newsgen site already (pass --force to add the starter files that are "
            "missing; none is overwritten)",
        ),
    ],
)
def test_a_folder_that_is_not_empty_is_refused(
    tmp_path: Path, entries: list[str], message: str
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    for name in entries:
        (folder / name).write_text("mine\n", encoding="utf-8")
    before = tree(tmp_path)
    done = run("init", "site", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"newsgen: error: {message.format(folder='site')}\n" + SUMMARY
    here = run("init", cwd=folder)
    assert here.stderr == f"newsgen: error: {message.format(folder=folder)}\n" + SUMMARY
    assert tree(tmp_path) == before


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("a file\n", encoding="utf-8")
    done = run("init", "site/inner", cwd=tmp_path)
    assert done.returncode == 1
    assert "newsgen: error:" in done.stderr and "Traceback" not in done.stderr
    done = run("init", "site", cwd=tmp_path)
    assert done.stderr == (
        "newsgen: error: site exists and is not a folder (name a new or empty folder)\n" + SUMMARY
    )
    assert tree(tmp_path) == ["site"]


def test_force_adds_beside_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me\n", encoding="utf-8")
    steps = start_site(tmp_path, NOW, force=True)
    assert [step.action for step in steps] == [Action.CREATED] * 3
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me\n"
    assert (tmp_path / EXAMPLE).is_file()


def test_force_keeps_every_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "newsgen.yaml").write_text("title: Mine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("/build\n*.log", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "mine.md").write_text("# Mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    done = run("init", "--force", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "kept newsgen.yaml (it exists; not overwritten)\n"
        "added .newsgen/ to .gitignore\n" + NEXT.format(cd="")
    )
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before | {tmp_path / ".gitignore": b"/build\n*.log\n.newsgen/\n"}


def test_force_adds_no_example_beside_articles(tmp_path: Path) -> None:
    (tmp_path / "content" / "2023").mkdir(parents=True)
    (tmp_path / "content" / "2023" / "old.md").write_text("# Old\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("build\n.newsgen\n", encoding="utf-8")
    steps = start_site(tmp_path, NOW, force=True)
    assert steps == [
        Step(Action.CREATED, "newsgen.yaml"),
        Step(Action.KEPT, "content/", "it holds files: no example article added"),
        Step(Action.KEPT, ".gitignore", "it ignores build/ and .newsgen/ already"),
    ]
    assert tree(tmp_path / "content") == ["2023", "2023/old.md"]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "build\n.newsgen\n"


def test_an_empty_content_folder_gets_the_example(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    steps = start_site(tmp_path, NOW, force=True)
    assert Step(Action.CREATED, EXAMPLE) in steps


def test_nothing_is_written_through_links_out_of_the_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ignore").write_text("x\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "newsgen.yaml").symlink_to(elsewhere / "config.yaml")  # dangling
    (site / ".gitignore").symlink_to(elsewhere / "ignore")
    (site / "content").symlink_to(elsewhere, target_is_directory=True)
    steps = start_site(site, NOW, force=True)
    assert steps == [
        Step(Action.KEPT, "newsgen.yaml", "it exists; not overwritten"),
        Step(Action.KEPT, ".gitignore", "not a plain file; not changed"),
    ]
    assert tree(elsewhere) == ["ignore"]
    assert (elsewhere / "ignore").read_text(encoding="utf-8") == "x\n"


def test_a_linked_content_folder_gets_no_example(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "content").symlink_to(elsewhere, target_is_directory=True)
    steps = start_site(site, NOW, force=True)
    assert Step(Action.KEPT, "content", "not a plain folder: no example article added") in steps
    assert tree(elsewhere) == []
