"""An article's own language (`language:`), for an article not written in the site's."""

from __future__ import annotations

from newsgen.config.fields import known_language
from newsgen.content.references import FieldReader


def article_language(fields: FieldReader, site_language: str) -> str:
    """The article's `language:` as a BCP 47 tag (`en_GB` is spelled `en-GB`); '' when not
    given, or when it is the site's."""
    code = fields.optional("language", fields.text)
    if not code:
        return ""
    if not known_language(code):
        hint = "use a language code such as en, fr, pt-BR or zh-Hant"
        fields.fail("language", f"unknown language code {code!r}", hint)
        return ""
    tag = code.replace("_", "-")
    return "" if tag.lower() == site_language.lower() else tag


def imported_language(code: str, site_language: str) -> str:
    """The language an archive gives an item (a feed's `<language>`, an entry's `xml:lang`)
    as the article's `language:`; '' when unknown, or the site's in any of its regions (an
    `en-US` feed imported into an `en` site is in the site's language)."""
    tag = code.strip().replace("_", "-")
    if not tag or not known_language(tag):
        return ""
    same = tag.split("-")[0].lower() == site_language.split("-")[0].lower()
    return "" if same else tag
