"""Safe YAML loading that remembers the line of every top-level key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from newsgen.diagnostics import ContentError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (several times faster), else Python's."""
MAX_YAML_BYTES = 256 * 1024
"""Front matter or a config larger than this is refused before it is parsed."""
MAX_YAML_VALUES = 150_000
"""Most values a YAML block may hold once its aliases are expanded (guards against alias
bombs); a block of MAX_YAML_BYTES without aliases cannot reach it."""


@dataclass(frozen=True)
class YamlMapping:
    """A parsed YAML mapping plus the 1-based line where each top-level key stands."""

    values: dict[str, Any]
    lines: dict[str, int]
    first_line: int

    def line_of(self, key: str) -> int:
        """Line of `key`, or of the mapping itself when the key is absent."""
        return self.lines.get(key, self.first_line)


def load_mapping(
    text: str,
    path: str,
    first_line: int = 1,
    date_keys: frozenset[str] = frozenset(),
    text_keys: frozenset[str] = frozenset(),
) -> YamlMapping:
    """Parse `text` as a YAML mapping; `first_line` is the file line where `text` starts.

    Values are built key by key, so a bad value (such as the date 2024-02-30) is reported at
    its own key's line, and a key given twice is an error rather than a silent overwrite. The
    value of one of `date_keys` that YAML reads as a date naming no real day (2024-02-30) is
    kept as its text instead, for the caller to say what is wrong with it as a date. In the
    value of one of `text_keys`, a plain number is its text as written (3.10, 12:30, 0x1F, 010),
    not the number YAML reads (3.1, 750, 31, 8).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        hint = "keep front matter and newsgen.yaml short; long text belongs in the article body"
        message = f"YAML block is larger than {MAX_YAML_BYTES} bytes"
        raise ContentError(path, first_line, message, hint)
    try:
        loader = SAFE_LOADER(text)
    except (yaml.YAMLError, ValueError) as exc:  # the characters are checked first
        raise _invalid(exc, text, path, first_line) from None
    try:
        node = _single_node(loader, text, path, first_line)
        if node is None:
            return YamlMapping({}, {}, first_line)
        if "*" in text and _expanded_size(node) > MAX_YAML_VALUES:  # an alias is `*name`
            hint = "write the values out instead of repeating anchors through aliases"
            message = f"YAML aliases expand to more than {MAX_YAML_VALUES} values"
            raise ContentError(path, first_line, message, hint)
        if not isinstance(node, yaml.MappingNode):
            kind = _kind(loader, node)
            message = f"expected a mapping of keys to values, got a {kind}"
            raise ContentError(path, first_line, message, _not_a_mapping_hint(kind))
        return _mapping(loader, node, text, path, first_line, (date_keys, text_keys))
    finally:
        loader.dispose()


def _single_node(loader: Any, text: str, path: str, first_line: int) -> yaml.Node | None:
    try:
        node: yaml.Node | None = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise _invalid(exc, text, path, first_line) from None
    return node


def _not_a_mapping_hint(kind: str) -> str:
    example = "write `key: value` lines, e.g. `title: Example`"
    if kind == "list":
        return f"{example}, not `- ` list items"
    if kind == "str":
        return f"{example}: a line without ': ' after its key is read as plain text"
    return example


NESTING_HINT = "nest lists and mappings less deeply"
QUOTE_COLON = "quote a value that holds ': ', e.g. `title: 'Vote: the result'`"
INVALID_YAML_HINTS = [
    (("mapping values are not allowed",), f"{QUOTE_COLON}, and line up keys with their neighbours"),
    (("end of stream",), "close the quote: a value must end with the quote mark it starts with"),
    (("',' or ']'", "',' or '}'"), "close the bracket, or quote a value that starts with [ or {"),
    (("cannot start any token",), "quote a value that starts with @, ` or %, e.g. `by: '@desk'`"),
    (("undefined alias",), "quote a value that starts with *, or define its `&anchor` first"),
    (("alphabetic or numeric",), "quote a value that starts with * or &, e.g. `title: '* Update'`"),
    (("escape character",), "write a backslash as \\\\ inside double quotes, or use single quotes"),
    (("duplicate anchor", "second occurrence"), "give each `&anchor` a name of its own"),
    (("another document",), "remove the `---` or `...` line inside the block"),
    (("document start",), "start the top-level keys at the beginning of their lines"),
    (("directive",), "remove the `%` directive line"),
    (("tag",), "write a tag as `!name`, or quote a value that starts with !"),
    (("nesting depth",), NESTING_HINT),
    (("'-' indicator",), "start each list item with `- `, all at the same indentation"),
    (("expected ':'",), "write ': ' after each key, and indent each further line of a long value"),
    (("expected key", "block end"), "line up keys with their neighbours; keep text within quotes"),
    (("for merging",), "`<<:` merges only mappings: point it at a mapping's `*anchor`"),
]
"""Hints for invalid YAML, by words of the problem as libyaml or Python's loader puts it."""
INVALID_YAML_HINT = f"check the quotes and indentation of that line; {QUOTE_COLON}"
"""The hint when no entry of INVALID_YAML_HINTS matches."""
SCANNED_PAST = ("end of stream", "expected ':'")
"""Problems found only after the token at fault: a quote never closed, a key with no colon.
(Not a `---` or `...` line inside a quote: that line is as likely the fault.)"""
TAB_HINT = "indent with spaces, not tabs"
CONTROL_HINT = "remove that character from the line; it may be invisible"


