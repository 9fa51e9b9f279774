"""The code's plan: stages import only earlier stages (the import-linter contract in pyproject)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "src"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Runs import-linter with the project's contracts over the `newsgen` package in `source`."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(REPO / "pyproject.toml")],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_stage_imports_only_earlier_stages(tmp_path: Path) -> None:
    done = lint_imports(SOURCE, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 1 kept, 0 broken." in done.stdout


@pytest.mark.parametrize(
    ("module", "planted"),
    [
        ("content/slugs.py", "from newsgen.serve import server"),
        ("plan/urls.py", "import newsgen.render.templates"),
        ("config/site.py", "from newsgen.cache.store import digest"),
        ("publish/writer.py", "from newsgen import builder"),
    ],
)
def test_an_import_of_a_later_stage_breaks_the_contract(
    tmp_path: Path, module: str, planted: str
) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SOURCE / "newsgen", copy / "newsgen")
    path = copy / "newsgen" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{planted}\n", encoding="utf-8")
    done = lint_imports(copy, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Contracts: 0 kept, 1 broken." in done.stdout
    importer = "newsgen." + module.removesuffix(".py").replace("/", ".")
    assert importer in done.stdout


def test_every_stage_package_says_its_job_and_what_it_may_import() -> None:
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = settings["tool"]["importlinter"]["contracts"]
    layered = {name for layer in contract["layers"] for name in layer.split(" | ")}
    packages = sorted(path.parent for path in (SOURCE / "newsgen").glob("*/__init__.py"))
    assert {f"newsgen.{package.name}" for package in packages} <= layered
    for package in packages:
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree) or ""
        assert len(docstring.split("\n\n")) == 2, f"{package.name}: a job line and a paragraph"
        assert "may import" in " ".join(docstring.lower().split()), (
            f"{package.name}: what it may import"
        )
