"""Test helper: real stories (Reuters, Wikinews) pasted the way editors paste news web pages.

Each story is rendered at test time, never stored, into a seed with the things a copied page
brings along: a site name after the headline, a labelled date line (or a date above the
headline, or beside the byline) in one of twelve forms and four languages, zone abbreviations,
bylines with agencies, web noise between and glued onto paragraphs, invisible characters and
no-break spaces. With each seed goes its ground truth: what an exact import gives back.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from seedutil import REPO, reuters_stories

WIKINEWS = REPO.parent / "shared" / "corpora" / "wikinews" / "wikinews-en.jsonl.gz"
ZONE = ZoneInfo("America/New_York")
CONFIG = (
    "timezone: America/New_York\ndate_order: MDY\nauthor: Desk\n"
    "source_names: [Example News, The Example Post]\n"
)
"""The site the seeds are imported into: two site names are configured, the others recur."""
SITES = ("Example News", "The Example Post", "Example Times", "Example Wire", "")
SEPARATORS = (" | ", " - ", " — ", " :: ", " – ")
AGENCIES = ("Reuters", "AP", "AFP", "Bloomberg")
PEOPLE = ("Jane Doe", "John Roe", "Mary-Ann O'Neil", "Ludwig van Dijk", "J. R. Smith")
NOISE_LINES = (
    "Advertisement",
    "ADVERTISEMENT",
    "Share this article",
    "Share on Facebook",
    "Follow us on Twitter and Facebook.",
    "Sign up for our daily newsletter to get the top stories.",
    "We use cookies to improve your experience on our site.",
    "Photo: Reuters",
    "Photo: Example Times/John Roe",
    "Read more: Markets close higher as oil rises",
    "Related: Central bank holds rates",
    "Leave a comment",
    "Реклама",
    "Читайте також: Уряд ухвалив бюджет",
    "Читайте также: Рынки закрылись ростом",
    "Фото: УНІАН",
    "Anzeige",
    "Lesen Sie auch: Die Börse schließt im Plus",
    "Folgen Sie uns auf Twitter",
    "Підписуйтесь на наш Telegram-канал",
)
TRAILING_NOISE = (
    "Follow us on Twitter.",
    "Photo: Reuters",
    "Read more: Markets close higher as oil rises",
    "Share this article",
    "Sign up for our daily newsletter.",
)
"""Noise an editor's paste glues onto the end of a paragraph, on the same line."""
FOOTERS = (
    "© 1987 Example News. All rights reserved.",
    "Copyright © 2024 Example Times",
    "If you notice an error, select the required text and press Ctrl + Enter",
)
INVISIBLE = ("\u200b", "\u00ad", "\ufeff", "\u2060")


@dataclass(frozen=True)
class Story:
    """A story of either corpus: what an exact import must give back."""

    key: str
    title: str
    date: datetime
    """Naive, as the corpus has it (Wikinews gives a day: a time is made up for it)."""
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Pasted:
    """One seed and its ground truth."""

    name: str
    text: str
    form: str
    """The date form the seed uses, for reports."""
    title: str
    date: datetime
    """Aware: the time and offset the import must give."""
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    source: str
    """The source name the import must record ('' for none)."""


def stories(wikinews_every: int = 4) -> list[Story]:
    """Every Reuters story with a body, and every `wikinews_every`th Wikinews article."""
    found = [
        Story(f"reuters-{s.number:04d}", s.title, s.date.replace(second=0), s.paragraphs)
        for s in reuters_stories()
    ]
    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number % wikinews_every:
                continue
            record = json.loads(line)
            day = datetime.fromisoformat(record["date"])
            stamp = day + timedelta(hours=6 + number % 14, minutes=number * 7 % 60)
            paragraphs = tuple(_visible(p) for p in record["body"] if _visible(p))
            found.append(Story(f"wikinews-{number:04d}", record["title"], stamp, paragraphs))
    return found


