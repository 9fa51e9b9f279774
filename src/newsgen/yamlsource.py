"""Safe YAML loading that remembers the line of every top-level key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from newsgen.diagnostics import ContentError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (several times faster), else Python's."""
MAX_YAML_BYTES = 256 * 1024
"""Front matter or a config larger than this is refused (guards against alias bombs)."""


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
    """Parse `text` as a YAML mapping; `first_line` is the file line where `text` starts."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise ContentError(path, first_line, f"YAML block is larger than {MAX_YAML_BYTES} bytes")
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise ContentError(path, line, f"invalid YAML: {exc.problem or exc}") from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise ContentError(path, first_line, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if values is None:
        return YamlMapping({}, {}, first_line)
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        kind = type(values).__name__
        raise ContentError(path, first_line, f"expected a mapping of keys to values, got a {kind}")
    lines: dict[str, int] = {}
    for key_node, _value_node in node.value:
        lines[str(key_node.value)] = first_line + key_node.start_mark.line
    bad = [k for k in values if not isinstance(k, str)]
    if bad:
        raise ContentError(path, first_line, f"keys must be text, got {bad[0]!r}")
    return YamlMapping(values, lines, first_line)
