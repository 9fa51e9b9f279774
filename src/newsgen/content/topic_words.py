"""Names that are no topic unless the vocabulary lists them: titles, country codes, the press."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words(
    """
    ambassador ceo cfo chair chairman chairperson chairwoman chancellor commissioner congressman
    congresswoman councillor councilor director dr envoy governor judge leader mayor minister mp
    mr mrs ms officer pm premier president president-elect representative secretary
    secretary-general senator sir speaker spokesman spokesperson spokeswoman treasurer
    """
)
"""Titles of office, taken off the front of a person's name ('Prime Minister Theresa May')."""
TITLE_QUALIFIERS = _words(
    """
    acting assistant attorney chief defence defense deputy economy energy executive finance
    first foreign former general health interior justice managing prime press special state trade
    vice
    """
)
"""Words that make a title only beside one ('Foreign Minister', 'Secretary General')."""
STYLES = _words("emir king pope prince princess queen sheikh")
"""Titles that stay in front of a name ('Pope Francis') but make no topic alone."""
GENERIC = TITLES | TITLE_QUALIFIERS | STYLES

COUNTRY_CODES = frozenset({"US", "USA", "UK", "GB", "UAE", "USSR", "PRC", "DPRK", "ROK", "DRC"})
"""Abbreviations of countries: written for brevity, they would make a second page beside the
country's own. Acronyms of organisations (NATO, EU, UN, IMF) are names like any other."""

TIME_ZONES = _words(
    """
    ACST ACDT AEST AEDT AWST BST CAT CDT CEST CET CST EAT EDT EEST EET EST GMT HKT IST JST KST MDT
    MSK MST NZDT NZST PDT PST SAST SGT UTC WAT WEST WET WIB
    """
)
"""Abbreviations of time zones ('at 14:00 GMT'), written beside times, not about anything."""

PUBLICATIONS = frozenset(
    """
    ABC, AFP, Agence France-Presse, Al Jazeera, AP, Associated Press, Axios, BBC, BBC News,
    Bloomberg, CBS, CNBC, CNN, Daily Mail, Daily Telegraph, Der Spiegel, Deutsche Welle, DW,
    Financial Times, Fox News, FT, Guardian, Haaretz, Interfax, Kommersant, Kyodo, Le Figaro,
    Le Monde, Los Angeles Times, NBC, New York Times, NPR, NYT, Politico, Radio Free Europe,
    Radio Liberty, Reuters, RFE/RL, RIA Novosti, Sky News, Spiegel, TASS, Telegraph, Times,
    UNIAN, Ukrainska Pravda, Ukrinform, USA Today, Voice of America, VOA, Wall Street Journal,
    Washington Post, Wikinews, WSJ, Xinhua, Yonhap
    """.replace("\n", " ").split(", ")
)
"""News organisations, named as the source of a quote ('told the Financial Times') far more
often than as what a story is about."""


def publications(extra: Iterable[str]) -> frozenset[str]:
    """PUBLICATIONS and the site's own source names (`source_names`, `seed_sources`), folded."""
    return frozenset(_folded(name) for name in (*PUBLICATIONS, *extra))


def is_publication(name: str, known: frozenset[str]) -> bool:
    return _folded(name) in known


def is_title(name: str) -> bool:
    """True for a title alone, a name of nobody in particular: 'Secretary General', 'CEO'."""
    return all(word.lower() in GENERIC for word in name.split())


def title_length(words: Sequence[str]) -> int:
    """How many words in front of a name end with a title of office: 2 in 'Foreign Minister
    Sergei Lavrov', 3 in 'Australian Prime Minister John Howard', 0 in 'General Motors'."""
    lowered = [word.lower() for word in words]
    ends = [
        index + 1
        for index, word in enumerate(lowered[:-1])
        if word in TITLES or (word == "general" and index > 0 and lowered[index - 1] in GENERIC)
    ]
    return max(ends, default=0)


def _folded(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name.removeprefix("the ")
