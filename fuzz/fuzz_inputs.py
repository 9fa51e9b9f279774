"""Atheris fuzz target: any input to newsgen's readers gives a result or newsgen's own error.

Run for as long as you like (pip install -e '.[fuzz]'):

    python fuzz/fuzz_inputs.py -max_total_time=600 fuzz/corpus

The first byte picks the reader: seed text, seed bytes, front-matter article, article bytes,
config, a YAML block, output paths, slugs. Anything but a NewsgenError (or UnsafePathError
from the output-path check) is a finding: atheris stops and saves the input as crash-*.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from newsgen.config.site import SiteConfig, load_config
    from newsgen.config.yamlsource import load_mapping
    from newsgen.content.articles import parse_article_text, read_article
    from newsgen.content.seeds import parse_seed_text, read_seed
    from newsgen.content.slugs import MAX_SLUG_LENGTH, slug_for, slug_problem
    from newsgen.diagnostics import NewsgenError
    from newsgen.plan import urls

ROOT = Path(tempfile.mkdtemp(prefix="newsgen-fuzz-"))
SITE = SiteConfig(root=ROOT, timezone="Europe/Berlin")
DATE = datetime(2024, 2, 22, tzinfo=UTC)


def seed_text(data: atheris.FuzzedDataProvider) -> None:
    article = parse_seed_text(data.ConsumeUnicodeNoSurrogates(4096), "seeds/x.txt", SITE).article
    article.date.astimezone(UTC)
    check_slug(article.slug)


def seed_bytes(data: atheris.FuzzedDataProvider) -> None:
    path = ROOT / "seeds" / "x.txt"
    path.write_bytes(data.ConsumeBytes(4096))
    read_seed(path, SITE).article.date.astimezone(SITE.zone)


def article_text(data: atheris.FuzzedDataProvider) -> None:
    text = "---\n" + data.ConsumeUnicodeNoSurrogates(4096)
    article = parse_article_text(text, "content/x.md", SITE).article
    urls.output_file(urls.article(SITE, article.slug, article.date))


def article_bytes(data: atheris.FuzzedDataProvider) -> None:
    path = ROOT / "content" / "x.md"
    path.write_bytes(data.ConsumeBytes(4096))
    article = read_article(path, SITE).article
    urls.output_file(urls.article(SITE, article.slug, article.date))


def config(data: atheris.FuzzedDataProvider) -> None:
    (ROOT / "newsgen.yaml").write_bytes(data.ConsumeBytes(4096))
    loaded = load_config(ROOT)
    assert loaded.output_path.resolve() != ROOT.resolve()
    urls.output_file(urls.article(loaded, "slug", DATE))


def yaml_block(data: atheris.FuzzedDataProvider) -> None:
    load_mapping(data.ConsumeUnicodeNoSurrogates(4096), "content/x.md", first_line=2)


def output_path(data: atheris.FuzzedDataProvider) -> None:
    try:
        relative = urls.output_file(data.ConsumeUnicode(256))
    except urls.UnsafePathError:
        return
    assert (ROOT / relative).resolve().is_relative_to(ROOT.resolve()), relative


def slugs(data: atheris.FuzzedDataProvider) -> None:
    text = data.ConsumeUnicode(512)
    check_slug(slug_for(text))
    if not slug_problem(text):
        assert urls.output_file(urls.topic(text)).parts[1] == text


def check_slug(slug: str) -> None:
    assert slug_problem(slug) == "" and len(slug) <= MAX_SLUG_LENGTH, slug


TARGETS: list[Callable[[atheris.FuzzedDataProvider], None]] = [
    seed_text,
    seed_bytes,
    article_text,
    article_bytes,
    config,
    yaml_block,
    output_path,
    slugs,
]


def one_input(raw: bytes) -> None:
    """Run the reader the first byte picks; newsgen's own errors are expected answers."""
    data = atheris.FuzzedDataProvider(raw)
    target = TARGETS[data.ConsumeIntInRange(0, len(TARGETS) - 1)]
    try:
        target(data)
    except NewsgenError as exc:
        assert exc.diagnostics and all(d.path for d in exc.diagnostics), exc


def main() -> None:
    (ROOT / "seeds").mkdir()
    (ROOT / "content").mkdir()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
