"""A page of a period's list takes its articles by position across the sub-periods, as if
they were one list cut into pages, without walking the whole period."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from newsgen.plan.periods import _slice


def cut_by_walking(groups: list[tuple[str, tuple[str, ...]]], start: int, stop: int) -> list:  # type: ignore[type-arg]
    """Every article in a row, cut, then grouped again: how period pages were once made."""
    rows = [(n, slug) for n, (_, slugs) in enumerate(groups) for slug in slugs]
    shown = rows[start:stop]
    return [
        (groups[n][0], tuple(slug for _, slug in run))
        for n, run in itertools.groupby(shown, key=lambda row: row[0])
    ]


@given(
    st.lists(st.integers(min_value=1, max_value=30), max_size=12),
    st.integers(min_value=1, max_value=25),
    st.integers(min_value=1, max_value=40),
)
def test_a_page_holds_the_articles_at_its_positions(
    sizes: list[int], per_page: int, page: int
) -> None:
    groups = [
        (f"period {n}", tuple(f"{n}-{i}" for i in range(size))) for n, size in enumerate(sizes)
    ]
    start, stop = (page - 1) * per_page, page * per_page
    found = [(period, tuple(slugs)) for period, slugs in _slice(groups, start, stop)]  # type: ignore[arg-type]
    assert found == cut_by_walking(groups, start, stop)
