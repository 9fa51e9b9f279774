"""HTML bodies (WordPress posts, feed entries) into Markdown: sanitized by nh3, converted by
markdownify; WordPress shortcodes resolved first, paragraphs WordPress never wrapped wrapped."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import nh3
from bs4 import BeautifulSoup
from bs4.element import Tag

from newsgen.content.imports.converter import LAZY_SOURCES, Converter

KEPT_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"}
    | {"blockquote", "pre", "code", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub"}
    | {"sup", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr"}
    | {"th", "td", "caption", "cite", "q", "abbr", "kbd", "samp", "span", "div", "section"}
)
DROPPED_WHOLE = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
    | {"textarea", "select", "form", "frame", "frameset", "applet", "audio", "video", "canvas"}
)
"""Elements removed with everything inside them: code, styles and embedded players."""
PLAYERS = ["iframe", "video", "audio", "embed", "object"]
"""Embedded players, named in a note when removed."""
PLAYER_TAG = re.compile(r"<(?:iframe|video|audio|embed|object)", re.I)
"""What any start tag of a player begins with: a body without one is not parsed for them (a
parse is a third of an import's time)."""
KEPT_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", *LAZY_SOURCES}}
CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S | re.I)
CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)
CAPTION_ATTRIBUTE = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.S)
LINKED = re.compile(
    r"\[(embed|audio|video|youtube|vimeo|soundcloud|playlist)\b([^\]]*)\](?:(.*?)\[/\1\])?",
    re.S | re.I,
)
CODE = re.compile(r"\[(code|sourcecode)\b[^\]]*\](.*?)\[/\1\]", re.S | re.I)
DROPPED = re.compile(
    r"\[/?(gallery|contact-form|contact-form-7|googlemaps|slideshow|instagram|twitter|tweet"
    r"|wpvideo|videopress|recipe|polldaddy|archives|sitemap|timeline|gravityform)\b[^\]]*\]",
    re.I,
)
"""Shortcodes WordPress fills with content the export does not hold: removed, with a note."""
URL = re.compile(r"""(?:\bsrc=|\b(?:mp3|mp4|m4a|ogg|webm|wav)=|^\s*=?)["']?(https?://[^\s"'\]]+)""")
BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|li|dl|blockquote|pre|table|figure|hr|section|br)\b", re.I
)
UNSAFE_IN_MARKDOWN = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})
"""Characters that would end a Markdown link's address: written as the URL escapes them."""
BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Converted:
    """An HTML body as Markdown, with what could not come along."""

    markdown: str
    dropped: tuple[str, ...] = ()
    """The names of the shortcodes it lost."""
    players: tuple[str, ...] = ()
    """The addresses of the embedded players (iframe, video, audio, embed, object) removed,
    the element's name for one without."""
    relative: tuple[str, ...] = ()
    """Relative addresses of links and images, left as they were for want of a base URL: on
    the new site they would point at pages and pictures it does not have."""


def html_to_markdown(text: str, base_url: str = "") -> Converted:
    """Markdown for an HTML body.

    Relative links and images are made absolute against `base_url` (the item's own address);
    without one they are listed in `relative`.
    """
    text, dropped = resolve_shortcodes(text)
    relative: list[str] = []
    clean = nh3.clean(
        wrap_paragraphs(text),
        tags=set(KEPT_TAGS),
        clean_content_tags=set(DROPPED_WHOLE),
        attributes={tag: set(names) for tag, names in KEPT_ATTRIBUTES.items()},
        attribute_filter=functools.partial(_absolute, base_url, relative),
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    markdown = Converter(heading_style="ATX", bullets="-", newline_style="backslash").convert(clean)
    lines = "\n".join(line.rstrip() for line in markdown.splitlines())
    markdown = re.sub(r"\n{3,}", "\n\n", lines).strip()
    return Converted(markdown, dropped, _players(text), tuple(dict.fromkeys(relative)))


def _players(text: str) -> tuple[str, ...]:
    """What the embedded players of the HTML play: each one's address, else its name."""
    if not PLAYER_TAG.search(text):  # Beautiful Soup also warns on a body that is one URL
        return ()
    found = BeautifulSoup(text, "html.parser").find_all(PLAYERS)
    return tuple(
        dict.fromkeys(
            _played(player) or player.name
            for player in found
            if isinstance(player, Tag) and not player.find_parent(PLAYERS)
        )
    )


def _played(player: Tag) -> str:
    source = player.find("source", src=True)
    address = player.get("src") or player.get("data")
    if not address and isinstance(source, Tag):
        address = source.get("src")
    return str(address or "").strip()


def html_text(text: str) -> str:
    """The words of a piece of HTML (a title, a name): tags removed, entities read."""
    return html.unescape(nh3.clean(text, tags=set(), clean_content_tags=set(DROPPED_WHOLE)))


def resolve_shortcodes(text: str) -> tuple[str, tuple[str, ...]]:
    """[caption] becomes a figure with its caption; [embed], [audio], [video] and the like a
    link to their address; [code] a code block; shortcodes whose content WordPress makes
    ([gallery]...) are removed. Any other text in brackets ([sic], [1]) stays as written."""
    text = CAPTION.sub(_caption, text)
    text = CODE.sub(lambda m: f"<pre><code>{m.group(2)}</code></pre>", text)
    dropped: list[str] = []
    text = LINKED.sub(lambda m: _linked(m, dropped), text)
    dropped += [m.group(1).lower() for m in DROPPED.finditer(text)]
    return DROPPED.sub("", text), tuple(dict.fromkeys(dropped))


def wrap_paragraphs(text: str) -> str:
    """WordPress stores a classic post's paragraphs as blank-line-separated text and wraps them
    only as it shows them: each such block without block markup of its own becomes a <p>, its
    single line breaks <br>."""
    blocks = [block.strip() for block in BLANK_LINES.split(text.replace("\r\n", "\n"))]
    return "\n".join(
        block if BLOCK_TAG.search(block) else f"<p>{block.replace(chr(10), '<br>')}</p>"
        for block in blocks
        if block
    )


def _caption(match: re.Match[str]) -> str:
    attributes, inner = match.groups()
    found = CAPTIONED.match(inner)
    picture, caption = (found.group(1), found.group(2)) if found else ("", inner)
    named = CAPTION_ATTRIBUTE.search(attributes)
    caption = caption.strip() or (named.group(2) if named else "")
    return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"


def _linked(match: re.Match[str], dropped: list[str]) -> str:
    name, attributes, inner = match.group(1).lower(), match.group(2), match.group(3) or ""
    found = URL.search(inner) or URL.search(attributes)
    if found is None:
        dropped.append(name)
        return ""
    url = html.escape(found.group(1))
    return f'<p><a href="{url}">{url}</a></p>'


def _absolute(base_url: str, relative: list[str], element: str, attribute: str, value: str) -> str:
    """A link's or image's address made absolute against the item's own address (a #fragment,
    a place on the page itself, stays); a relative one is noted in `relative` when there is
    none."""
    address = value.strip()
    if attribute not in ("href", "src", *LAZY_SOURCES) or address.startswith("#"):
        return value
    if base_url:
        address = urljoin(base_url, address)
    elif address and not urlsplit(address).scheme:
        relative.append(value)
    return address.translate(UNSAFE_IN_MARKDOWN)
