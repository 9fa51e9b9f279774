"""Full-text search: which Pagefind indexes of the article pages a build keeps and which it makes
again, each judged as soon as its pages are staged, so it is made while other pages render."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.metadata import version
from types import TracebackType

from newsgen import __version__
from newsgen.cache.store import PageKeys, digest
from newsgen.config.site import SiteConfig
from newsgen.plan import urls
from newsgen.plan.archive import Archive
from newsgen.plan.search import index_url, search_groups
from newsgen.publish.indexing import Indexer
from newsgen.publish.writer import Staging
from newsgen.render.pages import Reuse
from newsgen.runtime.cancel import CancelFlag


class SearchUpdate:
    """Re-index each group whose article pages changed; keep the published index of the others.

    `reuse` holds this build's keys and the last build's. An index's fingerprint (stored beside the
    pages') hashes the bytes of its article pages (`PageKeys.contents`). The published index
    is kept when its fingerprint is that of the pages now, or that of the pages the last build
    knew while Pagefind reads every page changed since as it read its published file (a
    template edit of a header or a footer): judged by the published pages themselves, so that
    a cache left behind the site (a build killed after its commit) keeps no index that is not
    theirs. With `later`, a stale group keeps its published index (if any) and no fingerprint,
    so that the next build re-indexes it.

    The renderer tells which pages it renders (`rendering`), then each page staged
    (`rendered`): a group is judged once the last of its pages is. A context manager: leaving
    it early ends every Pagefind process (see `Indexer`).
    """

    def __init__(
        self,
        config: SiteConfig,
        archive: Archive,
        reuse: Reuse,
        staging: Staging,
        later: bool = False,
        cancel: CancelFlag | None = None,
    ) -> None:
        self.mine, self.earlier = reuse.keys, reuse.earlier
        self.alike = reuse.read_alike
        self.staging = staging
        self.later = later
        self.cancel = cancel
        self.settings = repr(
            (__version__, version("pagefind"), config.language, urls.base_path(config))
        )
        parts = sorted(search_groups(archive, config).items())
        self.groups = {group: [archive.urls[uid] for uid in slugs] for group, slugs in parts}
        self.group_of = {url: group for group, found in self.groups.items() for url in found}
        self.left: dict[str, set[str]] = {group: set() for group in self.groups}
        """The pages of each group not judged yet that are yet to be staged (`rendering`)."""
        self.stale = 0
        prefix = urls.base_path(config).strip("/")
        work = config.root / ".newsgen" / "search"
        self.indexer = Indexer(config.language, prefix, staging, work)

    def __enter__(self) -> SearchUpdate:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.indexer.__exit__(kind, exc, tb)

    def rendering(self, page_urls: Iterable[str], cores: int) -> None:
        """The pages to be rendered (the others are kept), and Pagefind's cores meanwhile."""
        self.indexer.share(cores)
        for url in page_urls:
            group = self.group_of.get(url)
            if group is not None:
                self.left[group].add(url)
        done = [group for group, left in self.left.items() if not left]
        self.indexer.expect(len(self.left) - len(done))
        for group in done:
            self._judge(group)

    def rendered(self, url: str) -> None:
        """The page at `url` is staged: its group is judged when it was the last left."""
        group = self.group_of.get(url)
        if group is not None:
            left = self.left[group]
            left.discard(url)
            if not left:
                self._judge(group)
        self.poll()

    def all_rendered(self) -> None:
        """Every page is rendered: Pagefind may use every core."""
        self.indexer.share(0)

    def poll(self) -> None:
        """Stage the indexes made, and start the next: called between two files staged, so
        that no core waits while the build writes its feeds."""
        if self.indexer.running:
            self.indexer.poll(self.cancel)

    def finish(self) -> int:
        """Wait for the indexes being made; returns how many groups were left stale."""
        for group in list(self.left):  # none, once the renderer told of every page
            self._judge(group)
        self.indexer.finish(self.cancel)
        return self.stale

    def _judge(self, group: str) -> None:
        """Keep the group's published index, or have it made again (unless `later`)."""
        del self.left[group]
        page_urls = self.groups[group]
        key = self.mine.fingerprints[index_url(group)] = self._key(self.mine, page_urls)
        if self._held(group, key, page_urls) and self.staging.keep_tree(index_url(group), "search"):
            return
        if not self.later:
            self.indexer.add(group, page_urls)
            return
        del self.mine.fingerprints[index_url(group)]
        self.staging.keep_tree(index_url(group), "search")
        self.stale += 1

    def _held(self, group: str, key: str, page_urls: Sequence[str]) -> bool:
        """Whether the group's published index is that of its pages now."""
        published = self.earlier.fingerprints.get(index_url(group))
        if published is None:
            return False
        mine, earlier = self.mine.contents, self.earlier.contents
        changed = (url for url in page_urls if mine.get(url) != earlier.get(url))
        return published == key or (
            published == self._key(self.earlier, page_urls)
            and all(url in self.alike for url in changed)
        )

    def _key(self, keys: PageKeys, page_urls: Sequence[str]) -> str:
        """The fingerprint of an index of these pages, as `keys` know them."""
        return digest("search", self.settings, *(keys.contents.get(url, "") for url in page_urls))
