"""Summaries: a teaser derived from an article's first paragraph."""

from __future__ import annotations

MAX_SUMMARY = 200


def summarize(paragraph: str, limit: int = MAX_SUMMARY) -> str:
    """`paragraph` with whitespace folded, cut at a word boundary with an ellipsis when long."""
    text = " ".join(paragraph.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"
