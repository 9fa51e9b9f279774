"""Image files: every planned variant rendered at its size, without metadata, and cached."""

from __future__ import annotations

import io
from pathlib import Path

import PIL
import pytest
from PIL import ExifTags, Image, ImageCms

from newsgen.config.site import SiteConfig
from newsgen.content.images import ImageLimits, ImageProblem, inspect_image
from newsgen.plan.images import Rendition, plan_rendition
from newsgen.render.images import ENCODERS, rendition_files

RED, BLUE = (220, 20, 20), (20, 20, 220)


def site_with(root: Path, name: str, data: bytes) -> tuple[SiteConfig, Rendition]:
    """A site holding one image in static/, and the plan for it."""
    (root / "static").mkdir(parents=True, exist_ok=True)
    (root / "static" / name).write_bytes(data)
    config = SiteConfig(root=root)
    image = inspect_image(config, f"static/{name}", ImageLimits())
    return config, plan_rendition(image)


def encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def halves(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue: shows which way a picture was turned."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image


def phone_photo() -> bytes:
    """A landscape sensor image, shown portrait (orientation 6), with GPS and XMP metadata."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 1.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret place</x:xmpmeta>'
    return encoded(halves((1700, 1000)), "JPEG", exif=exif, xmp=xmp)


def files(config: SiteConfig, rendition: Rendition, cache: Path) -> dict[str, bytes]:
    return dict(rendition_files(config, rendition, cache))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_every_file_has_the_planned_size_and_format(tmp_path: Path) -> None:
    config, rendition = site_with(tmp_path / "site", "photo.jpg", phone_photo())
    written = files(config, rendition, tmp_path / "cache")
    assert list(written) == [variant.url for variant in rendition.variants]
    assert [v.width for v in rendition.original] == [480, 800, 1000]  # 1000 wide once turned
    assert len(written) == 3 + 3 + 3
    for variant in rendition.variants:
        image = opened(written[variant.url])
        assert image.size == (variant.width, variant.height), variant.url
        assert Image.MIME[str(image.format)] == variant.mime


def test_no_exif_gps_or_xmp_is_left_and_the_orientation_is_applied(tmp_path: Path) -> None:
    config, rendition = site_with(tmp_path / "site", "photo.jpg", phone_photo())
    assert (rendition.image.width, rendition.image.height) == (1000, 1700)
    for url, data in files(config, rendition, tmp_path / "cache").items():
        image = opened(data)
        assert not image.getexif(), url
        assert "exif" not in image.info and "xmp" not in image.info, url
        assert b"Exif" not in data and b"secret place" not in data, url
        if "-16x9" in url:
            continue  # the middle of the picture: the boundary between the halves
        top, bottom = (
            image.convert("RGB").getpixel((image.width // 2, 2)),
            image.convert("RGB").getpixel((image.width // 2, image.height - 3)),
        )
        assert isinstance(top, tuple) and isinstance(bottom, tuple)
        assert top[0] > 150 > top[2], url  # the sensor's left, turned clockwise, is on top
        assert bottom[2] > 150 > bottom[0], url


def test_the_second_call_reads_the_cache_and_decodes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, rendition = site_with(tmp_path / "site", "photo.jpg", phone_photo())
    first = files(config, rendition, tmp_path / "cache")

    def refuse(*args: object, **kwargs: object) -> Image.Image:
        raise AssertionError("decoded again")

    monkeypatch.setattr(Image, "open", refuse)
    assert files(config, rendition, tmp_path / "cache") == first


def test_the_source_is_decoded_once_per_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, rendition = site_with(tmp_path / "site", "photo.jpg", phone_photo())
    calls: list[object] = []
    real_open = Image.open

    def counted(*args: object, **kwargs: object) -> Image.Image:
        calls.append(args)
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image, "open", counted)
    files(config, rendition, tmp_path / "cache")
    assert len(calls) == 1


def test_output_is_deterministic(tmp_path: Path) -> None:
    config, rendition = site_with(tmp_path / "site", "photo.jpg", phone_photo())
    assert files(config, rendition, tmp_path / "one") == files(config, rendition, tmp_path / "two")


def test_a_damaged_cache_file_is_remade(tmp_path: Path) -> None:
    config, rendition = site_with(tmp_path / "site", "photo.jpg", phone_photo())
    cache = tmp_path / "cache"
    first = files(config, rendition, cache)
    kept = sorted(path for path in cache.rglob("*") if path.is_file())
    assert len(kept) == len(first)
    kept[0].write_bytes(kept[0].read_bytes()[:100])
    kept[1].write_bytes(b"")
    kept[2].unlink()
    flipped = bytearray(kept[3].read_bytes())
    flipped[len(flipped) // 2] ^= 0x01
    kept[3].write_bytes(bytes(flipped))
    assert files(config, rendition, cache) == first
    assert sorted(path for path in cache.rglob("*") if path.is_file()) == kept


def test_an_alpha_png_keeps_its_alpha_in_png_and_webp(tmp_path: Path) -> None:
    source = Image.new("RGBA", (900, 600), (0, 128, 0, 255))
    source.paste((0, 0, 0, 0), (0, 0, 450, 600))
    config, rendition = site_with(tmp_path / "site", "logo.png", encoded(source, "PNG"))
    written = files(config, rendition, tmp_path / "cache")
    for variant in rendition.variants:
        image = opened(written[variant.url])
        assert image.mode == "RGBA", variant.url
        assert image.getpixel((2, 2))[3] == 0  # type: ignore[index]
        assert image.getpixel((image.width - 3, 2))[3] == 255  # type: ignore[index]
    assert [opened(written[v.url]).format for v in rendition.webp] == ["WEBP"] * 3


def test_a_palette_png_with_transparency_keeps_it(tmp_path: Path) -> None:
    source = Image.new("P", (500, 300), 1)
    source.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    data = encoded(source, "PNG", transparency=0)
    config, rendition = site_with(tmp_path / "site", "flag.png", data)
    written = files(config, rendition, tmp_path / "cache")
    assert opened(written[rendition.webp[0].url]).mode == "RGB"
    source.paste(0, (0, 0, 250, 300))
    config, rendition = site_with(
        tmp_path / "other", "flag.png", encoded(source, "PNG", transparency=0)
    )
    written = files(config, rendition, tmp_path / "cache")
    assert opened(written[rendition.webp[0].url]).getpixel((1, 1))[3] == 0  # type: ignore[index]


def test_a_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    source = Image.new("CMYK", (900, 600), (0, 255, 255, 0))
    config, rendition = site_with(tmp_path / "site", "print.jpg", encoded(source, "JPEG"))
    for url, data in files(config, rendition, tmp_path / "cache").items():
        image = opened(data)
        assert image.mode == "RGB", url
        red, green, blue = image.getpixel((10, 10))  # type: ignore[misc]
        assert red > 200 and green < 60 and blue < 60, url


def test_an_icc_profile_is_kept(tmp_path: Path) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(halves((600, 400)), "JPEG", icc_profile=profile)
    config, rendition = site_with(tmp_path / "site", "photo.jpg", data)
    for url, data in files(config, rendition, tmp_path / "cache").items():
        assert opened(data).info.get("icc_profile") == profile, url


def test_a_greyscale_jpeg_stays_grey_and_its_webp_is_rgb(tmp_path: Path) -> None:
    config, rendition = site_with(
        tmp_path / "site", "grey.jpg", encoded(Image.linear_gradient("L"), "JPEG")
    )
    written = files(config, rendition, tmp_path / "cache")
    assert opened(written[rendition.largest.url]).mode == "L"
    assert opened(written[rendition.webp[-1].url]).mode == "RGB"


@pytest.mark.parametrize("name", ["anim.gif", "logo.svg"])
def test_a_gif_or_svg_is_published_as_it_is(tmp_path: Path, name: str) -> None:
    if name.endswith(".gif"):
        frames = [Image.new("P", (30, 20), colour) for colour in (1, 2)]
        data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    else:
        data = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 20"/>'
    config, rendition = site_with(tmp_path / "site", name, data)
    assert files(config, rendition, tmp_path / "cache") == {rendition.largest.url: data}
    assert not (tmp_path / "cache").exists()


def test_a_source_changed_since_inspection_is_refused(tmp_path: Path) -> None:
    config, rendition = site_with(
        tmp_path / "site", "photo.jpg", encoded(halves((600, 400)), "JPEG")
    )
    (config.root / "static/photo.jpg").write_bytes(encoded(halves((600, 401)), "JPEG"))
    with pytest.raises(ImageProblem, match="changed during the build"):
        files(config, rendition, tmp_path / "cache")


def test_a_16_bit_greyscale_png_is_scaled_to_8_bits(tmp_path: Path) -> None:
    source = Image.linear_gradient("L").resize((600, 400)).convert("I").point(lambda v: v * 257)
    source = source.convert("I;16")
    config, rendition = site_with(tmp_path / "site", "deep.png", encoded(source, "PNG"))
    assert opened((config.root / "static/deep.png").read_bytes()).mode.startswith("I")
    written = files(config, rendition, tmp_path / "cache")
    image = opened(written[rendition.largest.url])
    assert image.mode == "L"
    assert image.getextrema() == (0, 255)


def test_new_encoder_settings_or_pillow_make_new_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, rendition = site_with(
        tmp_path / "site", "photo.jpg", encoded(halves((600, 400)), "JPEG")
    )
    cache = tmp_path / "cache"
    first = files(config, rendition, cache)
    monkeypatch.setitem(ENCODERS, "JPEG", {**ENCODERS["JPEG"], "quality": 50})
    lower = files(config, rendition, cache)
    assert [lower[v.url] != first[v.url] for v in rendition.variants] == [
        v.mime == "image/jpeg" for v in rendition.variants
    ]
    monkeypatch.setattr(PIL, "__version__", "0.0.0")
    files(config, rendition, cache)
    assert len([path for path in cache.rglob("*") if path.is_file()]) == 7 + 5 + 7


def test_a_phone_mpo_jpeg_publishes_its_first_picture(tmp_path: Path) -> None:
    data = encoded(halves((900, 600)), "MPO", save_all=True, append_images=[halves((90, 60))])
    config, rendition = site_with(tmp_path / "site", "phone.jpg", data)
    written = files(config, rendition, tmp_path / "cache")
    assert [opened(written[v.url]).size for v in rendition.original] == [
        (480, 320),
        (800, 533),
        (900, 600),
    ]
    assert {opened(written[v.url]).format for v in rendition.original} == {"JPEG"}
