"""Damaged characters in article text: control characters, bidirectional overrides and
mojibake (text once decoded in the wrong encoding), found whatever the language."""

from __future__ import annotations

import re

from newsgen.content.text import CONTROL_CHARACTERS

OVERRIDE = re.compile("[\u202d\u202e]")
"""Bidirectional overrides: they show the text after them in the order they force, whatever its
letters, so the words read otherwise than they are stored (marks and isolates are left alone:
right-to-left text uses them)."""
WORD_END = re.compile(r"\S*$")
WORD_START = re.compile(r"\S*")
CONTEXT = 20
"""Characters shown each side of a control character or an override."""


def broken_characters(text: str) -> list[str]:
    """What is wrong with the characters of one line, each kind of damage once: a control
    character (no text of an article holds one, and the pages and feeds leave it out, so the
    published text would differ from the file), an override, or mojibake."""
    control = control_character(text)
    override = _found(OVERRIDE, "bidirectional override", text)
    return [problem for problem in (control, override, _mojibake(text)) if problem]


def control_character(text: str) -> str:
    """The first control character of `text` with the text around it, or ''."""
    return _found(CONTROL_CHARACTERS, "control character", text)


def _found(character: re.Pattern[str], what: str, text: str) -> str:
    found = character.search(text)
    if found is None:
        return ""
    start, end = max(found.start() - CONTEXT, 0), found.end() + CONTEXT
    code = f"U+{ord(found.group()):04X}"
    return f'{what} {code} in "{text[start:end].strip()}"'


def _mojibake(text: str) -> str:
    # ftfy's patterns are of sequences that are almost never meant: "â€™" for "’", "Ã©" for "é"
    from ftfy import fix_encoding
    from ftfy.badness import BADNESS_RE

    text = CONTROL_CHARACTERS.sub("", text)  # told apart: C1 controls are mojibake's too
    found = BADNESS_RE.search(text)
    if found is None:
        return ""
    start = WORD_END.search(text, 0, found.start())
    end = WORD_START.match(text, found.end())
    shown = text[start.start() if start else 0 : end.end() if end else len(text)]
    fixed = fix_encoding(shown)
    guess = f' ("{fixed}"?)' if fixed != shown else ""
    return f'possible mojibake (text decoded in the wrong encoding): "{shown}"{guess}'
