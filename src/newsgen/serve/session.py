"""`newsgen serve` and `newsgen build --watch`: build, then rebuild on every change."""

from __future__ import annotations

import dataclasses
import ipaddress
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsgen.config.site import SiteConfig, load_config, site_root
from newsgen.diagnostics import Diagnostic
from newsgen.runtime.cancel import CancelFlag
from newsgen.runtime.heap import keep_heap_compact
from newsgen.runtime.interrupts import deferred, stop_on_signals
from newsgen.serve.catchup import SearchBuild, SearchCatchUp
from newsgen.serve.files import ServedSite
from newsgen.serve.hosts import HOST_NAME, HostPolicy, normal_host_name
from newsgen.serve.livereload import LiveReload, SearchState
from newsgen.serve.preview import PreviewFirst
from newsgen.serve.server import BindError, DevServer, bind
from newsgen.serve.watch import (
    Batch,
    Build,
    BuildListener,
    BuildResult,
    Debounce,
    watch_and_rebuild,
)

if TYPE_CHECKING:
    from newsgen.builder import BuildOptions

SIGNAL_CHECK_SECONDS = 0.2
PREVIEW_TIMING = Debounce(quiet=0.05)
"""An editor's save is a few file events milliseconds apart; the preview answers 50 ms after."""


def real_build(options: BuildOptions, previewed: bool = False) -> Build:
    """The builder with these options, dated afresh for every build; --clean applies once.

    `previewed`: the first build gives the plan to preview the next edits from even when it
    had nothing to do (the site was up to date): the site is then planned, not rendered.
    """
    from newsgen.builder import build_site, plan_site

    first = [True]

    def build(config: SiteConfig) -> BuildResult:
        dated = dataclasses.replace(options, now=datetime.now().astimezone())
        summary = build_site(config, dataclasses.replace(dated, clean=first[0] and options.clean))
        views = summary.views
        if views is None and first[0] and previewed:
            views = plan_site(config, dated)
        first[0] = False
        pending = summary.search_pending > 0
        return BuildResult(tuple(summary.diagnostics), summary.describe(), pending, views)

    return build


def real_search_build(options: BuildOptions) -> SearchBuild:
    """The builder that brings a preview's search index up to date, cancelled by `flag`."""
    from newsgen.builder import build_site

    def build(config: SiteConfig, flag: CancelFlag) -> None:
        now = datetime.now().astimezone()
        later = dataclasses.replace(options, now=now, clean=False, search_later=False, cancel=flag)
        build_site(config, later)

    return build


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        colour = {"error": "red", "warning": "yellow"}.get(diagnostic.level.value)
        click.secho(diagnostic.format(), fg=colour, err=True)


def _describe_changes(changes: Batch) -> str:
    paths = sorted(change.path for change in changes)
    if len(paths) == 1:
        return f"{paths[0]} changed: "
    return f"{len(paths)} changes: " if paths else ""


class ConsoleReport:
    """Prints each build's outcome."""

    def build_succeeded(self, config: SiteConfig, result: BuildResult, changes: Batch) -> None:
        """Warnings, then the build's description."""
        _print_diagnostics(result.diagnostics)
        click.echo(f"{time.strftime('%H:%M:%S')} {_describe_changes(changes)}{result.description}")

    def build_failed(self, diagnostics: tuple[Diagnostic, ...], changes: Batch) -> None:
        """Every problem, and that the last good site stays."""
        _print_diagnostics(diagnostics)
        when = time.strftime("%H:%M:%S")
        message = f"{when} {_describe_changes(changes)}build failed; the last good site stays"
        click.secho(message, fg="red", err=True)


