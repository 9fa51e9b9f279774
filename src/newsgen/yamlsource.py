"""Safe YAML loading that remembers the line of every top-level key."""

from __future__ import annotations

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


def load_mapping(text: str, path: str, first_line: int = 1) -> YamlMapping:
    """Parse `text` as a YAML mapping; `first_line` is the file line where `text` starts.

    Values are built key by key, so a bad value (such as the date 2024-02-30) is reported at
    its own key's line, and a key given twice is an error rather than a silent overwrite.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        hint = "keep front matter and newsgen.yaml short; long text belongs in the article body"
        message = f"YAML block is larger than {MAX_YAML_BYTES} bytes"
        raise ContentError(path, first_line, message, hint)
    loader = SAFE_LOADER(text)
    try:
        node = _single_node(loader, path, first_line)
        if node is None:
            return YamlMapping({}, {}, first_line)
        if _expanded_size(node) > MAX_YAML_VALUES:
            hint = "write the values out instead of repeating anchors through aliases"
            message = f"YAML aliases expand to more than {MAX_YAML_VALUES} values"
            raise ContentError(path, first_line, message, hint)
        if not isinstance(node, yaml.MappingNode):
            kind = _kind(loader, node)
            raise ContentError(
                path, first_line, f"expected a mapping of keys to values, got a {kind}"
            )
        return _mapping(loader, node, path, first_line)
    finally:
        loader.dispose()


def _single_node(loader: Any, path: str, first_line: int) -> yaml.Node | None:
    try:
        node: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise ContentError(path, line, f"invalid YAML: {exc.problem or exc}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ContentError(path, first_line, f"invalid YAML: {exc}") from None
    return node


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


def _mapping(loader: Any, node: yaml.MappingNode, path: str, first_line: int) -> YamlMapping:
    try:
        loader.flatten_mapping(node)
    except yaml.YAMLError as exc:
        raise ContentError(path, first_line, f"invalid YAML: {exc}") from None
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = _construct(loader, key_node, path, line, "key")
        if not isinstance(key, str):
            raise ContentError(path, line, f"keys must be text, got {key!r}")
        if key in values:
            raise ContentError(path, line, f"`{key}` is given twice", "keep one of them")
        values[key] = _construct(loader, value_node, path, line, f"`{key}`")
        lines[key] = line
    return YamlMapping(values, lines, first_line)


def _construct(loader: Any, node: yaml.Node, path: str, line: int, what: str) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"{what} is not valid: {problem}") from None
