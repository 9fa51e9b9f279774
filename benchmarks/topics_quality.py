"""Precision and recall of automatic topics: on the shipped seed and on English Wikinews.

Usage: python benchmarks/topics_quality.py [--corpus PATH]  (default: the Wikinews corpus
in ../shared/corpora/wikinews/)

The measures (benchmarks/RESULTS.md records them):

- Seed: the topics of seeds/000_57c0f1ecf4af32e7.txt read with the demo's newsgen.yaml,
  against the four an editor would keep (NATO, Ukraine, Russia, Jens Stoltenberg).
- Wikinews, vocabulary topics: most Wikinews categories are broad ("Politics and
  conflicts"); the articles that carry a specific one (a country, a region or a subject) are
  measured against a vocabulary made of those category names and their common aliases
  (WIKINEWS_VOCABULARY). Recall: the share of those categories found; precision: the share
  of vocabulary topics found that are a category of the article (a lower bound, since
  Wikinews tags few of the places a story names).
- Wikinews, names outside the vocabulary, over the whole corpus (every article is the
  archive the recurrence counts in): how many such topics, how many topic pages (distinct
  names) and how many of those pages would list a single article; and as precision, the
  share of (article, name) topics whose name, or its last word, is in the article's title.
  `--sample N` prints N such topics with their headlines, drawn with a fixed seed, to check
  by hand.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src")]

from newsgen.config.site import SiteConfig, TopicSpec, load_config  # noqa: E402
from newsgen.content.recurrence import settle_topics  # noqa: E402
from newsgen.content.seeds import read_seed  # noqa: E402
from newsgen.content.topics import detect_topics  # noqa: E402
from newsgen.model import Article, BodyFormat  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpora" / "wikinews" / "wikinews-en.jsonl.gz"
SEED = HERE.parent / "seeds" / "000_57c0f1ecf4af32e7.txt"
SEED_TOPICS = frozenset({"NATO", "Ukraine", "Russia", "Jens Stoltenberg"})
BROAD = frozenset({"Politics and conflicts", "Economy and business", "World", "Original reporting"})
WIKINEWS_VOCABULARY = (
    TopicSpec("United States", ("US", "U.S.", "USA", "American", "Americans")),
    TopicSpec(
        "United Kingdom", ("UK", "U.K.", "Britain", "British", "England", "Scotland", "Wales")
    ),
    TopicSpec("France", ("French",)),
    TopicSpec("Russia", ("Russian", "Russians")),
    TopicSpec("China", ("Chinese",)),
    TopicSpec("Canada", ("Canadian", "Canadians")),
    TopicSpec("Europe", ("European", "Europeans")),
    TopicSpec("North America", ("North American",)),
    TopicSpec("South America", ("South American", "Latin America")),
    TopicSpec("Asia", ("Asian",)),
    TopicSpec("Middle East", ()),
    TopicSpec("Africa", ("African",)),
    TopicSpec("Oceania", ("Pacific",)),
    TopicSpec("Crime and law", ("crime", "police", "court", "trial", "arrested", "convicted")),
    TopicSpec("Health", ("health", "disease", "hospital")),
    TopicSpec("Elections", ("election", "elections")),
    TopicSpec("Obituaries", ("died", "death of")),
    TopicSpec("Transport", ("transport", "airline", "railway", "aviation")),
    TopicSpec("Science and technology", ("science", "technology", "scientists")),
    TopicSpec("Disasters and accidents", ("disaster", "accident", "earthquake", "flood")),
    TopicSpec("Culture and entertainment", ("film", "music", "festival")),
)


@dataclass(frozen=True)
class Story:
    """One Wikinews article: what detection reads and the categories it is measured by."""

    title: str
    paragraphs: tuple[str, ...]
    categories: frozenset[str]


def read_corpus(path: Path) -> list[Story]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return [Story(r["title"], tuple(r["body"]), frozenset(r["categories"])) for r in records]


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def seed_figures() -> dict[str, float]:
    config = load_config(HERE.parent)
    found = set(read_seed(SEED, config).article.topics)
    right = len(found & SEED_TOPICS)
    return {
        "seed topics": len(found),
        "seed precision": ratio(right, len(found)),
        "seed recall": ratio(right, len(SEED_TOPICS)),
    }


def wikinews_topics(stories: list[Story], config: SiteConfig) -> list[tuple[str, ...]]:
    """Each story's automatic topics, the whole corpus being the archive."""
    articles = [_article(story, config) for story in stories]
    return [article.topics for article in settle_topics(articles, config)]


def _article(story: Story, config: SiteConfig) -> Article:
    detected = detect_topics(story.title, story.paragraphs, config)
    date = datetime(2000, 1, 1, tzinfo=UTC)
    return Article(
        slug="s",
        title=story.title,
        date=date,
        body="",
        body_format=BodyFormat.TEXT,
        source_path="s.txt",
        topics=detected.topics,
        candidate_topics=detected.candidates,
    )


def vocabulary_figures(stories: list[Story], found: list[tuple[str, ...]]) -> dict[str, float]:
    names = {spec.name for spec in WIKINEWS_VOCABULARY}
    expected = detected = right = 0
    for story, topics in zip(stories, found, strict=True):
        wanted = story.categories & names
        if not story.categories - BROAD:
            continue
        chosen = set(topics) & names
        expected += len(wanted)
        detected += len(chosen)
        right += len(wanted & chosen)
    return {
        "vocabulary categories": expected,
        "vocabulary precision": ratio(right, detected),
        "vocabulary recall": ratio(right, expected),
    }


def name_figures(stories: list[Story], found: list[tuple[str, ...]]) -> dict[str, float]:
    names = {spec.name for spec in WIKINEWS_VOCABULARY}
    pages: Counter[str] = Counter()
    in_title = total = 0
    for story, topics in zip(stories, found, strict=True):
        for topic in topics:
            if topic in names:
                continue
            pages[topic] += 1
            total += 1
            title = f" {story.title} "
            in_title += f" {topic} " in title or f" {topic.split()[-1]} " in title
    return {
        "name topics": total,
        "name topics per article": ratio(total, len(stories)),
        "name topic pages": len(pages),
        "pages of one article": ratio(sum(1 for n in pages.values() if n == 1), len(pages)),
        "name precision (in the title)": ratio(in_title, total),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--mentions", type=int, default=SiteConfig.min_topic_mentions)
    parser.add_argument("--articles", type=int, default=SiteConfig.min_topic_articles)
    parser.add_argument("--sample", type=int, default=0, help="print N topics to hand-check")
    args = parser.parse_args()
    figures = seed_figures()
    stories = read_corpus(args.corpus)
    config = SiteConfig(
        root=Path("/site"),
        topics=WIKINEWS_VOCABULARY,
        min_topic_mentions=args.mentions,
        min_topic_articles=args.articles,
    )
    found = wikinews_topics(stories, config)
    figures |= vocabulary_figures(stories, found) | name_figures(stories, found)
    for name, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else f"{value}"
        print(f"{name:32} {shown}")
    for title, topic in sample(stories, found, args.sample):
        print(f"{topic:32} <- {title}")


def sample(stories: list[Story], found: list[tuple[str, ...]], size: int) -> list[tuple[str, str]]:
    """`size` (title, topic) pairs of names outside the vocabulary, drawn with a fixed seed."""
    names = {spec.name for spec in WIKINEWS_VOCABULARY}
    pairs = [
        (s.title, t) for s, ts in zip(stories, found, strict=True) for t in ts if t not in names
    ]
    return random.Random(16).sample(pairs, min(size, len(pairs)))


if __name__ == "__main__":
    main()
