"""File names as the disk spells them: a reference to `Photo.JPG` finds `photo.jpg` on macOS
and Windows but on no Linux machine or web host, so it is told apart everywhere (pictures,
the config's images)."""

from __future__ import annotations

from pathlib import Path

from newsgen.config.site_paths import fold


def spelt_on_disk(root: Path, path: str) -> str:
    """The site-relative `path` as the files under `root` spell it, when that differs only in
    case or accent encoding (each name is looked up in its folder's listing); else ''."""
    folder, spelt = root, []
    for name in path.split("/"):
        try:
            names = {entry.name for entry in folder.iterdir()}
        except OSError:
            return ""
        if name not in names:
            near = sorted(other for other in names if fold(other) == fold(name))
            if not near:
                return ""
            name = near[0]
        spelt.append(name)
        folder = folder / name
    found = "/".join(spelt)
    return found if found != path else ""


def blind_to_case(full: Path) -> bool:
    """Whether the file system holding the existing file `full` finds it under its name in
    another case (macOS, Windows): only then can a name spelt otherwise open it."""
    other = full.name.swapcase()
    if other == full.name:
        return False
    try:
        return full.samefile(full.with_name(other))
    except OSError:
        return False


def told_apart(written: str, found: str) -> str:
    """Why `written`, naming the file `found` but for case or accent encoding, fails where it
    does (both are paths spelt alike but for that)."""
    if written.casefold() == found.casefold():
        return "case matters on Linux and on web hosts"
    return "Linux and web hosts tell accents encoded as one character (NFC) and as two (NFD) apart"
