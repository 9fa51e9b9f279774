"""Photos end to end: sites with images built and checked through the `newsgen` command."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html
from PIL import ExifTags, Image

import newsgen as newsgen_package
from sitegen import tree
from test_images import claimed_size
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
    put(root, VOTE, article("The vote", "2024-02-10T09:00:00Z", body, **LEAD, author="Olena Koval"))
    put(root, "content/2024/02/vote/photo.jpg", lead)
    if box is not None:
        put(root, "content/2024/02/vote/box.png", box)
    return root


def newsgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`newsgen ARGS` run in `root`, from the package these tests import (a relative
    PYTHONPATH=src would not reach it from the site's folder)."""
    source = Path(newsgen_package.__file__).resolve().parents[1]
    path = os.pathsep.join(filter(None, (str(source), os.environ.get("PYTHONPATH"))))
    done = subprocess.run(
        [sys.executable, "-m", "newsgen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": path},
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
    notes.txt and an unused extra.jpg in the article's folder, and a draft with its own photo."""
    root = vote_site(
        tmp_path_factory.mktemp("vote"), picture((2000, 1000)), picture((700, 500), "PNG", "#3a3")
    )
    put(root, "content/2024/02/vote/notes.txt", "Call the mayor back.\n")
    put(root, "content/2024/02/vote/extra.jpg", picture((640, 480), colour="#33c"))
    put(root, "content/2024/02/report.md", article("Report", "2024-02-12T09:00:00Z", REPORT))
    put(root, "content/2024/02/plan/index.md", article("Plan", "2024-02-11", "S.\n", **SECRET))
    put(root, "content/2024/02/plan/secret.jpg", picture((640, 480), colour="#c3c"))
    return built(root)


SECRET = {"image": "secret.jpg", "image_alt": "A plan", "draft": "true"}
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


LISTINGS = ("index.html", "topics/politics/index.html", "authors/olena-koval/index.html")
DATE_PAGES = ("2024/index.html", "2024/02/index.html", "2024/02/10/index.html")


@pytest.mark.parametrize("name", LISTINGS)
def test_the_cards_of_listings_show_the_picture(vote: Path, name: str) -> None:
    listing = page(vote, name)
    (card,) = listing.xpath("//article[contains(@class, 'card')][.//a[@href='/2024/02/10/vote/']]")
    assert "with-image" in card.get("class").split()
    (img,) = card.xpath(".//picture//img")
    assert img.get("alt") == LEAD["image_alt"] and img.get("srcset") and img.get("sizes")
    assert (img.get("loading") == "lazy") == ("lead" not in card.get("class").split())
    assert size_of(local(vote, img.get("src"))) == (1600, 800)


@pytest.mark.parametrize("name", DATE_PAGES)
def test_date_archives_list_the_article_as_a_row_without_its_picture(vote: Path, name: str) -> None:
    listing = page(vote, name)
    assert len(listing.xpath("//li[@class='row'][a[@href='/2024/02/10/vote/']]")) == 1
    assert not listing.xpath("//main//img | //main//picture")


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
    assert not any(n.startswith(("extra", "secret", "photo.jpg", "box.png")) for n in names)
    assert not any(b"Call the mayor" in p.read_bytes() for p in vote.rglob("*") if p.is_file())
    folders = {p.parent.name for p in (vote / "media").rglob("*.*")}
    assert len(folders) == 2, folders  # the lead photo and the body's box: not the draft's


def test_a_link_to_an_article_file_becomes_its_url(vote: Path) -> None:
    links = page(vote, "2024/02/12/report/index.html").xpath("//div[@class='story-body']//a/@href")
    assert links == [f"{OLDER_URL}#quote", "/2024/02/10/vote/"]
    assert (vote / OLDER_URL.strip("/") / "index.html").is_file()


def phone_photo() -> bytes:
    """1000x600 as stored, shown portrait (EXIF orientation 6), with the place it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 27.0, 1.0)
    gps[ExifTags.GPS.GPSAreaInformation] = "GPS-SECRET-PLACE"
    data = picture((1000, 600), exif=exif)
    assert b"GPS-SECRET-PLACE" in data
    return data


def test_exif_gps_is_published_nowhere_and_the_photo_is_upright(tmp_path: Path) -> None:
    build = built(vote_site(tmp_path, phone_photo(), body="Text.\n"))
    (img,) = page(build, VOTE_PAGE).xpath("//figure//img")
    assert (img.get("width"), img.get("height")) == ("600", "1000")
    published = [p for p in build.rglob("*") if p.is_file()]
    assert not [p for p in published if b"GPS-SECRET-PLACE" in p.read_bytes()]
    media = [p for p in published if "media" in p.parts]
    assert len(media) == 2 * 2 + 3  # 480 and 600 wide, as JPEG and WebP, and three crops
    for path in media:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert image.height > image.width or path.stem.endswith(("16x9", "4x3", "1x1"))
    assert size_of(local(build, img.get("src"))) == (600, 1000)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built vote site with a 600x400 lead photo and a 300x200 box.png, to copy and break."""
    root = vote_site(
        tmp_path_factory.mktemp("small") / "site",
        picture((600, 400)),
        picture((300, 200), "PNG", "#3a3"),
    )
    built(root)
    return root


@pytest.fixture
def site(small: Path, tmp_path: Path) -> Path:
    """A copy of the small site, its output and its cache, for one test to change."""
    return Path(shutil.copytree(small, tmp_path / "site", symlinks=True))


def rewrite(root: Path, old: str, new: str) -> int:
    """Replace `old` in the vote article; the line `new` starts on."""
    path = root / VOTE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return line_of(text, new.strip().split("\n")[0])


def add_to_body(root: Path, text: str) -> int:
    """Add a paragraph to the vote article's body; the line it is on."""
    rewrite(root, "Counting went on late.\n", f"Counting went on late.\n\n{text}\n")
    return line_of((root / VOTE).read_text(encoding="utf-8"), text)


def lead_named(root: Path, name: str, data: str | bytes) -> int:
    put(root, f"content/2024/02/vote/{name}", data)
    return rewrite(root, "image: photo.jpg", f"image: {name}")


def symlink_out(root: Path) -> int:
    real = put(root.parent, "elsewhere/real.jpg", picture((600, 400)))
    (root / "content/2024/02/vote/photo.jpg").unlink()
    (root / "content/2024/02/vote/photo.jpg").symlink_to(real)
    return 5


SCRIPTED = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>'
)
PHOTO = "content/2024/02/vote/photo.jpg"
ERRORS: dict[str, tuple[Callable[[Path], int], str]] = {
    "missing lead": (
        lambda r: rewrite(r, "image: photo.jpg", "image: missing.jpg"),
        "image content/2024/02/vote/missing.jpg does not exist (add the file beside the article "
        "or fix the path)",
    ),
    "missing body image": (
        lambda r: add_to_body(r, "![A chart](chart.png)"),
        "image content/2024/02/vote/chart.png does not exist (add the file beside the article "
        "or fix the path)",
    ),
    "text named .jpg": (
        lambda r: put(r, PHOTO, "Not a photo at all.\n") and 5,
        f"image {PHOTO} is not an image (replace it with the picture itself (JPEG, PNG, WebP))",
    ),
    "truncated jpeg": (
        lambda r: put(r, PHOTO, picture((600, 400))[:3000]) and 5,
        rf"image {PHOTO} is damaged or cut short \(.+\) \(export the image again from the original\)",
    ),
    "pixel bomb": (
        lambda r: lead_named(r, "bomb.png", claimed_size(picture((8, 8), "PNG"), 20000, 20000)),
        "image content/2024/02/vote/bomb.png has too many pixels, more than 50,000,000 (scale the "
        "image down before adding it)",  # refused by Pillow's own check before its size is read
    ),
    "svg with script": (
        lambda r: lead_named(r, "drawing.svg", SCRIPTED),
        "SVG image content/2024/02/vote/drawing.svg has a <script> element, which could run code "
        "(export the drawing again as a plain SVG, without scripts, links or embedded files)",
    ),
    "symlink out of content": (
        symlink_out,
        "image photo.jpg is a link to a file outside the content/ folder (copy the file into "
        "content/ instead of linking to it)",
    ),
    "link to a missing article": (
        lambda r: add_to_body(r, "See [the next one](../03/missing.md)."),
        "links to ../03/missing.md, but content/2024/02/03/missing.md is no article of this site "
        "(link to the article's .md file by its path from this file, such as ../03/story.md)",
    ),
    "lead spelt in another case": (  # macOS and Windows found it: published there, not on Linux
        lambda r: rewrite(r, "image: photo.jpg", "image: Photo.JPG"),
        "image content/2024/02/vote/Photo.JPG is named content/2024/02/vote/photo.jpg on disk: "
        "case matters on Linux and on web hosts (spell the path as the file is named)",
    ),
    "link spelt in another case": (
        lambda r: add_to_body(r, "See [the older one](../../01/Older.md)."),
        "links to ../../01/Older.md, but the article's file is spelt content/2024/01/older.md "
        "(spell the path as the file is named: case matters on Linux and on web hosts)",
    ),
}
FIXED_TEXT = frozenset(ERRORS) - {"truncated jpeg"}


