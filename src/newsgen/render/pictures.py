"""A body's images as responsive <picture> elements, and its links to article files as URLs."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from newsgen.plan.media import NO_MEDIA, BodyMedia, Picture

MEDIA = "newsgen_media"
"""Key of the markdown-it env that holds the body's `BodyMedia`."""
BODY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
"""How wide a body image is shown: the story column (42rem), else the screen less its margin."""


def pictures_plugin(md: MarkdownIt) -> None:
    """Render images and links through the body's media when it names them."""
    renderer = cast(RendererHTML, md.renderer)
    image_default = renderer.rules["image"]
    link_default = renderer.rules.get("link_open")

    def image(
        self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
    ) -> str:
        token = tokens[idx]
        picture = _media(env).images.get(str(token.attrGet("src") or ""))
        if picture is None:
            return str(image_default(tokens, idx, options, env))
        alt = self.renderInlineAsText(token.children or [], options, env)
        title = str(token.attrGet("title") or "")
        return picture_html(picture, alt, BODY_SIZES, lazy=True, title=title)

    def link_open(
        self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
    ) -> str:
        token = tokens[idx]
        url = _media(env).links.get(str(token.attrGet("href") or ""))
        if url is not None:
            token.attrSet("href", url)
        if link_default is None:
            return str(self.renderToken(tokens, idx, options, env))
        return str(link_default(tokens, idx, options, env))

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)


def picture_html(picture: Picture, alt: str, sizes: str, lazy: bool, title: str = "") -> str:
    """<picture> with a WebP source and the original's sizes; width and height always set."""
    attributes = [
        ("src", picture.src),
        ("srcset", picture.srcset),
        ("sizes", sizes if picture.srcset else ""),
        ("width", str(picture.width or "")),
        ("height", str(picture.height or "")),
        ("alt", alt),
        ("title", title),
        ("loading", "lazy" if lazy else ""),
        ("decoding", "async"),
    ]
    shown = " ".join(f'{k}="{escape(v)}"' for k, v in attributes if v or k == "alt")
    if not picture.webp_srcset:
        return f"<img {shown}>"
    webp = f'<source type="image/webp" srcset="{escape(picture.webp_srcset)}" sizes="{sizes}">'
    return f"<picture>{webp}<img {shown}></picture>"


def _media(env: dict[str, Any]) -> BodyMedia:
    media = env.get(MEDIA, NO_MEDIA)
    return media if isinstance(media, BodyMedia) else NO_MEDIA
