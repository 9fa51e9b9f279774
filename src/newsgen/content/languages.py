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
