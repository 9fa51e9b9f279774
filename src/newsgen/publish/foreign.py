"""Files of the output folder that no build wrote (a host's verification page, a `CNAME` put
there by hand): a build never writes over one."""

from __future__ import annotations

import os
import stat

from newsgen.diagnostics import ContentError, shown_path, some_of
from newsgen.publish.commit import Staged

SHOWN = 5
"""How many such files one error names."""
HINT = (
    "delete it, or move it into static/ to publish it with the site, or give the page or alias "
    "that has its address another one; the published site was not changed"
)


def refuse_overwrites(staged: Staged) -> None:
    """Raise one error naming the files of the output folder the build would write (or keep as
    its own) that the last build did not write. None is known when the last build's files are
    not (no manifest): a first build, or one after `.newsgen/` was deleted."""
    if staged.before is None:
        return
    before, output = staged.before, staged.output
    found = sorted(
        name
        for name in staged.produced
        if name not in before and _is_file(os.path.join(output, name))  # noqa: PTH118
    )
    if not found:
        return
    if len(found) == 1:
        path = shown_path(output / found[0], staged.work.parent)
        message = "the build would write over this file, which no build wrote"
        raise ContentError(path, 0, message, HINT)
    path = shown_path(output, staged.work.parent) + "/"
    message = (
        f"the build would write over {len(found)} files no build wrote: {some_of(found, SHOWN)}"
    )
    raise ContentError(path, 0, message, HINT)


def _is_file(path: str) -> bool:
    """Whether something that is no folder is at `path` (a folder the last build filled where
    a file goes now is its own: the commit removes its stale files first)."""
    try:
        return not stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
