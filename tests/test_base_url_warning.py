"""`check` and `build` warn when base_url is not set or points at this machine; a preview
(`serve`, `build --watch`) does not."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cache import stamp
from newsgen.cli import cli
from newsgen.config.site import base_url_warnings, is_local_url, load_config

NEWSGEN = Path(sys.executable).parent / "newsgen"
HINT = "(set base_url: to the address the site is published at)"
UNSET = (
    "newsgen.yaml: warning: base_url is not set, so links in feeds, sitemaps and canonical tags "
    f"point at http://127.0.0.1:8000/ {HINT}"
)
ARTICLE = (
    "---\ntitle: A story\ndate: 2024-02-22 10:00\nid: 5d1f3b4e-8a52-4a44-9c0e-6a1b2c3d4e5f\n"
    "slug: a-story\n---\nThe story.\n"
)


def local(url: str, line: int = 2) -> str:
    return (
        f"newsgen.yaml:{line}: warning: base_url is {url}, so links in feeds, sitemaps and "
        f"canonical tags point at this machine {HINT}"
    )


def site(root: Path, config: str) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "story.md").write_text(ARTICLE, encoding="utf-8")
    (root / "newsgen.yaml").write_text(config, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://127.9.9.9/",
        "http://localhost/",
        "https://LOCALHOST.:8443/news/",
        "http://news.localhost/",
        "http://[::1]:8000/",
        "http://0.0.0.0:8000/",
        "http://[::]/",
        "http://localhost.localdomain/",
    ],
)
def test_a_local_address_is_local(url: str) -> None:
    assert is_local_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.org/",
        "http://10.0.0.5:8000/",
        "http://192.168.1.20/",
        "http://mylocalhost.org/",
        "http://localhost.example.org/",
        "http://[2001:db8::1]/",
    ],
)
def test_a_published_address_is_not_local(url: str) -> None:
    assert not is_local_url(url)
    assert base_url_warnings(url, 3) == ()


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("title: T\n", [UNSET]),
        ("", [UNSET]),
        ("title: T\nbase_url: http://localhost:8000\n", [local("http://localhost:8000/")]),
        ("title: T\n\n\nbase_url: 'http://127.0.0.1/'\n", [local("http://127.0.0.1/", 4)]),
        ("title: T\nbase_url: https://news.example.org/\n", []),
    ],
)
def test_loading_the_config_finds_the_warning_with_its_line(
    tmp_path: Path, config: str, expected: list[str]
) -> None:
    (tmp_path / "newsgen.yaml").write_text(config, encoding="utf-8")
    assert [d.format() for d in load_config(tmp_path).warnings] == expected


def test_check_counts_the_warning_and_strict_fails_on_it(tmp_path: Path) -> None:
    root = site(tmp_path, "title: T\nbase_url: http://localhost:8000/\n")
    done = CliRunner().invoke(cli, ["--site", str(root), "check"])
    assert (done.exit_code, done.stdout, done.stderr) == (
        0,
        "0 error(s), 1 warning(s)\n",
        local("http://localhost:8000/") + "\n",
    )
    assert CliRunner().invoke(cli, ["--site", str(root), "check", "--strict"]).exit_code == 1


def test_build_warns_and_so_does_a_build_with_nothing_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 0)  # every input is old enough to trust its time
    root = site(tmp_path, "title: T\n")
    args = ["--site", str(root), "build", "--no-search"]
    first = CliRunner().invoke(cli, args)
    assert (first.exit_code, first.stderr) == (0, UNSET + "\n")
    assert first.stdout.startswith("built ")
    again = CliRunner().invoke(cli, args)
    assert (again.exit_code, again.stderr) == (0, UNSET + "\n")
    assert again.stdout.startswith("nothing changed since the last build")
    (root / "newsgen.yaml").write_text("base_url: https://news.example.org/\n", encoding="utf-8")
    published = CliRunner().invoke(cli, args)
    assert (published.exit_code, published.stderr) == (0, "")
    quiet = CliRunner().invoke(cli, args)
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert quiet.stdout.startswith("nothing changed since the last build")


def interrupted(args: list[str], cwd: Path, ready: str) -> str:
    """Run newsgen until a line starts with `ready`, then press Ctrl-C; all it printed."""
    restore = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    program = restore + "import sys; from newsgen.cli import cli; cli(sys.argv[1:], 'newsgen')"
    command = [sys.executable, "-u", "-c", program, *args]
    with subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        guard = threading.Timer(60, child.kill)  # a hung child fails the test, never the suite
        guard.start()
        try:
            assert child.stdout is not None
            seen = []
            for line in iter(child.stdout.readline, ""):
                seen.append(line)
                if line.startswith(ready):
                    break
            child.send_signal(signal.SIGINT)
            rest, errors = child.communicate()
        finally:
            guard.cancel()
    assert child.returncode == 0, errors
    assert seen and seen[-1].startswith(ready), seen
    return "".join(seen) + rest + errors


@pytest.mark.parametrize(
    ("args", "ready"),
    [
        (["serve", "--port", "0"], "serving "),
        (["build", "--watch", "--no-search"], "watching for changes"),
    ],
    ids=["serve", "build --watch"],
)
def test_a_preview_does_not_warn(tmp_path: Path, args: list[str], ready: str) -> None:
    root = site(tmp_path, "title: T\n")
    printed = interrupted(args, root, ready)
    assert "warning" not in printed
    assert (root / "build" / "index.html").is_file()
