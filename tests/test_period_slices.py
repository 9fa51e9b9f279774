"""A page of a period's list takes its articles by position across the sub-periods, as if
they were one list cut into pages, without walking the whole period."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import example, given
from hypothesis import strategies as st

from newsgen.plan.context import Period
from newsgen.plan.periods import Group, _slice


def cut_by_walking(groups: Sequence[Group], start: int, stop: int) -> list[Group]:
    """Every article in a row, cut, then grouped again: how period pages were once made."""
    rows = [(n, slug) for n, (_, slugs) in enumerate(groups) for slug in slugs]
    shown = rows[start:stop]
    return [
        (groups[n][0], tuple(slug for _, slug in run))
        for n, run in itertools.groupby(shown, key=lambda row: row[0])
    ]


def period(n: int) -> Period:
    return Period(label=f"period {n}", url=f"/{n}/", count=0)


@example(sizes=[5, 0, 3], per_page=10, data=None)  # an empty group inside a page is left out
@given(
    st.lists(st.integers(min_value=0, max_value=30), max_size=12),
    st.integers(min_value=1, max_value=25),
    st.data(),
)
def test_a_page_holds_the_articles_at_its_positions(
    sizes: list[int], per_page: int, data: st.DataObject | None
) -> None:
    groups = [(period(n), tuple(f"{n}-{i}" for i in range(size))) for n, size in enumerate(sizes)]
    pages = max(1, -(-sum(sizes) // per_page))
    page = 1 if data is None else data.draw(st.integers(min_value=1, max_value=pages + 1))
    start, stop = (page - 1) * per_page, page * per_page
    found = [(period, tuple(slugs)) for period, slugs in _slice(groups, start, stop)]
    assert found == cut_by_walking(groups, start, stop)
