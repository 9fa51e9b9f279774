"""Image files: each planned variant resized, cropped and encoded once, then kept in a cache."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import PIL
from PIL import Image, ImageCms, ImageOps

from newsgen.cache.store import digest
from newsgen.config.site import SiteConfig
from newsgen.content.image_problem import ImageProblem
from newsgen.plan.images import AS_IS, Rendition, Variant

ENCODERS: dict[str, dict[str, int | bool]] = {
    "JPEG": {"quality": 82, "progressive": True, "optimize": True},
    "WEBP": {"quality": 80, "method": 4},
    "PNG": {"optimize": True},
}
"""Encoder settings per output format; part of every cache key."""
RESAMPLE = Image.Resampling.LANCZOS
REDUCING_GAP = 3.0
"""Shrink by whole factors first (much faster for large photos), Lanczos for the last step."""
CACHE_VERSION = "1"
"""Changed whenever processing changes in a way the other key parts do not show."""
CHECK_LENGTH = hashlib.sha256().digest_size
"""A cache file ends with the SHA-256 of what precedes it: a damaged file is noticed, remade."""
ALPHA_MODES = frozenset({"LA", "RGBA"})
GREY_MODES = frozenset({"L", "LA"})


def rendition_files(
    config: SiteConfig, rendition: Rendition, cache_folder: Path
) -> Iterator[tuple[str, bytes]]:
    """(url, bytes) of every file of the rendition, processing only what the cache lacks."""
    if rendition.image.format in AS_IS:
        yield rendition.largest.url, _source_bytes(config, rendition)
        return
    source = _Source(config, rendition)
    for variant in rendition.variants:
        path = cache_folder / _cache_name(rendition, variant)
        data = _cached(path)
        if data is None:
            data = _encode(source.prepared(), variant)
            _store(path, data)
        yield variant.url, data


class _Source:
    """The source image, read and decoded on first use and at most once."""

    def __init__(self, config: SiteConfig, rendition: Rendition) -> None:
        self.config, self.rendition = config, rendition
        self.image: Image.Image | None = None

    def prepared(self) -> Image.Image:
        """The decoded picture, oriented, in L, LA, RGB or RGBA, with its ICC profile if fit."""
        if self.image is None:
            self.image = _prepare(_source_bytes(self.config, self.rendition))
        return self.image


def _source_bytes(config: SiteConfig, rendition: Rendition) -> bytes:
    """The source file, which must still be the file that was inspected."""
    image = rendition.image
    try:
        data = (config.root / image.path).read_bytes()
    except OSError as exc:
        raise ImageProblem(
            f"image {image.path} cannot be read: {exc.strerror}", "check that the file is there"
        ) from None
    if hashlib.sha256(data).hexdigest() != image.sha256:
        raise ImageProblem(f"image {image.path} changed during the build", "build again")
    return data


def _prepare(data: bytes) -> Image.Image:
    """Decode, apply the EXIF orientation, and normalise the mode (keeping alpha and ICC)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=("JPEG", "PNG", "WEBP")) as opened:
            opened.load()
            icc = opened.info.get("icc_profile")
            turned = ImageOps.exif_transpose(opened)
    picture, icc = _normal_mode(turned, icc if isinstance(icc, bytes) else None)
    picture.info = {"icc_profile": icc} if icc else {}
    return picture


def _normal_mode(picture: Image.Image, icc: bytes | None) -> tuple[Image.Image, bytes | None]:
    """The picture in L, LA, RGB or RGBA, and the ICC profile that still describes it."""
    mode = picture.mode
    if mode in ("L", "LA", "RGB", "RGBA"):
        return picture, icc
    if mode == "CMYK":
        return _from_cmyk(picture, icc), None
    if mode.startswith("I"):
        return picture.convert("I").point(lambda value: value / 256).convert("L"), icc
    if mode == "1":
        return picture.convert("L"), icc
    alpha = "transparency" in picture.info or mode in ("PA", "RGBa", "La")
    target = "RGBA" if alpha else "RGB"
    return picture.convert(target), _icc_kept(picture, target, icc)


def _from_cmyk(picture: Image.Image, icc: bytes | None) -> Image.Image:
    """A CMYK picture in sRGB: through its own profile when it has one that works."""
    if icc:
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError):
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                picture, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                return converted
    return picture.convert("RGB")


def _icc_kept(picture: Image.Image, target: str, icc: bytes | None) -> bytes | None:
    """The profile, when the new mode is of the same colour family (grey or RGB) as the old."""
    was_grey = picture.mode in GREY_MODES or picture.mode == "1"
    return icc if was_grey == (target in GREY_MODES) else None


def _encode(picture: Image.Image, variant: Variant) -> bytes:
    """The variant's bytes: cropped, resized, converted for its format, without metadata."""
    box = variant.box or (0, 0, picture.width, picture.height)
    size = (variant.width, variant.height)
    resized = picture.resize(size, RESAMPLE, box=box, reducing_gap=REDUCING_GAP)
    icc = picture.info.get("icc_profile")
    kind = variant.format
    out = _for_format(resized, kind)
    if out.mode != resized.mode and (out.mode in GREY_MODES) != (resized.mode in GREY_MODES):
        icc = None
    out.info = {}
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    out.save(buffer, kind, **ENCODERS[kind], **extra)
    return buffer.getvalue()


def _for_format(picture: Image.Image, kind: str) -> Image.Image:
    """The picture in a mode `kind` holds: JPEG has no alpha (put on white), WebP no grey."""
    if kind == "JPEG" and picture.mode in ALPHA_MODES:
        flat = Image.new("RGB", picture.size, (255, 255, 255))
        flat.paste(picture.convert("RGBA"), mask=picture.getchannel("A"))
        return flat
    if kind == "WEBP" and picture.mode in GREY_MODES:
        return picture.convert("RGBA" if picture.mode == "LA" else "RGB")
    return picture


def _cache_name(rendition: Rendition, variant: Variant) -> str:
    """Where the cache keeps a variant: a key of everything its bytes depend on."""
    key = digest(
        CACHE_VERSION,
        PIL.__version__,
        rendition.image.sha256,
        variant.format,
        repr(sorted(ENCODERS[variant.format].items())),
        f"{variant.width}x{variant.height}",
        repr(variant.box),
        RESAMPLE.name,
        str(REDUCING_GAP),
    )
    return f"{key[:2]}/{key}"


def _cached(path: Path) -> bytes | None:
    """The cached bytes; None when missing, unreadable or damaged (the check does not match)."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    data, check = stored[:-CHECK_LENGTH], stored[-CHECK_LENGTH:]
    if len(stored) <= CHECK_LENGTH or hashlib.sha256(data).digest() != check:
        return None
    return data


def _store(path: Path, data: bytes) -> None:
    """Keep `data` and its check at `path` atomically: a temporary file, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data + hashlib.sha256(data).digest())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
