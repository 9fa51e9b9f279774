"""The `newsgen` command line: one thin command per verb, errors printed, never a traceback."""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import sys
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsgen import __version__
from newsgen.config.site import SiteConfig, load_config, site_root
from newsgen.diagnostics import Diagnostic, Level, NewsgenError, error, has_errors
from newsgen.publish.journal import HalfPublishedError
from newsgen.runtime.interrupts import Interrupted, stop_on_signals
from newsgen.runtime.lock import build_lock

if TYPE_CHECKING:
    from newsgen.builder import BuildOptions, BuildSummary
    from newsgen.cache.stamp import InputStamp

DEFAULT_WAIT = 300.0
"""Seconds a build waits for another build of the same site before giving up."""


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        colour = {"error": "red", "warning": "yellow"}.get(diagnostic.level.value)
        click.secho(diagnostic.format(), fg=colour, err=True)


def _config(ctx: click.Context) -> SiteConfig:
    return load_config(_site_root(ctx))


def _site_root(ctx: click.Context) -> Path:
    """The site folder (`--site`, else found from here); outside a site, one error."""
    site: Path | None = ctx.obj
    return site_root(site, Path.cwd())


class NewsgenGroup(click.Group):
    """Turns NewsgenError into printed diagnostics and a non-zero exit.

    `serve` is loaded only when asked for: its server and file watcher cost ~70 ms to import,
    which every other command (a no-op build above all) would pay for nothing.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "serve"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "serve":
            from newsgen.serve.session import serve

            return _locked(serve)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            with stop_on_signals():
                return super().invoke(ctx)
        except NewsgenError as exc:
            _print_diagnostics(exc.diagnostics)
            count = sum(d.level is Level.ERROR for d in exc.diagnostics)
            outcome = "nothing was changed"
            if isinstance(exc, HalfPublishedError):
                outcome = "the output is half updated until the next build restores it"
            click.secho(f"newsgen: {count} error(s); {outcome}", fg="red", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            click.echo("newsgen: interrupted", err=True)
            ctx.exit(exc.exit_code if isinstance(exc, Interrupted) else 130)
        except OSError as exc:  # the machine's fault, not the site's: disk full, no permission
            click.secho(f"newsgen: error: {_describe_os_error(exc)}", fg="red", err=True)
            ctx.exit(1)
        except sqlite3.Error as exc:  # e.g. the disk holding the cache is full
            click.secho(f"newsgen: error: .newsgen/cache.sqlite: {exc}", fg="red", err=True)
            ctx.exit(1)


def _describe_os_error(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    if exc.filename is None:
        return what
    name = os.fsdecode(exc.filename)
    with contextlib.suppress(ValueError):
        name = Path(name).relative_to(Path.cwd()).as_posix()
    return f"{name}: {what}"


class LockedCommand(click.Command):
    """A command that holds the site's build lock while it runs (serve: for the session)."""

    def invoke(self, ctx: click.Context) -> object:
        root = _site_root(ctx)  # outside a site: refused before the lock creates .newsgen/
        with build_lock(root, f"newsgen {ctx.info_name}", DEFAULT_WAIT, _say):
            return super().invoke(ctx)


def _say(message: str) -> None:
    click.echo(f"newsgen: {message}", err=True)


def _locked(command: click.Command) -> LockedCommand:
    """The same command, run under the build lock."""
    return LockedCommand(
        command.name,
        context_settings=command.context_settings,
        callback=command.callback,
        params=command.params,
        help=command.help,
        epilog=command.epilog,
        short_help=command.short_help,
    )


