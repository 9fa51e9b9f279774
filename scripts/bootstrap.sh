#!/usr/bin/env bash
# Creates .venv and pip-installs the arguments into it (`-e .`, `".[test]"`); run by scripts/demo
# and .ci/run. Skips pip when nothing changed since the last install with the same arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

# What was installed: pyproject.toml and the arguments, and for a copying (not editable) install
# the files under src/ as well, since pip installs a snapshot of them that an edit leaves behind.
stamp=.venv/bootstrap-stamp
wanted=$(.venv/bin/python - "$@" <<'PY'
import hashlib
import sys
from pathlib import Path

arguments = sys.argv[1:]
digest = hashlib.sha256(Path("pyproject.toml").read_bytes())
digest.update("\0".join(arguments).encode())
if not any(a.startswith(("-e", "--editable")) for a in arguments):
    for path in sorted(Path("src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
print(digest.hexdigest())
PY
)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
rm -f "$stamp"  # a failed install must not pass for the last good one
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "$@"
echo "$wanted" > "$stamp"