def _visible(text: str) -> str:
    """What an exact import keeps of a corpus paragraph: its words, spaces folded, without
    invisible characters (a zero-width joiner only where Persian or an Indic script needs it)."""
    for character in "\u200b\u2060\ufeff\u00ad":
        text = text.replace(character, "")
    text = re.sub(r"(?<![\u0530-\U0010ffff])[\u200c\u200d]", "", text)
    text = re.sub(r"[\u200c\u200d](?![\u0530-\U0010ffff])", "", text)
    return " ".join(text.split())


DateRender = Callable[[datetime], tuple[str, datetime]]
"""A date form: the line written for a naive time stamp, and the aware time it means."""


def _local(stamp: datetime) -> datetime:
    return stamp.replace(tzinfo=ZONE)


def _us_zone(generic: bool) -> DateRender:
    def render(stamp: datetime) -> tuple[str, datetime]:
        aware = _local(stamp)
        name = "ET" if generic else ("EDT" if aware.dst() else "EST")
        return f"{format_datetime(stamp, 'MMMM d, y h:mm a', locale='en')} {name}", aware

    return render


def _fixed(pattern: str, locale: str, zone: str, suffix: str = "") -> DateRender:
    def render(stamp: datetime) -> tuple[str, datetime]:
        aware = stamp.replace(tzinfo=ZoneInfo(zone))
        offset = aware.utcoffset() or timedelta(0)
        return format_datetime(stamp, pattern, locale=locale) + suffix, aware.replace(
            tzinfo=timezone(offset)
        )

    return render


def _plain(pattern: str, locale: str = "en") -> DateRender:
    return lambda stamp: (format_datetime(stamp, pattern, locale=locale), _local(stamp))


def _day_only(pattern: str, locale: str = "en") -> DateRender:
    def render(stamp: datetime) -> tuple[str, datetime]:
        day = stamp.replace(hour=0, minute=0, second=0, microsecond=0)
        return format_datetime(stamp, pattern, locale=locale), _local(day)

    return render


def _rfc(stamp: datetime) -> tuple[str, datetime]:
    line = format_datetime(stamp, "EEE, dd MMM y HH:mm:ss", locale="en") + " +0000\u200b"
    return line, stamp.replace(tzinfo=UTC)


def _cet(stamp: datetime) -> tuple[str, datetime]:
    aware = stamp.replace(tzinfo=ZoneInfo("Europe/Berlin"))
    name = "MESZ" if aware.dst() else "MEZ"
    line = format_datetime(stamp, "d. MMMM y, HH:mm 'Uhr'", locale="de") + f" {name}"
    return line, aware.replace(tzinfo=timezone(aware.utcoffset() or timedelta(0)))


DATE_FORMS: dict[str, tuple[str, DateRender]] = {
    "published-numeric": ("Published: {}", _day_only("MM/dd/y")),
    "posted-on-at": ("Posted on {}", lambda s: (_at(s), _local(s))),
    "updated-and-published": ("Published: {}", _plain("MMMM d, y h:mm a")),
    "above-title": ("{}", _day_only("EEEE, MMMM d, y")),
    "in-byline": ("{}", _plain("MMM d, y, h:mm a")),
    "et": ("{}", _us_zone(generic=True)),
    "est-edt": ("Updated {}", _us_zone(generic=False)),
    "rfc-invisible": ("{}", _rfc),
    "gmt": ("{}", _fixed("d MMMM y HH:mm", "en", "UTC", " GMT")),
    "uk": ("Опубліковано {}", _plain("d MMMM y 'о' HH:mm", "uk")),
    "ru": ("Опубликовано: {}", _fixed("d MMMM y, HH:mm", "ru", "Europe/Moscow", " МСК")),
    "de": ("Veröffentlicht am {}", _cet),
}
"""Twelve forms, four languages; `{}` is where the date goes on its line."""


def _at(stamp: datetime) -> str:
    day = format_datetime(stamp, "MMMM d, y", locale="en")
    return f"{day} at {format_datetime(stamp, 'h:mm a', locale='en').lower()}"


def _byline(rng: random.Random, form: str) -> tuple[str, tuple[str, ...], str]:
    """A byline line, its authors and its agency ('' for none), in the language of `form`."""
    people = tuple(rng.sample(PEOPLE, rng.choice((1, 1, 2))))
    agency = rng.choice(("", "", *AGENCIES))
    if form == "uk":
        return f"Автор: {people[0]}", people[:1], ""
    if form == "de":
        return f"Von {' und '.join(people)}, dpa", people, "dpa"
    names = " and ".join(people)
    if agency and rng.random() < 0.3:
        return f"{names}, {agency}", people, agency
    return f"By {names}" + (f", {agency}" if agency else ""), people, agency