@click.group(cls=NewsgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgen")
@click.option(
    "--site",
    type=click.Path(path_type=Path),  # checked by each command: see site_root
    help="Site folder (default: the nearest folder up from here holding newsgen.yaml).",
)
@click.pass_context
def cli(ctx: click.Context, site: Path | None) -> None:
    """newsgen: build a static news archive from raw seeds and Markdown articles."""
    ctx.obj = site


@cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite imported files an editor has changed (ids and slugs stay).",
)
@click.option("--source-name", default="", help="The original publisher of these seeds or items.")
@click.option("--source-url", default="", help="Its address (http or https).")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["seeds", "wxr", "feed", "jsonl", "csv"]),
    help="The files' format (default: told by each file's name and first bytes).",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="JSON Lines and CSV: read FIELD from COLUMN (repeatable).",
)
@click.option(
    "--body-format",
    type=click.Choice(["text", "markdown", "html"]),
    help="JSON Lines and CSV: what the body column holds (default: text).",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    force: bool,
    source_name: str,
    source_url: str,
    format_: str | None,
    mapping: tuple[str, ...],
    body_format: str | None,
) -> None:
    """Turn raw seed texts (default: all of seeds/), a WordPress export, an RSS or Atom feed,
    or JSON Lines or CSV records into Markdown articles under content/."""
    from newsgen.content.importer import command_line_source
    from newsgen.content.imports.command import Request, run_import, summary

    source = command_line_source(source_name, source_url)
    request = Request(paths, format_ or "", mapping, body_format or "", source, force)
    kind, result = run_import(_config(ctx), request)
    _print_diagnostics(result.diagnostics)
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(summary(kind, result))
    if result.refused or has_errors(result.diagnostics):
        ctx.exit(1)


@cli.command("new")
@click.argument("title")
@click.option("--topic", "topics", multiple=True, help="A topic of the article (repeatable).")
@click.pass_context
def new_command(ctx: click.Context, title: str, topics: tuple[str, ...]) -> None:
    """Create a new article skeleton dated now, and print its path."""
    from newsgen.content.scaffold import new_article

    config = _config(ctx)
    path = new_article(config, title, list(topics), datetime.now(config.zone))
    click.echo(path)


