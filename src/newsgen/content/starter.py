"""`newsgen init`: a working starter site (config, one example article, .gitignore), never
overwriting a file and never writing outside its folder."""

from __future__ import annotations

import enum
import os
import shlex
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsgen.config.site import CONFIG_NAME
from newsgen.content.frontmatter_writer import front_matter_text
from newsgen.content.slugs import slug_for
from newsgen.diagnostics import ContentError

CONTENT = "content"
GITIGNORE = ".gitignore"
IGNORED = ("build/", ".newsgen/")
"""What the site's .gitignore must hold: the built site and newsgen's work folder."""
SHOWN_ENTRIES = 3
"""How many of a non-empty folder's entries its refusal names."""

CONFIG_TEXT = """\
# newsgen.yaml: the settings of this site. Every key is optional; the full list, with the
# defaults, is in newsgen's docs/configuration.md.

title: My news site
description: News, dated and filed by topic.
# The language of the site, as a code such as en, de or pt-BR.
language: en
# The IANA time zone (Europe/London, America/New_York) of dates written without an offset.
timezone: UTC
# The author of the site's own articles that name none (never given to imported text).
author: ""

# The address the site is published at: feeds, the sitemap and canonical links point there.
# Until it is set, links point at http://127.0.0.1:8000/ (the preview of `newsgen serve`),
# and `newsgen build` and `newsgen check` warn. Remove the # and give your address:
# base_url: https://news.example.org/
"""
EXAMPLE_TITLE = "Welcome to your news site"
EXAMPLE_BODY = """\
This is an example article, written by `newsgen init`. It is published: it has no
`draft: true` line. Edit it or delete it.

An article is a Markdown file under `content/` with YAML front matter between two `---`
lines. `newsgen new "Headline"` starts a new one, dated now, as a draft that `newsgen build`
leaves out until you delete its `draft: true` line.
"""


class Action(enum.StrEnum):
    """What `start_site` did with one starter file."""

    CREATED = "created"
    KEPT = "kept"
    """It was in the way (`--force`): left exactly as it was."""
    EXTENDED = "added to"
    """An existing .gitignore that lacked lines: they were appended."""


@dataclass(frozen=True)
class Step:
    """One starter file and what became of it."""

    action: Action
    path: str
    """Relative to the site folder, with / between parts."""
    why: str = ""
    """For a file kept or extended: why, or what was added."""


def start_site(folder: Path, now: datetime, force: bool = False) -> list[Step]:
    """Write a starter site into `folder` (created with its missing parents).

    A non-empty folder is refused unless `force`; then every file in the way is kept as it is,
    and no example article is added to a site that has a config or articles of its own.
    """
    shown = _shown(folder)
    if folder.exists() and not folder.is_dir():
        raise ContentError(
            "newsgen", 0, f"{shown} exists and is not a folder", "name a new or empty folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    if not force:
        _refuse_unless_empty(folder, shown)
    config = _starter_config(folder)
    steps = [config, _gitignore(folder)]
    if config.action is Action.CREATED:
        steps.insert(1, _example_article(folder, now))
    return steps


def next_commands(folder: Path) -> list[str]:
    """The commands to run next, from where `newsgen init` ran."""
    moves = [] if folder == Path() else [f"cd {shlex.quote(folder.as_posix())}"]
    return [
        *moves,
        "newsgen serve                # preview it at http://127.0.0.1:8000/, live",
        'newsgen new "Headline"       # start an article (a draft) under content/',
        "newsgen build                # the site, into build/, to publish",
    ]


def _shown(folder: Path) -> str:
    return str(Path.cwd()) if folder == Path() else folder.as_posix()


def _refuse_unless_empty(folder: Path, shown: str) -> None:
    entries = sorted(entry.name for entry in folder.iterdir())
    if not entries:
        return
    force = "pass --force to add the starter files that are missing; none is overwritten"
    if CONFIG_NAME in entries:
        raise ContentError("newsgen", 0, f"{shown} is a newsgen site already", force)
    names = ", ".join(entries[:SHOWN_ENTRIES]) + (", ..." if len(entries) > SHOWN_ENTRIES else "")
    message = f"{shown} is not empty: it holds {names}"
    raise ContentError("newsgen", 0, message, f"start the site in an empty folder, or {force}")


def _starter_config(folder: Path) -> Step:
    if _create(folder / CONFIG_NAME, CONFIG_TEXT):
        return Step(Action.CREATED, CONFIG_NAME)
    return Step(Action.KEPT, CONFIG_NAME, "it exists; not overwritten")


def _example_article(folder: Path, now: datetime) -> Step:
    """content/YYYY/MM/<slug>.md, published (no draft line), dated `now` in UTC."""
    content = folder / CONTENT
    if content.is_symlink() or (content.exists() and not content.is_dir()):
        return Step(Action.KEPT, CONTENT, "not a plain folder: no example article added")
    if content.exists() and any(content.iterdir()):
        return Step(Action.KEPT, f"{CONTENT}/", "it holds files: no example article added")
    local = now.astimezone(UTC).replace(microsecond=0)
    slug = slug_for(EXAMPLE_TITLE)
    fields = {
        "id": str(uuid.uuid4()),
        "slug": slug,
        "title": EXAMPLE_TITLE,
        "date": local.isoformat(),
        "topics": ["Site news"],
    }
    relative = f"{CONTENT}/{local.year:04d}/{local.month:02d}/{slug}.md"
    (folder / relative).parent.mkdir(parents=True, exist_ok=True)
    _create(folder / relative, front_matter_text(fields, EXAMPLE_BODY))
    return Step(Action.CREATED, relative)


def _gitignore(folder: Path) -> Step:
    """Create .gitignore, or append to a plain one the lines it lacks; never follow a link."""
    path = folder / GITIGNORE
    wanted = "".join(f"{line}\n" for line in IGNORED)
    if _create(path, wanted):
        return Step(Action.CREATED, GITIGNORE)
    if path.is_symlink() or not path.is_file():
        return Step(Action.KEPT, GITIGNORE, "not a plain file; not changed")
    text = path.read_text(encoding="utf-8", errors="replace")
    present = {line.strip().strip("/") for line in text.splitlines()}
    missing = [line for line in IGNORED if line.strip("/") not in present]
    if not missing:
        return Step(Action.KEPT, GITIGNORE, f"it ignores {' and '.join(IGNORED)} already")
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        stream.write(("\n" if text and not text.endswith("\n") else "") + "\n".join(missing) + "\n")
    return Step(Action.EXTENDED, GITIGNORE, " and ".join(missing))


def _create(path: Path, text: str) -> bool:
    """Write a new file; False (and nothing written) when the name is taken, even by a link."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return True
