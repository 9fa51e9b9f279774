"""SVG drawings: well-formed, inert (no script, no external links or style sheets) and with a
size."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import tinycss2
from lxml import etree

from newsgen.content.image_problem import ImageProblem

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler"})
"""Elements that run code or pull in other documents."""
ANIMATORS = frozenset({"set", "animate", "animatetransform", "animatemotion"})
"""Elements that can change another attribute, e.g. set an href to a javascript: URL."""
LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*")
MAX_SIZE = 100_000
"""The largest width or height (px) taken from an SVG; more is no real size (nan, inf, 1e300)."""
SAFE_HINT = "export the drawing again as a plain SVG, without scripts, links or embedded files"
IMAGE_FUNCTIONS = frozenset({"image", "image-set", "-webkit-image-set", "cross-fade"})
"""CSS functions that load a picture named by a string, without url()."""


def svg_size(path: str, data: bytes) -> tuple[int, int]:
    """The drawing's width and height in pixels, once it is known to be a safe SVG."""
    root = _parse(path, data)
    if etree.QName(root).localname != "svg":
        raise ImageProblem(f"image {path} is not an SVG drawing", "export it again as SVG")
    for node in root.iter():
        _check_node(path, node)
    return _size(path, root)


def _parse(path: str, data: bytes) -> etree._Element:
    """The document's root, parsed without fetching anything; a DOCTYPE is refused."""
    upper = data.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise _unsafe(path, "has a DOCTYPE or entities")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImageProblem(
            f"image {path} is not well-formed XML ({exc.msg})", "export the drawing again"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _unsafe(path, "has a DOCTYPE or entities")
    return root


def _check_node(path: str, node: etree._Element) -> None:
    """Refuse anything in the tree that could run code or load another resource."""
    if isinstance(node, etree._Comment):
        return
    if isinstance(node, etree._ProcessingInstruction):
        raise _unsafe(path, "has a processing instruction")
    if isinstance(node, etree._Entity):
        raise _unsafe(path, "has a DOCTYPE or entities")
    name = etree.QName(node).localname.lower()
    if name in ACTIVE_ELEMENTS:
        raise _unsafe(path, f"has a <{etree.QName(node).localname}> element")
    if name == "style":
        _check_css(path, "".join(node.itertext()))
    for key, value in node.attrib.items():
        attribute = etree.QName(key).localname.lower()
        if "(" in value or attribute == "style":  # presentation attributes take url() too
            _check_css(path, value)
        if attribute.startswith("on"):
            raise _unsafe(path, f"has an event handler ({etree.QName(key).localname})")
        if attribute == "href" and not value.strip().startswith("#"):
            raise _unsafe(path, f"links to {value.strip()[:60]}")
        if name in ANIMATORS and attribute == "attributename":
            target = value.strip().lower().rsplit(":", 1)[-1]
            if target == "href" or target.startswith("on"):
                raise _unsafe(path, f"animates its {value.strip()} attribute")


def _check_css(path: str, css: str) -> None:
    """Refuse CSS that loads anything but a part of the drawing itself (`url(#shadow)`): an
    outside picture, font or style sheet is fetched when the SVG is opened on its own."""
    for token in _tokens(tinycss2.parse_component_value_list(css)):
        loaded = _loads(token)
        if loaded is not None:
            raise _unsafe(path, f"has CSS that loads {loaded[:60]}")


def _tokens(tokens: Iterable[Any]) -> Iterator[Any]:
    """Every token, those inside functions and blocks included (escapes already decoded)."""
    for token in tokens:
        yield token
        inner = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(inner, list):
            yield from _tokens(inner)


def _loads(token: Any) -> str | None:
    """What `token` would load from elsewhere, if anything."""
    if token.type == "url" and not token.value.strip().startswith("#"):
        return str(token.value).strip()
    if token.type == "at-keyword" and token.lower_value == "import":
        return "a style sheet (@import)"
    if token.type == "function" and token.lower_name in ("url", "src", *IMAGE_FUNCTIONS):
        strings = [str(t.value) for t in token.arguments if t.type == "string"]
        named = [s for s in strings if not s.strip().startswith("#")]
        return named[0].strip() if named else None
    return None


def _unsafe(path: str, what: str) -> ImageProblem:
    return ImageProblem(f"SVG image {path} {what}, which could run code", SAFE_HINT)


def _size(path: str, root: etree._Element) -> tuple[int, int]:
    """Pixels from width and height, else from the viewBox (scaled to a given width or height)."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if width is None or height is None:
        if box is None:
            raise ImageProblem(
                f"SVG image {path} has no width and height and no viewBox",
                'add viewBox="0 0 WIDTH HEIGHT" to the <svg> element',
            )
        if width is not None:
            height = width * box[1] / box[0]
        elif height is not None:
            width = height * box[0] / box[1]
        else:
            width, height = box
    return max(1, round(width)), max(1, round(height))


def _length(value: str | None) -> float | None:
    """A positive length in pixels (a bare number or px); None for none, %, em and the like."""
    match = LENGTH.fullmatch(value or "")
    return _sensible(float(match.group(1))) if match else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    """Width and height of a viewBox, when it is four numbers with a positive size."""
    parts = (value or "").replace(",", " ").split()
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if len(numbers) != 4:
        return None
    width, height = _sensible(numbers[2]), _sensible(numbers[3])
    return None if width is None or height is None else (width, height)


def _sensible(number: float) -> float | None:
    """A drawing dimension: positive, finite and at most MAX_SIZE; else None."""
    return number if 0 < number <= MAX_SIZE else None
