"""The measured test: Reuters and Wikinews stories pasted from web pages import exactly.

The seeds are made at test time from ../shared/corpora (see tests/pasted.py): twelve date forms
in four languages, site names after headlines, bylines, web noise and invisible characters.
An import is exact when the title, the date (time and offset), every paragraph verbatim and in
order (so no noise left), the authors and the source name are those of the ground truth.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsgen.content.articles import read_article
from newsgen.content.importer import import_seeds
from newsgen.diagnostics import Level
from newsgen.model import Article
from pasted import CONFIG, WIKINEWS, Pasted, pasted_corpus, write_seeds
from seedutil import make_site, needs_reuters

pytestmark = [
    needs_reuters,
    pytest.mark.skipif(not WIKINEWS.exists(), reason="../shared/corpora has no Wikinews"),
]
EXACT_RATE = 0.99
Imported = tuple[list[Pasted], dict[str, Article], list[str]]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """Every pasted seed imported into one site; each imported article by its seed's name."""
    corpus = pasted_corpus()
    site = make_site(tmp_path_factory.mktemp("pasted"), CONFIG)
    write_seeds(site.seeds_path, corpus)
    result = import_seeds(site, [], force=False)
    articles = {}
    for path in result.written:
        article = read_article(site.root / path, site).article
        assert article.provenance is not None
        articles[Path(article.provenance.seed).name] = article
    notes = [d.format() for d in result.diagnostics if d.level is Level.NOTE]
    return corpus, articles, notes


def mismatch(expected: Pasted, article: Article | None) -> str:
    """What the import got wrong ('' when it is exact)."""
    if article is None:
        return "refused"
    got = {
        "title": article.title,
        "date": (article.date, article.date.utcoffset()),
        "paragraphs": tuple(article.body.split("\n\n")) if article.body else (),
        "authors": article.authors,
        "source": article.source.name if article.source else "",
    }
    want = {
        "title": expected.title,
        "date": (expected.date, expected.date.utcoffset()),
        "paragraphs": expected.paragraphs,
        "authors": expected.authors,
        "source": expected.source,
    }
    return ", ".join(
        f"{key}: {got[key]!r} != {want[key]!r}"[:300] for key in got if got[key] != want[key]
    )


def test_the_corpus_has_every_form_and_both_sources(imported: Imported) -> None:
    corpus, _, _ = imported
    assert len(corpus) > 2000
    assert len(Counter(each.form for each in corpus)) == 12
    assert {each.name.split("-")[0] for each in corpus} == {"reuters", "wikinews"}


def test_at_least_99_percent_of_pasted_seeds_import_exactly(
    imported: Imported, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, articles, _ = imported
    wrong = {each.name: mismatch(each, articles.get(each.name)) for each in corpus}
    wrong = {name: problem for name, problem in wrong.items() if problem}
    rate = 1 - len(wrong) / len(corpus)
    with capsys.disabled():
        print(f"\nexact imports: {len(corpus) - len(wrong)}/{len(corpus)} = {rate:.2%}")
        for name, problem in sorted(wrong.items()):
            print(f"  {name}: {problem}")
    assert rate >= EXACT_RATE


def test_every_noise_removal_is_a_note_naming_the_line(imported: Imported) -> None:
    _, _, notes = imported
    removed = [n for n in notes if ": note: removed noise: " in n]
    assert len(removed) > 1000
    assert all(n.split(":")[1].isdigit() for n in removed)
