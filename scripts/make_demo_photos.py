"""Draw the demo site's photos with Pillow (deterministic: fixed seeds), beside their articles.

Usage: python scripts/make_demo_photos.py [--site DIR]

Writes four JPEGs (quality 85) and a LICENSE-photos.txt into each folder article that uses
them. The pictures are illustrations drawn by this script, released as CC0 1.0; rerunning it
writes the same bytes.
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parent.parent
LICENCE = "Drawn by scripts/make_demo_photos.py for the newsgen project; CC0 1.0\n"
RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Photo:
    """One picture: where it goes, its size, its seed and the function that draws it."""

    path: str
    size: tuple[int, int]
    seed: int
    draw: Callable[[tuple[int, int], random.Random], Image.Image]


def gradient(
    size: tuple[int, int], top: RGB, bottom: RGB, middle: RGB | None = None
) -> Image.Image:
    """A vertical colour gradient from `top` to `bottom` (through `middle` if given)."""
    ramp = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, top, bottom, middle).convert("RGB")


def grain(image: Image.Image, rng: random.Random, amount: int, blur: float = 0.6) -> Image.Image:
    """Film grain: seeded noise of +-`amount` levels, slightly blurred, added to every channel."""
    width, height = image.size
    noise = Image.frombytes("L", image.size, rng.randbytes(width * height))
    noise = noise.point(lambda v: 128 + (v - 128) * amount // 128)
    noise = noise.filter(ImageFilter.GaussianBlur(blur)).convert("RGB")
    return ImageChops.add(image, noise, 1.0, -128)


def glow(image: Image.Image, box: tuple[int, int, int, int], colour: RGB, radius: float) -> None:
    """Blend a soft blurred ellipse of `colour` into `image` (a sun, a street light's haze)."""
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(radius))
    image.paste(Image.new("RGB", image.size, colour), (0, 0), mask)


