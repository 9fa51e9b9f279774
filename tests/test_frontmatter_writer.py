"""Tests for the front-matter writer: libyaml speeds it up without changing a byte it writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.content import frontmatter_writer
from newsgen.content.frontmatter_writer import (
    ESCAPED_BY_LIBYAML,
    front_matter_text,
    write_atomically,
    write_new,
)

OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 10_000, "default_flow_style": None}
needs_libyaml = pytest.mark.skipif(
    not hasattr(yaml, "CSafeDumper"), reason="PyYAML was built without libyaml"
)


def dumped(fields: dict[str, object], dumper: type) -> str:
    return yaml.dump(fields, Dumper=dumper, **OPTIONS)


@needs_libyaml
@settings(max_examples=400)
@given(st.text(), st.lists(st.text(), max_size=3))
def test_both_emitters_write_the_same_text_where_libyaml_is_used(
    title: str, names: list[str]
) -> None:
    fields = {"title": title, "authors": names, "source": {"name": title, "url": "https://x/"}}
    pure = dumped(fields, yaml.SafeDumper)
    if not any(ESCAPED_BY_LIBYAML.search(t) for t in (title, *names)):
        assert dumped(fields, yaml.CSafeDumper) == pure
    assert front_matter_text(fields, "Body.") == f"---\n{pure}---\nBody.\n"


@needs_libyaml
@pytest.mark.parametrize("title", ["Match day ⚽🏆", "Next\x85line"])
def test_text_libyaml_would_escape_is_written_by_pyyaml(title: str) -> None:
    fields = {"title": title, "topics": ["Sport"]}
    assert dumped(fields, yaml.CSafeDumper) != dumped(fields, yaml.SafeDumper)
    assert front_matter_text(fields, "B") == f"---\n{dumped(fields, yaml.SafeDumper)}---\nB\n"


def test_the_emoji_stays_readable_in_the_file() -> None:
    text = front_matter_text({"title": "Match day ⚽🏆", "topics": []}, "B")
    assert text.startswith("---\ntitle: Match day ⚽🏆\n")


def test_without_libyaml_the_same_text_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = {"title": "Kyiv: talks # resume", "authors": ["Jane Roe"], "format": "text"}
    fast = front_matter_text(fields, "B")
    monkeypatch.setattr(frontmatter_writer, "FAST_DUMPER", yaml.SafeDumper)
    assert front_matter_text(fields, "B") == fast


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_files_keep_the_editors_permissions(tmp_path: Path) -> None:
    """`check --fix` and a re-import replaced a 0o644 article with a 0o600 one, and `new` and
    `import` made 0o600 files (tempfile.mkstemp's): a web server or a colleague building the
    site could read them no more."""
    mask = os.umask(0o022)
    try:
        created = tmp_path / "content" / "new.md"
        write_new(created, "---\ntitle: T\n---\n")
        kept = tmp_path / "content" / "kept.md"
        kept.write_text("---\ntitle: K\n---\n", encoding="utf-8")
        kept.chmod(0o640)
        write_atomically(kept, "---\ntitle: K\nid: x\n---\n")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(created.stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert sorted(p.name for p in created.parent.iterdir()) == ["kept.md", "new.md"]
