"""Reading a large XML archive as a stream: each child of its <channel>, complete, then dropped,
so that a file of a gigabyte never stands whole in memory. As safe as `parse_xml`, and a fault
is told at the same line, in the same words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from newsgen.content.imports.xmlsource import (
    CHUNK,
    SAFE_PARSING,
    defined_entities,
    not_well_formed,
    opened,
    unreadable,
    with_html_characters,
)

CHANNEL = "channel"
ITEM = "item"


def channel_children(path: Path, shown: str) -> Iterator[etree._Element]:
    """The root element first (its children still being read), then each child of its first
    <channel>, complete, in the file's order, its HTML character entities made characters (as
    `parse_xml` makes them); each is taken out of the tree once the next item is read (hold
    it to keep it). Raise ContentError at the fault when the file is not well-formed (after
    what came before it: read the stream to its end before using what it gave)."""
    parser = etree.XMLPullParser(events=("start", "end"), tag=(CHANNEL, ITEM), **SAFE_PARSING)
    walk = _Walk()
    etree.clear_error_log()  # lxml's log of this thread: the first error in it is this file's
    try:
        with opened(path) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                parser.feed(chunk)
                yield from walk.ready(parser.read_events())
            root = parser.close()
        yield from walk.ready(parser.read_events())
    except etree.XMLSyntaxError as exc:
        raise not_well_formed(shown, exc) from None
    except (OSError, EOFError) as exc:
        raise unreadable(shown, exc) from None
    if walk.root is None:  # no channel, no item: the root alone
        yield root


class _Walk:
    """Where the stream is: its root, its first channel, the last child of it handed out."""

    def __init__(self) -> None:
        self.root: etree._Element | None = None
        self.channel: etree._Element | None = None
        self.defined: frozenset[str] = frozenset()
        self.given: etree._Element | None = None

    def ready(self, events: Iterator[tuple[str, etree._Element]]) -> Iterator[etree._Element]:
        """The root, at the first event; then the children of the channel each event
        completes: those before an item that ends in it, and the item; the rest at its end."""
        for event, element in events:
            if self.root is None:
                self.root = element.getroottree().getroot()
                self.defined = defined_entities(self.root)
                yield self.root
            if event == "start":
                if self.channel is None and element.tag == CHANNEL:
                    parent = element.getparent()
                    self.channel = element if parent is self.root else None
            elif self.channel is None:
                continue
            elif element is self.channel:
                yield from self._children(self.channel, None)
            elif element.getparent() is self.channel:
                yield from self._children(self.channel, element)

    def _children(
        self, channel: etree._Element, last: etree._Element | None
    ) -> Iterator[etree._Element]:
        """The channel's children after the last one given, up to `last` (all of them for
        None); those before `last` are then taken out of the tree."""
        children = list(channel)
        start = 1 if self.given is not None and children and children[0] is self.given else 0
        for child in children[start:]:
            if isinstance(child.tag, str):  # not an entity between the channel's children
                yield with_html_characters(child, self.defined)
            if child is last:
                break
        if last is None:
            return
        self.given = last
        while last.getprevious() is not None:
            del channel[0]
