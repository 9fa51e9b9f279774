"""The documentation runs: every shell command in README.md and docs/*.md does what it says.

The conventions are explained to writers in docs/development.md ("How the documentation is
tested"): a ```sh block runs command by command in a fresh copy of the demo site, a
```sh new-site block in an empty folder, and each command of a ```sh notest block must be on
the allow-list NOT_RUN. Text in double quotes in a command's comment must appear in its
output. yaml blocks must load as newsgen.yaml, markdown blocks with front matter must parse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import itertools
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from markdown_it import MarkdownIt
from packaging.requirements import Requirement

from newsgen import __version__
from newsgen.config.fields import FIELD_OF_KEY, SCHEMA
from newsgen.config.site import Publisher, RawHtml, SiteConfig, load_config
from newsgen.content.articles import parse_article_text, read_article
from newsgen.model import Article

REPO = Path(__file__).resolve().parent.parent
PAGES = (
    REPO / "README.md",
    REPO / "SECURITY.md",
    REPO / "templates" / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
)
BIN = Path(sys.executable).parent
"""The virtual environment the tests run in: its newsgen, python and tools are the ones run."""
SITE_FILES = ("newsgen.yaml", "content", "seeds", "templates", "static", "imports")
"""The demo site's own files in the repository (those that exist are copied)."""
RUN_IN_DEMO = "sh"
RUN_IN_EMPTY_FOLDER = "sh new-site"
NOT_RUN_MARK = "sh notest"
CI_CONFIG = "yaml ci"
"""A CI service's configuration (GitHub Actions, GitLab CI), not a newsgen.yaml."""
SHOWN_ONLY = frozenset({NOT_RUN_MARK, "yaml", CI_CONFIG, "markdown", "jinja", "text"})
NOT_RUN = {
    "bash .ci/run": "the whole suite, this test included; it also installs system packages",
    ".venv/bin/python -m pytest tests/test_build.py --update-golden": (
        "rewrites tests/golden/expected in the repository"
    ),
    "pip install -e '.[fuzz]'": "atheris is not among the test tools (checked: not installed)",
    "mkdir -p fuzz/corpus && python fuzz/fuzz_inputs.py -max_total_time=600 fuzz/corpus": (
        "ten minutes under atheris"
    ),
    "python fuzz/fuzz_inputs.py crash-<hash>": "replays a file that a fuzzing run saved",
    "python benchmarks/bench.py --sizes 1000,10000 --runs 3 --peers": (
        "many minutes; needs ../shared/bench and the peer generators"
    ),
    "pip install dask": "dask is not among the test tools; the simulation's split is tested "
    "without it (tests/test_scale_simulation.py)",
    "python benchmarks/scale_simulation.py --articles 100000 --shards 4": (
        "half an hour; needs dask and ../shared/bench"
    ),
}
"""Commands shown in ```sh notest blocks, and why each cannot run inside the suite."""
SHELL_OPERATORS = frozenset({"&&", "||", "|", ";", "&", ">", ">>", "<"})
STARTUP_SECONDS = 60.0
"""How long a long-running command may take to build and answer (a cold build, a busy CI)."""
EDIT = "Edited while the site was watched."
FAKE_PYTHON = """#!/bin/sh
# The real interpreter, except that pip only records its arguments.
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  shift 2
  echo "$*" >> '{log}'
  exit 0
fi
exec '{python}' "$@"
"""


@dataclass(frozen=True)
class Block:
    """One code block of a documentation page."""

    page: str
    line: int
    info: str
    """The fence's info string, spaces folded; '(indented)' for an indented code block."""
    text: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


@dataclass(frozen=True)
class Command:
    """One command line of a shell block."""

    text: str
    """As written, without its comment, spaces folded."""
    argv: tuple[str, ...]
    expected: tuple[str, ...]
    """The double-quoted parts of its comment: text its output must contain."""


@dataclass(frozen=True)
class Place:
    """Where a command runs, and a scratch folder beside it (outside any site) for logs."""

    cwd: Path
    scratch: Path


Runner = Callable[[Command, Place], str]
"""Runs a command, checks its exit status and effect, and returns its output."""
T = TypeVar("T")


