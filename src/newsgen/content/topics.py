"""Topics: detecting them in seed text, and giving every topic name one stable slug."""

from __future__ import annotations

import calendar
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsgen.config.site import SiteConfig, TopicSpec
from newsgen.content.damage import has_word_list, zipf
from newsgen.content.topic_words import (
    COUNTRY_CODES,
    TIME_ZONES,
    is_publication,
    is_title,
    publications,
    title_length,
)

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
PRONOUN_I = frozenset(f"i{mark}{end}" for mark in "'’" for end in ("m", "d", "ll", "ve"))
"""I'm, I'd, I'll, I've: capitalised as the pronoun always is."""
NOT_TOPICS = CALENDAR_WORDS | PRONOUN_I | {"advertisement"}
ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
SHOUTING = 0.6
"""Share of capital letters above which a text is written in capitals (a wire headline)."""
MIN_STEM = 4
"""Single-word names sharing all but the last letter of one this long are one topic."""


@dataclass(frozen=True)
class Word:
    """A capitalised word of the text, with where it stands."""

    text: str
    sentence_start: bool
    joined: bool
    """True when only a space separates it from the previous word."""


@dataclass(frozen=True)
class Detected:
    """The topics a seed's text gives."""

    topics: tuple[str, ...]
    """Names of the vocabulary the text uses, most mentioned first."""
    candidates: tuple[str, ...]
    """Other names the text repeats, most mentioned first: topics only when enough articles
    of the archive share them (see `newsgen.content.recurrence`)."""


def detect_topics(title: str, paragraphs: Sequence[str], config: SiteConfig) -> Detected:
    """Topics of a seed: vocabulary matches first, then names and acronyms it repeats.

    Names are found in the body; the title counts as one more mention of a name it uses, so
    that a headline's capitals (in title case, or in a wire's capitals) never make one.
    """
    found = _vocabulary_counts([title, *paragraphs], config.topics)
    taken = {term.lower() for spec in config.topics for term in (spec.name, *spec.aliases)}
    readable = [t for t in paragraphs if not _shouting(t)]
    names = _name_counts(readable, _base_language(config.language))
    names.update(name for name in list(names) if _mentions(title, name))
    ranked = [name for name, _ in sorted(found.items(), key=lambda item: (-item[1], item[0]))]
    vocabulary = len(ranked)
    press = publications([*config.source_names, *(s.name for s in config.seed_sources)])
    for name, count in sorted(names.items(), key=lambda item: (-item[1], item[0])):
        recurring = count >= config.min_topic_mentions
        if recurring and _may_be_topic(name, taken, press) and not _inside_any(name, ranked):
            ranked.append(name)
    cap = config.max_topics
    return Detected(tuple(ranked[:vocabulary][:cap]), tuple(ranked[vocabulary:][:cap]))


def _may_be_topic(name: str, taken: set[str], press: frozenset[str]) -> bool:
    """Not a spelling of the vocabulary, a country's or a time zone's abbreviation, a title of
    office, or a newspaper quoted."""
    if name.lower() in taken or name in COUNTRY_CODES or name in TIME_ZONES:
        return False
    return not is_title(name) and not is_publication(name, press)


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
    return zipf(word, language) if language else 0.0


def _name_counts(texts: Sequence[str], language: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    lowercase = {w.lower() for text in texts for w in TOKEN.findall(text) if w.islower()}
    for text in texts:
        for run in _capitalised_runs(text):
            for name in _names_in_run(run, lowercase, language):
                counts[name] += 1
    return _fold_surnames(counts)


def _capitalised_runs(text: str) -> list[list[Word]]:
    runs: list[list[Word]] = []
    sentence_start, previous_end = True, -2
    for match in TOKEN.finditer(text):
        token = _without_possessive(match.group())
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


def _without_possessive(token: str) -> str:
    """'NATO's' -> 'NATO'; the test first, since almost no word ends so."""
    return POSSESSIVE.sub("", token) if token.endswith(("s", "S")) else token


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
    """The name in a run of capitalised words: its rare tail ('General Jens Stoltenberg'
    gives 'Jens Stoltenberg'), else the whole run, without calendar words at the end."""
    rare = [*itertools.takewhile(lambda w: _zipf(w.text, language) < RARE_WORD, part[::-1])]
    words = rare[::-1] or part
    while words and words[-1].text.lower() in NOT_TOPICS:
        words = words[:-1]
    words = words[title_length([w.text for w in words]) :]
    if not words or len(words[0].text) < 2:
        return []
    if len(words) == 1 and (words[0].sentence_start or words[0].text.lower() in lowercase):
        return []
    return [" ".join(w.text for w in words)]


def _ordinary(word: Word, lowercase: set[str], language: str) -> bool:
    """A word that starts a sentence tells nothing by its capital when it is common."""
    if word.text.lower() in NOT_TOPICS:
        return True
    if not word.sentence_start:
        return False
    return _zipf(word.text, language) >= FUNCTION_WORD or word.text.lower() in lowercase


def _is_acronym(text: str) -> bool:
    return (
        2 <= len(text) <= 6
        and text.isalpha()
        and text.isupper()
        and not ROMAN_NUMERAL.fullmatch(text)
    )


def _shouting(text: str) -> bool:
    letters = sum(map(str.isalpha, text))
    return letters > 3 and sum(map(str.isupper, text)) / letters > SHOUTING


def _mentions(text: str, name: str) -> bool:
    words = (POSSESSIVE.sub("", token) for token in TOKEN.findall(text) if token[0].isalpha())
    return f" {name} " in f" {' '.join(words)} "


def _fold_surnames(counts: Counter[str]) -> Counter[str]:
    """'Stoltenberg' alone counts for 'Jens Stoltenberg' when the full name occurs."""
    folded: Counter[str] = Counter()
    full_names = [name for name in counts if " " in name]
    for name, count in counts.items():
        longer = [full for full in full_names if full.endswith(" " + name)]
        folded[min(longer) if longer else name] += count
    return folded


def _inside_any(name: str, chosen: Sequence[str]) -> bool:
    """Part of a chosen name, or the same word but for its ending ('Russian', 'Russia')."""
    return any(
        name in other.split() or other in name.split() or _same_stem(name, other)
        for other in chosen
    )


def _same_stem(name: str, other: str) -> bool:
    shorter, longer = sorted((name, other), key=len)
    if " " in name + other or len(shorter) < MIN_STEM:
        return False
    return longer.startswith(shorter[:-1])
