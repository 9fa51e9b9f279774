"""Photos end to end: sites with images built and checked through the `newsgen` command."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html
from PIL import ExifTags, Image

from sitegen import tree
from test_incremental import cold_copy

CONFIG = "title: Photo Times\nbase_url: https://photo.example/\ntimezone: UTC\nsearch: false\n"
VOTE = "content/2024/02/vote/index.md"
VOTE_PAGE = "2024/02/10/vote/index.html"
OLDER_URL = "/2024/01/05/older-story/"
LEAD = {
    "image": "photo.jpg",
    "image_alt": "A hall full of voters",
    "image_caption": "Voters queue in the town hall.",
    "image_credit": "Ann Lee / Agency",
}
BODY = (
    "The vote was held today in the hall.\n\n![A ballot box](box.png)\n\nCounting went on late.\n"
)
ERROR_LINE = re.compile(r"^\S[^:]*:\d+: error: .+ \(.+\)$")
LAZY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


def picture(
    size: tuple[int, int], kind: str = "JPEG", colour: str = "#c33", **save: object
) -> bytes:
    """An image of `size`: one colour with a darker band, so that it is no flat file."""
    image = Image.new("RGB", size, colour)
    image.paste("#123", (0, 0, size[0] // 3, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, kind, **save)
    return buffer.getvalue()


def put(root: Path, name: str, data: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def article(title: str, date: str, body: str, **fields: str) -> str:
    """An article whose front matter has one key a line, in this order: ---, title, date,
    topics, then `fields` (so that `image:` is on line 5 when it comes first)."""
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\ntopics: [Politics]\n{extra}---\n{body}"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def vote_site(root: Path, lead: bytes, box: bytes | None = None, body: str = BODY) -> Path:
    """A folder article with its lead photo (and the body's box.png) beside it, and an older one."""
    put(root, "newsgen.yaml", CONFIG)
    put(root, "content/2024/01/older.md", article("Older story", "2024-01-05T09:00:00Z", "Old.\n"))
    put(root, VOTE, article("The vote", "2024-02-10T09:00:00Z", body, **LEAD))
    put(root, "content/2024/02/vote/photo.jpg", lead)
    if box is not None:
        put(root, "content/2024/02/vote/box.png", box)
    return root


def newsgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "newsgen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def built(root: Path) -> Path:
    done = newsgen(root, "build")
    assert done.returncode == 0, done.stderr
    return root / "build"


def page(build: Path, name: str) -> html.HtmlElement:
    return html.fromstring((build / name).read_bytes())


def local(build: Path, url: str) -> Path:
    """The file of the build a root-relative or absolute URL of the site names."""
    path = url.removeprefix("https://photo.example").split("#", 1)[0]
    assert path.startswith("/media/"), url
    return build / path.lstrip("/")


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def srcset_urls(srcset: str) -> list[tuple[str, int]]:
    pairs = (item.strip().rsplit(" ", 1) for item in srcset.split(","))
    return [(url, int(width.removesuffix("w"))) for url, width in pairs]


@pytest.fixture(scope="module")
def vote(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The vote site, built once: a 2000x1000 lead photo and a 700x500 body PNG, with a stray
    notes.txt and an unused extra.jpg in the article's folder."""
    root = vote_site(
        tmp_path_factory.mktemp("vote"), picture((2000, 1000)), picture((700, 500), "PNG", "#3a3")
    )
    put(root, "content/2024/02/vote/notes.txt", "Call the mayor back.\n")
    put(root, "content/2024/02/vote/extra.jpg", picture((640, 480), colour="#33c"))
    put(root, "content/2024/02/report.md", article("Report", "2024-02-12T09:00:00Z", REPORT))
    return built(root)


REPORT = "As [she said](../01/older.md#quote), and [the vote](vote/index.md) shows.\n"


def test_the_lead_figure_has_caption_credit_sizes_and_is_not_lazy(vote: Path) -> None:
    (figure,) = page(vote, VOTE_PAGE).xpath("//figure[@class='lead-image']")
    (source,) = figure.xpath("picture/source")
    (img,) = figure.xpath("picture//img")  # libxml2 nests it in <source>
    assert source.get("type") == "image/webp"
    assert (img.get("width"), img.get("height")) == ("1600", "800")
    assert img.get("alt") == LEAD["image_alt"]
    assert img.get("sizes") == source.get("sizes") == LAZY_SIZES
    assert [w for _, w in srcset_urls(img.get("srcset"))] == [480, 800, 1200, 1600]
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    caption = figure.xpath("figcaption")[0]
    assert caption.text_content().split() == [
        *LEAD["image_caption"].split(),
        "Ann",
        "Lee",
        "/",
        "Agency",
    ]
    assert caption.xpath("span[@class='credit']")[0].text == LEAD["image_credit"]


def test_the_body_image_is_a_lazy_picture_never_wider_than_its_source(vote: Path) -> None:
    (img,) = page(vote, VOTE_PAGE).xpath("//div[@class='story-body']//picture//img")
    assert img.get("alt") == "A ballot box" and img.get("loading") == "lazy"
    assert (img.get("width"), img.get("height")) == ("700", "500")
    assert img.get("fetchpriority") is None
    assert [w for _, w in srcset_urls(img.get("srcset"))] == [480, 700]
    (webp,) = img.xpath("ancestor::picture/source[@type='image/webp']")
    assert [w for _, w in srcset_urls(webp.get("srcset"))] == [480, 700]


def test_every_picture_url_of_every_page_is_a_file_of_that_size(vote: Path) -> None:
    seen = 0
    for name in sorted(vote.rglob("*.html")):
        document = html.fromstring(name.read_bytes())
        for img in document.xpath("//img[starts-with(@src, '/media/')]"):
            assert size_of(local(vote, img.get("src"))) == (
                int(img.get("width")),
                int(img.get("height")),
            )
            seen += 1
        for element in document.xpath("//img[@srcset] | //source[@srcset]"):
            for url, width in srcset_urls(element.get("srcset")):
                assert size_of(local(vote, url))[0] == width, url
                seen += 1
    assert seen > 20


def test_share_images_are_the_absolute_crops_in_their_ratios(vote: Path) -> None:
    document = page(vote, VOTE_PAGE)
    (og,) = document.xpath("//meta[@property='og:image']/@content")
    (twitter,) = document.xpath("//meta[@name='twitter:image']/@content")
    (ld,) = document.xpath("//script[@type='application/ld+json']/text()")
    crops = json.loads(ld)["image"]
    assert [url.rsplit("-", 1)[1] for url in crops] == ["16x9.jpg", "4x3.jpg", "1x1.jpg"]
    assert og == twitter == crops[0]
    assert all(url.startswith("https://photo.example/media/") for url in crops)
    sizes = [size_of(local(vote, url)) for url in crops]
    assert sizes == [(1200, 675), (1200, 900), (1000, 1000)]  # 2000x1000: at most 1200 wide


def test_the_home_card_shows_the_picture(vote: Path) -> None:
    home = page(vote, "index.html")
    (card,) = home.xpath("//article[contains(@class, 'card')][.//a[@href='/2024/02/10/vote/']]")
    assert "with-image" in card.get("class").split()
    (img,) = card.xpath(".//picture//img")
    assert img.get("alt") == LEAD["image_alt"] and img.get("srcset")
    assert local(vote, img.get("src")).is_file()


def test_the_feed_entry_has_one_plain_absolute_img(vote: Path) -> None:
    feed = json.loads((vote / "feed.json").read_text(encoding="utf-8"))
    (item,) = [i for i in feed["items"] if i["url"].endswith("/2024/02/10/vote/")]
    content = html.fromstring(f"<div>{item['content_html']}</div>")
    (img,) = content.xpath("//img")
    assert img.get("src").startswith("https://photo.example/media/")
    assert img.get("srcset") is None and not content.xpath("//picture | //source")
    assert local(vote, img.get("src")).is_file()
    atom = (vote / "feed.xml").read_text(encoding="utf-8")
    assert atom.count("&lt;img ") == 1 and "srcset" not in atom


def test_nothing_else_in_content_is_published(vote: Path) -> None:
    names = {p.name for p in vote.rglob("*")}
    assert "notes.txt" not in names and "index.md" not in names
    assert not any(n.startswith(("extra", "photo.jpg", "box.png")) for n in names)
    assert not any(b"Call the mayor" in p.read_bytes() for p in vote.rglob("*") if p.is_file())
    folders = {p.parent.name for p in (vote / "media").rglob("*.*")}
    assert len(folders) == 2, folders  # the lead photo and the body's box, nothing more


def test_a_link_to_an_article_file_becomes_its_url(vote: Path) -> None:
    links = page(vote, "2024/02/12/report/index.html").xpath("//div[@class='story-body']//a/@href")
    assert links == [f"{OLDER_URL}#quote", "/2024/02/10/vote/"]
    assert (vote / OLDER_URL.strip("/") / "index.html").is_file()
