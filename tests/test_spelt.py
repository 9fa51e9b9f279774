"""File names as the disk spells them: a reference spelt otherwise only in case or accent
encoding opens the file on macOS and Windows and on nothing else."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from newsgen.config.spelt import blind_to_case, spelt_on_disk, told_apart

NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")


def test_each_name_of_the_path_is_looked_up_in_its_folder(tmp_path: Path) -> None:
    (tmp_path / "content" / "photos").mkdir(parents=True)
    (tmp_path / "content" / "photos" / f"{NFD}.jpg").write_bytes(b"x")
    found = spelt_on_disk(tmp_path, f"content/Photos/{NFC}.JPG")
    assert found == f"content/photos/{NFD}.jpg"
    assert spelt_on_disk(tmp_path, f"content/photos/{NFD}.jpg") == "", "spelt as on disk"
    assert spelt_on_disk(tmp_path, "content/photos/other.jpg") == "", "no such file at all"


def test_the_message_says_what_differs() -> None:
    assert told_apart("a/Photo.jpg", "a/photo.jpg") == "case matters on Linux and on web hosts"
    assert told_apart(f"{NFC}.jpg", f"{NFD}.jpg") == (
        "Linux and web hosts tell accents encoded as one character (NFC) and as two (NFD) apart"
    )


def test_a_file_system_is_blind_to_case_when_another_case_opens_the_file(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"x")
    blind = (tmp_path / "PHOTO.JPG").exists()  # False on Linux, True on macOS and Windows
    assert blind_to_case(tmp_path / "photo.jpg") is blind