def _invalid(exc: BaseException, text: str, path: str, first_line: int) -> ContentError:
    """The error for YAML that cannot be parsed, at its line and with a likely fix."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        where = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = first_line + text.count("\n", 0, max(where, 0))
        message = f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}"
        return ContentError(path, line, message, CONTROL_HINT)
    if isinstance(exc, UnicodeEncodeError):  # libyaml is given UTF-8: a lone surrogate
        line = first_line + text.count("\n", 0, exc.start)
        return ContentError(path, line, f"invalid YAML: {exc.reason}", "re-save the file as UTF-8")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = _fault_mark(exc, text)
        line = first_line + (mark_line(text, mark) if mark else 0)
        problem = exc.problem or str(exc)
        context = exc.context or ""
    else:
        line, problem, context = first_line, str(exc), ""
        mark = None
    words = f"{context} {problem}".lower()
    if isinstance(exc, RecursionError):
        hint = NESTING_HINT
    elif "tab character" in words or "'\\t'" in words or _char_at(text, mark) == "\t":
        hint = TAB_HINT
    else:
        hints = (hint for needles, hint in INVALID_YAML_HINTS if any(n in words for n in needles))
        hint = next(hints, INVALID_YAML_HINT)
    return ContentError(path, line, f"invalid YAML: {problem}", hint)


def _fault_mark(exc: yaml.MarkedYAMLError, text: str) -> Any:
    """Where the editor has to look: where the problem was found, unless the scanner ran past
    the fault (a quote never closed, a key without its colon), then where that token starts;
    but a tab where the problem was found is the fault (YAML indents with spaces only)."""
    ran_past = any(words in (exc.problem or "") for words in SCANNED_PAST)
    at_tab = _char_at(text, exc.problem_mark) == "\t"
    if ran_past and not at_tab and exc.context_mark is not None:
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _char_at(text: str, mark: Any) -> str:
    """The character a parse error points at, or "" when the mark does not lead to one."""
    if mark is None:
        return ""
    return text[int(mark.index) :][:1]


def mark_line(text: str, mark: Any) -> int:
    """The line (from 0) of a YAML mark in `text` as an editor counts lines, at `\n`, `\r\n`
    and `\r`: YAML also breaks lines at U+0085, U+2028 and U+2029, which editors show inside
    a line."""
    end = int(mark.index)
    return text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end)


def _kind(loader: Any, node: yaml.Node) -> str:
    """The type name of a node that is not a mapping, without failing on an unknown tag."""
    if isinstance(node, yaml.SequenceNode):
        return "list"
    try:
        return type(loader.construct_object(node, deep=True)).__name__
    except (yaml.YAMLError, ValueError, TypeError):
        return f"value tagged {node.tag}"


def _expanded_size(root: yaml.Node) -> int:
    """How many values the node graph stands for once every alias is copied out.

    Each node is counted once and its size reused wherever an alias repeats it, so an alias
    bomb is measured without being expanded; a node that contains itself counts as one value.
    """
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        elif id(node) not in entered:
            entered.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in entered)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mapping(
    loader: Any,
    node: yaml.MappingNode,
    text: str,
    path: str,
    first_line: int,
    keys: tuple[frozenset[str], frozenset[str]],
) -> YamlMapping:
    try:
        loader.flatten_mapping(node)
    except (yaml.YAMLError, RecursionError) as exc:
        raise _invalid(exc, text, path, first_line) from None
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = first_line + mark_line(text, key_node.start_mark)
        key = _construct(loader, key_node, path, line, "key")
        if not isinstance(key, str):
            raise ContentError(path, line, f"keys must be text, got {key!r}", _key_hint(key_node))
        if key in values:
            raise ContentError(path, line, f"`{key}` is given twice", "keep one of them")
        if not isinstance(value_node, yaml.ScalarNode):  # most values: nothing to look into
            _no_key_twice(value_node, text, path, first_line)
        dates, texts = keys
        if key in dates and _names_no_day(loader, value_node):
            values[key] = value_node.value
        else:
            if key in texts:
                _numbers_as_written(value_node)
            values[key] = _construct(loader, value_node, path, line, f"`{key}`")
        lines[key] = line
    return YamlMapping(values, lines, first_line)


def _nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    """`root` and every node of the values under it, each once, however many aliases name it
    (one may name a node that holds it: `a: &r [*r]`)."""
    todo, visited = [root], set()
    while todo:
        node = todo.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        yield node
        if isinstance(node, yaml.SequenceNode):
            todo += node.value
        elif isinstance(node, yaml.MappingNode):
            todo += (value for _, value in node.value)


def _no_key_twice(node: yaml.Node, text: str, path: str, first_line: int) -> None:
    """Refuse a key given twice in a mapping inside a value (`publisher:`, `corrections:`),
    which YAML would silently read as its last value."""
    for mapping in _nodes(node):
        if isinstance(mapping, yaml.MappingNode):
            _distinct_keys(mapping, text, path, first_line)


def _distinct_keys(node: yaml.MappingNode, text: str, path: str, first_line: int) -> None:
    seen = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != MERGE_TAG:
            if (key_node.tag, key_node.value) in seen:
                line = first_line + mark_line(text, key_node.start_mark)
                message = f"`{key_node.value}` is given twice in one mapping"
                raise ContentError(path, line, message, "keep one of them")
            seen.add((key_node.tag, key_node.value))


def _numbers_as_written(root: yaml.Node) -> None:
    """Tag every plain number under `root` as text, so that it is built as it is written."""
    for node in _nodes(root):
        if isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS and not node.style:
            node.tag = STR_TAG  # (plain: libyaml's style is "", Python's None)


def _names_no_day(loader: Any, node: yaml.Node) -> bool:
    """True for a plain YAML date naming no real day, such as 2024-02-30 or 2024-13-01."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != TIMESTAMP_TAG:
        return False
    try:
        loader.construct_object(node, deep=True)
    except ValueError:
        return True
    except (yaml.YAMLError, TypeError, KeyError, AttributeError):
        return False  # not a date at all: left to _construct to report
    return False


