"""Scraping noise: lines and characters that belong to the old web page, not to the article."""

from __future__ import annotations

import re
from collections.abc import Iterable

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u180e"), None)
"""Zero-width spaces, word joiners, BOMs and soft hyphens: removed everywhere."""
STRAY_JOINER = re.compile(
    r"(?<![\u0530-\U0010ffff])[\u200c\u200d]|[\u200c\u200d](?![\u0530-\U0010ffff])"
)
"""A zero-width (non-)joiner that does not stand between two letters of a script that spells
with it (Persian, the Indic scripts, emoji sequences): one beside Latin or Cyrillic is junk."""
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")
"""No-break spaces (plain, figure and narrow): a pasted page's spaces, made plain."""
S = r"[^.!?]"
"""A character of one sentence: a pattern's free text never runs into the next sentence."""
CREDIT = r"[^.!?]{1,80}"
"""What a credit names (a photographer, an agency): a short phrase, no sentence end."""
BUILT_IN = (
    # adverts
    r"(?:advertisement|advertising|sponsored(?: content)?|ad|реклама|anzeige|werbung):?",
    r"(?:scroll|continue reading) (?:down )?(?:to|below) continue.*|story continues below.*",
    # the old footer of Ukrainian sites
    r"if you notice an error, select the required text and press ctrl\s*\+\s*enter.*",
    rf"(?:якщо ви помітили помилку|если вы заметили ошибку){S}{{0,80}}ctrl\s*\+\s*enter.*",
    # share and follow prompts
    r"(?:share|tweet|email|print|comments?|поділитися|поделиться|teilen|drucken)",
    r"(?:share|share this|share this (?:article|story|page)|share on \w+)(?: ?[:|/] ?\w+)*:?",
    r"(?:follow|like) us on (?:\w+(?:,? (?:and |or )?)?){1,4}[.!]?",
    r"(?:підписуйтесь|підписуйтеся|слідкуйте за нами|подписывайтесь|подпишитесь|следите за нами)"
    rf" (?:на|у|в) {S}{{1,80}}",
    rf"folgen sie uns (?:auf|bei) {S}{{1,60}}",
    # newsletters and cookies
    rf"(?:sign up|subscribe)(?: now)? (?:for|to) (?:our|the) {S}{{0,60}}newsletters?{S}{{0,80}}",
    rf"(?:get|receive) (?:our|the) {S}{{0,40}}newsletter{S}{{0,80}}",
    rf"(?:newsletter abonnieren|jetzt newsletter abonnieren){S}{{0,80}}",
    rf"(?:підпишіться на (?:нашу )?розсилку|подпишитесь на (?:нашу )?рассылку){S}{{0,80}}",
    rf"(?:this (?:web)?site|we) uses? cookies{S}{{0,200}}",
    r"(?:accept(?: all)? cookies|cookie settings|cookie policy|manage cookies)\.?",
    rf"(?:wir verwenden|diese (?:web)?seite verwendet) cookies{S}{{0,200}}",
    rf"(?:цей сайт використовує|мы используем|этот сайт использует) (?:файли )?cookie{S}{{0,200}}",
    # photo and image credits
    rf"\(?(?:photo|photograph|image|picture|pictured|file photo|foto|bild|фото)"
    rf"(?: by| credit)?\s*[:/]\s*{CREDIT}\)?",
    rf"\(?(?:photo|image|foto) by {CREDIT}\)?|\(?(?:getty images|ap photo|reuters/{CREDIT})\)?",
    # read-more and related lines
    r"(?:read more|read also|also read|see also|related|related articles?|related stories|"
    r"more on this(?: story)?|recommended|читайте також|читайте также|читайте еще|"
    r"дивіться також|смотрите также|lesen sie auch|mehr zum thema|auch interessant)"
    rf"(?:\s*[:>»-]{S}{{0,200}})?",
    # comment prompts
    r"(?:leave a comment|add a comment|post a comment|comment on this (?:story|article)|"
    r"join the (?:conversation|discussion)|\d+ comments?|коментарі|комментарии|kommentare)"
    r"[.:!]?",
    rf"(?:залиште коментар|оставьте комментарий|kommentar schreiben){S}{{0,40}}",
    # footers
    rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*)?{S}{{0,100}}(?:all rights reserved|"
    r"усі права захищені|все права защищены|alle rechte vorbehalten)\.?",
    r"all rights reserved\.?|усі права захищені\.?|все права защищены\.?",
    r"(?:©|\(c\)|copyright ©)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?,?\s*[^.!?]{0,80}\.?",
)
"""Each matches a whole line (or a whole trailing sentence), case-insensitively."""
SENTENCE_END = re.compile(r"(?<=[.!?»”\"')])\s+(?=\S)")


BUILT_IN_NOISE = re.compile("|".join(f"(?:{p})[.!?]?" for p in BUILT_IN), re.IGNORECASE)
"""The built-in patterns as one expression: a line is matched once, not once per pattern."""


def noise_patterns(extra: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """The built-in patterns (case-insensitive) and the site's own ones."""
    return (BUILT_IN_NOISE, *(re.compile(p) for p in extra))


def visible(line: str) -> str:
    """`line` without invisible characters, its no-break spaces made plain spaces."""
    if line.isascii():  # none of them is ASCII; most lines of most seeds are
        return line
    line = line.translate(INVISIBLE).translate(SPACES)
    return STRAY_JOINER.sub("", line) if "\u200c" in line or "\u200d" in line else line


def is_noise(line: str, patterns: Iterable[re.Pattern[str]]) -> bool:
    """True when the whole (stripped) line matches a noise pattern, with or without the full
    stop or other mark that ends it (a site's `Download our app` matches `Download our app.`)."""
    stripped = line.strip()
    bare = stripped.rstrip(".!?…").rstrip()
    return bool(stripped) and any(p.fullmatch(stripped) or p.fullmatch(bare) for p in patterns)


def trailing_noise(line: str, patterns: Iterable[re.Pattern[str]]) -> tuple[str, str]:
    """`line` split into its text and a glued-on tail of whole noise sentences ('' if none).

    Each sentence taken must be noise entirely, so the article's own sentences are never
    taken; a line of noise sentences only (`© 2024 Example News. All rights reserved.`) is
    all tail.
    """
    patterns = tuple(patterns)
    stripped = line.rstrip()
    ends = [0, *(match.start() for match in SENTENCE_END.finditer(stripped))]
    cut = len(stripped)
    for end in reversed(ends):
        if not is_noise(stripped[end:cut], patterns):
            break
        cut = end
    return stripped[:cut].rstrip(), stripped[cut:].strip()
