"""A stored plan's articles are kept pickled one by one (`plan.packed`): an edit reads back only
those its pages show; the archive's facts about every article are kept beside them and follow
edits exactly; a plan packed by another newsgen is not used."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsgen.config.site import SiteConfig
from newsgen.model import StoredBody
from newsgen.plan import packed
from newsgen.plan.archive import Archive
from newsgen.plan.packed import PackedArticles
from newsgen.plan.stored import PLAN_FILE, _Pickler
from sitegen import build, generated_site
from test_archive import archive_of, story
from test_incremental import assert_same_as_cold
from test_replan import KEEPING, aged, edited, site  # noqa: F401  (`site` is a fixture)

FACTS = ("sources", "lastmods", "updated", "aliased", "body_keys")


def counting(loads: list[bytes]) -> SimpleNamespace:
    """The pickle module as `plan.packed` uses it, noting in `loads` each article read back."""

    def loading(data: bytes) -> object:
        loads.append(data)
        return pickle.loads(data)

    return SimpleNamespace(
        loads=loading, dumps=pickle.dumps, HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL
    )


def facts(archive: Archive) -> dict[str, object]:
    return {name: getattr(archive, name) for name in FACTS}


def test_packed_articles_read_back_each_article_once_when_asked() -> None:
    articles = {a.uid: a for a in (story("a", "2024-01-01"), story("b", "2024-01-02"))}
    loads: list[bytes] = []
    stored = pickle.loads(pickle.dumps(PackedArticles.pack(articles)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(packed, "pickle", counting(loads))
        assert list(stored) == ["a", "b"] and len(stored) == 2 and "b" in stored
        assert loads == []
        assert stored["b"] == articles["b"] and stored["b"] is stored["b"]
        assert len(loads) == 1
        assert dict(stored) == articles
        with pytest.raises(KeyError):
            stored["c"]


def test_packed_articles_keep_the_articles_put_in_their_place() -> None:
    old = story("a", "2024-01-01")
    new = replace(old, title="Retitled")
    added = story("c", "2024-01-03")
    stored = PackedArticles.pack({"a": old, "b": story("b", "2024-01-02")})
    changed = stored.with_articles({"a": new, "c": added})
    assert changed["a"] is new and changed["c"] is added and stored["a"] == old
    again = pickle.loads(pickle.dumps(changed))
    assert list(again) == ["a", "b", "c"]
    assert again["a"] == new and again["c"] == added


EDITS = {
    "an update": lambda a: replace(a, updated=datetime(2025, 1, 1, tzinfo=UTC)),
    "no update": lambda a: replace(a, updated=None),
    "an alias": lambda a: replace(a, aliases=("/old/",)),
    "no alias": lambda a: replace(a, aliases=()),
    "a stored body": lambda a: replace(a, body="", stored=StoredBody("f00d", 2)),
    "a held body": lambda a: replace(a, body="Held.", stored=None),
}


@pytest.mark.parametrize("label", list(EDITS))
def test_an_archive_with_edited_articles_knows_what_one_built_with_them_knows(
    label: str,
) -> None:
    first = story("first", "2024-01-01T10:00:00+00:00")
    second = replace(
        story("second", "2024-01-02T10:00:00+02:00"),
        updated=datetime(2024, 6, 1, tzinfo=UTC),
        aliases=("/was/",),
        body="",
        stored=StoredBody("beef", 1),
    )
    for article in (first, second):
        edit = EDITS[label](article)
        expected = archive_of(*(edit if a is article else a for a in (first, second)))
        for archive in (archive_of(first, second), _packed(archive_of(first, second))):
            changed = archive.with_articles({edit.uid: edit})
            assert facts(changed) == facts(expected), (label, article.uid)
            assert isinstance(changed.updated, frozenset) and isinstance(changed.aliased, frozenset)
            assert dict(changed.articles) == dict(expected.articles)


def _packed(archive: Archive) -> Archive:
    return replace(archive, articles=PackedArticles.pack(archive.articles))


def test_an_edit_reads_back_only_the_articles_its_pages_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = generated_site(tmp_path / "site", 400, "per_page: 10\n", topics=200)
    aged(config.root)
    build(config)
    loads: list[bytes] = []
    monkeypatch.setattr(packed, "pickle", counting(loads))
    config = edited(config.root, KEEPING["edit body"])  # article 31, listed with 79 others
    assert build(config).reread == 1
    assert 0 < len(loads) < 400 / 4
    assert_same_as_cold(config, tmp_path, "packed")


@pytest.mark.parametrize("change", ["article fields", "archive fields"])
def test_a_plan_packed_by_another_newsgen_is_not_used(
    site: SiteConfig,  # noqa: F811
    tmp_path: Path,
    change: str,
) -> None:
    path = site.root / PLAN_FILE
    plan = pickle.loads(path.read_bytes())
    archive = plan.views.archive
    if change == "article fields":
        archive.articles.fields = (*archive.articles.fields, "another")
    else:
        del archive.__dict__["lastmods"]  # as an Archive of another version would lack it
    with path.open("wb") as handle:  # as `plan.stored` writes it (media plans are proxies)
        _Pickler(handle).dump(plan)
    config = edited(site.root, KEEPING["edit body"])
    assert not build(config).replanned
    assert_same_as_cold(config, tmp_path, change)


def test_a_plan_with_a_damaged_record_is_left_for_the_files(
    site: SiteConfig,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A record is read back only when a page wants it, so damage shows up then, mid-build:
    that build reads every file instead, as for a plan that cannot be read at all."""
    path = site.root / PLAN_FILE
    plan = pickle.loads(path.read_bytes())
    packed_records = plan.views.archive.articles._packed
    for uid, record in packed_records.items():
        packed_records[uid] = record[: len(record) // 2]  # cut short
    with path.open("wb") as handle:
        _Pickler(handle).dump(plan)
    config = edited(site.root, KEEPING["edit body"])
    assert not build(config).replanned
    assert_same_as_cold(config, tmp_path, "a damaged record")
