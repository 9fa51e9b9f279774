"""Markdown that the renderer drops without a word: extra table cells, unused footnotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from newsgen.diagnostics import Diagnostic, warning
from newsgen.model import Article

MAY_HIDE = re.compile(r"\||\[\^")
"""A body without a pipe or a footnote label has nothing to hide: it is not parsed."""


def hidden_text(article: Article) -> list[Diagnostic]:
    """A warning at each line whose text a Markdown body would not show."""
    if not MAY_HIDE.search(article.body):
        return []
    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    env: dict[str, dict[str, dict[str, int]]] = {}
    tokens = parser.parse(article.body, env)
    lines = article.body.split("\n")
    found = [
        warning(article.source_path, article.body_line + row, message, hint)
        for row, message, hint in [*_extra_cells(tokens, lines), *_unused_notes(env, lines)]
    ]
    return found


def _extra_cells(tokens: list[Token], lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """Rows of a table (not nested in a list or quote) with more cells than its header row."""
    columns = 0
    for index, token in enumerate(tokens):
        if token.type != "tr_open" or token.level != 2 or token.map is None:
            continue
        cells = _cell_count(tokens, index)
        if tokens[index - 1].type == "thead_open":
            columns = cells
            continue
        written = _written_cells(lines[token.map[0]])
        if written > columns:
            yield (
                token.map[0],
                f"this table row has {written} cells but its header row {columns}: "
                f"the cells past column {columns} are not shown",
                "add the columns to the header row, or join the cells",
            )


def _cell_count(tokens: list[Token], row: int) -> int:
    count = 0
    for token in tokens[row + 1 :]:
        if token.type == "tr_close":
            break
        count += token.type in ("th_open", "td_open")
    return count


def _written_cells(line: str) -> int:
    """The cells written on a table row, split as markdown-it splits them."""
    columns = escapedSplit(line.strip())
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return len(columns)


def _unused_notes(
    env: dict[str, dict[str, dict[str, int]]], lines: list[str]
) -> Iterator[tuple[int, str, str]]:
    """Footnote definitions that no `[^label]` refers to."""
    for key, number in env.get("footnotes", {}).get("refs", {}).items():
        if number >= 0:
            continue
        label = key.removeprefix(":")
        start = re.compile(r" {0,3}\[\^" + re.escape(label) + r"\]:")
        row = next((n for n, line in enumerate(lines) if start.match(line)), 0)
        yield (
            row,
            f"footnote [^{label}] is never referred to: it is not shown",
            f"add [^{label}] where the note belongs, or delete it",
        )
