"""Start-up: what a command imports, and checks done without the heavy libraries."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newsgen import cli
from newsgen.config.site import load_config
from newsgen.diagnostics import NewsgenError
from sitegen import build, generated_site


@pytest.mark.parametrize("code", ["en", "uk", "pt-BR", "sr_Latn_BA", "EN", "en-us", "root"])
def test_a_language_babel_knows_is_accepted_with_or_without_its_data_file(
    tmp_path: Path, code: str
) -> None:
    from babel import Locale

    Locale.parse(code.replace("-", "_"))  # Babel knows it...
    (tmp_path / "newsgen.yaml").write_text(f"language: {code}\n", encoding="utf-8")
    # ...and so does the config, as a language tag (en_GB would be invalid in <html lang>)
    assert load_config(tmp_path).language == code.replace("_", "-")


@pytest.mark.parametrize("code", ["xx", "en_XX_nope", "e", "../en"])
def test_a_language_babel_does_not_know_is_refused(tmp_path: Path, code: str) -> None:
    (tmp_path / "newsgen.yaml").write_text(f"language: '{code}'\n", encoding="utf-8")
    with pytest.raises(NewsgenError, match="unknown language code"):
        load_config(tmp_path)


def test_the_command_ends_with_its_whole_output_and_exit_code(tmp_path: Path) -> None:
    """The console command ends the process itself (`cli.main`): nothing printed is lost."""
    (tmp_path / "newsgen.yaml").write_text("title: T\nbase_url: https://t.example/\n", "utf-8")
    folder = tmp_path / "content"
    folder.mkdir()
    for number in range(300):
        text = f"---\ntitle: Article {number}\ndate: 2024-13-0{number % 9 + 1}\n---\nText.\n"
        (folder / f"a{number:03}.md").write_text(text, encoding="utf-8")
    command = [sys.executable, "-c", "from newsgen.cli import main; main()", "check"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith("300 error(s)")  # stdout is block-buffered into a pipe
    reported = {line.split(":")[0] for line in done.stderr.splitlines() if ": error:" in line}
    assert reported == {f"content/a{number:03}.md" for number in range(300)}


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (3, 3), ("bye", 1)])
def test_the_command_ends_at_once_with_the_status_it_was_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: object, status: int
) -> None:
    ended: list[int] = []

    def stop(prog_name: str) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(cli, "cli", stop)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "gettrace", lambda: None)  # as when no coverage tool runs
    monkeypatch.setattr(sys, "getprofile", lambda: None)
    monkeypatch.setattr(os, "_exit", ended.append)
    cli.main()
    assert ended == [status]
    assert capsys.readouterr().err == ("bye\n" if code == "bye" else "")


@pytest.mark.parametrize("watcher", ["thread", "trace", "profile"])
def test_the_command_exits_as_usual_while_another_thread_or_a_profiler_runs(
    monkeypatch: pytest.MonkeyPatch, watcher: str
) -> None:
    def stop(prog_name: str) -> None:
        raise SystemExit(0)

    monkeypatch.setattr(cli, "cli", stop)
    monkeypatch.setattr(threading, "active_count", lambda: 2 if watcher == "thread" else 1)
    monkeypatch.setattr(sys, "gettrace", lambda: print if watcher == "trace" else None)
    monkeypatch.setattr(sys, "getprofile", lambda: print if watcher == "profile" else None)
    monkeypatch.setattr(os, "_exit", pytest.fail)
    with pytest.raises(SystemExit):
        cli.main()


def test_a_profile_of_the_command_is_written(tmp_path: Path) -> None:
    (tmp_path / "newsgen.yaml").write_text("title: T\nbase_url: https://t.example/\n", "utf-8")
    report = tmp_path / "build.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(report), "-m", "newsgen", "check"]
    subprocess.run(command, cwd=tmp_path, capture_output=True, check=True)
    assert report.stat().st_size > 0


LAZY_LIBRARIES = (
    *("PIL", "feedgen", "dateutil", "lxml", "newsgen.content.seeds", "email.utils"),
    *("multiprocessing", "importlib.resources", "newsgen.content.worded_dates", "difflib"),
    "concurrent.futures.process",
)
BUILD_AND_LIST_IMPORTS = f"""
import sys
from datetime import datetime
from pathlib import Path
from newsgen.builder import BuildOptions, build_site
from newsgen.config.site import load_config
now = datetime.fromisoformat("2030-01-01T00:00:00+00:00")
done = build_site(load_config(Path(sys.argv[1])), BuildOptions(now=now, search=False))
print(done.pages_rendered, *(name for name in {LAZY_LIBRARIES!r} if name in sys.modules))
"""


@pytest.mark.parametrize(
    ("edited", "imported"),
    [("00000.md", []), ("00079.md", ["feedgen", "dateutil", "lxml", "importlib.resources"])],
)
def test_an_edit_imports_only_the_libraries_it_uses(
    tmp_path: Path, edited: str, imported: list[str]
) -> None:
    """An old article's new sentence changes no feed, picture, drawing or seed: the libraries
    only those need stay unimported (some 0.05 s of an edit); the newest article's is in the
    feeds, which are made again (dateutil imports importlib.resources)."""
    config = generated_site(tmp_path, 80)  # 27 articles a topic: a feed lists the 20 newest
    build(config, search=False)
    with (config.content_path / edited).open("a", encoding="utf-8") as article:
        article.write("\nOne more sentence.\n")
    command = [sys.executable, "-c", BUILD_AND_LIST_IMPORTS, str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", *imported]