@cli.command("check")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--fix",
    is_flag=True,
    help="Write the id: and slug: that articles derive, and the old URLs that redirect to "
    "them (aliases:), into their front matter first.",
)
@click.pass_context
def check_command(ctx: click.Context, strict: bool, fix: bool) -> None:
    """Load and validate everything and print every problem; write nothing unless --fix."""
    from newsgen.content.check import check_site
    from newsgen.content.loader import load_site
    from newsgen.preflight import planning_errors

    config = _config(ctx)
    problems = _pin_ids_and_slugs(config) if fix else []
    content, now = load_site(config), datetime.now().astimezone()
    diagnostics = problems + check_site(config, now, content)
    diagnostics += planning_errors(config, content, now)
    _print_diagnostics(diagnostics)
    errors = sum(d.level is Level.ERROR for d in diagnostics)
    warnings = sum(d.level is Level.WARNING for d in diagnostics)
    click.echo(f"{errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        ctx.exit(1)


def _pin_ids_and_slugs(config: SiteConfig) -> list[Diagnostic]:
    """`check --fix`: pin what articles derive and their old URLs; say which files changed;
    return the failures."""
    from newsgen.builder import WORK
    from newsgen.content.loader import load_site
    from newsgen.content.pinning import pin_articles
    from newsgen.plan.redirects import unwritten_moves
    from newsgen.publish.history import read_history

    articles = load_site(config).articles
    history, unread = read_history(config.root / WORK)
    moves = unwritten_moves(history, config, articles)
    pinned, problems = pin_articles(config, articles, moves)
    for path, keys in pinned:
        *others, last = (f"{key}:" for key in keys)
        click.echo(f"pinned {', '.join(others)}{' and ' if others else ''}{last} in {path}")
    return unread + problems


class Seconds(click.FloatRange):
    """A number of seconds in a range (`inf` is for ever); NaN is refused, as no number."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):
            self.fail(f"{value!r} is not a number of seconds.", param, ctx)
        return seconds


@cli.command("build")
@click.option("--drafts", is_flag=True, help="Include articles marked draft.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--clean", is_flag=True, help="Rewrite every output file, even unchanged ones.")
@click.option("--watch", is_flag=True, help="Rebuild on every change until Ctrl-C.")
@click.option("--no-search", is_flag=True, help="Do not build the full-text search index.")
@click.option(
    "--wait",
    type=Seconds(min=0),
    default=DEFAULT_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another build of this site to finish; 0 refuses at once.",
)
@click.pass_context
def build_command(
    ctx: click.Context,
    drafts: bool,
    future: bool,
    clean: bool,
    watch: bool,
    no_search: bool,
    wait: float,
) -> None:
    """Build the site into the output folder (build/).

    One build of a site runs at a time: a second one waits for the first (see --wait).
    Ctrl-C or SIGTERM stops a build, leaving the published site as it was.
    """
    from newsgen.builder import BuildOptions, check_last_build

    options = BuildOptions(
        drafts=drafts,
        future=future,
        clean=clean,
        progress=sys.stderr.isatty(),
        now=datetime.now().astimezone(),
        search=not no_search,
        process_ends=not watch,
    )
    root = _site_root(ctx)
    last = None if watch else check_last_build(root, options)
    if last is not None and last.unchanged is not None:  # told without reading the config,
        _report_build(last.config, last.unchanged)  # or waiting for the build lock
        return
    config = load_config(root)
    # the inputs stamped before the lock was taken: a file changed since is read as changed
    inputs = last.inputs if last is not None and last.config == config else None
    command = "newsgen build --watch" if watch else "newsgen build"
    with build_lock(config.root, command, wait, _say):
        if watch:
            from newsgen.serve.session import watch_build

            watch_build(config, options)
            return
        summary = _build_repairing_cache(config, options, inputs)
    _report_build(config, summary)


def _report_build(config: SiteConfig, summary: BuildSummary) -> None:
    """The config's warnings (a preview does not print them), the build's, and what it did."""
    _print_diagnostics((*config.warnings, *summary.diagnostics))
    click.echo(summary.describe())


def _build_repairing_cache(
    config: SiteConfig, options: BuildOptions, inputs: InputStamp | None
) -> BuildSummary:
    """Build; when the cache turns out damaged half-way, delete it and build again without it."""
    from newsgen.builder import CACHE_FILE, build_site
    from newsgen.cache.database import discard, is_damage

    try:
        return build_site(config, options, inputs)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        message = f"{CACHE_FILE}: warning: the build cache is damaged ({exc}); building without it"
    click.secho(message, fg="yellow", err=True)
    discard(config.root / CACHE_FILE)
    return build_site(config, options, inputs)


@cli.command("init")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Add to a folder that is not empty; overwrite nothing.")
@click.pass_context
def init_command(ctx: click.Context, folder: Path | None, force: bool) -> None:
    """Start a site in FOLDER (default: here): newsgen.yaml, an example article, .gitignore.

    The folder must be empty; with --force, files already there are kept as they are.
    """
    from newsgen.content.starter import Action, next_commands, start_site

    site: Path | None = ctx.obj
    if site is not None and folder is not None and site != folder:
        message = f"two folders given: --site {site.as_posix()} and {folder.as_posix()}"
        raise NewsgenError([error("newsgen", 0, message, "give the folder once")])
    folder = folder or site or Path()
    for step in start_site(folder, datetime.now().astimezone(), force=force):
        path = (folder / step.path).as_posix() + ("/" if step.path.endswith("/") else "")
        if step.action is Action.EXTENDED:
            click.echo(f"added {step.why} to {path}")
        else:
            click.echo(f"{step.action} {path}" + (f" ({step.why})" if step.why else ""))
    click.echo("Next:")
    for command in next_commands(folder):
        click.echo(f"  {command}")
    click.echo("Before you publish, set base_url: in newsgen.yaml to the site's address.")


def main() -> None:
    """Console-script entry point.

    Once the command is done, the process ends at once when nothing else runs in it and no
    profiler or coverage tool watches it (they write their reports on exit). Python's own
    teardown would first walk and free every object a build made (a stored plan is some
    million: 0.05 to 0.09 s at 10,000 articles), as mypy's --fast-exit avoids. newsgen leaves
    no exit handler to run: files and processes are closed by the commands themselves.
    """
    try:
        cli(prog_name="newsgen")
    except SystemExit as stop:
        watched = sys.gettrace() is not None or sys.getprofile() is not None
        if watched or threading.active_count() > 1:
            raise
        _exit_now(stop.code)


def _exit_now(code: str | int | None) -> None:
    if isinstance(code, str):
        click.echo(code, err=True)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        code = code if isinstance(code, int) and code else 1
    os._exit(code if isinstance(code, int) else (1 if code else 0))
