"""Images: references resolved inside the site, hostile files refused, sizes planned."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, Image

from newsgen.config.site import SiteConfig
from newsgen.content.images import ImageLimits, ImageProblem, inspect_image, resolve_image
from newsgen.model import ImageFile
from newsgen.plan.images import Rendition, plan_rendition

ARTICLE = "content/2024/02/vote/index.md"
LIMITS = ImageLimits()


def site(root: Path) -> SiteConfig:
    (root / "content/2024/02/vote").mkdir(parents=True, exist_ok=True)
    (root / "static/img").mkdir(parents=True, exist_ok=True)
    return SiteConfig(root=root)


def picture(
    size: tuple[int, int], kind: str = "JPEG", mode: str = "RGB", **options: object
) -> bytes:
    """An image of `size` with some detail in it (so that encoders have work to do)."""
    image = Image.linear_gradient("L").resize(size).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def put(config: SiteConfig, path: str, data: bytes) -> str:
    (config.root / path).parent.mkdir(parents=True, exist_ok=True)
    (config.root / path).write_bytes(data)
    return path


def refusal(config: SiteConfig, path: str, limits: ImageLimits = LIMITS) -> ImageProblem:
    with pytest.raises(ImageProblem) as caught:
        inspect_image(config, path, limits)
    return caught.value


def image_file(
    width: int, height: int, kind: str = "JPEG", path: str = "content/a/photo.jpg"
) -> ImageFile:
    return ImageFile(path, "ab" * 32, width, height, kind)


# resolve_image


@pytest.mark.parametrize(
    ("article", "reference", "expected"),
    [
        (ARTICLE, "photo.jpg", "content/2024/02/vote/photo.jpg"),
        (ARTICLE, "./photo.jpg", "content/2024/02/vote/photo.jpg"),
        (ARTICLE, "../shared/b.png", "content/2024/02/shared/b.png"),
        ("content/2024/02/x.md", "pics/a.png", "content/2024/02/pics/a.png"),
        (ARTICLE, "/img/a.png", "static/img/a.png"),
        (ARTICLE, "my%20photo.jpg", "content/2024/02/vote/my photo.jpg"),
        (ARTICLE, "photo.jpg?v=2#top", "content/2024/02/vote/photo.jpg"),
        (ARTICLE, "/img/../img/a.png", "static/img/a.png"),
    ],
)
def test_a_reference_names_a_file_of_the_site(
    tmp_path: Path, article: str, reference: str, expected: str
) -> None:
    assert resolve_image(site(tmp_path), article, reference) == expected


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("../../../../secret.png", "outside the content/ folder"),
        ("../../../../static/img/a.png", "outside the content/ folder"),
        ("/../content/2024/02/vote/a.png", "outside the static/ folder"),
        ("/../../etc/passwd", "outside the static/ folder"),
        ("%2e%2e/%2e%2e/%2e%2e/%2e%2e/x.png", "outside the content/ folder"),
        ("pics\\a.png", "has a backslash"),
        ("pics%5Ca.png", "has a backslash"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("#top", "is empty"),
        ("https://example.com/a.png", "not a local file path"),
        ("//example.com/a.png", "not a local file path"),
        ("pics/", "names a folder"),
    ],
)
def test_a_reference_leaving_its_folder_is_refused(
    tmp_path: Path, reference: str, message: str
) -> None:
    with pytest.raises(ImageProblem) as caught:
        resolve_image(site(tmp_path), ARTICLE, reference)
    assert message in caught.value.message
    assert caught.value.hint


def test_a_reference_through_a_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    config = site(tmp_path / "site")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.png").write_bytes(picture((8, 8), "PNG"))
    (config.root / "content/2024/02/vote/pics").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ImageProblem, match="a link to a file outside the content/ folder"):
        resolve_image(config, ARTICLE, "pics/a.png")
    (config.root / "static/img/out.png").symlink_to(tmp_path / "elsewhere/a.png")
    with pytest.raises(ImageProblem, match="outside the static/ folder"):
        resolve_image(config, ARTICLE, "/img/out.png")


def test_a_symlink_within_content_is_followed(tmp_path: Path) -> None:
    config = site(tmp_path)
    put(config, "content/shared/a.png", picture((8, 8), "PNG"))
    (config.root / "content/2024/02/vote/a.png").symlink_to(config.root / "content/shared/a.png")
    path = resolve_image(config, ARTICLE, "a.png")
    assert path == "content/2024/02/vote/a.png"
    assert inspect_image(config, path, LIMITS).format == "PNG"


# inspect_image: good files


@pytest.mark.parametrize(
    ("kind", "name"),
    [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp"), ("GIF", "a.gif")],
)
def test_each_bitmap_format_is_inspected(tmp_path: Path, kind: str, name: str) -> None:
    config = site(tmp_path)
    data = picture((64, 48), kind)
    path = put(config, f"static/img/{name}", data)
    found = inspect_image(config, path, LIMITS)
    assert found == ImageFile(path, hashlib.sha256(data).hexdigest(), 64, 48, kind)


def test_an_animated_gif_is_decoded_frame_by_frame(tmp_path: Path) -> None:
    config = site(tmp_path)
    frames = [Image.effect_noise((60, 40), 50 + 10 * n).convert("P") for n in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    path = put(config, "static/img/a.gif", buffer.getvalue())
    assert inspect_image(config, path, LIMITS).format == "GIF"
    for cut in (40, len(buffer.getvalue()) // 2, len(buffer.getvalue()) - 30):
        put(config, path, buffer.getvalue()[:-cut])
        assert "damaged or cut short" in refusal(config, path).message


@pytest.mark.parametrize(
    ("orientation", "size"), [(1, (60, 40)), (3, (60, 40)), (6, (40, 60)), (8, (40, 60))]
)
def test_the_exif_orientation_decides_width_and_height(
    tmp_path: Path, orientation: int, size: tuple[int, int]
) -> None:
    config = site(tmp_path)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    path = put(config, "static/img/phone.jpg", picture((60, 40), exif=exif))
    found = inspect_image(config, path, LIMITS)
    assert (found.width, found.height) == size


# inspect_image: refusals


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    problem = refusal(site(tmp_path), "content/2024/02/vote/photo.jpg")
    assert problem.message == "image content/2024/02/vote/photo.jpg does not exist"
    assert problem.hint == "add the file beside the article or fix the path"


def test_a_folder_and_a_fifo_are_not_files(tmp_path: Path) -> None:
    config = site(tmp_path)
    (config.root / "content/2024/02/vote/photo.jpg").mkdir()
    assert "is not a file" in refusal(config, "content/2024/02/vote/photo.jpg").message
    os.mkfifo(config.root / "static/img/pipe.png")
    assert "is not a file" in refusal(config, "static/img/pipe.png").message


def test_a_symlink_to_etc_passwd_is_refused(tmp_path: Path) -> None:
    config = site(tmp_path)
    (config.root / "content/2024/02/vote/photo.jpg").symlink_to("/etc/passwd")
    problem = refusal(config, "content/2024/02/vote/photo.jpg")
    assert "a link to a file outside content/ and static/" in problem.message


def test_a_file_under_a_folder_linked_out_of_the_site_is_refused(tmp_path: Path) -> None:
    config = site(tmp_path / "site")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.png").write_bytes(picture((8, 8), "PNG"))
    (config.root / "content/2024/02/vote/pics").symlink_to(tmp_path / "elsewhere")
    problem = refusal(config, "content/2024/02/vote/pics/a.png")
    assert "a link to a file outside content/ and static/" in problem.message
    assert (
        "is outside content/ and static/"
        in refusal(config, "content/../../elsewhere/a.png").message
    )


def test_a_phone_jpeg_with_a_second_picture_is_a_jpeg(tmp_path: Path) -> None:
    config = site(tmp_path)
    first, second = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (32, 24), "blue")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    path = put(config, "static/img/phone.jpg", buffer.getvalue())
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    found = inspect_image(config, path, LIMITS)
    assert (found.format, found.width, found.height) == ("JPEG", 64, 48)


def test_a_dangling_symlink_does_not_exist(tmp_path: Path) -> None:
    config = site(tmp_path)
    (config.root / "static/img/gone.png").symlink_to(tmp_path / "nowhere.png")
    assert "does not exist" in refusal(config, "static/img/gone.png").message


def test_a_file_over_the_byte_limit_is_refused_unread(tmp_path: Path) -> None:
    config = site(tmp_path)
    path = put(config, "static/img/big.png", picture((64, 64), "PNG"))
    problem = refusal(config, path, ImageLimits(max_bytes=100))
    assert "more than the limit of 0.0 MB" in problem.message
    assert problem.hint == "make the file smaller"


def test_a_text_file_named_jpg_is_not_an_image(tmp_path: Path) -> None:
    config = site(tmp_path)
    path = put(config, "static/img/photo.jpg", b"Not a photo, just words.\n" * 10)
    problem = refusal(config, path)
    assert problem.message == "image static/img/photo.jpg is not an image"


@pytest.mark.parametrize(("kind", "name"), [("BMP", "BMP"), ("TIFF", "TIFF"), ("PDF", "PDF")])
def test_a_format_newsgen_does_not_publish_is_named(tmp_path: Path, kind: str, name: str) -> None:
    config = site(tmp_path)
    path = put(config, "static/img/photo.jpg", picture((16, 16), kind))
    problem = refusal(config, path)
    assert problem.message == f"image static/img/photo.jpg is a {name} file"
    assert "JPEG, PNG, WebP or GIF" in problem.hint


def test_a_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    config = site(tmp_path)
    data = Image.effect_noise((300, 200), 60).convert("RGB")
    buffer = io.BytesIO()
    data.save(buffer, "JPEG")
    path = put(config, "static/img/cut.jpg", buffer.getvalue()[: len(buffer.getvalue()) // 2])
    problem = refusal(config, path)
    assert "is damaged or cut short" in problem.message
    assert problem.hint == "export the image again from the original"


@pytest.mark.parametrize("offset", [-20, -30, 100])
def test_a_png_with_a_damaged_byte_is_refused(tmp_path: Path, offset: int) -> None:
    config = site(tmp_path)
    data = bytearray(picture((64, 64), "PNG"))
    data[offset] ^= 0xFF  # in the image data: a broken stream, or pixels that fail the checksum
    path = put(config, "static/img/bad.png", bytes(data))
    assert "is damaged or cut short" in refusal(config, path).message


def claimed_size(data: bytes, width: int, height: int) -> bytes:
    """A PNG whose header claims another size, with a valid checksum (a decompression bomb)."""
    header = data[12:16] + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + header + struct.pack(">I", zlib.crc32(header)) + data[33:]


def test_a_png_claiming_20000_by_20000_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    config = site(tmp_path)
    path = put(config, "static/img/bomb.png", claimed_size(picture((8, 8), "PNG"), 20000, 20000))
    problem = refusal(config, path)
    assert "has too many pixels" in problem.message
    assert problem.hint == "scale the image down before adding it"


def test_the_pixel_limit_is_checked_from_the_header(tmp_path: Path) -> None:
    config = site(tmp_path)
    path = put(config, "static/img/bomb.png", claimed_size(picture((8, 8), "PNG"), 3000, 2000))
    problem = refusal(config, path, ImageLimits(max_pixels=5_000_000))
    assert problem.message == (
        "image static/img/bomb.png has too many pixels (3000x2000), more than 5,000,000"
    )


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {}>{}</svg>'
)


def svg(
    attributes: str = 'width="120" height="80"', body: str = "<rect width='5' height='5'/>"
) -> bytes:
    return SVG.format(attributes, body).encode()


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('width="120" height="80"', (120, 80)),
        ('width="120px" height="80.4px" viewBox="0 0 10 10"', (120, 80)),
        ('viewBox="0 0 300 150"', (300, 150)),
        ('width="100%" height="100%" viewBox="0,0,300,150"', (300, 150)),
        ('width="600" viewBox="0 0 300 150"', (600, 300)),
    ],
)
def test_an_svg_has_its_size(tmp_path: Path, attributes: str, size: tuple[int, int]) -> None:
    config = site(tmp_path)
    body = '<use xlink:href="#a"/><path id="a" d="M0 0h5"/>'
    path = put(config, "static/img/logo.svg", svg(attributes, body))
    found = inspect_image(config, path, LIMITS)
    assert (found.width, found.height, found.format) == (*size, "SVG")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (svg(body="<script>alert(1)</script>"), "has a <script> element"),
        (svg('width="1" height="1" onload="alert(1)"'), "has an event handler (onload)"),
        (svg(body='<rect onClick="x()"/>'), "has an event handler (onClick)"),
        (svg(body="<foreignObject><p>hi</p></foreignObject>"), "has a <foreignObject> element"),
        (svg(body='<image href="https://evil.example/a.png"/>'), "links to https://evil"),
        (svg(body='<a xlink:href="javascript:alert(1)"/>'), "links to javascript:"),
        (svg(body='<set attributeName="href" to="javascript:x()"/>'), "animates its href"),
        (svg(body='<?xml-stylesheet href="http://x/s.css"?>'), "has a processing instruction"),
        (svg(body='<rect style="fill:url(https://evil.example/p.svg#a)"/>'), "loads https://evil"),
        (svg(body='<rect style="fill:u\\72l(//evil.example/p)"/>'), "loads //evil.example/p"),
        (svg(body="<rect fill=\"url( 'https://evil.example/f' )\"/>"), "loads https://evil"),
        (svg(body='<rect filter="URL(a.svg#blur)"/>'), "has CSS that loads a.svg#blur"),
        (svg(body="<style>@import 'https://evil.example/s.css';</style>"), "(@import)"),
        (
            svg(body="<style><![CDATA[@font-face{src:url(https://evil.example/f.woff)}]]></style>"),
            "loads https://evil.example/f.woff",
        ),
        (
            svg(body='<style>rect{background:image-set("https://evil.example/i.png" 1x)}</style>'),
            "loads https://evil.example/i.png",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;">]>'
            + svg(body="<text>&b;</text>"),
            "has a DOCTYPE or entities",
        ),
    ],
)
def test_an_svg_that_could_run_code_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    config = site(tmp_path)
    problem = refusal(config, put(config, "static/img/logo.svg", data))
    assert message in problem.message
    assert "could run code" in problem.message


@pytest.mark.parametrize(
    "body",
    [
        '<rect style="fill:url(#g);stroke:red" filter="url( #blur )"/>',
        "<style>rect{fill:url('#g')} /* url(https://evil.example) */</style>",
        "<text style=\"font-family:'Open Sans'\">(a) b</text>",
    ],
)
def test_an_svg_whose_css_stays_inside_it_is_accepted(tmp_path: Path, body: str) -> None:
    config = site(tmp_path)
    found = inspect_image(config, put(config, "static/img/logo.svg", svg(body=body)), LIMITS)
    assert found.format == "SVG"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "is not well-formed XML"),
        (b"just text", "is not well-formed XML"),
        (b"<html><body/></html>", "is not an SVG drawing"),
        (svg(""), "has no width and height and no viewBox"),
        (svg('width="10em" height="5em"'), "has no width and height and no viewBox"),
        (svg('viewBox="0 0 nan inf"'), "has no width and height and no viewBox"),
    ],
)
def test_a_broken_svg_is_refused(tmp_path: Path, data: bytes, message: str) -> None:
    config = site(tmp_path)
    assert message in refusal(config, put(config, "static/img/logo.svg", data)).message


def test_an_svg_named_jpg_is_told_to_be_renamed(tmp_path: Path) -> None:
    config = site(tmp_path)
    problem = refusal(config, put(config, "static/img/logo.jpg", svg()))
    assert problem.hint == "give the file the .svg extension"


# plan_rendition


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (300, (300,)),
        (1000, (480, 800, 1000)),
        (1600, (480, 800, 1200, 1600)),
        (3000, (480, 800, 1200, 1600)),
    ],
)
def test_widths_never_upscale(width: int, widths: tuple[int, ...]) -> None:
    rendition = plan_rendition(image_file(width, width // 2))
    assert tuple(variant.width for variant in rendition.original) == widths
    assert tuple(variant.width for variant in rendition.webp) == widths
    assert [v.height for v in rendition.original] == [max(1, round(w / 2)) for w in widths]
    assert rendition.largest.width == widths[-1]


def test_urls_name_the_hash_stem_width_and_format() -> None:
    image = ImageFile(
        "content/a/Été Photo 1.JPEG", "0123456789abcdef" + "f" * 48, 1000, 750, "JPEG"
    )
    rendition = plan_rendition(image)
    assert [v.url for v in rendition.original] == [
        f"/media/0123456789abcdef/ete-photo-1-{width}.jpg" for width in (480, 800, 1000)
    ]
    assert rendition.webp[0].url == "/media/0123456789abcdef/ete-photo-1-480.webp"
    assert {v.mime for v in rendition.original} == {"image/jpeg"}
    assert {v.mime for v in rendition.webp} == {"image/webp"}
    assert [v.url for v in rendition.crops] == [
        f"/media/0123456789abcdef/ete-photo-1-{ratio}.jpg" for ratio in ("16x9", "4x3", "1x1")
    ]
    assert plan_rendition(image_file(10, 10, "PNG", "static/___.png")).largest.url.endswith(
        "/image-10.png"
    )


def test_crops_of_a_landscape_photo() -> None:
    crops = plan_rendition(image_file(3000, 2000)).crops
    assert [(c.width, c.height) for c in crops] == [(1200, 675), (1200, 900), (1200, 1200)]
    assert [c.box for c in crops] == [
        (0, 156, 3000, 1844),
        (166, 0, 2833, 2000),
        (500, 0, 2500, 2000),
    ]


def test_crops_of_a_portrait_photo_are_not_upscaled() -> None:
    crops = plan_rendition(image_file(1000, 1500)).crops
    assert [(c.width, c.height) for c in crops] == [(1000, 562), (1000, 750), (1000, 1000)]
    assert [c.box for c in crops] == [
        (0, 469, 1000, 1031),
        (0, 375, 1000, 1125),
        (0, 250, 1000, 1250),
    ]


@pytest.mark.parametrize("kind", ["GIF", "SVG"])
def test_a_gif_or_svg_is_published_as_it_is(kind: str) -> None:
    rendition = plan_rendition(image_file(2000, 100, kind, f"static/anim.{kind.lower()}"))
    assert rendition.webp == rendition.crops == ()
    (only,) = rendition.original
    assert (only.url, only.width, only.height) == (
        f"/media/{'ab' * 8}/anim.{kind.lower()}",
        2000,
        100,
    )


@pytest.mark.parametrize("name", ["con", "NUL", "aux", "com1", "lpt9", "prn"])
def test_a_picture_named_as_a_windows_device_is_published_under_another_name(name: str) -> None:
    """`/media/<hash>/con.gif` was written as is: a build on Windows failed on it."""
    rendition = plan_rendition(image_file(20, 10, "GIF", f"content/a/{name}.gif"))
    assert rendition.largest.url == f"/media/{'ab' * 8}/{name.lower()}-image.gif"


def test_a_webp_source_has_no_second_webp() -> None:
    rendition = plan_rendition(image_file(900, 600, "WEBP", "static/a.webp"))
    assert rendition.webp == ()
    assert [v.mime for v in rendition.variants] == ["image/webp"] * 6


@given(
    st.integers(1, 5000),
    st.integers(1, 5000),
    st.sampled_from(["JPEG", "PNG", "WEBP"]),
    st.lists(st.integers(1, 4000), min_size=1, max_size=5).map(tuple),
)
def test_no_variant_is_larger_than_its_source(
    width: int, height: int, kind: str, widths: tuple[int, ...]
) -> None:
    image = image_file(width, height, kind)
    rendition: Rendition = plan_rendition(image, widths)
    for variant in rendition.variants:
        assert 1 <= variant.width <= width
        assert 1 <= variant.height <= height
    assert [v.width for v in rendition.original] == sorted({v.width for v in rendition.original})
    assert rendition.largest.width == (width if width <= max(widths) else max(w for w in widths))
    assert len({v.url for v in rendition.variants}) == len(rendition.variants)
    for crop in rendition.crops:
        assert crop.box is not None
        left, top, right, bottom = crop.box
        assert 0 <= left < right <= width and 0 <= top < bottom <= height
        assert crop.width <= 1200