def problems(done: subprocess.CompletedProcess[str], level: str) -> list[str]:
    return [line for line in done.stderr.splitlines() if f": {level}: " in line]


@pytest.mark.parametrize("label", list(ERRORS))
def test_a_bad_image_or_link_fails_build_and_check_and_leaves_build_alone(
    site: Path, label: str
) -> None:
    before = tree(site / "build")
    breaking, message = ERRORS[label]
    line = breaking(site)
    expected = f"{VOTE}:{line}: error: " + (re.escape(message) if label in FIXED_TEXT else message)
    for command in ("build", "check"):
        done = newsgen(site, command)
        assert done.returncode == 1, (command, done.stderr)
        errors = problems(done, "error")
        assert len(errors) == 1 and re.fullmatch(expected, errors[0]), (command, errors)
        assert ERROR_LINE.match(errors[0])
    assert "newsgen: 1 error(s); nothing was changed" in newsgen(site, "build").stderr
    assert tree(site / "build") == before


WARNINGS: dict[str, tuple[Callable[[Path], int], str, tuple[str, ...]]] = {
    "lead image without alt": (
        lambda r: rewrite(r, f"image_alt: {LEAD['image_alt']}\n", "") and 5,
        "the lead image has no `image_alt:` (add image_alt: and describe what the picture shows "
        "for readers who cannot see it)",
        ("build", "check"),
    ),
    "body image without alt": (
        lambda r: add_to_body(r, "![](box.png)"),
        "image box.png has no alt text (write it between the brackets, ![like this](box.png), "
        "and describe what the picture shows for readers who cannot see it)",
        ("build", "check"),
    ),
    "link to no page of the site": (
        lambda r: add_to_body(r, "An [old page](/2024/99/99/nothing/)."),
        "links to /2024/99/99/nothing/, which is no page of this site (fix the path, or link to "
        "the article's .md file instead)",
        ("build",),  # a check loads articles but plans no pages (docs/writing-articles.md)
    ),
    "link to a draft": (
        lambda r: put(r, "content/2024/01/draft.md", DRAFT) and add_to_body(r, DRAFT_LINK),
        "links to ../../01/draft.md, a draft: the link leads nowhere until it is published "
        "(publish it)",
        ("build", "check"),
    ),
}
DRAFT = article("Not yet", "2024-01-20T09:00:00Z", "Soon.\n", draft="true")
DRAFT_LINK = "Read [what comes](../../01/draft.md)."


