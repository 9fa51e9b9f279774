"""Damaged text in seeds: broken characters, words run together, stray letters and a text cut
short, found with a word-frequency list."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from newsgen.content.characters import broken_characters
from newsgen.diagnostics import Diagnostic, warning

KEPT = "kept as written; fix it by hand"
COMMON_WORD = 3.0
"""Zipf frequency above which a word is common (about once per 10 million words and more)."""
FUNCTION_WORD = 6.0
"""A half shorter than SHORT_PART must be this common ("and", "the"): rarer short halves
("sub", "non", "red") are prefixes or fragments of real words and typos, not lost words."""
MIN_PART = 2
SHORT_PART = 4
MIN_RUN_TOGETHER = 10
"""Shorter unknown words are mostly typos or jargon, not two words run together."""
WORD = re.compile(r"(?<![\w'’.-])[^\W\d_]+(?![\w'’.-])")
LAST_WORD = re.compile(r"(?<![\w'’-])([^\W\d_]+)$")
MIN_LAST_PARAGRAPH = 4
"""Words from which a last paragraph is prose, not a heading or a list item."""
WORD_BEFORE = re.compile(r"\S+\s+$")
WORD_AFTER = re.compile(r"\s+\S+")
SINGLE_LETTER_WORDS = {
    "en": frozenset("ai"),
    "uk": frozenset("авжзійоуя"),
    "ru": frozenset("абвжиоксуя"),
    "de": frozenset(),
}
"""Letters that are words on their own; languages not listed get no stray-letter check.
Capital letters are never stray: they are initials, classes and grades ("John M Henske")."""


def find_damage(lines: Iterable[tuple[int, str]], path: str, language: str) -> list[Diagnostic]:
    """Warnings for broken characters and suspicious words on each (line number, text); the
    text itself is kept."""
    language = language.split("-")[0].split("_")[0]
    judged = has_word_list(language)
    found: list[Diagnostic] = []
    for number, text in lines:
        problems = broken_characters(text)
        if judged:
            problems += [p for m in WORD.finditer(text) if (p := _word_problem(text, m, language))]
        found += [warning(path, number, problem, KEPT) for problem in problems]
    return found


def cut_short(last: tuple[int, str] | None, path: str, language: str) -> list[Diagnostic]:
    """A warning when the text's `last` line (number, text) ends on a function word with no
    stop after it ('... came after meetings in'): the rest of the text was most likely lost.
    Of 4,874 Wikinews articles, the 8 that end so were all cut short."""
    if last is None:
        return []
    number, text = last
    found = LAST_WORD.search(text.rstrip())
    if found is None or len(text.split()) < MIN_LAST_PARAGRAPH:
        return []
    word = found.group(1)
    language = language.split("-")[0].split("_")[0]
    if not word.islower() or not has_word_list(language) or zipf(word, language) < FUNCTION_WORD:
        return []
    message = f"the text ends in the middle of a sentence, on {word!r}: it may have been cut short"
    return [warning(path, number, message, "restore the rest of the text from its source")]


def _word_problem(text: str, match: re.Match[str], language: str) -> str:
    return _run_together(match.group(), language) or _stray_letter(text, match, language)


def _run_together(word: str, language: str) -> str:
    if len(word) < MIN_RUN_TOGETHER or not word.islower() or _known(word, language):
        return ""
    splits = [(word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)]
    scored = [(_part_score(a, language), _part_score(b, language), a, b) for a, b in splits]
    best = max(scored, key=lambda split: min(split[:2]))
    if min(best[:2]) < COMMON_WORD:
        return ""
    return f'possible words run together: "{word}" ("{best[2]} {best[3]}"?)'


def _part_score(part: str, language: str) -> float:
    frequency = zipf(part, language)
    if len(part) < SHORT_PART and frequency < FUNCTION_WORD:
        return 0.0
    return frequency


def _stray_letter(text: str, match: re.Match[str], language: str) -> str:
    """A lone lowercase letter standing between two words, spaces on both sides."""
    letter = match.group()
    allowed = SINGLE_LETTER_WORDS.get(language)
    if len(letter) != 1 or not letter.islower() or allowed is None or letter in allowed:
        return ""
    before = WORD_BEFORE.search(text, 0, match.start())
    after = WORD_AFTER.match(text, match.end())
    if before is None or after is None:
        return ""
    context = text[before.start() : after.end()]
    return f'stray letter "{letter}" in "{context}"'


@functools.lru_cache(maxsize=1 << 16)
def zipf(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of `word` (0 for an unknown word).

    wordfreq takes a third of a second to import, so it is loaded only once a text is judged:
    a build of front-matter articles never needs it. Remembered per word, since wordfreq
    tokenises the word again on every call and an archive repeats its words.
    """
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, language))


def has_word_list(language: str) -> bool:
    """True when wordfreq knows the language; without its word list nothing is judged."""
    try:
        zipf("a", language)
    except LookupError:
        return False
    return True


def _known(word: str, language: str) -> bool:
    return zipf(word, language) > 0
