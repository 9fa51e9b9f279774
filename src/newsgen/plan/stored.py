"""The last build's plan, kept in `.newsgen/` for the next build: the archive's views, which
articles each page was made from, and the input files they were read from.

A build that read everything writes it whole (`plan.pickle`); a build re-planned from it writes
only the articles edited since (`plan-edits.pickle`), a few kilobytes instead of megabytes.
Like the cache, the files are as trusted as the site's templates; any that cannot be read is
ignored (the next build reads everything).
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import os
import pickle
import secrets
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from newsgen.cache.stamp import FileStatus, InputStamp
from newsgen.diagnostics import Diagnostic
from newsgen.model import Article
from newsgen.plan.archive import Archive
from newsgen.plan.packed import PackedArticles, article_fields
from newsgen.plan.views import Views, with_archive, with_articles
from newsgen.runtime import collector

T = TypeVar("T")
PLAN_FILE = ".newsgen/plan.pickle"
EDITS_FILE = ".newsgen/plan-edits.pickle"


@dataclass(frozen=True)
class StoredPlan:
    """What the next build needs to re-plan an edit without reading the whole archive."""

    settings: str
    """The settings the build ran with (`InputStamp.settings`)."""
    files: Mapping[str, FileStatus]
    """Every input file's status when it was read (`InputStamp.files`)."""
    views: Views
    pages: tuple[str, ...]
    """The URL of every page, by number."""
    depends: Mapping[str, array[int]]
    """Article id -> numbers of the pages whose context was made from its record or summary."""
    warnings: tuple[Diagnostic, ...]
    """What reading and indexing the archive found (later stages find theirs each build)."""
    warned: frozenset[str]
    """Paths of the files the build warned about, at any stage."""
    now: datetime
    """The build's date: articles dated later were left out as future."""
    valid_until: datetime | None
    """When the first article left out as future becomes due; None if there is none."""
    token: str = field(default_factory=lambda: secrets.token_hex(8))
    """Tells this plan from any other: edits are applied only to the plan they were made on."""
    edited: Mapping[str, Article] = field(default_factory=dict)
    """Articles edited since the plan was written, by id (already in `views`)."""
    refiled: Mapping[str, FileStatus] = field(default_factory=dict)
    """The input files seen changed (or too recent to tell) by the builds re-planned since the
    plan was written, with their statuses then (already in `files`)."""


def stored_plan(
    inputs: InputStamp,
    views: Views,
    pages: tuple[str, ...],
    depends: Mapping[str, array[int]],
    warnings: tuple[Diagnostic, ...],
    warned: frozenset[str],
    now: datetime,
    valid_until: datetime | None,
) -> StoredPlan:
    """The plan of a build that read `inputs` and made `pages` (URLs, by number)."""
    return StoredPlan(
        settings=inputs.settings,
        files=inputs.files,
        views=views,
        pages=pages,
        depends=depends,
        warnings=warnings,
        warned=warned,
        now=now,
        valid_until=valid_until,
    )


@dataclass(frozen=True)
class _Edits:
    token: str
    files: Mapping[str, FileStatus]
    """Only the statuses seen changed (or too recent to tell) since the whole plan: a few,
    not 10,000 (1 MB)."""
    articles: Mapping[str, Article]


def read_plan(root: Path) -> StoredPlan | None:
    """The plan the last build left, with the edits made since; None when there is none."""
    plan = _load(root / PLAN_FILE, StoredPlan)
    if plan is None or not _is_current(plan.views.archive):
        return None
    edits = _load(root / EDITS_FILE, _Edits)
    if edits is None or edits.token != plan.token:
        return plan
    views = with_articles(plan.views, edits.articles)
    files = {**plan.files, **edits.files}
    return replace(plan, views=views, files=files, edited=edits.articles, refiled=edits.files)


def write_plan(root: Path, plan: StoredPlan) -> None:
    """Keep the whole plan, its articles each pickled on its own (`plan.packed`); the edits of
    an older one are dropped first."""
    forget_plan(root)
    archive = plan.views.archive
    packed = replace(archive, articles=PackedArticles.pack(archive.articles))
    _save(root / PLAN_FILE, replace(plan, views=with_archive(plan.views, packed)))


def write_edits(root: Path, plan: StoredPlan) -> None:
    """Keep the articles edited since `plan` was written whole, and the statuses of the input
    files seen changed (or too recent to tell) by the builds re-planned since."""
    edits = _Edits(plan.token, plan.refiled, plan.edited)
    try:
        _save(root / EDITS_FILE, edits)
    except OSError:
        forget_plan(root)  # the plan no longer says what was built
        raise


def forget_plan(root: Path) -> None:
    """Remove the plan: a build that does not keep one must not leave an older one behind."""
    for name in (EDITS_FILE, PLAN_FILE):
        with contextlib.suppress(OSError):  # an unwritable .newsgen/ fails the build anyway
            (root / name).unlink()


def _load(path: Path, kind: type[T]) -> T | None:
    """The `kind` pickled at `path`, with its fields as this newsgen has them; else None."""
    with contextlib.suppress(Exception):  # any failure means: read everything
        with collector.paused():  # a plan is a million objects and no cycle: none to find
            value = pickle.loads(path.read_bytes())
        if isinstance(value, kind) and vars(value).keys() == _field_names(kind):
            return value  # (one written by another version may have other fields)
    return None


def _is_current(archive: Any) -> bool:
    """Whether the plan's archive, and each article it packed, has the fields they have in this
    newsgen (a plan is read before the inputs tell which newsgen wrote it)."""
    articles = getattr(archive, "articles", None)
    if not isinstance(archive, Archive) or not isinstance(articles, PackedArticles):
        return False
    return vars(archive).keys() == _field_names(Archive) and articles.fields == article_fields()


def _field_names(kind: type[Any]) -> set[str]:
    return {item.name for item in dataclasses.fields(kind)}


def _save(path: Path, value: object) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        with temporary.open("wb") as handle:  # streamed: a 100,000-article plan is not held twice
            _Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


class _Pickler(pickle.Pickler):
    """Pickles the read-only mappings the media plan is made of, as the mappings they wrap."""

    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[MappingProxyType] = lambda proxy: (_mapping_proxy, (dict(proxy),))
