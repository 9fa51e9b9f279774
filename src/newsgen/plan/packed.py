"""The articles of a stored plan, kept pickled one by one: an edit reads back the few dozen its
pages show, not the whole archive (at 10,000 articles, 7 ms instead of 45)."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator, Mapping

from newsgen.model import Article

_Arguments = tuple[Mapping[str, bytes], tuple[str, ...]]


class DamagedPlanError(Exception):
    """A record of the stored plan cannot be read back: the build is to read every file."""


def article_fields() -> tuple[str, ...]:
    """The names of an article's fields in this newsgen."""
    return tuple(item.name for item in dataclasses.fields(Article))


class PackedArticles(Mapping[str, Article]):
    """Articles by id, each unpickled when first read (then kept)."""

    __slots__ = ("_packed", "_read", "fields")

    def __init__(
        self,
        packed: Mapping[str, bytes],
        fields: tuple[str, ...],
        read: Mapping[str, Article] | None = None,
    ) -> None:
        self._packed = packed
        self._read: dict[str, Article] = dict(read or {})
        self.fields = fields
        """The article fields of the newsgen that packed them (`article_fields`)."""

    @classmethod
    def pack(cls, articles: Mapping[str, Article]) -> PackedArticles:
        """`articles`, each pickled on its own."""
        return cls(_packed(articles), article_fields(), articles)

    def __getitem__(self, uid: str) -> Article:
        try:
            return self._read[uid]
        except KeyError:
            packed = self._packed[uid]  # (no such article: KeyError, as for any mapping)
        try:
            article: Article = pickle.loads(packed)
        except Exception as exc:  # any damage, found only now that the record is wanted
            raise DamagedPlanError(uid) from exc
        self._read[uid] = article
        return article

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, uid: object) -> bool:
        return uid in self._packed

    def with_articles(self, articles: Mapping[str, Article]) -> PackedArticles:
        """These articles in place of those with their ids (or beside them)."""
        packed = {**self._packed, **_packed(articles)}
        return PackedArticles(packed, self.fields, {**self._read, **articles})

    def __reduce__(self) -> tuple[type[PackedArticles], _Arguments]:
        return PackedArticles, (self._packed, self.fields)


def _packed(articles: Mapping[str, Article]) -> dict[str, bytes]:
    dumps, protocol = pickle.dumps, pickle.HIGHEST_PROTOCOL
    return {uid: dumps(article, protocol) for uid, article in articles.items()}
