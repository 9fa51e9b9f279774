"""Start-up: what a command imports, and checks done without the heavy libraries."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.config.site import load_config
from newsgen.diagnostics import NewsgenError


@pytest.mark.parametrize("code", ["en", "uk", "pt-BR", "sr_Latn_BA", "EN", "en-us", "root"])
def test_a_language_babel_knows_is_accepted_with_or_without_its_data_file(
    tmp_path: Path, code: str
) -> None:
    from babel import Locale

    Locale.parse(code.replace("-", "_"))  # Babel knows it...
    (tmp_path / "newsgen.yaml").write_text(f"language: {code}\n", encoding="utf-8")
    assert load_config(tmp_path).language == code  # ...and so does the config


@pytest.mark.parametrize("code", ["xx", "en_XX_nope", "e", "../en"])
def test_a_language_babel_does_not_know_is_refused(tmp_path: Path, code: str) -> None:
    (tmp_path / "newsgen.yaml").write_text(f"language: '{code}'\n", encoding="utf-8")
    with pytest.raises(NewsgenError, match="unknown language code"):
        load_config(tmp_path)
