"""Every generated page passes the Nu Html Checker (vnu.jar from the npm registry) with zero errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest

from newsgen.config.site import load_config
from seedutil import REPO
from sitegen import article_text, build, generated_site

DEFAULT_JAR = REPO / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar() -> Path:
    jar = Path(os.environ.get("NEWSGEN_VNU_JAR", DEFAULT_JAR))
    if shutil.which("java") and jar.is_file():
        return jar
    if os.environ.get("CI"):
        pytest.fail(
            f"CI must run the Nu Html Checker: java or {jar} is missing (.ci/run installs both)"
        )
    pytest.skip("the Nu Html Checker needs java and `npm ci --ignore-scripts --prefix tools`")


def vnu_errors(folder: Path) -> list[str]:
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(vnu_jar()),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


@pytest.mark.slow
def test_demo_and_hostile_sites_pass_the_nu_html_checker(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    for part in ("content", "seeds", "newsgen.yaml"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, demo / part)
    build(load_config(demo), drafts=True)
    hostile = generated_site(
        tmp_path / "hostile", 25, "per_page: 10\nindex_per_page: 2\nlanguage: uk\n"
    )
    evil = '<script>alert(1)</script>" onmouseover="x'
    (hostile.content_path / "evil.md").write_text(
        article_text(
            evil,
            datetime(2024, 2, 1),
            [evil, "Україна"],
            body=f"# {evil}\n\n<b>raw</b> {evil}",
        ),
        encoding="utf-8",
    )
    lonely = hostile.content_path / "lonely.md"
    lonely.write_text(article_text("Lonely", datetime(2019, 1, 2), ["Lonely"]), encoding="utf-8")
    build(hostile)
    lonely.unlink()  # its day, month, year and topic now redirect
    build(hostile)
    assert (hostile.output_path / "topics/page/3/index.html").is_file(), "an index in pages"
    assert "url=/topics/" in (hostile.output_path / "topics/lonely/index.html").read_text("utf-8")
    pages = len(list(tmp_path.rglob("*.html")))
    assert pages > 60
    assert vnu_errors(tmp_path) == []


def test_the_checker_does_find_errors(tmp_path: Path) -> None:
    vnu_jar()
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html><body><p><div></p></body>", encoding="utf-8"
    )
    assert vnu_errors(tmp_path) != []


RAW_HTML = """<p id="main">a</p>

<h2 id="main">b</h2>

<h3 id="x y">c</h3>

## Dup

<h2 id="dup">d</h2>

<p><a id="fn1">e</a></p>

Noted[^1].

<table char="x"><tr><td colspan="0" rowspan="-1">f</td><th scope="bogus" headers="h">g</th>
<td colspan="1001" rowspan="65535">h</td></tr></table>

<table><colgroup span="0"><col span="-1"></colgroup><tr><td>i</td></tr></table>

<img src="a b.png" alt="j" width="-5" height="1.5">

<ol start="abc"><li>k</li></ol>

<p><del datetime="yesterday">l</del> <ins datetime="2024-13-45">m</ins>
<span lang="x y">n</span> <a href="https://x.example/a b?q=%zz" hreflang="!!">o</a>
<q cite="not a url">p</q> <a href="https://me:secret@x.example/">q</a></p>

<p><acronym>r</acronym> <strike>s</strike> <tt>t</tt> <bdo>u</bdo> <time>v</time></p>

<center>w</center> <map><area href="/"></map>

[^1]: The note.
"""


@pytest.mark.slow
def test_sanitized_raw_html_with_invalid_attribute_values_passes_the_nu_html_checker(
    tmp_path: Path,
) -> None:
    """Values and tags HTML forbids are dropped, their text kept (render/attributes.py)."""
    site = generated_site(tmp_path / "raw", 1, "markdown_raw_html: true\n")
    (site.content_path / "raw.md").write_text(
        article_text("Raw", datetime(2024, 2, 1), ["Raw"], body=RAW_HTML), encoding="utf-8"
    )
    build(site)
    page = lxml.html.parse(site.output_path / "2024/02/01/raw/index.html")
    (body,) = page.xpath("//div[@class='story-body']")
    words = [word for text in body.itertext() for word in text.split()]
    assert [w for w in words if len(w) == 1 and w.isalpha()] == list("abcdefghiklmnopqrstuvw")
    assert body.xpath("//img/@alt") == ["j"] and "The note." in body.text_content()
    assert vnu_errors(site.output_path) == []
