"""Topics: detecting them in seed text, and giving every topic name one stable slug."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wordfreq import zipf_frequency

from newsgen.config import SiteConfig, TopicSpec
from newsgen.damage import has_word_list
from newsgen.diagnostics import Diagnostic, warning
from newsgen.slugs import slug_for

FUNCTION_WORD = 5.0
"""Zipf frequency from which a capitalised word is an ordinary word, not a name."""
RARE_WORD = 3.5
"""Below this a capitalised word is most likely part of a person's or place's name."""
TOKEN = re.compile(r"[^\W\d_][\w'’-]*|[.!?:;,()\"“”«»]")
POSSESSIVE = re.compile(r"['’]s$")
CALENDAR_WORDS = frozenset(
    name.lower().rstrip(".")
    for name in (*calendar.day_name, *calendar.month_name, *calendar.day_abbr, *calendar.month_abbr)
    if name
) | {"sept"}
NOT_TOPICS = CALENDAR_WORDS | {"advertisement"}
ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
SHOUTING = 0.6
"""Share of capital letters above which a text is written in capitals (a wire headline)."""


@dataclass(frozen=True)
class Word:
    """A capitalised word of the text, with where it stands."""

    text: str
    sentence_start: bool
    joined: bool
    """True when only a space separates it from the previous word."""


def detect_topics(title: str, paragraphs: Sequence[str], config: SiteConfig) -> tuple[str, ...]:
    """Topics of a seed: vocabulary matches first, then recurring names and acronyms."""
    texts = [title, *paragraphs]
    found = _vocabulary_counts(texts, config.topics)
    taken = {term.lower() for spec in config.topics for term in (spec.name, *spec.aliases)}
    names = _name_counts(texts, _base_language(config.language))
    ranked = [name for name, _ in sorted(found.items(), key=lambda item: (-item[1], item[0]))]
    for name, count in sorted(names.items(), key=lambda item: (-item[1], item[0])):
        recurring = count >= 2 or name in title
        if recurring and name.lower() not in taken and not _inside_any(name, ranked):
            ranked.append(name)
    return tuple(ranked[: config.max_topics])


def _vocabulary_counts(texts: Sequence[str], vocabulary: Iterable[TopicSpec]) -> dict[str, int]:
    """Whole-word uses of each topic's name or aliases, possessives included.

    A term is matched as written ("NATO" never matches "nato"), except that a term written
    all in lowercase ("climate change") matches in any case, as at the start of a sentence.
    """
    counts: dict[str, int] = {}
    for spec in vocabulary:
        terms = sorted((spec.name, *spec.aliases), key=len, reverse=True)
        alternatives = "|".join(
            f"(?i:{re.escape(t)})" if t.islower() else re.escape(t) for t in terms
        )
        pattern = re.compile(r"(?<![\w-])(?:" + alternatives + r")(?:['’]s)?(?![\w])")
        total = sum(len(pattern.findall(text)) for text in texts)
        if total:
            counts[spec.name] = total
    return counts


def _base_language(code: str) -> str:
    """The word-list language of a site language; '' when wordfreq has no list for it."""
    base = code.split("-")[0].split("_")[0]
    return base if has_word_list(base) else ""


def _zipf(word: str, language: str) -> float:
    return zipf_frequency(word, language) if language else 0.0


def _name_counts(texts: Sequence[str], language: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    lowercase = {w.lower() for text in texts for w in TOKEN.findall(text) if w.islower()}
    for text in texts:
        if _shouting(text):
            continue
        for run in _capitalised_runs(text):
            for name in _names_in_run(run, lowercase, language):
                counts[name] += 1
    return _fold_surnames(counts)


def _capitalised_runs(text: str) -> list[list[Word]]:
    runs: list[list[Word]] = []
    sentence_start, previous_end = True, -2
    for match in TOKEN.finditer(text):
        token = POSSESSIVE.sub("", match.group())
        if not token[0].isalpha():
            sentence_start = sentence_start or token in '.!?:;"“«'
            previous_end = -2
            continue
        if token[0].isupper():
            joined = match.start() == previous_end + 1 and bool(runs)
            word = Word(token, sentence_start, joined)
            if joined:
                runs[-1].append(word)
            else:
                runs.append([word])
            previous_end = match.end()
        else:
            previous_end = -2
        sentence_start = False
    return runs


def _names_in_run(run: list[Word], lowercase: set[str], language: str) -> list[str]:
    names: list[str] = []
    part: list[Word] = []
    for word in [*run, None]:
        if word is None or _is_acronym(word.text):
            names += _name_of_part(part, lowercase, language)
            part = []
            if word is not None:
                names.append(word.text)
        elif not (not part and _ordinary(word, lowercase, language)):
            part.append(word)
    return names


def _name_of_part(part: list[Word], lowercase: set[str], language: str) -> list[str]:
    if not part:
        return []
    rare_tail: list[str] = []
    for word in reversed(part):
        if _zipf(word.text, language) >= RARE_WORD:
            break
        rare_tail.insert(0, word.text)
    words = rare_tail or [w.text for w in part]
    if len(words) == 1 and (part[-1].sentence_start or words[0].lower() in lowercase):
        return []
    if all(word.lower() in NOT_TOPICS for word in words):
        return []
    return [" ".join(words)]


def _ordinary(word: Word, lowercase: set[str], language: str) -> bool:
    common = _zipf(word.text, language) >= FUNCTION_WORD
    return common or word.text.lower() in NOT_TOPICS or word.text.lower() in lowercase


def _is_acronym(text: str) -> bool:
    return (
        2 <= len(text) <= 6
        and text.isalpha()
        and text.isupper()
        and not ROMAN_NUMERAL.fullmatch(text)
    )


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and sum(c.isupper() for c in letters) / len(letters) > SHOUTING


def _fold_surnames(counts: Counter[str]) -> Counter[str]:
    """'Stoltenberg' alone counts for 'Jens Stoltenberg' when the full name occurs."""
    folded: Counter[str] = Counter()
    full_names = [name for name in counts if " " in name]
    for name, count in counts.items():
        longer = [full for full in full_names if full.endswith(" " + name)]
        folded[min(longer) if longer else name] += count
    return folded


def _inside_any(name: str, chosen: Sequence[str]) -> bool:
    return any(name in other.split() or other in name.split() for other in chosen)


@dataclass(frozen=True)
class TopicUse:
    """One use of a topic name by an article, for collision reports."""

    name: str
    path: str
    line: int


@dataclass(frozen=True)
class TopicNames:
    """Every topic name's slug, and each slug's display name."""

    slug_of: dict[str, str]
    name_of: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]


def assign_topic_slugs(uses: Iterable[TopicUse]) -> TopicNames:
    """Give each name a slug; names with the same slug merge under the most used name."""
    by_slug: dict[str, Counter[str]] = {}
    first_use: dict[str, TopicUse] = {}
    for use in sorted(uses, key=lambda u: (u.path, u.line, u.name)):
        by_slug.setdefault(slug_for(use.name, kind="topic"), Counter())[use.name] += 1
        first_use.setdefault(use.name, use)
    slug_of: dict[str, str] = {}
    name_of: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for slug, names in sorted(by_slug.items()):
        ranked = sorted(names.items(), key=lambda item: (-item[1], item[0]))
        name_of[slug] = ranked[0][0]
        for name, _ in ranked:
            slug_of[name] = slug
        for other, _ in ranked[1:]:
            use = first_use[other]
            message = f"topic {other!r} is merged into {ranked[0][0]!r} (both make /topics/{slug}/)"
            diagnostics.append(warning(use.path, use.line, message, "use one spelling"))
    return TopicNames(slug_of, name_of, tuple(diagnostics))