def code_blocks() -> list[Block]:
    parser = MarkdownIt("commonmark")
    found = []
    for page in PAGES:
        for token in parser.parse(page.read_text(encoding="utf-8")):
            if token.type in ("fence", "code_block") and token.map:
                info = " ".join(token.info.split()) if token.type == "fence" else "(indented)"
                name = page.relative_to(REPO).as_posix()
                found.append(Block(name, token.map[0] + 1, info, token.content))
    return found


def blocks_of(*infos: str) -> list[Block]:
    return [block for block in code_blocks() if block.info in infos]


def commands(block: Block) -> list[Command]:
    found = []
    for line in block.text.replace("\\\n", " ").splitlines():
        code, comment = split_comment(line)
        if code.strip():
            expected = tuple(re.findall(r'"([^"]+)"', comment))
            found.append(Command(" ".join(code.split()), tuple(shlex.split(code)), expected))
    return found


def split_comment(line: str) -> tuple[str, str]:
    """The command and its `# comment` (a # outside quotes, at the start or after a space)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index], line[index + 1 :]
    return line, ""


# -- the conventions ---------------------------------------------------------------------------


def test_every_code_block_is_of_a_known_kind() -> None:
    known = {RUN_IN_DEMO, RUN_IN_EMPTY_FOLDER} | SHOWN_ONLY
    unknown = [
        f"{b.where}: {b.info or '(no language)'}" for b in code_blocks() if b.info not in known
    ]
    assert unknown == [], f"code blocks must be one of {sorted(known)}"


def test_every_runnable_command_is_recognised() -> None:
    blocks = blocks_of(RUN_IN_DEMO, RUN_IN_EMPTY_FOLDER)
    assert blocks, "no runnable shell block found: the docs test would test nothing"
    unknown = [f"{b.where}: {c.text}" for b in blocks for c in commands(b) if runner(c) is None]
    assert unknown == [], (
        "not recognised: add a runner in tests/test_docs.py, or mark the block `sh notest` "
        "and list the command in NOT_RUN"
    )


def test_commands_not_run_are_exactly_the_allow_list() -> None:
    shown = {c.text: b.where for b in blocks_of(NOT_RUN_MARK) for c in commands(b)}
    unlisted = sorted(f"{where}: {text}" for text, where in shown.items() if text not in NOT_RUN)
    assert unlisted == [], "a `sh notest` command must be in NOT_RUN, with the reason"
    assert sorted(set(NOT_RUN) - set(shown)) == [], "NOT_RUN lists a command no page shows"


@pytest.mark.parametrize(
    "block", blocks_of(RUN_IN_DEMO, RUN_IN_EMPTY_FOLDER), ids=lambda block: block.where
)
def test_documented_commands_run(block: Block, tmp_path: Path) -> None:
    place = Place(tmp_path / "site", tmp_path)
    if block.info == RUN_IN_DEMO:
        copy_demo_site(place.cwd)
    else:
        place.cwd.mkdir()
    for command in commands(block):
        run = runner(command)
        assert run is not None, f"{block.where}: not recognised: {command.text}"
        output = run(command, place)
        for fragment in command.expected:
            assert fragment in output, (
                f"{block.where}: {command.text}: no {fragment!r} in:\n{output}"
            )


# -- recognising and running commands ----------------------------------------------------------


def runner(command: Command) -> Runner | None:
    argv = command.argv
    if not argv or SHELL_OPERATORS & set(argv):
        return None
    if argv[0] == "newsgen":
        return newsgen_runner(argv)
    prefixes: dict[tuple[str, ...], Runner] = {
        ("bash", "scripts/demo"): run_demo,
        ("pip", "install"): check_installed,
        (".venv/bin/python", "-m", "pytest"): run_pytest,
        (".venv/bin/lint-imports",): run_lint_imports,
        ("python3", "-m", "http.server"): run_static_server,
    }
    return next((run for prefix, run in prefixes.items() if argv[: len(prefix)] == prefix), None)


def newsgen_runner(argv: tuple[str, ...]) -> Runner | None:
    if {"--help", "-h", "--version"} & set(argv):
        return run_newsgen_info
    rest = list(argv[1:])
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] == "--site" else rest[1:]
    verb = rest[0] if rest else ""
    if verb == "build" and "--watch" in argv:
        return run_watch
    verbs: dict[str, Runner] = {
        "init": run_init,
        "import": run_import,
        "new": run_new,
        "check": run_check,
        "build": run_build,
        "serve": run_serve,
    }
    return verbs.get(verb)


def newsgen(command: Command, place: Place) -> tuple[subprocess.CompletedProcess[str], str]:
    done = subprocess.run(
        [str(BIN / "newsgen"), *command.argv[1:]],
        cwd=place.cwd,
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=False,
    )
    return done, done.stdout + done.stderr


def run_newsgen_info(command: Command, place: Place) -> str:
    done, output = newsgen(command, place)
    assert done.returncode == 0, output
    assert (__version__ if "--version" in command.argv else "Usage:") in output
    return output


def run_init(command: Command, place: Place) -> str:
    done, output = newsgen(command, place)
    assert done.returncode == 0, output  # no page documents a refusal
    created = re.findall(r"^created (.+)$", done.stdout, re.MULTILINE)
    assert created and all((place.cwd / name).is_file() for name in created), output
    folders = [arg for arg in command.argv[command.argv.index("init") + 1 :] if arg[:1] != "-"]
    config = load_config(place.cwd / (folders[0] if folders else "."))  # the site it started
    assert articles(config) and not any(article.draft for article in articles(config))
    return output


def run_import(command: Command, place: Place) -> str:
    done, output = newsgen(command, place)
    summary = re.search(
        r"imported (\d+) (?:seed|item)\(s\), (\d+) unchanged, \d+ kept as edited, "
        r"(?:\d+ skipped, )?(\d+) refused",
        done.stdout,
    )
    assert summary, output
    written = re.findall(r"^wrote (.+)$", done.stdout, re.MULTILINE)
    assert len(written) == int(summary[1]), output
    assert all(name.startswith("content/") and (place.cwd / name).is_file() for name in written)
    assert (done.returncode, summary[3]) == (0, "0"), output  # no page documents a failure
    return output


def run_new(command: Command, place: Place) -> str:
    done, output = newsgen(command, place)
    assert done.returncode == 0 and done.stdout.strip(), output
    path = Path(done.stdout.strip().splitlines()[-1])
    assert path.is_relative_to(place.cwd.resolve() / "content"), output
    text = path.read_text(encoding="utf-8")
    rest = command.argv[2:]
    topics = [value for option, value in itertools.pairwise(rest) if option == "--topic"]
    titles = [a for i, a in enumerate(rest) if i == 0 or rest[i - 1] != "--topic"]
    assert "draft: true" in text
    assert all(word in text for word in [*titles, *topics] if not word.startswith("-"))
    return output


def run_check(command: Command, place: Place) -> str:
    done, output = newsgen(command, place)
    counts = re.search(r"(\d+) error\(s\), (\d+) warning\(s\)", done.stdout)
    assert counts, output
    errors, warnings = int(counts[1]), int(counts[2])
    assert done.stderr.count(": error: ") == errors, output
    assert done.stderr.count(": warning: ") == warnings, output
    assert errors == 0, output  # no page documents a site with errors
    assert done.returncode == int("--strict" in command.argv and warnings > 0), output
    return output


def run_build(command: Command, place: Place) -> str:
    done, output = newsgen(command, place)
    assert done.returncode == 0, output
    built = re.search(r"built (\d+) pages \((\d+) rendered", done.stdout)
    unchanged = re.search(r"nothing changed since the last build: \d+ pages", done.stdout)
    assert built or unchanged, output
    if "--clean" in command.argv:
        assert built and built[1] == built[2], f"--clean must render every page:\n{output}"
    config = load_config(place.cwd)
    assert (config.output_path / "index.html").is_file()
    assert_drafts(config, "--drafts" in command.argv)
    return output


def run_serve(command: Command, place: Place) -> str:
    port = free_port()
    argv = [str(BIN / "newsgen"), *with_port(command.argv, port)[1:]]
    log = place.scratch / f"serve-{port}.log"
    config = load_config(place.cwd)
    with background(argv, place.cwd, log) as process:
        home = wait_for_page(f"http://127.0.0.1:{port}/", process, log)
        assert html.escape(config.title) in home
        for name in option_values(command.argv, "--allow-host"):
            host = f"www{name}" if name.startswith(".") else name
            wait_for_page(f"http://127.0.0.1:{port}/", process, log, host=f"{host}:{port}")
            assert status_of(f"http://127.0.0.1:{port}/", f"elsewhere.example:{port}") == 403
        assert_drafts(config, "--drafts" in command.argv)
        assert stop(process) == 0, log.read_text()
    return log.read_text()


def run_watch(command: Command, place: Place) -> str:
    config = load_config(place.cwd)
    article = next(a for a in articles(config) if not a.draft)
    source = config.root / article.source_path
    log = place.scratch / "watch.log"
    with background([str(BIN / "newsgen"), *command.argv[1:]], place.cwd, log) as process:
        page = wait_until(
            lambda: article_page(config, article.slug), process, log, "the first build"
        )
        with source.open("a", encoding="utf-8") as file:
            file.write(f"\n\n{EDIT}\n")
        wait_until(lambda: holds(page, EDIT), process, log, "the rebuild after the edit")
        assert stop(process) == 0, log.read_text()
    return log.read_text()


def run_demo(command: Command, place: Place) -> str:
    repo = Path(tempfile.mkdtemp(prefix="repo-", dir=place.scratch))
    copy_demo_site(repo)
    shutil.copytree(REPO / "scripts", repo / "scripts")
    shutil.copy2(REPO / "pyproject.toml", repo)
    pip_log = fake_venv(repo / ".venv")
    port = free_port()
    log = place.scratch / f"demo-{port}.log"
    with background(list(with_port(command.argv, port)), repo, log) as process:
        home = wait_for_page(f"http://127.0.0.1:{port}/", process, log)
        assert html.escape(load_config(repo).title) in home
        assert stop(process) == 0, log.read_text()
    assert pip_log.read_text().splitlines()[-1] == "install --quiet -e ."
    return log.read_text()


def run_static_server(command: Command, place: Place) -> str:
    port = free_port()
    argv = [sys.executable, *with_port(command.argv, port)[1:]]
    log = place.scratch / f"http-{port}.log"
    with background(argv, place.cwd, log) as process:
        home = wait_for_page(f"http://127.0.0.1:{port}/", process, log)
        assert html.escape(load_config(place.cwd).title) in home
        stop(process)
    return log.read_text()


def run_pytest(command: Command, place: Place) -> str:
    output = run_in_repo([str(BIN / "python"), *command.argv[1:]])
    assert re.search(r"\d+ passed", output), output
    return output


def run_lint_imports(command: Command, place: Place) -> str:
    output = run_in_repo([str(BIN / "lint-imports"), *command.argv[1:]])
    assert "0 broken" in output, output
    return output


def run_in_repo(argv: list[str]) -> str:
    environment = {**os.environ, "PYTEST_ADDOPTS": "-p no:cacheprovider"}
    done = subprocess.run(
        argv, cwd=REPO, env=environment, capture_output=True, text=True, timeout=300, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def check_installed(command: Command, place: Place) -> str:
    """`pip install .[extras]`, checked against the environment the tests run in, not run:
    every requirement it would install is there in an accepted version, and so is newsgen."""
    targets = [a for a in command.argv[2:] if a not in ("-e", "--editable")]
    assert len(targets) == 1, f"one target expected: {command.text}"
    target = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", targets[0])
    assert target, f"only this repository (`.`) can be checked: {command.text}"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = target[1].split(",") if target[1] else []
    wanted = [*project["dependencies"]]
    wanted += [r for extra in extras for r in project["optional-dependencies"][extra]]
    for requirement in map(Requirement, wanted):
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            pytest.fail(f"{command.text}: {requirement.name} is not installed")
        assert requirement.specifier.contains(installed, prereleases=True), requirement
    assert version("newsgen") == __version__
    assert (BIN / "newsgen").is_file()
    return f"newsgen {__version__} and {len(wanted)} requirements are installed"


# -- helpers -----------------------------------------------------------------------------------


def copy_demo_site(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)


def fake_venv(venv: Path) -> Path:
    """A .venv whose python is the real one except for pip, which only records its arguments
    (so a demo in a copy never installs anything); returns the record's path."""
    (venv / "bin").mkdir(parents=True)
    log = venv / "pip.log"
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON.format(log=log, python=sys.executable), encoding="utf-8")
    python.chmod(0o755)
    (venv / "bin" / "newsgen").symlink_to(BIN / "newsgen")
    return log


