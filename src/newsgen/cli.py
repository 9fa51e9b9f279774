"""The `newsgen` command line: one thin command per verb, errors printed, never a traceback."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import click

from newsgen import __version__
from newsgen.config import SiteConfig, find_site_root, load_config
from newsgen.diagnostics import Diagnostic, Level, NewsgenError, has_errors
from newsgen.serve_command import serve, watch_build


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        colour = {"error": "red", "warning": "yellow"}.get(diagnostic.level.value)
        click.secho(diagnostic.format(), fg=colour, err=True)


def _config(ctx: click.Context) -> SiteConfig:
    site: Path | None = ctx.obj
    root = site if site is not None else find_site_root(Path.cwd())
    return load_config(root)


class NewsgenGroup(click.Group):
    """Turns NewsgenError into printed diagnostics and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except NewsgenError as exc:
            _print_diagnostics(exc.diagnostics)
            count = sum(d.level is Level.ERROR for d in exc.diagnostics)
            click.secho(f"newsgen: {count} error(s); nothing was changed", fg="red", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("newsgen: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=NewsgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgen")
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    help="Site folder (default: the nearest folder up from here holding newsgen.yaml).",
)
@click.pass_context
def cli(ctx: click.Context, site: Path | None) -> None:
    """newsgen: build a static news archive from raw seeds and Markdown articles."""
    ctx.obj = site


@cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite imported files an editor has changed.")
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[Path, ...], force: bool) -> None:
    """Turn raw seed texts (default: all of seeds/) into Markdown articles under content/."""
    from newsgen.importer import import_seeds

    result = import_seeds(_config(ctx), paths, force=force)
    _print_diagnostics(result.diagnostics)
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo(
        f"imported {len(result.written)} seed(s), {len(result.unchanged)} unchanged, "
        f"{len(result.refused)} refused"
    )
    if result.refused or has_errors(result.diagnostics):
        ctx.exit(1)


@cli.command("new")
@click.argument("title")
@click.option("--topic", "topics", multiple=True, help="A topic of the article (repeatable).")
@click.pass_context
def new_command(ctx: click.Context, title: str, topics: tuple[str, ...]) -> None:
    """Create a new article skeleton dated now, and print its path."""
    from newsgen.scaffold import new_article

    config = _config(ctx)
    path = new_article(config, title, list(topics), datetime.now(config.zone))
    click.echo(path)


@cli.command("check")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.pass_context
def check_command(ctx: click.Context, strict: bool) -> None:
    """Load and validate everything; print every problem; write nothing."""
    from newsgen.loader import check_site

    diagnostics = check_site(_config(ctx), now=datetime.now().astimezone())
    _print_diagnostics(diagnostics)
    errors = sum(d.level is Level.ERROR for d in diagnostics)
    warnings = sum(d.level is Level.WARNING for d in diagnostics)
    click.echo(f"{errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        ctx.exit(1)


@cli.command("build")
@click.option("--drafts", is_flag=True, help="Include articles marked draft.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--clean", is_flag=True, help="Rewrite every output file, even unchanged ones.")
@click.option("--watch", is_flag=True, help="Rebuild on every change until Ctrl-C.")
@click.option("--no-search", is_flag=True, help="Do not build the full-text search index.")
@click.pass_context
def build_command(
    ctx: click.Context, drafts: bool, future: bool, clean: bool, watch: bool, no_search: bool
) -> None:
    """Build the site into the output folder (build/)."""
    from newsgen.builder import BuildOptions, build_site

    config = _config(ctx)
    if no_search:
        config = dataclasses.replace(config, search=False)
    options = BuildOptions(
        drafts=drafts,
        future=future,
        clean=clean,
        progress=sys.stderr.isatty(),
        now=datetime.now().astimezone(),
    )
    if watch:
        watch_build(config, options)
        return
    summary = build_site(config, options)
    _print_diagnostics(summary.diagnostics)
    click.echo(summary.describe())


cli.add_command(serve)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsgen")