def ridge(
    rng: random.Random, width: int, base: int, rough: int, step: int
) -> list[tuple[int, int]]:
    """A jagged skyline of hills or mountains as a polygon closed along the bottom edge."""
    points, y = [(0, base)], base
    for x in range(0, width + step, step):
        y = max(base - 3 * rough, min(base + rough, y + rng.randint(-rough, rough) // 2))
        points.append((x, y))
    return [*points, (width, 10**5), (0, 10**5)]


def landscape(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Hills and a lake under a dawn sky."""
    width, height = size
    horizon = height * 62 // 100
    image = gradient(size, (38, 62, 120), (250, 190, 130), (214, 140, 150))
    glow(image, (1500, 700, 1900, 1100), (255, 236, 190), 60)
    glow(image, (1620, 820, 1780, 980), (255, 250, 230), 6)
    draw = ImageDraw.Draw(image)
    layers = [((120, 120, 160), 820, 60), ((90, 110, 120), 900, 45), ((60, 92, 70), 980, 35)]
    for colour, base, rough in layers:
        draw.polygon(ridge(rng, width, base * height // 1600, rough, 24), fill=colour)
    for _ in range(260):
        x, y = rng.randrange(width), rng.randrange(930, horizon - 10)
        tall = rng.randint(20, 60)
        draw.polygon([(x, y - tall), (x - tall // 3, y), (x + tall // 3, y)], fill=(30, 55, 40))
    sky = image.crop((0, horizon - (height - horizon), width, horizon))
    water = ImageOps.flip(sky).filter(ImageFilter.GaussianBlur(8))
    image.paste(Image.blend(water, Image.new("RGB", water.size, (40, 70, 90)), 0.35), (0, horizon))
    for _ in range(140):
        y = rng.randrange(horizon + 10, height)
        x, span = rng.randrange(width), rng.randint(80, 400)
        draw.line([(x, y), (x + span, y)], fill=(250, 220, 190), width=2)
    return grain(image.filter(ImageFilter.GaussianBlur(1.2)), rng, 10)


def window_grid(
    draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[int, int, int, int]
) -> None:
    """Lit and dark windows on one building's face."""
    left, top, right, bottom = box
    for y in range(top + 30, bottom - 20, 46):
        for x in range(left + 18, right - 30, 38):
            lit = rng.random() < 0.45
            colour = (255, 214, 140) if lit else (40, 44, 62)
            draw.rectangle((x, y, x + 20, y + 26), fill=colour)


def cityscape(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A city skyline at dusk above a river that reflects it."""
    width, height = size
    street = height * 78 // 100
    image = gradient(size, (28, 30, 78), (255, 150, 90), (150, 80, 130))
    glow(image, (900, 980, 1500, 1400), (255, 190, 120), 120)
    draw = ImageDraw.Draw(image)
    for row, shade in enumerate([(70, 64, 100), (42, 40, 64), (24, 24, 38)]):
        x = -rng.randint(0, 120)
        while x < width:
            wide = rng.randint(140, 320)
            top = street - rng.randint(320, 900) + row * 100
            draw.rectangle((x, top, x + wide, street), fill=shade)
            if row == 2 and rng.random() < 0.3:
                draw.polygon([(x, top), (x + wide // 2, top - 140), (x + wide, top)], fill=shade)
            if row > 0:
                window_grid(draw, rng, (x, top, x + wide, street))
            x += wide + rng.randint(-40, 30)
    city = image.crop((0, street - (height - street), width, street))
    water = ImageOps.flip(city).filter(ImageFilter.BoxBlur(6))
    image.paste(Image.blend(water, Image.new("RGB", water.size, (20, 24, 50)), 0.45), (0, street))
    draw.rectangle((0, street, width, street + 14), fill=(18, 18, 26))
    return grain(image.filter(ImageFilter.GaussianBlur(0.9)), rng, 12)


def column(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """A round column: lit on the left, in shade on the right, with fluting lines."""
    left, top, right, bottom = box
    width = right - left
    shade = Image.linear_gradient("L").rotate(90).resize((width, bottom - top))
    shade = ImageOps.colorize(shade, (120, 112, 100), (238, 230, 214), (226, 218, 200))
    draw = ImageDraw.Draw(shade)
    for x in range(6, width, 14):
        draw.line([(x, 0), (x, bottom - top)], fill=(170, 162, 148), width=2)
    image.paste(shade, (left, top))


def facade(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A parliament's domed neoclassical front under a clear sky, in portrait."""
    width, height = size
    image = gradient(size, (70, 120, 190), (200, 222, 240))
    draw = ImageDraw.Draw(image)
    for _ in range(7):
        x, y = rng.randrange(width), rng.randrange(100, 700)
        glow(image, (x - 260, y - 60, x + 260, y + 60), (245, 248, 252), 40)
    stone, dark = (222, 214, 196), (150, 142, 128)
    draw.rectangle((560, 420, 1040, 900), fill=stone)
    for x in range(590, 1020, 70):
        column(image, (x, 480, x + 34, 900))
    draw.pieslice((500, 120, 1100, 720), 180, 360, fill=(120, 150, 140))
    draw.rectangle((760, 60, 840, 140), fill=stone)
    draw.line([(800, 60), (800, -10)], fill=(60, 60, 60), width=6)
    draw.rectangle((800, -10, 900, 40), fill=(180, 30, 40))
    draw.rectangle((120, 1000, 1480, 1900), fill=stone)
    draw.polygon([(80, 1000), (800, 720), (1520, 1000)], fill=(232, 224, 208))
    draw.polygon([(200, 970), (800, 770), (1400, 970)], fill=(200, 192, 176))
    draw.rectangle((100, 1000, 1500, 1050), fill=dark)
    for x in range(170, 1420, 150):
        column(image, (x, 1050, x + 80, 1880))
    for step in range(8):
        y = 1900 + step * 40
        draw.rectangle((60 - step * 20, y, 1540 + step * 20, y + 40), fill=(205 - step * 4,) * 3)
    draw.rectangle((0, 2220, width, height), fill=(96, 100, 92))
    return grain(image.filter(ImageFilter.GaussianBlur(1.0)), rng, 10)


def sheet(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """One printed page: a headline block and lines of grey text on off-white paper."""
    width, height = size
    page = gradient(size, (250, 248, 240), (232, 228, 216))
    draw = ImageDraw.Draw(page)
    draw.rectangle((50, 50, width - 50, 130), fill=(40, 40, 40))
    y = 170
    while y < height - 60:
        end = width - 50 - (rng.randint(0, 200) if rng.random() < 0.2 else 0)
        draw.rectangle((50, y, end, y + 12), fill=(120, 120, 120))
        y += 30
    return page


def papers(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A pile of printed pages scattered on a wooden desk, seen from above."""
    width, height = size
    image = gradient(size, (120, 78, 46), (90, 56, 32))
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 3):
        tone = rng.randint(-18, 18)
        wave = int(12 * math.sin(y / 37))
        draw.line([(0, y + wave), (width, y)], fill=(110 + tone, 72 + tone, 42 + tone), width=2)
    for _ in range(9):
        page = sheet(rng, (rng.randint(700, 820), rng.randint(950, 1080))).convert("RGBA")
        page = page.rotate(rng.uniform(-35, 35), Image.Resampling.BICUBIC, expand=True)
        x, y = rng.randint(-100, width - 700), rng.randint(-200, height - 800)
        shadow = Image.new("RGBA", page.size, (0, 0, 0, 0))
        shadow.putalpha(page.getchannel("A").point(lambda a: a * 90 // 255))
        shadow = shadow.filter(ImageFilter.GaussianBlur(18))
        image.paste(shadow, (x + 24, y + 30), shadow)
        image.paste(page, (x, y), page)
    return grain(image.filter(ImageFilter.GaussianBlur(1.0)), rng, 6)


PHOTOS = (
    Photo("content/2025/11/newsgen-0-1-preview/photo.jpg", (2400, 1600), 1, landscape),
    Photo("content/2026/03/publishing-to-a-static-host/photo.jpg", (2400, 1600), 2, cityscape),
    Photo("content/2025/12/how-to-import-raw-articles/photo.jpg", (1600, 2400), 3, facade),
    Photo("content/2025/12/how-to-import-raw-articles/second.jpg", (2400, 1600), 4, papers),
)


def make(photo: Photo, site: Path) -> Path:
    """Draw one photo and write it (JPEG quality 85) with the licence beside it."""
    target = site / photo.path
    target.parent.mkdir(parents=True, exist_ok=True)
    image = photo.draw(photo.size, random.Random(photo.seed))
    image.save(target, "JPEG", quality=85, optimize=True, progressive=True)
    (target.parent / "LICENSE-photos.txt").write_text(LICENCE, encoding="utf-8")
    return target


def main() -> None:
    """Draw every demo photo into the site folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT)
    args = parser.parse_args()
    for photo in PHOTOS:
        target = make(photo, args.site)
        print(f"{target.relative_to(args.site)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