def _key_hint(node: yaml.Node) -> str:
    """How to make a key text: quote it as written, when it is a short plain word or number."""
    plain = isinstance(node, yaml.ScalarNode) and not node.style  # libyaml: "", Python: None
    written = node.value if plain else ""
    if written and len(written) <= 40 and "'" not in written:
        return f"quote the key, e.g. `'{written}': ...`"
    return "write the key as a plain word, e.g. `title:`, or quote it"


NO_CONSTRUCTOR = "could not determine a constructor"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"
NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
STR_TAG = "tag:yaml.org,2002:str"
OUT_OF_RANGE_DATE = ("out of range", "must be in")
"""Words of the errors datetime raises for dates that do not exist (2024-02-30, month 13)."""


def _construct(loader: Any, node: yaml.Node, path: str, line: int, what: str) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, KeyError, AttributeError) as exc:
        # KeyError and AttributeError: a value that does not fit an explicit tag (!!bool x)
        problem = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, KeyError | AttributeError):
            problem = "the value does not fit its `!!` tag"
        if isinstance(exc, RecursionError):
            hint = NESTING_HINT
        elif "recursive" in problem:
            hint = "do not use an `*alias` inside the value its `&anchor` names"
        elif NO_CONSTRUCTOR in problem:
            hint = "remove the `!` tag, or quote the value to keep it as text"
        elif isinstance(exc, ValueError) and any(w in problem for w in OUT_OF_RANGE_DATE):
            hint = (
                "write a date that exists, e.g. 2024-02-29, or quote the value to keep it as text"
            )
        else:
            hint = "fix the value, or quote it (without a `!!` tag) to keep it as text"
        raise ContentError(path, line, f"{what} is not valid: {problem}", hint) from None
