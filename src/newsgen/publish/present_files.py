"""Run as a script by `publish.presence`: which files of the last build's manifest are still
in the output folder. It imports nothing of newsgen's (and starts with `python -I -S -B`), so
it is running within milliseconds.

Usage: python present_files.py MANIFEST OUTPUT; writes the names present, each ended by a
NUL byte, then `DONE`.
"""

import json
import os
import sys

DONE = b"done"
"""Ends the answer: one cut short (the process died) is not used."""


def main() -> None:
    manifest, output = sys.argv[1:3]
    with open(manifest, encoding="utf-8") as recorded:  # noqa: PTH123 - no pathlib: fast start
        names = json.load(recorded)["files"]
    prefix, isfile = f"{output}/", os.path.isfile
    present = [name for name in names if isinstance(name, str) and isfile(prefix + name)]
    answer = b"".join(f"{name}\0".encode("utf-8", "surrogateescape") for name in present)
    sys.stdout.buffer.write(answer + DONE)


if __name__ == "__main__":
    main()