def paste(story: Story, index: int) -> Pasted:
    """`story` as an editor pasted it from a web page, with the ground truth."""
    rng = random.Random(f"{story.key}:{index}")
    form = list(DATE_FORMS)[index % len(DATE_FORMS)]
    template, render = DATE_FORMS[form]
    written, when = render(story.date)
    date_line = template.format(written)
    site = SITES[index % len(SITES)]
    title = _title_line(story.title, site, index, rng)
    bylined = rng.random() < 0.6 or form == "in-byline"
    byline, authors, agency = _byline(rng, form) if bylined else ("", (), "")
    if form == "in-byline":
        date_line, byline = f"{byline} | {date_line}", ""
    header = [date_line, title] if form == "above-title" else [title, date_line]
    if form == "updated-and-published":
        later = story.date + timedelta(hours=3)
        header.append(f"Updated: {format_datetime(later, 'MMMM d, y h:mm a', locale='en')}")
    if byline:
        header.append(byline)
    lines = ["Advertisement"] if index % 7 == 0 else []
    lines += [_with_invisible(line, rng) for line in header]
    body = _body(story.paragraphs, rng)
    text = "\n".join(lines) + "\n\n" + body + "\n"
    truth_title = " ".join(story.title.split())
    return Pasted(
        name=f"{story.key}.txt",
        text=text.replace("\n", "\r\n") if index % 5 == 0 else text,
        form=form,
        title=truth_title,
        date=when,
        paragraphs=story.paragraphs,
        authors=authors,
        source=agency or site,
    )


def _title_line(title: str, site: str, index: int, rng: random.Random) -> str:
    if not site:
        return title
    return title + SEPARATORS[index % len(SEPARATORS)] + site


def _with_invisible(line: str, rng: random.Random) -> str:
    """The line with an invisible character at its start or end, now and then."""
    if rng.random() < 0.2:
        return rng.choice(INVISIBLE) + line
    if rng.random() < 0.2:
        return line + rng.choice(INVISIBLE)
    return line


def _body(paragraphs: tuple[str, ...], rng: random.Random) -> str:
    """The paragraphs with noise lines between them (blank-separated or glued on), noise
    sentences glued onto their ends, invisible characters and no-break spaces, and a footer."""
    blocks: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        text = _damaged_spacing(paragraph, rng)
        roll = rng.random()
        if roll < 0.08 and text.endswith((".", "!", "?", '"')):
            text += " " + rng.choice(TRAILING_NOISE)
        elif roll < 0.16:
            text += "\n" + _with_invisible(rng.choice(NOISE_LINES), rng)
        blocks.append(text)
        if number < len(paragraphs) - 1 and rng.random() < 0.15:
            blocks.append(_with_invisible(rng.choice(NOISE_LINES), rng))
    if rng.random() < 0.3:
        blocks.append(rng.choice(FOOTERS))
    return "\n\n".join(blocks)


def _damaged_spacing(paragraph: str, rng: random.Random) -> str:
    """A no-break space for one space, or an invisible character inside a word, sometimes."""
    words = paragraph.split(" ")
    if len(words) > 3 and rng.random() < 0.2:
        at = rng.randrange(1, len(words))
        words[at - 1] += "\u00a0" + words.pop(at)
    if rng.random() < 0.2:
        at = rng.randrange(len(words))
        word = words[at]
        if len(word) > 4:
            words[at] = word[:2] + rng.choice(INVISIBLE) + word[2:]
    return " ".join(words)


def pasted_corpus(wikinews_every: int = 4) -> list[Pasted]:
    """Every story of `stories`, pasted; the forms take turns."""
    return [paste(story, index) for index, story in enumerate(stories(wikinews_every))]


def write_seeds(folder: Path, corpus: list[Pasted]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for each in corpus:
        (folder / each.name).write_bytes(each.text.encode("utf-8"))
