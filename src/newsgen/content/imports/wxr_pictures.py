"""WordPress featured images: the attachment a post's `_thumbnail_id` names, as its lead
picture, with the alternative text and caption WordPress kept for it."""

from __future__ import annotations

from lxml import etree

from newsgen.content.imports.html import html_text
from newsgen.content.references import LeadImage
from newsgen.content.text import is_web_url

NO_PICTURE = LeadImage()


def attachment(element: etree._Element, ns: dict[str, str]) -> tuple[str, LeadImage] | None:
    """The item's post id and picture, when it is an image attachment with a web address."""
    if element.findtext("wp:post_type", "", ns) != "attachment":
        return None
    url = (element.findtext("wp:attachment_url", "", ns) or "").strip()
    post_id = (element.findtext("wp:post_id", "", ns) or "").strip()
    if not post_id or not is_web_url(url):
        return None
    alt = html_text(meta(element, ns, "_wp_attachment_image_alt"))
    caption = html_text(element.findtext("excerpt:encoded", "", ns) or "")
    return post_id, LeadImage(url, " ".join(alt.split()), " ".join(caption.split()))


def featured(
    element: etree._Element, ns: dict[str, str], pictures: dict[str, LeadImage]
) -> LeadImage:
    """The post's featured image, when the export holds it."""
    return pictures.get(meta(element, ns, "_thumbnail_id").strip(), NO_PICTURE)


def meta(element: etree._Element, ns: dict[str, str], key: str) -> str:
    """The value of one of the item's `wp:postmeta`, or ''."""
    for entry in element.iterfind("wp:postmeta", ns):
        if (entry.findtext("wp:meta_key", "", ns) or "").strip() == key:
            return entry.findtext("wp:meta_value", "", ns) or ""
    return ""