@pytest.mark.parametrize("label", list(WARNINGS))
def test_a_doubtful_image_or_link_is_a_warning(site: Path, label: str) -> None:
    changing, message, commands = WARNINGS[label]
    line = changing(site)
    for command in commands:
        done = newsgen(site, command)
        assert done.returncode == 0, (command, done.stderr)
        warned = problems(done, "warning").count(f"{VOTE}:{line}: warning: {message}")
        assert warned == 1, (command, done.stderr)  # once: not by the loader and the plan
        assert not problems(done, "error")
    document = page(site / "build", VOTE_PAGE)
    assert all(img.get("alt") is not None for img in document.xpath("//img"))


def stamps(*folders: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file under the folders."""
    found = {}
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            found[path.as_posix()] = (path.stat().st_ino, path.stat().st_mtime_ns)
    return found


def assert_same_as_cold(root: Path, cold: Path) -> None:
    """The output equals a cold build of the same inputs (test_incremental's cold copy)."""
    assert tree(root / "build") == tree(built(cold_copy(root, cold)))


def lead_src(root: Path) -> str:
    (src,) = page(root / "build", VOTE_PAGE).xpath("//figure//img/@src")
    return str(src)


def test_a_text_edit_processes_and_rewrites_no_image(tmp_path: Path) -> None:
    root = vote_site(tmp_path / "site", picture((1700, 900)), picture((500, 300), "PNG", "#3a3"))
    built(root)
    images, media = root / ".newsgen" / "images", root / "build" / "media"
    before = stamps(images, media)
    assert (
        len([name for name in before if "/build/media/" in name]) == 4 * 2 + 3 + 2 * 2 + 3
    )  # 1700 px: 480 to 1600; 500 px: 480, 500
    rewrite(root, "Counting went on late.", "Counting went on later.")
    built(root)
    assert "went on later" in (root / "build" / VOTE_PAGE).read_text(encoding="utf-8")
    assert stamps(images, media) == before
    assert_same_as_cold(root, tmp_path / "cold-edit")


def test_a_replaced_photo_gets_a_new_folder_and_the_old_one_goes(tmp_path: Path) -> None:
    root = vote_site(tmp_path / "site", picture((900, 600)), body="Text.\n")
    built(root)
    old = lead_src(root).split("/")[2]
    put(root, PHOTO, picture((900, 600), colour="#39c"))
    built(root)
    new = lead_src(root).split("/")[2]
    assert new != old and re.fullmatch("[0-9a-f]{16}", new)
    assert sorted(p.name for p in (root / "build" / "media").iterdir()) == [new]
    html_files = (p.read_text(encoding="utf-8") for p in (root / "build").rglob("*.html"))
    assert not any(old in text for text in html_files)
    assert_same_as_cold(root, tmp_path / "cold-photo")


def test_an_image_of_static_is_processed_too(site: Path) -> None:
    put(site, "static/pics/seal.png", picture((300, 100), "PNG", "#993"))
    rewrite(site, "image: photo.jpg", "image: /pics/seal.png")
    build = built(site)
    (img,) = page(build, VOTE_PAGE).xpath("//figure//img")
    assert re.fullmatch("/media/[0-9a-f]{16}/seal-300.png", img.get("src"))
    assert img.get("srcset") is None and img.get("sizes") is None  # one width: no choice
    assert (img.get("width"), img.get("height")) == ("300", "100")
    (webp,) = img.xpath("ancestor::picture/source/@srcset")
    assert webp == img.get("src").replace(".png", ".webp") + " 300w"
    assert size_of(local(build, img.get("src"))) == size_of(local(build, webp.split()[0]))
    assert (build / "static/pics/seal.png").is_file()  # static/ is published as it is, too


def test_pages_with_pictures_pass_the_nu_html_checker(vote: Path, tmp_path: Path) -> None:
    from test_html_validity import vnu_errors, vnu_jar

    vnu_jar()
    for name in (VOTE_PAGE, "index.html"):
        shutil.copy(vote / name, tmp_path / name.replace("/", "-"))
    assert vnu_errors(tmp_path) == []