class _ServeReport:
    """Tells the console, then points the server at the new site and reloads the browsers;
    tells both how the background search update goes."""

    def __init__(self, server: DevServer, console: BuildListener, preview: PreviewFirst) -> None:
        self._server = server
        self._console = console
        self._preview = preview

    def build_succeeded(self, config: SiteConfig, result: BuildResult, changes: Batch) -> None:
        self._console.build_succeeded(config, result, changes)
        same = self._preview.settle(config)
        self._preview.remember(result.views)
        self._server.live.succeeded(same)
        if not result.search_pending:  # a cancelled update may have left none to finish
            self._server.live.search(SearchState.READY)

    def build_failed(self, diagnostics: tuple[Diagnostic, ...], changes: Batch) -> None:
        self._console.build_failed(diagnostics, changes)
        self._server.live.failed(diagnostics, reload=self._preview.withdraw())
        if self._server.live.search_state is SearchState.UPDATING:  # cancelled by this change
            self._server.live.search(SearchState.STALE)

    def search_started(self) -> None:
        self._server.live.search(SearchState.UPDATING)

    def search_finished(self, seconds: float) -> None:
        click.echo(f"{time.strftime('%H:%M:%S')} search index up to date ({seconds:.2f} s)")
        self._server.live.search(SearchState.READY)

    def search_failed(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        _print_diagnostics(diagnostics)
        when = time.strftime("%H:%M:%S")
        message = f"{when} the search index could not be updated; it is retried on the next change"
        click.secho(message, fg="red", err=True)
        self._server.live.search(SearchState.FAILED)


class DevSession:
    """Server, watcher and rebuilder together; `with` builds, serves and watches, then stops."""

    def __init__(
        self,
        config: SiteConfig,
        build: Build,
        address: tuple[str, int] = ("127.0.0.1", 8000),
        console: BuildListener | None = None,
        timing: Debounce | None = None,
        hosts: HostPolicy = HostPolicy(),
        search: SearchBuild | None = None,
    ) -> None:
        """`search`, when given, brings the search index up to date in the background after
        each build that left it stale (`build` is then one with `search_later`)."""
        self.server = bind(*address, ServedSite.of(config), LiveReload(), hosts)
        preview = PreviewFirst(self.server)
        report = _ServeReport(self.server, console or ConsoleReport(), preview)
        catch_up = None if search is None else SearchCatchUp(search, report)
        self._watcher, self.rebuilder = watch_and_rebuild(
            config, build, report, timing or PREVIEW_TIMING, catch_up, preview.show
        )

    @property
    def url(self) -> str:
        """Where the site is served."""
        return self.server.url

    def start(self) -> None:
        """Watch, build once, then answer requests."""
        self._watcher.start()
        self.rebuilder.rebuild()
        self.server.start()

    def stop(self) -> None:
        """Stop watching and serving; join every thread.

        A second Ctrl-C or SIGTERM meanwhile is held until every thread has stopped: cut
        short, the serving thread would keep the process alive.
        """
        with deferred():
            self._watcher.stop()
            self.rebuilder.stop_search()
            self.server.stop()

    def __enter__(self) -> DevSession:
        try:
            self.start()
        except BaseException:  # Ctrl-C during the first build still stops every thread
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def wait_until_stopped() -> None:
    """Sleep until Ctrl-C or SIGTERM raises, in short naps.

    The kernel hands a process's signal to any of its threads; Python then runs the handler
    in the main thread, but only once that thread wakes: one long sleep could outlast it.
    """
    while True:
        time.sleep(SIGNAL_CHECK_SECONDS)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _allowed_hosts(
    ctx: click.Context, param: click.Parameter, names: tuple[str, ...]
) -> tuple[str, ...]:
    """The --allow-host names, each a plain DNS name (no scheme, port or path)."""
    for name in names:
        if not HOST_NAME.fullmatch(normal_host_name(name)):
            raise click.BadParameter(
                f"{name!r} is not a host name (give the name alone, e.g. mybox.lan or "
                ".example.com for it and every name under it; no http://, port or path)",
                ctx,
                param,
            )
    return names


def _site_config(ctx: click.Context) -> SiteConfig:
    site: Path | None = ctx.obj
    return load_config(site_root(site, Path.cwd()))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one.",
)
@click.option("--drafts", is_flag=True, help="Include articles marked draft.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    callback=_allowed_hosts,
    help="Also answer requests for this host name (repeatable; .example.com: and subdomains). "
    "IP addresses, localhost and *.localhost are always answered; other names get 403.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    drafts: bool,
    future: bool,
    allow_hosts: tuple[str, ...],
) -> None:
    """Build, serve the site locally, and rebuild and reload the browser on every change."""
    from newsgen.builder import BuildOptions

    keep_heap_compact()  # before its threads start: each build would grow the heap
    config = _site_config(ctx)
    now = datetime.now().astimezone()
    options = BuildOptions(drafts=drafts, future=future, now=now, search_later=True)
    try:
        hosts = HostPolicy.of(allow_hosts)
        session = DevSession(
            config,
            real_build(options, previewed=True),
            (host, port),
            hosts=hosts,
            search=real_search_build(options),
        )
    except BindError as exc:
        raise click.ClickException(str(exc)) from None
    reach = "local only; --host 0.0.0.0 to share" if _is_loopback(host) else "shared on the network"
    try:
        with stop_on_signals(), session:  # SIGTERM stops it as Ctrl-C does
            click.echo(f"serving {session.url} ({reach})")
            click.echo("watching for changes; press Ctrl-C to stop")
            wait_until_stopped()
    except KeyboardInterrupt:
        click.echo("stopped")
    except OSError as exc:  # the watcher could not start, e.g. inotify limits
        raise click.ClickException(f"cannot watch {config.root} for changes: {exc}") from None


def watch_build(config: SiteConfig, options: BuildOptions) -> None:
    """Build, then rebuild on every change of the site until Ctrl-C."""
    keep_heap_compact()  # before its threads start: each build would grow the heap
    watcher, rebuilder = watch_and_rebuild(config, real_build(options), ConsoleReport())
    try:
        with stop_on_signals():  # SIGTERM stops it as Ctrl-C does
            watcher.start()
            try:
                rebuilder.rebuild()
                click.echo("watching for changes; press Ctrl-C to stop")
                wait_until_stopped()
            finally:
                with deferred():  # a second signal waits: a rebuild in progress finishes
                    watcher.stop()
    except KeyboardInterrupt:
        click.echo("stopped")
    except OSError as exc:  # the watcher could not start, e.g. inotify limits
        raise click.ClickException(f"cannot watch {config.root} for changes: {exc}") from None
