"""Which articles a feed lists: the latest published or updated, found without sorting all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from newsgen.plan.archive import Archive
from newsgen.render.syndication import _latest_changed

START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = st.integers(0, 6)  # few days: many articles share a date, or an update's date
ARTICLE = st.tuples(DAYS, st.one_of(st.none(), DAYS))  # (published, updated): any order


def archive_of(dated: list[tuple[int, int | None]]) -> Archive:
    """Articles in the archive's order (newest first, ties by position), any update dates."""
    order = sorted(range(len(dated)), key=lambda n: -dated[n][0])
    articles = {
        f"a{n}": SimpleNamespace(
            date=START + timedelta(days=dated[n][0]),
            updated=None if dated[n][1] is None else START + timedelta(days=dated[n][1]),
        )
        for n in order
    }
    position = {uid: index for index, uid in enumerate(articles)}
    local_dates = {uid: a.date for uid, a in articles.items()}
    return cast(
        Archive, SimpleNamespace(articles=articles, position=position, local_dates=local_dates)
    )


def sorted_whole(archive: Any, uids: list[str], count: int) -> tuple[str, ...]:
    def newest_first(uid: str) -> tuple[datetime, int]:
        article = archive.articles[uid]
        return -(article.updated or article.date).timestamp(), archive.position[uid]

    return tuple(sorted(uids, key=newest_first)[:count])


@given(st.lists(ARTICLE, max_size=40), st.integers(0, 12), st.data())
def test_a_feed_lists_the_articles_published_or_updated_last(
    dated: list[tuple[int, int | None]], count: int, data: st.DataObject
) -> None:
    archive = archive_of(dated)
    order = list(archive.articles)
    chosen = data.draw(st.lists(st.sampled_from(order), unique=True) if order else st.just([]))
    uids = sorted(chosen, key=archive.position.__getitem__)  # an author's: in archive order
    updated = frozenset(u for u, a in archive.articles.items() if a.updated is not None)
    found = _latest_changed(archive, uids, count, updated)
    assert found == sorted_whole(archive, uids, count)
