"""Names in `content/` and `seeds/` that a checkout on macOS or Windows cannot keep: two that
differ only in case or accent encoding (one is lost), and names Windows cannot hold."""

from __future__ import annotations

from collections.abc import Iterable

from newsgen.config.site_paths import fold, not_portable
from newsgen.diagnostics import Diagnostic, error


def unportable_names(folder: str, names: Iterable[str]) -> list[Diagnostic]:
    """An error for each of `names` (the files and folders of the site folder `folder`, as
    shown) that Windows cannot hold, or that a name before it in code-point order spells
    otherwise only in case or accent encoding."""
    found = []
    first: dict[str, str] = {}
    for name in sorted(names):
        shown = f"{folder}/{name}"
        if why := not_portable(name):
            message = f"a checkout on Windows cannot hold this name: {why}"
            found.append(error(shown, 0, message, "rename it"))
        other = first.setdefault(fold(name), name)
        if other != name:
            if name.casefold() == other.casefold():
                how = "only in case: a checkout on macOS or Windows"
            else:
                how = "only in how their accents are encoded (NFC, NFD): a checkout on macOS"
            message = f"`{name}` and `{other}` differ {how} keeps one of the two"
            found.append(error(shown, 0, message, "rename one of them"))
    return found
