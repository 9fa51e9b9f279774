"""Images an article uses: where a reference points, and whether the file is a safe image."""

from __future__ import annotations

import hashlib
import io
import posixpath
import stat
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from newsgen.config.site import SiteConfig
from newsgen.config.spelt import spelt_on_disk, told_apart
from newsgen.content.image_problem import ImageProblem
from newsgen.model import ImageFile

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "ImageLimits",
    "ImageProblem",
    "inspect_image",
    "refuse_other_spelling",
    "resolve_image",
]

RASTER_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
"""What Pillow may try to read a file as: no other decoder ever sees an editor's file. (A
phone's JPEG with a depth map or preview opens as 'MPO': it is published as a JPEG.)"""
SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})
"""EXIF orientations that turn the picture a quarter: width and height trade places."""
ORIENTATION_TAG = 0x0112
OTHER_FORMATS = (
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
)
"""Magic numbers of images newsgen does not publish, so that the message can name them."""
PUBLISHED_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
"""How JPEG, PNG and GIF files start: such a file Pillow cannot open is damaged."""
BROKEN = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, TypeError)
"""What Pillow raises for a truncated or corrupt file."""
FORMAT_HINT = "save it as JPEG, PNG, WebP or GIF (or SVG for drawings)"


@dataclass(frozen=True)
class ImageLimits:
    """The largest image newsgen accepts."""

    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 50_000_000
    """Width times height; more is refused as a decompression bomb."""


def resolve_image(config: SiteConfig, article_path: str, reference: str) -> str:
    """Site-relative path of the local file an article's image reference names.

    '/img/a.png' is under static/; anything else is relative to the article's folder and must
    stay inside content/. Does not check that the file exists.
    """
    name = unquote(reference.split("#", 1)[0].split("?", 1)[0]).strip()
    _check_reference(reference, name)
    if name.startswith("/"):
        folder, base = _folder(config.static_path, config.root), name.lstrip("/")
    else:
        folder = _folder(config.content_path, config.root)
        base = posixpath.join(posixpath.dirname(article_path), name)
    path = posixpath.normpath(posixpath.join(folder, base) if name.startswith("/") else base)
    if not _inside(path, folder):
        raise ImageProblem(
            f"image {reference} is outside the {folder}/ folder",
            f"put the file in {folder}/ and refer to it from there",
        )
    real = (config.root / path).resolve()
    if not real.is_relative_to((config.root / folder).resolve()):
        raise ImageProblem(
            f"image {reference} is a link to a file outside the {folder}/ folder",
            f"copy the file into {folder}/ instead of linking to it",
        )
    return path


def inspect_image(config: SiteConfig, path: str, limits: ImageLimits) -> ImageFile:
    """Open and check the file at site-relative `path`: an ImageProblem says what is wrong."""
    data = _read(config, path, limits)
    digest = hashlib.sha256(data).hexdigest()
    if path.lower().endswith(".svg"):
        from newsgen.content.svgs import svg_size  # lxml, only when a drawing is inspected

        width, height = svg_size(path, data)
        return ImageFile(path, digest, width, height, "SVG")
    width, height, kind = _raster(path, data, limits)
    return ImageFile(path, digest, width, height, kind)


def _check_reference(reference: str, name: str) -> None:
    """Refuse what can never name a local file: nothing, a backslash, a URL, a folder."""
    if not name:
        raise ImageProblem("an image reference is empty", "give the image's file name")
    if "\\" in reference or "\\" in name:
        raise ImageProblem(
            f"image {reference} has a backslash", "separate folders with / as in a URL"
        )
    if "\x00" in name or ":" in name.split("/", 1)[0] or name.startswith("//"):
        raise ImageProblem(
            f"image {reference} is not a local file path",
            "give a path relative to the article, or one starting with / for static/",
        )
    if name.endswith("/"):
        raise ImageProblem(f"image {reference} names a folder", "give the image's file name")


def _folder(folder: Path, root: Path) -> str:
    """A site folder as a normalised site-relative posix path."""
    return posixpath.normpath(folder.relative_to(root).as_posix())


def _inside(path: str, folder: str) -> bool:
    """Whether the normalised `path` is strictly below `folder`."""
    return path.startswith(folder + "/") and ".." not in path.split("/")


def _read(config: SiteConfig, path: str, limits: ImageLimits) -> bytes:
    """The file's bytes, once it is known to be a regular file within the limit."""
    full = config.root / path
    try:
        real = full.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError):
        refuse_other_spelling(config, path)
        raise ImageProblem(
            f"image {path} does not exist", "add the file beside the article or fix the path"
        ) from None
    folders = _allowed(config)
    if not any(real.is_relative_to(folder.resolve()) for folder in folders):
        names = " and ".join(f"{folder.relative_to(config.root).as_posix()}/" for folder in folders)
        lexical = Path(posixpath.normpath(full.absolute().as_posix()))
        linked = "a link to a file " if real != lexical else ""
        raise ImageProblem(
            f"image {path} is {linked}outside {names}",
            "copy the image into the site instead of linking to it",
        )
    if not stat.S_ISREG(info.st_mode):
        raise ImageProblem(f"image {path} is not a file", "give the path of an image file")
    if info.st_size > limits.max_bytes:
        raise ImageProblem(_too_large(path, info.st_size, limits), "make the file smaller")
    return _bounded_read(real, path, limits)


