"""Code size: no module of src/newsgen over 400 lines and no class over 120, unless its docstring
says why it must stay whole."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "newsgen"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 120
EXCUSE = "kept whole because"


def oversized(package: Path) -> list[str]:
    """Each module (by its path in `package`) and class too long and not excused, with its length."""
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=name)
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES and not _excused(tree):
            found.append(f"{name}: module of {lines} lines (over {MAX_MODULE_LINES})")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_CLASS_LINES and not _excused(node):
                    found.append(
                        f"{name}: class {node.name} of {length} lines (over {MAX_CLASS_LINES})"
                    )
    return found


def _excused(node: ast.Module | ast.ClassDef) -> bool:
    return EXCUSE in (ast.get_docstring(node) or "").lower()


def test_no_module_or_class_is_too_large() -> None:
    found = oversized(SOURCE)
    assert not found, "split by job, or say why it must stay whole:\n" + "\n".join(found)


def test_the_check_names_each_oversized_module_and_class(tmp_path: Path) -> None:
    body = "x = 1\n" * MAX_MODULE_LINES
    (tmp_path / "big.py").write_text('"""A long module."""\n' + body, encoding="utf-8")
    (tmp_path / "table.py").write_text('"""One table, kept whole because."""\n' + body, "utf-8")
    (tmp_path / "nested").mkdir()
    members = "    x = 1\n" * (MAX_CLASS_LINES - 1)
    wide = f'class Wide:\n    """A long class."""\n{members}'
    table = f'class Table:\n    """Kept whole because it is one table."""\n{members}'
    narrow = f'class Narrow:\n    """Just short enough."""\n{members[10:]}'
    (tmp_path / "nested" / "classes.py").write_text(f"{wide}\n{table}\n{narrow}", "utf-8")
    assert oversized(tmp_path) == [
        "big.py: module of 401 lines (over 400)",
        "nested/classes.py: class Wide of 121 lines (over 120)",
    ]
