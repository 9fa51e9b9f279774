"""`newsgen import` of a large WordPress export: read as a stream, in memory that does not grow
with the file; faults and oddities of the file told as when it was read whole."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import newsgen
from importutil import SITE_CONFIG, imported, line_of
from importutil import newsgen as run_newsgen
from newsgen.content.imports.textstore import TextStore
from seedutil import make_site
from test_import_wxr import ATTACHMENT, HOSTILE, item

MEASURED = """
import concurrent.futures.process, json, multiprocessing, re, sys
from pathlib import Path
from click.testing import CliRunner
from newsgen.cli import cli
def kb(field):
    status = Path("/proc/self/status").read_text()
    return int(re.search(field + r":\\s+(\\d+) kB", status)[1])
def run(export):
    return CliRunner().invoke(cli, ["--site", sys.argv[1], "import", export])
run(sys.argv[3])  # every module an import loads, loaded
before = kb("VmRSS")
Path("/proc/self/clear_refs").write_text("5")  # the peak so far forgotten
result = run(sys.argv[2])
print(json.dumps({"grown_kb": kb("VmHWM") - before, "exit": result.exit_code, "out": result.output}))
"""
PAGE_TEXT = "<p>" + "A page of the old site, long enough to weigh. " * 400 + "</p>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE_CONFIG).root


def measured_import(site: Path, export: Path) -> dict[str, object]:
    """`newsgen import export` in a fresh process: its output, and how much its peak memory
    grew over what the program itself takes (once it imported a small export, in the same
    site)."""
    source = Path(newsgen.__file__).resolve().parents[1]
    small = export.with_name("small.xml")
    small.write_text(HOSTILE.format(secret="/nonexistent", items=item(1, "Warm", name="warm")))
    command = [sys.executable, "-c", MEASURED, str(site), str(export), str(small)]
    done = subprocess.run(
        command, capture_output=True, text=True, env={"PYTHONPATH": str(source)}, check=True
    )
    measured: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return measured


def test_a_large_export_is_read_in_memory_far_smaller_than_the_file(
    site: Path, tmp_path: Path
) -> None:
    """An export of 24 MB (its pages skipped, a few posts imported) grows the import's memory
    by far less than its size: read whole, its tree alone took five times the file."""
    pages = [item(n, f"Page {n}", PAGE_TEXT, kind="page") for n in range(1, 1201)]
    posts = [item(5000 + n, f"Post {n}", f"<p>Story {n}.</p>", name=f"p-{n}") for n in range(20)]
    export = tmp_path / "large.xml"
    export.write_text(HOSTILE.format(secret="/nonexistent", items="".join(pages + posts)))
    size_kb = export.stat().st_size // 1024
    assert size_kb > 20_000
    measured = measured_import(site, export)
    assert measured["exit"] == 0, measured["out"]
    assert "imported 20 item(s), 0 unchanged, 0 kept as edited, 1200 skipped" in str(
        measured["out"]
    )
    assert len(imported(site)) == 21
    assert isinstance(measured["grown_kb"], int)
    assert measured["grown_kb"] < size_kb / 4, (measured["grown_kb"], size_kb)


def test_the_posts_of_an_export_three_times_larger_take_hardly_more_memory(
    tmp_path: Path,
) -> None:
    """Posts' bodies and files wait in a temporary file until they are written: an export of
    three times the posts grows the import's memory by far less than the files it writes
    (held until the end, the items and their files took twice their size)."""
    body = "<p>" + "A story of the old site, long enough to weigh. " * 400 + "</p>"
    grown, sizes = [], []
    for count in (400, 1200):
        site = make_site(tmp_path / f"site{count}", SITE_CONFIG).root
        posts = [item(n, f"Post {n}", body, name=f"p-{n}") for n in range(100, 100 + count)]
        export = tmp_path / f"posts{count}.xml"
        export.write_text(HOSTILE.format(secret="/nonexistent", items="".join(posts)))
        measured = measured_import(site, export)
        assert measured["exit"] == 0, measured["out"]
        assert f"imported {count} item(s), 0 unchanged" in str(measured["out"])
        assert len(imported(site)) == count + 1
        assert isinstance(measured["grown_kb"], int)
        grown.append(measured["grown_kb"])
        sizes.append(export.stat().st_size // 1024)
    assert grown[1] - grown[0] < (sizes[1] - sizes[0]) / 4, (grown, sizes)


def test_a_fault_after_the_last_post_refuses_the_whole_export_and_writes_nothing(
    site: Path, tmp_path: Path
) -> None:
    """Read as a stream, the posts come before the fault: none of them is written."""
    posts = "".join(item(n, f"Post {n}", name=f"p-{n}") for n in range(1, 251))
    text = HOSTILE.format(secret="/nonexistent", items=posts).replace("</channel>", "</chanel>")
    export = tmp_path / "late.xml"
    export.write_text(text, encoding="utf-8")
    result = run_newsgen(site, "import", str(export))
    assert result.exit_code == 1
    line = line_of(text, "</chanel>")
    assert result.output.splitlines()[0] == (
        f"{export.as_posix()}:{line}: error: not well-formed XML: Opening and ending tag "
        f"mismatch: channel line 11 and chanel, line {line}, column 10 (export the file again: "
        "it was cut short or damaged)"
    )
    assert not (site / "content").exists()


def test_what_the_channel_says_after_its_posts_is_read_for_them(site: Path, tmp_path: Path) -> None:
    """The blog's title and authors, a picture and a guest author given after the post that
    uses them: read as when the file was read whole."""
    post = item(41, "Bridge", "<p>Open.</p>", creator="guest", name="bridge").replace(
        "</item>",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>90</wp:meta_value></wp:postmeta></item>",
    )
    after = ATTACHMENT.format(id=90, url="https://gazette.example/files/bridge.jpg") + (
        "<item><title>Guest</title><wp:post_type>guest-author</wp:post_type>"
        "<wp:postmeta><wp:meta_key>cap-user_login</wp:meta_key>"
        "<wp:meta_value>guest</wp:meta_value></wp:postmeta>"
        "<wp:postmeta><wp:meta_key>cap-display_name</wp:meta_key>"
        "<wp:meta_value>Gus Guest</wp:meta_value></wp:postmeta></item>"
    )
    text = HOSTILE.split("<!DOCTYPE", 1)[0] + HOSTILE.split("]>\n", 1)[1]
    head, _, tail = text.partition("  <title>Old Gazette</title>\n")
    text = head + "{items}" + tail.replace("{items}", "  <title>Old Gazette</title>\n")
    export = tmp_path / "late.xml"
    export.write_text(text.format(items=post + after), encoding="utf-8")
    result = run_newsgen(site, "import", str(export))
    assert result.exit_code == 0, result.output
    (written,) = imported(site).values()
    assert "\nauthors: [Gus Guest]\n" in written
    assert "\nsource: {name: Old Gazette, url: 'https://gazette.example/41/'}\n" in written
    assert "\nimage: https://gazette.example/files/bridge.jpg\n" in written


def test_a_text_store_gives_back_every_text_as_it_was_put(tmp_path: Path) -> None:
    """Bodies and files wait there: any character comes back, half a character included."""
    texts = ["", "Caf\u00e9 \U0001f4f0", "half \ud83d of one", "x" * 100_000, "last\n"]
    with TextStore(tmp_path / "work") as store:
        places = [store.put(text) for text in texts]
        assert [store.get(place) for place in reversed(places)] == texts[::-1]
    assert list((tmp_path / "work").iterdir()) == [], "an unnamed file, gone once closed"


def test_an_import_keeps_its_scratch_file_inside_the_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No command creates files outside the site: not even the import's unnamed scratch file
    (a /tmp in memory would also hold an export's bodies in memory)."""
    folders: list[Path] = []
    real = tempfile.TemporaryFile

    def recorded(*args: Any, dir: Path, **options: Any) -> Any:
        folders.append(Path(dir))
        return real(*args, dir=dir, **options)

    monkeypatch.setattr(tempfile, "TemporaryFile", recorded)
    export = tmp_path / "one.xml"
    export.write_text(HOSTILE.format(secret="/none", items=item(1, "Harbour")), encoding="utf-8")
    assert run_newsgen(site, "import", str(export)).exit_code == 0
    assert folders == [site / ".newsgen"]


def test_an_import_that_cannot_make_its_scratch_file_says_where_and_writes_nothing(
    site: Path, tmp_path: Path
) -> None:
    (site / ".newsgen").write_text("not a folder", encoding="utf-8")
    export = tmp_path / "one.xml"
    export.write_text(HOSTILE.format(secret="/none", items=item(1, "Harbour")), encoding="utf-8")
    result = run_newsgen(site, "import", str(export))
    assert result.exit_code == 1
    assert result.output == (
        ".newsgen: error: cannot make the import's scratch file: File exists (newsgen needs to "
        "write the site's .newsgen folder)\nnewsgen: 1 error(s); nothing was changed\n"
    )
    assert imported(site) == {}
