"""Articles are pickled (stored plan, parse cache) without the fields at their default, and
read back the same, field for field and type for type."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from newsgen.model import Article, BodyFormat, Correction, Source, StoredBody

BASE = Article(
    slug="a",
    title="A",
    date=datetime(2024, 3, 1, 12, tzinfo=UTC),
    body="",
    body_format=BodyFormat.MARKDOWN,
    source_path="content/a.md",
)
CHANGES = {
    "summary": st.sampled_from(["", "A summary."]),
    "authors": st.sampled_from([(), ("Olena Koval",)]),
    "updated": st.sampled_from([None, datetime(2024, 3, 2, tzinfo=UTC)]),
    "draft": st.sampled_from([False, True, 0, 1]),  # 0 equals False, but is not the default
    "source": st.sampled_from([None, Source("Reuters")]),
    "corrections": st.sampled_from([(), (Correction(datetime(2024, 3, 3, tzinfo=UTC), "Fixed."),)]),
    "body_line": st.sampled_from([1, 7, True]),  # True equals 1, the default
    "stored": st.sampled_from([None, StoredBody("k", 3)]),
    "extra": st.sampled_from([(), (("desk", "sport"),)]),
}


@given(st.fixed_dictionaries({}, optional=CHANGES))
def test_an_article_reads_back_the_same(changes: dict[str, object]) -> None:
    article = dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]
    back = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == article
    for field in dataclasses.fields(Article):
        mine, theirs = getattr(back, field.name), getattr(article, field.name)
        assert type(mine) is type(theirs), field.name


def test_the_fields_at_their_default_are_left_out() -> None:
    back = pickle.loads(pickle.dumps(dataclasses.replace(BASE, draft=0, summary="S")))
    kept = {"slug", "title", "date", "body", "body_format", "source_path", "draft", "summary"}
    assert set(vars(back)) == kept
