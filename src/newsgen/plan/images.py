"""Responsive images as plain arithmetic: every file one source image is published as."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from newsgen.config.site_paths import RESERVED_ON_WINDOWS
from newsgen.model import ImageFile

WIDTHS = (480, 800, 1200, 1600)
"""Widths (px) each bitmap is published in, never more than its own width."""
CROPS = ((16, 9), (4, 3), (1, 1))
"""Aspect ratios of the crops Google asks for in NewsArticle `image`, in that order."""
CROP_WIDTH = 1200
"""The widest a crop is published (Google asks for at least 1200 px where the source allows)."""
AS_IS = frozenset({"GIF", "SVG"})
"""Formats published as the file itself: no resizing (animation, vectors) and no WebP."""
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "SVG": "svg"}
MIMES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "SVG": "image/svg+xml",
}
MEDIA = "/media"
"""Site path under which every processed image lives, in a folder named by its content hash."""
MAX_STEM = 60


@dataclass(frozen=True)
class Variant:
    """One published file of an image."""

    url: str
    """Site path: '/media/<first 16 hex of sha256>/<stem>-<width>.<ext>', crops
    '/media/<hash>/<stem>-16x9.<ext>', a GIF or SVG as is '/media/<hash>/<stem>.<ext>'."""
    width: int
    height: int
    mime: str
    """'image/jpeg', 'image/png', 'image/webp', 'image/gif' or 'image/svg+xml'."""
    box: tuple[int, int, int, int] | None = None
    """The region of the (oriented) source shown, as (left, top, right, bottom); None: all."""

    @property
    def format(self) -> str:
        """The Pillow format name the file is written in ('JPEG', 'WEBP', ...)."""
        return next(name for name, mime in MIMES.items() if mime == self.mime)


@dataclass(frozen=True)
class Rendition:
    """Every file published for one source image, and how templates show it."""

    image: ImageFile
    original: tuple[Variant, ...]
    """In the source's format, ascending width (GIF and SVG: one, the file as is)."""
    webp: tuple[Variant, ...]
    """The same widths as WebP (empty for GIF and SVG, and for a WebP source: `original` is)."""
    crops: tuple[Variant, ...]
    """16x9, 4x3 and 1x1, in that order, each the largest centred region of that ratio scaled
    to a width of at most 1200, in the source's format (GIF and SVG: empty)."""

    @property
    def largest(self) -> Variant:
        """The widest original-format variant."""
        return self.original[-1]

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Every file, each once: originals, WebP, crops."""
        return self.original + self.webp + self.crops


def plan_rendition(image: ImageFile, widths: tuple[int, ...] = WIDTHS) -> Rendition:
    """The files one image is published as, never wider than the image itself."""
    folder = f"{MEDIA}/{image.sha256[:16]}/{image_stem(image.path)}"
    if image.format in AS_IS:
        whole = Variant(
            f"{folder}.{EXTENSIONS[image.format]}", image.width, image.height, MIMES[image.format]
        )
        return Rendition(image, (whole,), (), ())
    sizes = [(width, scaled_height(image, width)) for width in published_widths(image, widths)]
    original = tuple(_variant(folder, image.format, *size) for size in sizes)
    webp = () if image.format == "WEBP" else tuple(_variant(folder, "WEBP", *s) for s in sizes)
    crops = tuple(_crop(folder, image, ratio) for ratio in CROPS)
    return Rendition(image, original, webp, crops)


def published_widths(image: ImageFile, widths: tuple[int, ...] = WIDTHS) -> tuple[int, ...]:
    """Each width below the image's, plus its own width when it is at most the widest."""
    wanted = sorted({width for width in widths if 0 < width < image.width})
    if not widths or image.width <= max(widths):
        wanted.append(image.width)
    return tuple(wanted)


def scaled_height(image: ImageFile, width: int) -> int:
    """The height of the image scaled to `width`, rounded, at least 1."""
    return max(1, round(image.height * width / image.width))


def crop_box(image: ImageFile, ratio: tuple[int, int]) -> tuple[int, int, int, int]:
    """The largest centred region of `ratio` (width, height) in the image."""
    across, down = ratio
    if image.width * down >= image.height * across:
        width, height = max(1, round(image.height * across / down)), image.height
    else:
        width, height = image.width, max(1, round(image.width * down / across))
    left, top = (image.width - width) // 2, (image.height - height) // 2
    return left, top, left + width, top + height


def image_stem(path: str) -> str:
    """The file name without extension, slugified to [a-z0-9-]; 'image' when nothing is left,
    and `-image` added to a name Windows keeps for a device (a GIF `con.gif` is published as
    `con-image.gif`: Windows can hold no file `con.gif`)."""
    text = unicodedata.normalize("NFKD", PurePosixPath(path).stem)
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_STEM].strip("-")
    if stem in RESERVED_ON_WINDOWS:
        return f"{stem}-image"
    return stem or "image"


def _variant(folder: str, kind: str, width: int, height: int) -> Variant:
    return Variant(f"{folder}-{width}.{EXTENSIONS[kind]}", width, height, MIMES[kind])


def _crop(folder: str, image: ImageFile, ratio: tuple[int, int]) -> Variant:
    box = crop_box(image, ratio)
    width, height = box[2] - box[0], box[3] - box[1]
    shown = min(width, CROP_WIDTH)
    if shown < width:
        height = max(1, round(shown * ratio[1] / ratio[0]))
    url = f"{folder}-{ratio[0]}x{ratio[1]}.{EXTENSIONS[image.format]}"
    return Variant(url, shown, height, MIMES[image.format], box)