def refuse_other_spelling(config: SiteConfig, path: str) -> None:
    """Refuse `path` when the file it names is spelt otherwise on disk: found on macOS and
    Windows, it is missing on Linux and on the web host. (Where the file is not found at all,
    `inspect_image` looks by itself.)"""
    if found := spelt_on_disk(config.root, path):
        raise ImageProblem(
            f"image {path} is named {found} on disk: {told_apart(path, found)}",
            "spell the path as the file is named",
        )


def _allowed(config: SiteConfig) -> tuple[Path, Path]:
    """The folders a linked image may point into."""
    return (config.content_path, config.static_path)


def _bounded_read(real: Path, path: str, limits: ImageLimits) -> bytes:
    """At most max_bytes of the file; a file that grew past the limit meanwhile is refused."""
    try:
        with real.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ImageProblem(
            f"image {path} cannot be read: {exc.strerror}", "check the file's permissions"
        ) from None
    if len(data) > limits.max_bytes:
        raise ImageProblem(_too_large(path, len(data), limits), "make the file smaller")
    return data


def _too_large(path: str, size: int, limits: ImageLimits) -> str:
    limit = _megabytes(limits.max_bytes)
    return f"image {path} is {_megabytes(size)}, more than the limit of {limit}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _raster(path: str, data: bytes, limits: ImageLimits) -> tuple[int, int, str]:
    """Width, height (oriented) and format of a bitmap, decoded fully to prove it is whole."""
    from PIL import Image, UnidentifiedImageError  # only when an image is inspected

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=RASTER_FORMATS) as image:
                kind = "JPEG" if image.format == "MPO" else str(image.format)
                width, height = image.size
                _check_pixels(path, width, height, limits)
                _decode(image, kind)
                turned = _orientation(image) in SWAPPING_ORIENTATIONS
            if kind == "PNG":
                _verify(data)
        except UnidentifiedImageError:
            raise _unknown(path, data) from None
        except Image.DecompressionBombError:
            raise _bomb(path, limits) from None
        except BROKEN as exc:
            raise _damaged(path, str(exc)) from None
    return (height, width, kind) if turned else (width, height, kind)


def _check_pixels(path: str, width: int, height: int, limits: ImageLimits) -> None:
    """Refuse a picture with no pixels, or so many that decoding it would exhaust memory."""
    if width < 1 or height < 1:
        raise ImageProblem(f"image {path} has no pixels", "export the image again")
    if width * height > limits.max_pixels:
        raise _bomb(path, limits, f" ({width}x{height})")


def _bomb(path: str, limits: ImageLimits, size: str = "") -> ImageProblem:
    return ImageProblem(
        f"image {path} has too many pixels{size}, more than {limits.max_pixels:,}",
        "scale the image down before adding it",
    )


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 to 8), 1 when there is none or it is unreadable."""
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except BROKEN:
        return 1
    return value if isinstance(value, int) else 1


def _decode(image: Image.Image, kind: str) -> None:
    """Decode every frame, so that a truncated or corrupt file is found now, not at render."""
    if kind == "JPEG":  # only the first picture of an MPO is published, so only it is decoded
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
        return
    for frame in range(getattr(image, "n_frames", 1)):
        image.seek(frame)
        image.load()
    image.seek(0)


def _damaged(path: str, detail: str) -> ImageProblem:
    return ImageProblem(
        f"image {path} is damaged or cut short ({detail})",
        "export the image again from the original",
    )


def _verify(data: bytes) -> None:
    """Check every chunk's checksum: a PNG may decode to garbage without an error."""
    from PIL import Image

    with Image.open(io.BytesIO(data), formats=("PNG",)) as image:
        image.verify()


def _unknown(path: str, data: bytes) -> ImageProblem:
    """Why Pillow did not open the file: a format newsgen does not publish, or no image at all."""
    if data.startswith(PUBLISHED_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return _damaged(path, "its header is unreadable")
    for magic, name in OTHER_FORMATS:
        if data.startswith(magic):
            return ImageProblem(f"image {path} is a {name} file", FORMAT_HINT)
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypavif", b"ftypmif1"):
        return ImageProblem(f"image {path} is a HEIC or AVIF file", FORMAT_HINT)
    if b"<svg" in data[:1024].lower():
        return ImageProblem(f"image {path} is an SVG drawing", "give the file the .svg extension")
    return ImageProblem(
        f"image {path} is not an image", "replace it with the picture itself (JPEG, PNG, WebP)"
    )
