"""Damaged text in seeds: words run together and stray letters, found with a word-frequency list."""

from __future__ import annotations

import re
from collections.abc import Iterable

from wordfreq import zipf_frequency

from newsgen.diagnostics import Diagnostic, warning

COMMON_WORD = 3.0
"""Zipf frequency above which a word is common (about once per 10 million words and more)."""
MIN_PART = 3
MIN_RUN_TOGETHER = 10
"""Shorter unknown words are mostly typos or jargon, not two words run together."""
WORD = re.compile(r"(?<![\w'’.-])[^\W\d_]+(?![\w'’.-])")
SINGLE_LETTER_WORDS = {
    "en": frozenset("ai"),
    "uk": frozenset("аввзійоуя"),
    "ru": frozenset("авиоксуя"),
    "de": frozenset(),
}
"""Letters that are words on their own; languages not listed get no stray-letter check.
Capital letters are never stray: they are initials, classes and grades ("John M Henske")."""


def find_damage(lines: Iterable[tuple[int, str]], path: str, language: str) -> list[Diagnostic]:
    """Warnings for suspicious words on each (line number, text); the text itself is kept."""
    language = language.split("-")[0].split("_")[0]
    if not has_word_list(language):
        return []
    found: list[Diagnostic] = []
    for number, text in lines:
        for match in WORD.finditer(text):
            word = match.group()
            problem = _run_together(word, language) or _stray_letter(text, match, language)
            if problem:
                found.append(warning(path, number, problem, "kept as written; fix it by hand"))
    return found


def _run_together(word: str, language: str) -> str:
    if len(word) < MIN_RUN_TOGETHER or not word.islower() or _known(word, language):
        return ""
    splits = [(word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)]
    scored = [
        (min(zipf_frequency(a, language), zipf_frequency(b, language)), a, b) for a, b in splits
    ]
    score, first, second = max(scored)
    if score < COMMON_WORD:
        return ""
    return f'possible words run together: "{word}" ("{first} {second}"?)'


def _stray_letter(text: str, match: re.Match[str], language: str) -> str:
    letter = match.group()
    allowed = SINGLE_LETTER_WORDS.get(language)
    if len(letter) != 1 or not letter.islower() or allowed is None or letter in allowed:
        return ""
    before = text[: match.start()].split()[-1:]
    after = text[match.end() :].split()[:1]
    if not before or not after:
        return ""
    return f'stray letter "{letter}" in "{before[0]} {letter} {after[0]}"'


def has_word_list(language: str) -> bool:
    """True when wordfreq knows the language; without its word list nothing is judged."""
    try:
        zipf_frequency("a", language)
    except LookupError:
        return False
    return True


def _known(word: str, language: str) -> bool:
    return zipf_frequency(word, language) > 0
