"""Site timezone names that say the opposite of what they seem: Etc/GMT+2 is two hours behind
UTC, as POSIX writes the sign."""

from __future__ import annotations

import re

from newsgen.diagnostics import Diagnostic, warning

INVERTED = re.compile(r"Etc/GMT(?P<sign>[+-])(?P<hours>\d{1,2})")
"""An Etc zone of a whole number of hours, its sign the opposite of the offset's."""


def zone_name_warnings(name: str, path: str, line: int) -> tuple[Diagnostic, ...]:
    """A warning, at `line` of `path`, when the timezone `name` is an Etc/GMT zone: its sign is
    the opposite of its offset's, which dates every naive time and files every article hours
    off when it was meant the other way."""
    found = INVERTED.fullmatch(name)
    if found is None or not int(found["hours"]):
        return ()
    seeming, hours = found["sign"], int(found["hours"])
    real = "-" if seeming == "+" else "+"
    message = (
        f"timezone {name} is UTC{real}{hours:02d}:00, not UTC{seeming}{hours:02d}:00: "
        "the sign of the Etc/GMT zones is written backwards"
    )
    hint = (
        f"keep it if UTC{real}{hours:02d}:00 is meant; for UTC{seeming}{hours:02d}:00 write "
        f"Etc/GMT{real}{hours}, or better the zone of the newsroom's city (Europe/Kyiv), "
        "whose summer time it follows"
    )
    return (warning(path, line, message, hint),)
