"""The images articles use: each reference resolved to a file of the site and the file inspected."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from newsgen.cache.stamp import RACY_NS
from newsgen.cache.store import BuildCache, digest
from newsgen.config.site import SiteConfig
from newsgen.config.site_paths import fold
from newsgen.config.spelt import blind_to_case, told_apart
from newsgen.content.images import (
    ImageLimits,
    ImageProblem,
    inspect_image,
    refuse_other_spelling,
    resolve_image,
)
from newsgen.content.references import linked_file
from newsgen.diagnostics import Diagnostic, error, warning
from newsgen.model import Article, ImageFile, Reference, ReferenceKind

IMAGE_KINDS = frozenset({ReferenceKind.LEAD, ReferenceKind.IMAGE})
ALT_HINT = "describe what the picture shows for readers who cannot see it"


@dataclass(frozen=True)
class SiteMedia:
    """Every local image the articles use, inspected, and where each reference leads."""

    files: Mapping[str, ImageFile] = field(default_factory=dict)
    """Inspected images by site-relative path, in path order."""
    located: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(article id, reference target as written) -> the site-relative path of its file."""


def inspect_media(
    articles: Iterable[Article], config: SiteConfig, cache: BuildCache | None = None
) -> tuple[SiteMedia, list[Diagnostic]]:
    """Resolve and inspect every image reference; a missing, unsafe or broken image is an error
    and an image without alt text a warning, each at the line that names it; so is a link to
    an article's file that is none (an error) or a draft's (a warning)."""
    known = _Inspector(config, ImageLimits(), cache)
    articles = tuple(articles)
    files = {article.source_path: article for article in articles}
    located: dict[tuple[str, str], str] = {}
    problems: list[Diagnostic] = []
    for article in articles:
        for reference in article.references:
            if reference.kind not in IMAGE_KINDS:
                problems += _linked_article(article, reference, files)
                continue
            try:
                path = resolve_image(config, article.source_path, reference.target)
                known.inspect(path)
            except ImageProblem as problem:
                problems.append(_error(article, reference, problem))
                continue
            located[(article.uid, reference.target)] = path
            if not reference.alt.strip():
                problems.append(_no_alt(article, reference))
    inspected = MappingProxyType(dict(sorted(known.files.items())))
    media = SiteMedia(inspected, MappingProxyType(located))
    return media, problems


class _Inspector:
    """Inspects each image file once, however many articles use it."""

    def __init__(self, config: SiteConfig, limits: ImageLimits, cache: BuildCache | None) -> None:
        self.config, self.limits, self.cache = config, limits, cache
        self.files: dict[str, ImageFile] = {}
        self.refused: dict[str, ImageProblem] = {}
        self.blind = blind_to_case(config.content_path)
        """Whether `Photo.JPG` may open `photo.jpg` here (macOS, Windows): names are then
        compared with the folders' listings, even for a file the cache knows."""

    def inspect(self, path: str) -> None:
        """Inspect the file at `path` unless done; raise its ImageProblem for every user."""
        if path in self.refused:
            raise self.refused[path]
        if path not in self.files:
            try:
                if self.blind:
                    refuse_other_spelling(self.config, path)
                self.files[path] = self._inspected(path)
            except ImageProblem as problem:
                self.refused[path] = problem
                raise

    def _inspected(self, path: str) -> ImageFile:
        """Inspected now, or as before when the file's size and mtime are those seen then."""
        if self.cache is None:
            return inspect_image(self.config, path, self.limits)
        try:
            status = os.stat(self.config.root / path)  # noqa: PTH116 - st_mtime_ns is needed
        except OSError:
            return inspect_image(self.config, path, self.limits)  # which says what is wrong
        seen = repr((status.st_size, status.st_mtime_ns, status.st_ino))
        key = digest("image", path, repr(self.limits), seen)
        image = self.cache.image(key)
        if image is None:
            image = inspect_image(self.config, path, self.limits)
            if status.st_mtime_ns < time.time_ns() - RACY_NS:  # a file just written may change
                self.cache.store_image(key, image)
        return image


def _error(article: Article, reference: Reference, problem: ImageProblem) -> Diagnostic:
    return error(article.source_path, reference.line, problem.message, problem.hint)


def _linked_article(
    article: Article, reference: Reference, files: Mapping[str, Article]
) -> list[Diagnostic]:
    """An error for a link to an article's file that is no article of the site; a warning
    when a published article links to a draft's file."""
    file = linked_file(article.source_path, reference.target)
    if file is None:
        return []
    linked = files.get(file)
    if linked is None:
        message = f"links to {reference.target}, but {file} is no article of this site"
        hint = "link to the article's .md file by its path from this file, such as ../03/story.md"
        near = next((other for other in sorted(files) if fold(other) == fold(file)), "")
        if near:  # macOS and Windows open it: the link works there, and nowhere else
            message = f"links to {reference.target}, but the article's file is spelt {near}"
            hint = f"spell the path as the file is named: {told_apart(file, near)}"
        return [error(article.source_path, reference.line, message, hint)]
    if linked.draft and not article.draft:
        target = reference.target
        message = f"links to {target}, a draft: the link leads nowhere until it is published"
        return [warning(article.source_path, reference.line, message, "publish it")]
    return []


def _no_alt(article: Article, reference: Reference) -> Diagnostic:
    if reference.kind is ReferenceKind.LEAD:
        message = "the lead image has no `image_alt:`"
        hint = f"add image_alt: and {ALT_HINT}"
    else:
        message = f"image {reference.target} has no alt text"
        hint = f"write it between the brackets, ![like this]({reference.target}), and {ALT_HINT}"
    return warning(article.source_path, reference.line, message, hint)