def articles(config: SiteConfig) -> list[Article]:
    """The site's front-matter articles, read by newsgen's own reader."""
    paths = sorted(config.content_path.rglob("*.md"))
    return [read_article(path, config).article for path in paths]


def assert_drafts(config: SiteConfig, wanted: bool) -> None:
    """Each draft article is built exactly when `--drafts` was given."""
    for draft in (a for a in articles(config) if a.draft):
        built = article_page(config, draft.slug) is not None
        assert built == wanted, f"{draft.source_path}: built {built}, with --drafts {wanted}"


def article_page(config: SiteConfig, slug: str) -> Path | None:
    pages = [p / "index.html" for p in config.output_path.rglob(slug) if p.is_dir()]
    return next((page for page in pages if page.is_file()), None)


def holds(page: Path, text: str) -> bool | None:
    """True when the page holds `text`, else None (so that `wait_until` goes on waiting)."""
    return text in page.read_text(encoding="utf-8") or None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def with_port(argv: tuple[str, ...], port: int) -> tuple[str, ...]:
    """The command with `port` in place of the port it names (`--port P`, or a last number)."""
    if "--port" in argv:
        at = argv.index("--port") + 1
        return (*argv[:at], str(port), *argv[at + 1 :])
    if argv[-1].isdigit():
        return (*argv[:-1], str(port))
    return (*argv, "--port", str(port))


