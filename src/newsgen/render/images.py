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
    "WEBP": {"quality": 80, "method": 2},  # 3x faster than method 4 for 1% more bytes
    "PNG": {"optimize": True},
}
"""Encoder settings per output format; part of every cache key."""
RESAMPLE = Image.Resampling.LANCZOS
REDUCING_GAP = 3.0
"""Shrink by whole factors first (much faster for large photos), Lanczos for the last step."""
CACHE_VERSION = "2"
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
    made = make_missing(config, rendition, cache_folder)
    for variant in rendition.variants:
        data = made.get(variant.url)
        if data is None:
            data = _cached(cache_folder / _cache_name(rendition, variant))
        if data is None:  # removed since it was made: make it again
            data = _encode(_Scaled(_Source(config, rendition), rendition).at(variant), variant)
        yield variant.url, data


def make_missing(config: SiteConfig, rendition: Rendition, cache_folder: Path) -> dict[str, bytes]:
    """Make and cache the variants the cache lacks, widest first (each smaller size is resized
    from the nearest larger one); returns them by URL."""
    if rendition.image.format in AS_IS:
        return {}
    scaled = _Scaled(_Source(config, rendition), rendition)
    made = {}
    for variant in sorted(rendition.variants, key=lambda v: (-v.width, v.url)):
        path = cache_folder / _cache_name(rendition, variant)
        if not path.is_file() or _cached(path) is None:
            made[variant.url] = data = _encode(scaled.at(variant), variant)
            _store(path, data)
    return made


class _Scaled:
    """The source at each size the variants need, each made once, from the nearest larger.

    Resizing dominates the cost: a 3000 px photo resized to 1600 px takes longer than encoding
    it, so 1200 px is made from that 1600 px picture (in both formats), not from the source.
    Which picture a size is made from depends on the plan alone, never on what the cache
    holds, so a variant's bytes are the same in a cold build and after any cache loss.
    """

    def __init__(self, source: _Source, rendition: Rendition) -> None:
        self.source = source
        self.width = rendition.image.width
        self.steps = sorted({(v.width, v.height) for v in rendition.variants if v.box is None})
        """The whole picture's planned sizes, smallest first: the steps of the cascade."""
        self.sizes: dict[tuple[int, int], Image.Image] = {}

    def at(self, variant: Variant) -> Image.Image:
        """The picture (or its crop box) at the variant's size."""
        if variant.box is None:
            return self._whole(variant.width, variant.height)
        return self._from_step(variant.box, (variant.width, variant.height))

    def _whole(self, width: int, height: int) -> Image.Image:
        if (width, height) not in self.sizes:
            box = (0, 0, self.width, self.source.prepared().height)
            self.sizes[(width, height)] = self._from_step(box, (width, height))
        return self.sizes[(width, height)]

    def _from_step(self, box: tuple[int, int, int, int], size: tuple[int, int]) -> Image.Image:
        """`box` of the source at `size`, resized from the smallest larger step of the plan."""
        needed = size[0] * self.width / (box[2] - box[0])  # the whole's width that gives it
        larger = (s for s in self.steps if needed <= s[0] < self.width and s != size)
        step = next(larger, None)
        base = self.source.prepared() if step is None else self._whole(*step)
        scale = base.width / self.width
        scaled = (
            box[0] * scale,
            box[1] * scale,
            min(box[2] * scale, base.width),
            min(box[3] * scale, base.height),
        )
        resized = base.resize(size, RESAMPLE, box=scaled, reducing_gap=REDUCING_GAP)
        resized.info = dict(self.source.prepared().info)
        return resized


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


def _encode(resized: Image.Image, variant: Variant) -> bytes:
    """The variant's bytes: the picture at its size, converted for its format, no metadata."""
    icc = resized.info.get("icc_profile")
    kind = variant.format
    out = _for_format(resized, kind)
    if out.mode != resized.mode and (out.mode in GREY_MODES) != (resized.mode in GREY_MODES):
        icc = None
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    out.save(buffer, kind, **ENCODERS[kind], **extra)  # info holds only the ICC profile
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
