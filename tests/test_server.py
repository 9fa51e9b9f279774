"""The dev server over real HTTP: only the built site, right types, live reload events."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.config.site import SiteConfig, load_config
from newsgen.diagnostics import Diagnostic, NewsgenError, error
from newsgen.serve.connections import ServerLimits
from newsgen.serve.files import ServedSite
from newsgen.serve.livereload import EVENTS_PATH, LiveReload, SearchState, inject_reload_script
from newsgen.serve.server import BindError, DevServer, bind
from newsgen.serve.session import DevSession, serve
from newsgen.serve.watch import Batch, BuildResult
from sitegen import build, generated_site

TIMEOUT = 10.0
SECRET = "TOP SECRET: outside the output folder"
PAGE = "<!doctype html><html><head><title>Home</title></head><body><h1>Home</h1></body></html>"
NOT_FOUND_PAGE = "<!doctype html><html><body><h1>No such page</h1></body></html>"


class Recorder:
    """A quiet console: keeps the build outcomes instead of printing them."""

    def __init__(self) -> None:
        self.outcomes: list[bool] = []

    def build_succeeded(self, config: SiteConfig, result: BuildResult, changes: Batch) -> None:
        self.outcomes.append(True)

    def build_failed(self, diagnostics: tuple[Diagnostic, ...], changes: Batch) -> None:
        self.outcomes.append(False)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: http.client.HTTPMessage
    """Looked up by name in any case: HTTP header names are case-insensitive."""
    body: bytes


@pytest.fixture
def output(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.txt").write_text(SECRET, encoding="utf-8")
    build = tmp_path / "site/build"
    (build / "a").mkdir(parents=True)
    files = {
        "index.html": PAGE,
        "404.html": NOT_FOUND_PAGE,
        "a/index.html": PAGE.replace("Home", "A"),
        "style.css": "body { color: black; }\n",
        "app.js": "console.log('hi');\n",
        "feed.xml": "<?xml version='1.0' encoding='utf-8'?><feed/>\n",
        "feed.json": "{}\n",
        "robots.txt": "User-agent: *\n",
        "logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        "fragment.html": "<p>no body element</p>",
    }
    for name, text in files.items():
        (build / name).write_text(text, encoding="utf-8")
    (build / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (build / "data.bin").write_bytes(b"\x00\x01")
    (build / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (build / "leakdir").symlink_to(tmp_path / "outside", target_is_directory=True)
    (build / "alias.css").symlink_to("style.css")
    (build / ".hidden").write_text(SECRET, encoding="utf-8")
    return build


def _start(
    site: ServedSite, live: LiveReload, limits: ServerLimits | None = None
) -> Iterator[DevServer]:
    server = DevServer(("127.0.0.1", 0), site, live, limits or ServerLimits())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(output: Path) -> Iterator[DevServer]:
    yield from _start(ServedSite(output, "/"), LiveReload())


def fetch(server: DevServer, path: str, method: str = "GET") -> Reply:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=TIMEOUT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return Reply(response.status, response.msg, response.read())
    finally:
        connection.close()


class EventStream:
    """A raw client of the server-sent events endpoint."""

    def __init__(self, server: DevServer, page: str = "") -> None:
        """The stream of a page open at the URL path `page` (one that says none, if empty)."""
        host, port = server.server_address[:2]
        self.connection = http.client.HTTPConnection(str(host), port, timeout=TIMEOUT)
        told = f"?page={urllib.parse.quote(page, safe='')}" if page else ""
        self.connection.request("GET", EVENTS_PATH + told)
        self.response = self.connection.getresponse()

    def next(self) -> tuple[str, dict[str, object]]:
        """The next named event and its JSON data (skips comments and the retry hint)."""
        name, data = "", ""
        while True:
            line = self.response.readline().decode()
            if not line:
                raise EOFError("the server closed the stream")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = line.removeprefix("data: ")
            elif not line and name:
                return name, json.loads(data)

    def close(self) -> None:
        self.response.close()
        self.connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/../../secret.txt",
        "/a/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/a%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/a\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/secret.txt%00.html",
        "/index.html%00",
        "/%00",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/leakdir/",
        "/.hidden",
        "/%2ehidden",
        "/./index.html",
        "/a/./index.html",
        "http://127.0.0.1/../secret.txt",
        "/%ff%fe",
    ],
)
def test_nothing_outside_the_output_is_served(server: DevServer, path: str) -> None:
    reply = fetch(server, path)
    assert reply.status == 404
    assert SECRET.encode() not in reply.body


def test_absolute_path_of_a_real_file_is_not_served(server: DevServer, tmp_path: Path) -> None:
    reply = fetch(server, (tmp_path / "secret.txt").as_posix())
    assert reply.status == 404
    assert SECRET.encode() not in reply.body


@pytest.mark.parametrize("path", ["/no/such/page/", "/a%0ab", "/%0d%0a/x"])
def test_missing_page_gets_the_built_404_page(server: DevServer, path: str) -> None:
    reply = fetch(server, path)
    assert reply.status == 404
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.body.startswith(NOT_FOUND_PAGE.removesuffix("</body></html>").encode())
    assert b"data-newsgen-live" in reply.body


def test_missing_page_without_a_404_page(server: DevServer, output: Path) -> None:
    (output / "404.html").unlink()
    reply = fetch(server, "/nothing")
    assert (reply.status, reply.body) == (404, b"404: no such page in the built site\n")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/feed.json", "application/json; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/logo.png", "image/png"),
        ("/data.bin", "application/octet-stream"),
        ("/alias.css", "text/css; charset=utf-8"),
    ],
)
def test_content_types(server: DevServer, path: str, content_type: str) -> None:
    reply = fetch(server, path)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == content_type
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Content-Length"] == str(len(reply.body))


def test_reload_script_goes_into_html_responses_only(server: DevServer, output: Path) -> None:
    page = fetch(server, "/").body.decode()
    script_at = page.index('<script data-newsgen-live="')
    assert page.index("<h1>Home</h1>") < script_at < page.rindex("</body>")
    assert page.endswith("</body></html>")
    assert fetch(server, "/style.css").body == (output / "style.css").read_bytes()
    assert fetch(server, "/app.js").body == (output / "app.js").read_bytes()
    assert (output / "index.html").read_text(encoding="utf-8") == PAGE


def test_reload_script_is_appended_when_there_is_no_body_tag(server: DevServer) -> None:
    page = fetch(server, "/fragment.html").body.decode()
    assert page.startswith("<p>no body element</p><script data-newsgen-live=")


def test_injected_script_is_self_contained_and_builds_an_accessible_overlay() -> None:
    page = inject_reload_script(b"<body></BODY>", "abc.1").decode()
    assert page.startswith("<body><script") and page.endswith("</script>\n</BODY>")
    assert 'let build = "abc.1"' in page
    assert 'setAttribute("role", "alert")' in page
    assert "textContent" in page and "innerHTML" not in page
    assert "http" not in page and " src=" not in page


def test_folder_without_slash_redirects(server: DevServer) -> None:
    assert (fetch(server, "/a").status, fetch(server, "/a").headers["Location"]) == (301, "/a/")
    assert fetch(server, "/a?page=2").headers["Location"] == "/a/?page=2"
    assert fetch(server, "/a/").body.startswith(PAGE.replace("Home", "A")[:40].encode())
    assert fetch(server, "/a/index.html").status == 200


REDIRECTS = """/story.php /a/ 301
/old%20name/ /a/ 301
/con/ https://example.org/a/ 302
# a comment line
/rewritten/ /a/ 200
/a/ /elsewhere/ 301
/story.php /elsewhere/ 301
"""


def test_an_address_that_only_redirects_lists_redirects_as_a_static_host_would(
    server: DevServer, output: Path
) -> None:
    """Aliases that get no redirect page (an old `/story.php`, a name Windows cannot hold)
    are `_redirects` lines only: the preview follows them, the first line for a path winning,
    and a file that is there served before any line, as Netlify and Cloudflare Pages do."""
    (output / "_redirects").write_text(REDIRECTS, encoding="utf-8")
    for path, status, location in (
        ("/story.php", 301, "/a/"),
        ("/story.php?id=7", 301, "/a/?id=7"),
        ("/old%20name/", 301, "/a/"),
        ("/con/", 302, "https://example.org/a/"),
    ):
        reply = fetch(server, path)
        assert (reply.status, reply.headers["Location"]) == (status, location), path
    assert fetch(server, "/a/").status == 200
    assert fetch(server, "/rewritten/").status == 404  # a rewrite, which newsgen never writes
    assert fetch(server, "/missing.php").status == 404


def test_an_old_php_address_of_a_built_site_redirects_in_the_preview(tmp_path: Path) -> None:
    config = generated_site(tmp_path / "site", 1, "base_url: https://test.example/news/\n")
    article = config.content_path / "00000.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", "---\naliases: [/story.php]\n", 1), encoding="utf-8")
    build(config)
    assert (config.output_path / "_redirects").is_file()
    assert not (config.output_path / "story.php").exists()
    for server in _start(ServedSite.of(config), LiveReload()):
        reply = fetch(server, "/news/story.php")
        assert (reply.status, reply.headers["Location"]) == (301, "/news/2024/01/01/article-0/")
        assert fetch(server, reply.headers["Location"]).status == 200


def test_head_sends_headers_without_a_body(server: DevServer) -> None:
    full = fetch(server, "/")
    head = fetch(server, "/", method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert head.headers["Content-Length"] == str(len(full.body))
    assert head.headers["Content-Type"] == "text/html; charset=utf-8"
    missing = fetch(server, "/missing", method="HEAD")
    assert (missing.status, missing.body) == (404, b"")
    assert fetch(server, "/a", method="HEAD").headers["Location"] == "/a/"


def test_site_under_a_sub_path(output: Path) -> None:
    for server in _start(ServedSite(output, "/news/"), LiveReload()):
        assert server.url.endswith("/news/")
        assert fetch(server, "/").headers["Location"] == "/news/"
        assert fetch(server, "/news").headers["Location"] == "/news/"
        assert fetch(server, "/news/").status == 200
        assert fetch(server, "/news/a/").status == 200
        assert fetch(server, "/a/").status == 404
        assert fetch(server, "/news/../secret.txt").status == 404


def test_other_methods_are_refused(server: DevServer) -> None:
    assert fetch(server, "/", method="POST").status == 501


def test_events_announce_reloads_and_failures(server: DevServer) -> None:
    stream = EventStream(server)
    try:
        assert stream.response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
        name, data = stream.next()
        assert (name, data) == ("hello", {"build": server.live.build, "search": "ready"})
        first = server.live.build
        server.live.succeeded()
        name, data = stream.next()
        assert (name, data) == ("reload", {"build": server.live.build})
        assert server.live.build != first
        assert f'data-newsgen-live="{server.live.build}"' in fetch(server, "/").body.decode()
        failure = error("templates/article.html", 3, "unexpected '}'", "close the {% if %}")
        server.live.failed((failure,))
        name, data = stream.next()
        assert name == "error"
        assert data == {
            "diagnostics": [
                {
                    "path": "templates/article.html",
                    "line": 3,
                    "level": "error",
                    "message": "unexpected '}'",
                    "hint": "close the {% if %}",
                }
            ]
        }
    finally:
        stream.close()


def test_events_tell_how_the_background_search_update_goes(server: DevServer) -> None:
    server.live.search(SearchState.UPDATING)
    stream = EventStream(server)
    try:
        assert stream.next() == ("hello", {"build": server.live.build, "search": "updating"})
        server.live.search(SearchState.READY)
        assert stream.next() == ("search", {"state": "ready"})
        server.live.search(SearchState.FAILED)
        assert stream.next() == ("search", {"state": "failed"})
    finally:
        stream.close()


def test_a_page_opened_after_a_failure_is_told_at_once(server: DevServer) -> None:
    server.live.failed((error("content/a.md", 2, "no date"),))
    stream = EventStream(server)
    try:
        assert stream.next()[0] == "hello"
        name, data = stream.next()
        assert name == "error"
        assert data["diagnostics"] == [
            {"path": "content/a.md", "line": 2, "level": "error", "message": "no date", "hint": ""}
        ]
    finally:
        stream.close()


def test_success_clears_the_remembered_failure() -> None:
    live = LiveReload()
    live.failed((error("content/a.md", 2, "no date"),))
    live.succeeded()
    subscription = live.subscribe()
    assert subscription is not None
    assert subscription.events.get_nowait() is not None
    assert subscription.events.empty()


def test_connections_are_capped(output: Path) -> None:
    for server in _start(ServedSite(output, "/"), LiveReload(), ServerLimits(connections=2)):
        streams = [EventStream(server), EventStream(server)]
        for stream in streams:
            assert stream.next()[0] == "hello"
        assert fetch(server, "/").status == 503
        for stream in streams:
            stream.close()
        deadline = time.monotonic() + TIMEOUT
        while fetch(server, "/").status == 503 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fetch(server, "/").status == 200


def test_live_reload_subscribers_are_capped(server: DevServer) -> None:
    live = LiveReload(max_subscribers=1)
    assert live.subscribe() is not None
    assert live.subscribe() is None


def test_stopping_the_server_ends_event_streams(output: Path) -> None:
    for server in _start(ServedSite(output, "/"), LiveReload()):
        stream = EventStream(server)
        assert stream.next()[0] == "hello"
    with pytest.raises(EOFError):
        stream.next()
    stream.close()


def test_busy_port_is_a_clear_error(server: DevServer) -> None:
    port = server.server_address[1]
    with pytest.raises(BindError) as raised:
        bind("127.0.0.1", port, ServedSite(Path(), "/"), LiveReload())
    assert str(raised.value) == (
        f"port {port} on 127.0.0.1 is already in use (stop the program using it, "
        "or choose another with --port; --port 0 picks a free one)"
    )


def test_unknown_host_is_a_clear_error() -> None:
    with pytest.raises(BindError, match=r"^cannot listen on no-such-host\.invalid:0: "):
        bind("no-such-host.invalid", 0, ServedSite(Path(), "/"), LiveReload())


# The serve command: session of server, watcher and rebuilder; the command line around it.


def _fake_build(config: SiteConfig) -> BuildResult:
    """Writes the headline of content/a.md as the home page; fails on an article saying BROKEN."""
    headline = (config.content_path / "a.md").read_text(encoding="utf-8").strip()
    if "BROKEN" in headline:
        raise NewsgenError([error("content/a.md", 1, "broken article")])
    config.output_path.mkdir(exist_ok=True)
    page = f"<!doctype html><html><body><h1>{headline}</h1></body></html>"
    (config.output_path / "index.html").write_text(page, encoding="utf-8")
    return BuildResult((), "built")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    (root / "content").mkdir(parents=True)
    (root / "newsgen.yaml").write_text("title: Small\n", encoding="utf-8")
    (root / "content/a.md").write_text("First headline\n", encoding="utf-8")
    return root


def test_session_rebuilds_and_tells_the_browser(small_site: Path) -> None:
    before = set(threading.enumerate())
    session = DevSession(load_config(small_site), _fake_build, ("127.0.0.1", 0), Recorder())
    with session:
        server = session.server
        assert session.url == f"http://127.0.0.1:{server.server_address[1]}/"
        assert b"<h1>First headline</h1>" in fetch(server, "/").body
        stream = EventStream(server)
        try:
            assert stream.next()[0] == "hello"
            (small_site / "content/a.md").write_text("Second headline\n", encoding="utf-8")
            assert stream.next()[0] == "reload"
            assert b"<h1>Second headline</h1>" in fetch(server, "/").body
            (small_site / "content/a.md").write_text("BROKEN\n", encoding="utf-8")
            name, data = stream.next()
            assert (name, data["diagnostics"]) == (
                "error",
                [
                    {
                        "path": "content/a.md",
                        "line": 1,
                        "level": "error",
                        "message": "broken article",
                        "hint": "",
                    }
                ],
            )
            assert b"<h1>Second headline</h1>" in fetch(server, "/").body
            (small_site / "content/a.md").write_text("Third headline\n", encoding="utf-8")
            assert stream.next()[0] == "reload"
            assert b"<h1>Third headline</h1>" in fetch(server, "/").body
        finally:
            stream.close()
    assert set(threading.enumerate()) <= before


def test_a_failed_build_marks_a_cancelled_search_update_stale(small_site: Path) -> None:
    with DevSession(load_config(small_site), _fake_build, ("127.0.0.1", 0), Recorder()) as session:
        live = session.server.live
        stream = EventStream(session.server)
        try:
            assert stream.next()[0] == "hello"
            live.search(SearchState.UPDATING)  # as if an update ran, then a change cancelled it
            assert stream.next() == ("search", {"state": "updating"})
            (small_site / "content/a.md").write_text("BROKEN\n", encoding="utf-8")
            assert stream.next()[0] == "error"
            assert stream.next() == ("search", {"state": "stale"})
            (small_site / "content/a.md").write_text("Fixed\n", encoding="utf-8")
            assert stream.next()[0] == "reload"
            assert stream.next() == ("search", {"state": "ready"})  # no update left to run
        finally:
            stream.close()


def test_session_follows_a_new_output_folder(small_site: Path) -> None:
    with DevSession(load_config(small_site), _fake_build, ("127.0.0.1", 0), Recorder()) as session:
        stream = EventStream(session.server)
        try:
            assert stream.next()[0] == "hello"
            (small_site / "newsgen.yaml").write_text("output_dir: public\n", encoding="utf-8")
            assert stream.next()[0] == "reload"
            assert session.server.site.output == small_site.resolve() / "public"
            assert b"<h1>First headline</h1>" in fetch(session.server, "/").body
        finally:
            stream.close()


def test_serve_on_a_busy_port_is_a_clear_error(small_site: Path, server: DevServer) -> None:
    port = server.server_address[1]
    result = CliRunner().invoke(serve, ["--port", str(port)], obj=small_site)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: port {port} on 127.0.0.1 is already in use (stop the program using it, "
        "or choose another with --port; --port 0 picks a free one)\n"
    )


SERVE = (
    "import sys; from pathlib import Path; from newsgen.serve.session import serve; "
    "serve.main(sys.argv[2:], prog_name='newsgen serve', obj=Path(sys.argv[1]))"
)
WATCH = (
    "import sys; from pathlib import Path; from newsgen.builder import BuildOptions; "
    "from newsgen.config.site import load_config; from newsgen.serve.session import watch_build; "
    "watch_build(load_config(Path(sys.argv[1])), BuildOptions())"
)


def _interrupt_when(program: str, site: Path, ready: str, *args: str) -> tuple[str, str, str]:
    """Run a program until it prints `ready`, then press Ctrl-C; (ready line, stdout, stderr)."""
    # Started from a script in the background, the tests may inherit an ignored SIGINT; in a
    # terminal, Ctrl-C reaches Python's default handler, so the child gets that one back.
    restore = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    command = [sys.executable, "-u", "-c", restore + program, str(site), *args]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        guard = threading.Timer(60, child.kill)  # a hung child fails the test, never the suite
        guard.start()
        try:
            assert child.stdout is not None
            lines = iter(child.stdout.readline, "")
            ready_line = next((line for line in lines if line.startswith(ready)), "")
            child.send_signal(signal.SIGINT)
            rest, errors = child.communicate()
        finally:
            guard.cancel()
    assert child.returncode == 0, errors
    assert "Traceback" not in errors
    return ready_line, rest, errors


def test_serve_stops_cleanly_on_ctrl_c(small_site: Path) -> None:
    ready, rest, _ = _interrupt_when(SERVE, small_site, "serving ", "--port", "0")
    assert re.fullmatch(
        r"serving http://127\.0\.0\.1:\d+/ \(local only; --host 0\.0\.0\.0 to share\)\n", ready
    )
    assert rest.endswith("stopped\n")


def test_watch_build_stops_cleanly_on_ctrl_c(small_site: Path) -> None:
    ready, rest, _ = _interrupt_when(WATCH, small_site, "watching for changes")
    assert ready == "watching for changes; press Ctrl-C to stop\n"
    assert rest == "stopped\n"