def option_values(argv: tuple[str, ...], option: str) -> list[str]:
    return [value for name, value in itertools.pairwise(argv) if name == option]


@contextlib.contextmanager
def background(argv: list[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    # Started in the background, the suite may have SIGINT ignored, and a child inherits that:
    # Ctrl-C (`stop`) must reach it as in a terminal, so it starts with Python's own handler.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with log.open("wb") as sink:
            process = subprocess.Popen(
                argv, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
            )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def stop(process: subprocess.Popen[bytes]) -> int:
    """Ctrl-C, as the docs say to stop it; the exit status."""
    process.send_signal(signal.SIGINT)
    return process.wait(timeout=60)


def wait_until(
    probe: Callable[[], T | None], process: subprocess.Popen[bytes], log: Path, what: str
) -> T:
    deadline = time.monotonic() + STARTUP_SECONDS
    while (found := probe()) is None:
        assert process.poll() is None, (
            f"exited ({process.returncode}) before {what}:\n{log.read_text()}"
        )
        assert time.monotonic() < deadline, (
            f"no {what} within {STARTUP_SECONDS} s:\n{log.read_text()}"
        )
        time.sleep(0.2)
    return found


def wait_for_page(
    url: str, process: subprocess.Popen[bytes], log: Path, host: str | None = None
) -> str:
    return wait_until(lambda: fetch(url, host), process, log, f"answer from {url}")


def get(url: str, host: str | None) -> Any:
    """GET `url` directly (never through a proxy), with `host` as its Host header if given."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    return opener.open(request, timeout=10)


def fetch(url: str, host: str | None = None) -> str | None:
    """The page, or None while nothing answers; any HTTP error status fails the test."""
    try:
        with get(url, host) as answer:
            body: bytes = answer.read()
            return body.decode("utf-8")
    except urllib.error.HTTPError as exc:
        pytest.fail(f"{url} (Host {host}): HTTP {exc.code}")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def status_of(url: str, host: str) -> int:
    try:
        with get(url, host) as answer:
            status: int = answer.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code


# -- examples and references -------------------------------------------------------------------


def shown_default(value: object) -> str:
    """A default as the configuration table writes it."""
    if isinstance(value, RawHtml):
        return f"`{value.value}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "" or value == Publisher():
        return "empty"
    if value == ():
        return "none"
    return f"`{value}`"


def test_configuration_documents_every_key_with_its_default() -> None:
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| `(\w+)` \| (.+?) \|", text, re.MULTILINE))
    assert sorted(documented) == sorted(SCHEMA), "the table must list exactly the schema's keys"
    defaults = {f.name: f.default for f in dataclasses.fields(SiteConfig)}
    for key in SCHEMA:
        expected = shown_default(defaults[FIELD_OF_KEY.get(key, key)])
        assert documented[key] == expected, f"`{key}`: the table says {documented[key]}"


@pytest.mark.parametrize("block", blocks_of("yaml"), ids=lambda block: block.where)
def test_yaml_examples_load_as_newsgen_yaml(block: Block, tmp_path: Path) -> None:
    (tmp_path / "newsgen.yaml").write_text(block.text, encoding="utf-8")
    load_config(tmp_path)


@pytest.mark.parametrize("block", blocks_of(CI_CONFIG), ids=lambda block: block.where)
def test_ci_examples_are_yaml_that_keep_the_cache_and_build(block: Block) -> None:
    loaded = yaml.safe_load(block.text)
    assert isinstance(loaded, (list, dict))
    assert ".newsgen" in block.text and "newsgen build" in block.text


@pytest.mark.parametrize(
    "block",
    [b for b in blocks_of("markdown") if b.text.startswith("---\n")],
    ids=lambda block: block.where,
)
def test_article_examples_parse(block: Block, tmp_path: Path) -> None:
    loaded = parse_article_text(block.text, "example.md", SiteConfig(root=tmp_path))
    assert loaded.diagnostics == ()


def heading_anchors(page: Path) -> set[str]:
    """GitHub's anchors for the page's headings."""
    tokens = MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8"))
    anchors = set()
    for opening, inline in itertools.pairwise(tokens):
        if opening.type == "heading_open":
            text = "".join(child.content for child in inline.children or [])
            anchors.add(re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-"))
    return anchors


def test_relative_links_lead_to_files_and_headings() -> None:
    broken = []
    for page in PAGES:
        for token in MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8")):
            for child in token.children or []:
                href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
                if not href or re.match(r"[a-z]+:", href):
                    continue
                name, _, anchor = href.partition("#")
                target = (page.parent / name).resolve() if name else page
                if not target.exists() or (anchor and anchor not in heading_anchors(target)):
                    broken.append(f"{page.relative_to(REPO)}: {href}")
    assert broken == []


def test_bootstrap_runs_pip_only_when_something_changed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "bootstrap.sh", repo / "scripts")
    shutil.copy2(REPO / "pyproject.toml", repo)
    module = repo / "src" / "newsgen" / "module.py"
    module.parent.mkdir(parents=True)
    module.write_text("first = 1\n", encoding="utf-8")
    pip_log = fake_venv(repo / ".venv")

    def installs(*arguments: str) -> list[str]:
        before = pip_log.read_text().splitlines() if pip_log.exists() else []
        subprocess.run(["bash", "scripts/bootstrap.sh", *arguments], cwd=repo, check=True)
        return pip_log.read_text().splitlines()[len(before) :]

    upgrade = "install --quiet --upgrade pip"
    assert installs("-e", ".") == [upgrade, "install --quiet -e ."]
    assert installs("-e", ".") == []
    module.write_text("first = 2\n", encoding="utf-8")
    assert installs("-e", ".") == [], "an editable install sees an edit of src/ by itself"
    assert installs(".[test]") == [upgrade, "install --quiet .[test]"], "other extras"
    assert installs(".[test]") == []
    module.write_text("first = 3\n", encoding="utf-8")
    assert installs(".[test]") == [upgrade, "install --quiet .[test]"], "a copy must be renewed"
    with (repo / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write("# changed\n")
    assert installs("-e", ".") == [upgrade, "install --quiet -e ."]
