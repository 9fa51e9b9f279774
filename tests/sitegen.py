"""Test helper: generated sites of any size, with chosen dates and topics."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import yaml

from newsgen.builder import BuildOptions, BuildSummary, build_site
from newsgen.config.site import SiteConfig, load_config
from newsgen.content.frontmatter_writer import front_matter_text

NOW = datetime.fromisoformat("2030-01-01T00:00:00+00:00")
LEFTOVER_PREFIXES = (
    "staging-",
    "commit-",
    "manifest.json.",
    "stamp.pickle.",
    "plan.pickle.",
    "plan-edits.pickle.",
)
"""What newsgen leaves in .newsgen/ only while a build runs."""
BASE_CONFIG = "title: Test Times\nbase_url: https://test.example/\ntimezone: UTC\nsearch: false\n"


def article_text(
    title: str, date: datetime, topics: list[str], body: str = "Body text.", extra: str = ""
) -> str:
    """A front-matter article; `extra` is more YAML lines, such as 'draft: true\n'."""
    fields = {"title": title, "date": date.isoformat(), "topics": topics} | yaml.safe_load(
        extra or "{}"
    )
    return front_matter_text(fields, body)


def generated_site(root: Path, count: int, config: str = "", topics: int = 3) -> SiteConfig:
    """`count` articles, one a day from 2024-01-01, topics cycling through `topics` names."""
    root.mkdir(parents=True, exist_ok=True)
    settings = yaml.safe_load(BASE_CONFIG) | (yaml.safe_load(config) or {})
    (root / "newsgen.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    start = datetime.fromisoformat("2024-01-01T09:00:00+00:00")
    for number in range(count):
        date = start + timedelta(days=number)
        names = [f"Topic {number % topics}", f"Topic {(number + 1) % topics}"]
        path = root / "content" / f"{number:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(f"Article {number}", date, names), encoding="utf-8")
    return load_config(root)


def build(config: SiteConfig, **options: bool) -> BuildSummary:
    """Build with a fixed 'now', so results do not depend on the day the tests run."""
    return build_site(config, BuildOptions(now=NOW, **options))


def tree(root: Path, search_index: bool = True) -> dict[str, bytes]:
    """Every file under `root` with its bytes; without the search index if asked.

    Pagefind writes its filter and metadata files in a varying order (upstream issue #638),
    so the search index is the one part of the output compared by content, not by bytes.
    """
    files = sorted(p for p in root.rglob("*") if p.is_file())
    found = {p.relative_to(root).as_posix(): p.read_bytes() for p in files}
    if search_index:
        return found
    return {name: data for name, data in found.items() if not name.startswith("pagefind/")}


def search_records(output: Path) -> dict[str, bytes]:
    """The search index's fragment and word files under `output`: each page's text, filters
    and metadata, and the words that find it (what a search answers from; its filter and
    metadata files are written in a varying order, upstream issue #638)."""
    found = tree(output / "pagefind")
    return {name: data for name, data in found.items() if name.startswith(("fragment/", "index/"))}


def published(root: Path) -> dict[str, bytes]:
    """What a reader of the site sees, and the record of what newsgen published there."""
    state = tree(root / "build")
    for record in ("manifest.json", "published.json"):  # the URL history is published too
        path = root / ".newsgen" / record
        state[f".newsgen/{record}"] = path.read_bytes() if path.exists() else b""
    return state


def leftovers(root: Path) -> list[str]:
    """What a build left behind in .newsgen/ that only a running build should hold."""
    names = [path.name for path in (root / ".newsgen").iterdir()]
    return sorted(n for n in names if n.startswith(LEFTOVER_PREFIXES))
