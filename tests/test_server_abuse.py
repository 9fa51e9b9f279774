"""The dev server under abuse, over real sockets on 127.0.0.1: it stays up and answers others."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from newsgen.plan.urls import output_file
from newsgen.runtime.interrupts import Interrupted, stop_on_signals
from newsgen.serve.connections import ServerLimits
from newsgen.serve.files import ServedSite, open_beneath
from newsgen.serve.hosts import HostPolicy, host_name
from newsgen.serve.livereload import EVENTS_PATH, LiveReload
from newsgen.serve.server import DevServer
from newsgen.serve.session import serve, wait_until_stopped

SECRET = b"TOP SECRET: outside the output folder"
PAGE = b"<!doctype html><html><body><h1>Home</h1></body></html>"
CLIENT_TIMEOUT = 20.0
"""How long a test client waits for an answer; far below the server's own deadlines when the
test is about an answer that must come at once, so that waiting for a deadline fails it."""
PATIENT = ServerLimits(request_seconds=120.0)
"""A server that would wait two minutes for a request: any answer before that is not a timeout."""
BIG_FILE = 8 << 20


@pytest.fixture
def output(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.txt").write_bytes(SECRET)
    build = tmp_path / "site/build"
    (build / "a").mkdir(parents=True)
    (build / "index.html").write_bytes(PAGE)
    (build / "a/index.html").write_bytes(PAGE)
    with (build / "big.bin").open("wb") as big:
        big.truncate(BIG_FILE)  # sparse: 8 MB of zeros that take no disk
    (build / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (build / "leakdir").symlink_to(tmp_path / "outside", target_is_directory=True)
    (build / "up").symlink_to("..", target_is_directory=True)
    (build / "loop").symlink_to("loop")
    os.mkfifo(build / "pipe.txt")
    return build


@pytest.fixture
def start(output: Path) -> Iterator[Callable[[ServerLimits], DevServer]]:
    """Starts servers on free ports of 127.0.0.1; each is stopped and joined after the test."""
    running: list[DevServer] = []

    def start(limits: ServerLimits = PATIENT) -> DevServer:
        server = DevServer(("127.0.0.1", 0), ServedSite(output, "/"), LiveReload(), limits)
        server.start()
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()


@pytest.fixture
def server(start: Callable[[ServerLimits], DevServer]) -> DevServer:
    return start(PATIENT)


def connect(server: DevServer) -> socket.socket:
    port = server.server_address[1]
    return socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT)


def read_all(client: socket.socket) -> bytes:
    """Everything the server sends until it closes (a reset after an answer keeps the answer)."""
    received = b""
    while True:
        try:
            chunk = client.recv(1 << 16)
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk


def exchange(server: DevServer, request: bytes) -> bytes:
    """Send the request (from a thread: a refused one may never be read) and read the answer."""
    with connect(server) as client:

        def send() -> None:
            try:
                client.sendall(request)
            except OSError:  # the server answered and closed before reading it all
                return

        sender = threading.Thread(target=send)
        sender.start()
        answer = read_all(client)
        with contextlib.suppress(OSError):  # unblocks the sender; already closed after a reset
            client.shutdown(socket.SHUT_RDWR)
        sender.join()
        return answer


def status(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    assert match, answer[:200]
    return int(match.group(1))


def get(server: DevServer, target: str) -> bytes:
    return exchange(server, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"))


def assert_still_serving(server: DevServer) -> None:
    answer = get(server, "/")
    assert status(answer) == 200
    assert answer.endswith(b"</body></html>")


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + CLIENT_TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.02)


# Traversal, in every encoding: only files under the output root are ever served.

TRAVERSALS = [
    "/../secret.txt",
    "/../../../../../../../../etc/passwd",
    "/a/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/%2e./secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/a%2f..%2f..%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/%25252e%25252e/secret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "/..%5Csecret.txt",
    "/a\\..\\..\\secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%c0%ae%c0%ae%c0%afsecret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/%c1%9c..%c1%9csecret.txt",
    "/%ef%bc%8e%ef%bc%8e/secret.txt",
    "/..%00/secret.txt",
    "/secret.txt%00.html",
    "/index.html%00",
    "/%00",
    "//secret.txt",
    "//etc/passwd",
    "//127.0.0.1/../secret.txt",
    "/C:/Windows/win.ini",
    "/C:%5cWindows%5cwin.ini",
    "/c:../secret.txt",
    "/index.html::$DATA",
    "/leak.txt",
    "/leakdir/secret.txt",
    "/leakdir/",
    "/up/secret.txt",
    "/up/outside/secret.txt",
    "/loop",
    "/pipe.txt",
    "/.%2e/.%2e/secret.txt",
    "http://127.0.0.1/../secret.txt",
    "http://127.0.0.1/%2e%2e/secret.txt",
    "/%ff%fe",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_traversal_is_not_found(server: DevServer, target: str) -> None:
    answer = get(server, target)
    assert status(answer) == 404
    assert SECRET not in answer
    assert_still_serving(server)


@pytest.mark.parametrize(
    "target",
    ["../secret.txt", "..\\secret.txt", "C:\\Windows\\win.ini", "C:/Windows", "file:///etc/passwd"],
)
def test_target_that_is_not_a_path_is_a_bad_request(server: DevServer, target: str) -> None:
    answer = get(server, target)
    assert status(answer) == 400
    assert SECRET not in answer


def test_absolute_file_system_path_is_not_found(server: DevServer, tmp_path: Path) -> None:
    for secret in (tmp_path / "secret.txt", tmp_path / "outside/secret.txt"):
        answer = get(server, secret.as_posix())
        assert status(answer) == 404
        assert SECRET not in answer


def test_raw_nul_byte_in_the_target_is_a_bad_request(server: DevServer) -> None:
    answer = exchange(server, b"GET /index.html\0/../../secret.txt HTTP/1.0\r\n\r\n")
    assert status(answer) == 400
    assert SECRET not in answer


def test_fifo_is_not_opened(server: DevServer, output: Path) -> None:
    """A named pipe in the output would block an open() forever: it is simply not a page."""
    assert status(get(server, "/pipe.txt")) == 404
    assert_still_serving(server)


def test_large_files_are_streamed_whole(server: DevServer) -> None:
    answer = get(server, "/big.bin")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert status(head) == 200
    assert f"content-length: {BIG_FILE}".encode() in head.lower()
    assert body == b"\0" * BIG_FILE


# Very long URLs and headers: refused at once, with the right status, and no traceback.


@pytest.mark.parametrize(
    ("request_bytes", "code"),
    [
        pytest.param(b"GET /" + b"a" * 9000 + b" HTTP/1.0\r\n\r\n", 414, id="9 KB URL"),
        pytest.param(b"GET /" + b"a" * (1 << 20) + b" HTTP/1.0\r\n\r\n", 400, id="1 MB URL"),
        pytest.param(b"GET /" + b"a/" * 4000 + b" HTTP/1.0\r\n\r\n", 404, id="4000 folders"),
        pytest.param(b"GET /" + b"a" * 4000 + b" HTTP/1.0\r\n\r\n", 404, id="4000-byte name"),
        pytest.param(
            b"GET / HTTP/1.0\r\nX-Long: " + b"a" * 40000 + b"\r\n\r\n", 431, id="40 KB header"
        ),
        pytest.param(
            b"GET / HTTP/1.0\r\nX-Long: " + b"a" * (1 << 20) + b"\r\n\r\n", 400, id="1 MB header"
        ),
        pytest.param(b"GET / HTTP/1.0\r\n" + b"X: a\r\n" * 200 + b"\r\n", 431, id="200 headers"),
        pytest.param(
            b"GET / HTTP/1.0\r\nX: " + b"a" * 1000 + b"\r\n" + b"Y: b\r\n" * 90 + b"\r\n",
            200,
            id="within limits",
        ),
        pytest.param(
            b"GET / HTTP/1.0\r\n" + (b"X: " + b"a" * 1000 + b"\r\n") * 40 + b"\r\n",
            431,
            id="40 KB in 40 headers",
        ),
    ],
)
def test_long_requests_are_answered_at_once(
    server: DevServer, capfd: pytest.CaptureFixture[str], request_bytes: bytes, code: int
) -> None:
    assert status(exchange(server, request_bytes)) == code
    assert_still_serving(server)
    assert "Traceback" not in capfd.readouterr().err


# Malformed requests: an error status with a status line, the server stays up.


@pytest.mark.parametrize(
    ("request_bytes", "code"),
    [
        pytest.param(b"FOO / HTTP/1.0\r\n\r\n", 501, id="unknown method"),
        pytest.param(b"POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello", 501, id="POST"),
        pytest.param(b"DELETE /index.html HTTP/1.1\r\n\r\n", 400, id="HTTP/1.1 without Host"),
        pytest.param(b"DELETE /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501, id="DELETE"),
        pytest.param(b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501, id="OPTIONS *"),
        pytest.param(b"GET / HTTP/9.9\r\n\r\n", 505, id="HTTP/9.9"),
        pytest.param(b"GET / HTTP/2.0\r\n\r\n", 505, id="HTTP/2.0"),
        pytest.param(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, id="HTTP/2 preface"),
        pytest.param(b"GET / FOO/1.0\r\n\r\n", 400, id="not HTTP"),
        pytest.param(b"GET / HTTP/1\r\n\r\n", 400, id="no minor version"),
        pytest.param(b"GET / HTTP/1.1.1\r\n\r\n", 400, id="three numbers"),
        pytest.param(b"GET / HTTP/1.0 extra words\r\n\r\n", 400, id="too many words"),
        pytest.param(b"GET\r\n\r\n", 400, id="no target"),
        pytest.param(b"\r\n\r\n", 400, id="blank line"),
        pytest.param(bytes(range(256)) + b"\r\n\r\n", 400, id="every byte"),
        pytest.param(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\0" * 64, 400, id="TLS"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: [\r\n\r\n", 403, id="bad Host"),
        pytest.param(b"GET http://[/ HTTP/1.0\r\n\r\n", 403, id="bad IPv6 host in target"),
        pytest.param(b"GET //[::1/x HTTP/1.0\r\n\r\n", 404, id="IPv6-looking path"),
        pytest.param(b"GET / HTTP/1.0\r\nno colon here\r\n\r\n", 400, id="header without colon"),
        pytest.param(b"GET / HTTP/1.0\r\nX: a\r\n folded\r\n\r\n", 200, id="folded header"),
        pytest.param(b"GET / HTTP/1.0\r\n\xff\xfe: \x00\x01\r\n\r\n", 400, id="binary header"),
        pytest.param(b"GET /\xc3\xa9\xff HTTP/1.0\r\n\r\n", 400, id="raw 8-bit target"),
        pytest.param(
            b"GET / HTTP/1.0\r\nContent-Length: 99999999999\r\n\r\n", 200, id="huge body claimed"
        ),
        pytest.param(b"GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n", 200, id="Expect"),
        pytest.param(b"GET /?" + b"%" * 100 + b" HTTP/1.0\r\n\r\n", 200, id="bad query"),
    ],
)
def test_malformed_requests_get_an_error_and_the_server_stays_up(
    server: DevServer, capfd: pytest.CaptureFixture[str], request_bytes: bytes, code: int
) -> None:
    answer = exchange(server, request_bytes)
    assert status(answer) == code
    assert b"FOO" not in answer and b"\x16\x03" not in answer  # nothing sent is echoed
    assert_still_serving(server)
    assert "Traceback" not in capfd.readouterr().err


def test_client_that_leaves_mid_request_is_forgotten(server: DevServer) -> None:
    for partial in (b"", b"GET", b"GET / HTTP/1.0\r\n", b"GET / HTTP/1.0\r\nHost: x"):
        with connect(server) as client:
            client.sendall(partial)
    wait_until(lambda: server.connections == 0, "the abandoned connections' threads ended")
    assert_still_serving(server)


# Symlinks: those the site keeps inside build/ work; none leads out, even swapped in mid-request.


@pytest.fixture
def linked(output: Path, tmp_path: Path) -> Path:
    """Folders and symlinks inside build/, and an outside folder shaped like them."""
    for folder in (output / "sub", output / "a/sub", tmp_path / "outside/sub"):
        folder.mkdir(parents=True, exist_ok=True)
    for folder in (output, output / "sub", output / "a/sub"):
        (folder / "page.txt").write_bytes(b"inside page\n")
    (output / "a/sub/index.html").write_bytes(PAGE)
    for folder in (tmp_path / "outside", tmp_path / "outside/sub"):
        (folder / "page.txt").write_bytes(SECRET)
    (tmp_path / "outside/sub/index.html").write_bytes(SECRET)
    (output / "latest").symlink_to("a", target_is_directory=True)
    (output / "a/home.html").symlink_to("../index.html")
    (output / "a/abs.txt").symlink_to(output / "page.txt")
    (output / "chain1.txt").symlink_to("chain2.txt")
    (output / "chain2.txt").symlink_to("sub/../latest/sub/page.txt")
    (output / "a/roundtrip.txt").symlink_to("../../build/page.txt")
    (output / "abs-out.txt").symlink_to(tmp_path / "outside/page.txt")
    (output / "abs-dotdot.txt").symlink_to(output / "a/../../outside/page.txt")
    (output / "ping").symlink_to("pong")
    (output / "pong").symlink_to("ping")
    return output


@pytest.mark.parametrize(
    ("target", "code", "body"),
    [
        ("/latest/index.html", 200, b"<h1>Home</h1>"),
        ("/latest/", 200, b"<h1>Home</h1>"),
        ("/latest/sub/page.txt", 200, b"inside page\n"),
        ("/a/home.html", 200, b"<h1>Home</h1>"),
        ("/a/abs.txt", 200, b"inside page\n"),
        ("/chain1.txt", 200, b"inside page\n"),
        ("/latest", 301, b""),
        ("/a/roundtrip.txt", 404, b""),
        ("/abs-out.txt", 404, b""),
        ("/abs-dotdot.txt", 404, b""),
        ("/ping", 404, b""),
        ("/up/site/build/page.txt", 404, b""),
        ("/leakdir/sub/page.txt", 404, b""),
    ],
)
def test_symlinks_inside_the_output_work_and_no_others(
    linked: Path, server: DevServer, target: str, code: int, body: bytes
) -> None:
    answer = get(server, target)
    assert status(answer) == code
    assert body in answer.partition(b"\r\n\r\n")[2]
    assert SECRET not in answer


def test_a_html_symlink_is_served_as_its_target_is(linked: Path, server: DevServer) -> None:
    answer = get(server, "/a/home.html")
    assert b"content-type: text/html; charset=utf-8\r\n" in answer.lower()
    assert b"data-newsgen-live" in answer


def test_an_output_folder_reached_through_a_symlink_is_served(linked: Path, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(linked, target_is_directory=True)
    for name in ("page.txt", "a/abs.txt", "latest/sub/page.txt"):
        opened = open_beneath(tmp_path / "alias", PurePosixPath(name))
        assert not isinstance(opened, str) and opened is not None
        with opened.stream as stream:
            assert stream.read() == b"inside page\n"
    assert open_beneath(tmp_path / "alias", PurePosixPath("abs-out.txt")) is None


def test_a_chain_of_symlinks_is_followed_up_to_forty(output: Path) -> None:
    (output / "link0").write_bytes(b"end of the chain")
    for index in range(1, 42):
        (output / f"link{index}").symlink_to(f"link{index - 1}")
    assert open_beneath(output, PurePosixPath("link40")) is not None
    assert open_beneath(output, PurePosixPath("link41")) is None


def open_descriptors() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_walking_paths_leaves_no_descriptor_open(linked: Path, server: DevServer) -> None:
    targets = ["/latest/sub/page.txt", "/chain1.txt", "/latest", "/abs-out.txt", "/ping", "/x"]
    assert_still_serving(server)
    wait_until(lambda: server.connections == 0, "the first request's thread ended")
    before = open_descriptors()
    for _ in range(20):
        for target in targets:
            get(server, target)
    wait_until(lambda: open_descriptors() <= before, "every descriptor closed")


def swap_to_outside(link: Path, outside: Path) -> None:
    """Replace a folder or file of the build by a symlink to `outside`, as an attacker would."""
    link.rename(link.with_name(link.name + ".moved"))
    link.symlink_to(outside, target_is_directory=outside.is_dir())


@pytest.mark.parametrize(
    ("target", "swapped", "outside", "relative"),
    [
        ("/sub/page.txt", "sub", "outside/sub", False),
        ("/sub/page.txt", "sub", "outside/sub", True),
        ("/a/sub/page.txt", "a", "outside", False),
        ("/a/sub/page.txt", "a/sub", "outside/sub", True),
        ("/a/sub/page.txt", "a/sub/page.txt", "outside/page.txt", False),
        ("/a/sub/", "a/sub", "outside/sub", False),
    ],
)
def test_a_symlink_swapped_in_between_check_and_open_is_not_followed(
    linked: Path,
    server: DevServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    swapped: str,
    outside: str,
    relative: bool,
) -> None:
    """The swap happens at the server's first open() for the request, after any check that
    looks at the path as it was: by then every component must be opened without following."""
    assert status(get(server, target)) == 200  # before the swap: an ordinary page
    destination = tmp_path / outside
    if relative:
        destination = Path(os.path.relpath(destination, (linked / swapped).parent))
    real_open = os.open
    swaps: list[str] = []

    def open_after_swap(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if not swaps:
            swaps.append(swapped)
            swap_to_outside(linked / swapped, destination)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("newsgen.serve.files.os.open", open_after_swap)
    answer = get(server, target)
    assert swaps == [swapped]
    assert (linked / output_file(target)).read_bytes() == SECRET  # what following would read
    assert status(answer) == 404
    assert SECRET not in answer


# Slow clients: deadlines, and never at the expense of the others.


def trickle(client: socket.socket, data: bytes, pause: float) -> None:
    """Send one byte at a time; stop quietly when the server has closed the connection."""
    for index in range(len(data)):
        try:
            client.sendall(data[index : index + 1])
        except OSError:
            return
        time.sleep(pause)


def test_a_request_sent_byte_by_byte_does_not_hold_up_others(server: DevServer) -> None:
    request = b"GET /a/ HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n"
    with connect(server) as slow:
        sender = threading.Thread(target=trickle, args=(slow, request, 0.02))
        sender.start()
        while sender.is_alive():
            assert_still_serving(server)  # answered while the slow request is still coming
        sender.join()
        assert status(read_all(slow)) == 200  # and the slow one is served in the end


def test_a_request_that_trickles_past_its_deadline_is_closed(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    server = start(ServerLimits(request_seconds=0.3))
    began = time.monotonic()
    with connect(server) as slow:
        sender = threading.Thread(target=trickle, args=(slow, b"GET / HTTP/1.0\r\n" * 1000, 0.01))
        sender.start()
        answer = read_all(slow)  # closed, without an answer, long before the request is sent
        sender.join()
    assert answer == b""
    assert time.monotonic() - began < 5
    assert_still_serving(server)


def test_an_idle_connection_is_closed_without_an_answer(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    server = start(ServerLimits(request_seconds=0.3))
    with connect(server) as idle:
        assert read_all(idle) == b""  # closed by the server: recv would otherwise time out
    wait_until(lambda: server.connections == 0, "the idle connection's thread ended")


def test_a_client_that_does_not_read_is_dropped(start: Callable[[ServerLimits], DevServer]) -> None:
    server = start(ServerLimits(send_seconds=0.3))
    with connect(server) as stuck:
        stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stuck.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
        wait_until(lambda: server.connections == 0, "the stuck download's thread ended")
        assert_still_serving(server)


def test_idle_connections_make_room_for_real_requests(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    server = start(ServerLimits(connections=4, request_seconds=120.0, stale_seconds=0.0))
    idle = [connect(server) for _ in range(4)]
    try:
        wait_until(lambda: server.connections == 4, "four idle connections took every slot")
        assert_still_serving(server)  # the oldest idle connection was dropped to make room
        assert read_all(idle[0]) == b""
        for client in idle[1:]:  # the others are still open, and the newcomer's slot is free
            client.setblocking(False)
            with pytest.raises(BlockingIOError):
                client.recv(1)
        assert_still_serving(server)
    finally:
        for client in idle:
            client.close()


def test_busy_connections_are_not_dropped_for_newcomers(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    """Only a connection still sending its request after stale_seconds may be dropped."""
    server = start(ServerLimits(connections=2, request_seconds=120.0, stale_seconds=600.0))
    idle = [connect(server) for _ in range(2)]
    try:
        wait_until(lambda: server.connections == 2, "two idle connections took every slot")
        answer = get(server, "/")
        assert status(answer) == 503
    finally:
        for client in idle:
            client.close()
    wait_until(lambda: server.connections == 0, "the idle connections' threads ended")
    assert_still_serving(server)


# Many connections at once: threads stay bounded, everyone gets an answer.


def test_threads_stay_bounded_under_a_flood_of_connections(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    """Connections wait on one event loop, not a thread each; beyond the limit a newcomer is
    refused as it connects, and the connections that came first are served while it lasts."""
    server = start(ServerLimits(connections=8, request_seconds=120.0, stale_seconds=600.0))
    before = threading.active_count()
    clients = []
    try:
        for _ in range(100):
            clients.append(connect(server))
        refused = [read_all(client) for client in clients[8:]]
        assert [status(answer) for answer in refused] == [503] * 92
        assert all(b"retry-after: 1\r\n" in answer.lower() for answer in refused)
        assert threading.active_count() == before
        for client in clients[:8]:
            client.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert status(read_all(client)) == 200
    finally:
        for client in clients:
            client.close()
    wait_until(lambda: server.connections == 0, "every connection closed")
    assert_still_serving(server)


def test_a_burst_of_requests_is_answered(
    start: Callable[[ServerLimits], DevServer], capfd: pytest.CaptureFixture[str]
) -> None:
    server = start(ServerLimits(connections=16))
    before = threading.active_count()
    statuses: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(20):
            code = status(get(server, "/a/"))
            with lock:
                statuses.append(code)

    clients = [threading.Thread(target=client) for _ in range(24)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    assert len(statuses) == 480
    assert set(statuses) <= {200, 503}
    assert statuses.count(200) > 0
    assert threading.active_count() == before  # the clients' threads ended; the server has none
    assert_still_serving(server)
    assert "Traceback" not in capfd.readouterr().err


def test_stopping_the_server_ends_connections_still_sending(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    server = start(ServerLimits(request_seconds=600.0))
    with connect(server) as slow:
        slow.sendall(b"GET / HTTP/1.0\r\n")
        wait_until(lambda: server.connections == 1, "the slow connection was accepted")
        server.stop()
        assert read_all(slow) == b""
    assert server.connections == 0


def test_stopping_the_server_ends_a_download_nobody_reads(
    start: Callable[[ServerLimits], DevServer],
) -> None:
    server = start(ServerLimits(send_seconds=600.0))
    with connect(server) as stuck:
        stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stuck.sendall(b"GET /big.bin HTTP/1.0\r\n\r\n")
        wait_until(lambda: server.connections == 1, "the download started")
        server.stop()
        assert server.connections == 0


def test_a_redirect_keeps_the_query_encoded(server: DevServer) -> None:
    answer = get(server, "/a?x%0d%0aSet-Cookie:%20evil=1")
    head = answer.partition(b"\r\n\r\n")[0].lower() + b"\r\n"
    assert status(answer) == 301
    assert b"\r\nlocation: /a/?x%0d%0aset-cookie:%20evil=1\r\n" in head
    assert b"\r\nset-cookie" not in head


# DNS rebinding: a hostile page's own name pointed at 127.0.0.1 still arrives as its Host.


def get_as(server: DevServer, host: str, target: str = "/", method: str = "GET") -> bytes:
    request = f"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    return exchange(server, request.encode("latin-1"))


REFUSED_HOSTS = [
    "evil.example",
    "evil.example:8000",
    "EVIL.Example.",
    "127.0.0.1.evil.example",
    "localhost.evil.example",
    "localhost.evil.example.:80",
    "notlocalhost",
    "localhostx",
    "mybox.lan",
    "127.1",
    "0x7f.0.0.1",
    "2130706433",
    "::1",
    "[::1",
    "[evil.example]",
    "[::1]x",
    "127.0.0.1:80:80",
    "127.0.0.1:http",
    "evil.example:123456",
    "localhost..",
    "evil example",
    "évil.example",
]
ALLOWED_HOSTS = [
    "127.0.0.1",
    "127.0.0.1:8000",
    "127.0.0.1.",
    "192.168.1.20:80",
    "0.0.0.0",
    "localhost",
    "LocalHost:8000",
    "localhost.",
    "localhost.:8000",
    "localhost:",
    "[::1]",
    "[::1]:8000",
    "[::FFFF:127.0.0.1]",
    "[fe80::1%25eth0]:8000",
    "foo.localhost",
    "Foo.Bar.LOCALHOST.:8000",
]


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_a_rebinding_host_is_refused(server: DevServer, host: str) -> None:
    answer = get_as(server, host)
    assert status(answer) == 403
    assert b"<h1>Home</h1>" not in answer
    assert answer.endswith(b"\n") and b"403: " in answer
    assert_still_serving(server)


@pytest.mark.parametrize("host", ALLOWED_HOSTS)
def test_local_hosts_and_ip_literals_are_answered(server: DevServer, host: str) -> None:
    answer = get_as(server, host)
    assert status(answer) == 200
    assert b"<h1>Home</h1>" in answer


def test_the_refusal_names_the_host_and_how_to_allow_it(server: DevServer) -> None:
    body = get_as(server, "Evil.Example.:8000").partition(b"\r\n\r\n")[2]
    assert b"'Evil.Example.:8000' is not allowed" in body
    assert b"newsgen serve --allow-host evil.example\n" in body


def test_a_garbled_host_is_refused_without_being_repeated(server: DevServer) -> None:
    answer = get_as(server, "<script>x</script>")
    assert status(answer) == 403
    assert b"<script>" not in answer
    assert b"this Host header is not allowed" in answer


def test_a_missing_host_is_answered(server: DevServer) -> None:
    answer = exchange(server, b"GET / HTTP/1.0\r\n\r\n")
    assert status(answer) == 200 and b"<h1>Home</h1>" in answer


def test_two_host_headers_are_a_bad_request(server: DevServer) -> None:
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n"
    answer = exchange(server, request)
    assert status(answer) == 400
    assert b"<h1>Home</h1>" not in answer


def test_head_is_refused_without_a_body(server: DevServer) -> None:
    head, _, body = get_as(server, "evil.example", method="HEAD").partition(b"\r\n\r\n")
    assert status(head) == 403 and body == b""


@pytest.mark.parametrize(
    "target",
    ["http://evil.example/", "http://evil.example:8000/a/", "http://127.0.0.1@evil.example/"],
)
def test_the_host_of_a_full_url_target_is_checked_too(server: DevServer, target: str) -> None:
    answer = get_as(server, "127.0.0.1", target)
    assert status(answer) == 403
    assert b"<h1>Home</h1>" not in answer


def test_a_full_url_target_naming_a_local_host_is_answered(server: DevServer) -> None:
    assert status(get_as(server, "localhost", "http://LOCALHOST:8000/a/")) == 200


@pytest.fixture
def allowing(output: Path) -> Iterator[DevServer]:
    """A server started as with `--allow-host mybox.lan --allow-host .tunnel.example.`."""
    hosts = HostPolicy.of(("MyBox.lan", ".tunnel.example."))
    server = DevServer(("127.0.0.1", 0), ServedSite(output, "/"), LiveReload(), PATIENT, hosts)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("host", "code"),
    [
        ("mybox.lan", 200),
        ("MYBOX.LAN.:8000", 200),
        ("tunnel.example", 200),
        ("a.b.tunnel.example:443", 200),
        ("localhost", 200),
        ("127.0.0.1", 200),
        ("other.lan", 403),
        ("evilmybox.lan", 403),
        ("mybox.lan.evil.example", 403),
        ("xtunnel.example", 403),
        ("tunnel.example.evil", 403),
    ],
)
def test_allowed_names_are_answered_and_no_others(
    allowing: DevServer, host: str, code: int
) -> None:
    assert status(get_as(allowing, host)) == code


def test_the_name_listened_on_is_answered(output: Path) -> None:
    server = DevServer(("localhost", 0), ServedSite(output, "/"), LiveReload(), PATIENT)
    assert server.hosts.allows("localhost:1")
    server.stop()
    named = HostPolicy.of(("mybox.lan",))
    assert named.allows("mybox.lan") and not HostPolicy().allows("mybox.lan")


def read_until(client: socket.socket, marker: bytes) -> bytes:
    """What the server sent up to and including `marker`, or everything until it closed."""
    received = b""
    while marker not in received:
        chunk = client.recv(1 << 16)
        if not chunk:
            break
        received += chunk
    return received


def open_events(server: DevServer, headers: str, version: str = "1.1") -> bytes:
    """Ask for the live-reload stream; the answer's start (the first event, or a refusal)."""
    with connect(server) as client:
        request = f"GET {EVENTS_PATH} HTTP/{version}\r\n{headers}\r\n"
        client.sendall(request.encode("latin-1"))
        return read_until(client, b"event: hello\n")


def test_the_reload_channel_refuses_a_rebinding_host(server: DevServer) -> None:
    answer = open_events(server, "Host: evil.example:8000\r\n")
    assert status(answer) == 403
    assert b"event:" not in answer
    assert b"--allow-host evil.example" in answer


def test_the_reload_channel_answers_a_local_host(server: DevServer) -> None:
    port = server.server_address[1]
    answer = open_events(server, f"Host: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n")
    assert status(answer) == 200
    assert b"text/event-stream" in answer and b"event: hello\n" in answer


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:1", "http://evil.example", "null", "https://127.0.0.1:{port}", "x"],
)
def test_the_reload_channel_refuses_other_origins(server: DevServer, origin: str) -> None:
    port = server.server_address[1]
    origin = origin.format(port=port)
    answer = open_events(server, f"Host: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n")
    assert status(answer) == 403
    assert b"event:" not in answer
    assert_still_serving(server)


def test_the_reload_channel_checks_the_origin_when_no_host_is_sent(server: DevServer) -> None:
    assert status(open_events(server, "Origin: http://evil.example\r\n", "1.0")) == 403
    assert status(open_events(server, "Origin: http://127.0.0.1:1\r\n", "1.0")) == 200


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("Example.COM.", "example.com"),
        ("example.com:8000", "example.com"),
        ("[::1]:80", "[::1]"),
        ("[::1]]", None),
        ("a b", None),
        ("", None),
        (":80", None),
    ],
)
def test_host_names_are_normalized(host: str, name: str | None) -> None:
    assert host_name(host) == name


@pytest.mark.parametrize(
    "name", ["http://mybox.lan", "mybox.lan:8000", "mybox.lan/x", "my box", "", "*", "[::1]"]
)
def test_allow_host_takes_only_a_host_name(name: str) -> None:
    result = CliRunner().invoke(serve, ["--allow-host", name])
    assert result.exit_code == 2
    assert "is not a host name" in result.output
    assert "Traceback" not in result.output


# `newsgen serve` as a real process: SIGTERM and Ctrl-C stop it cleanly.

SERVE_AND_LIST_THREADS = """
import sys, threading
from newsgen.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="newsgen", standalone_mode=False)
finally:
    left = sorted(t.name for t in threading.enumerate() if t is not threading.main_thread())
    print("threads left:", left, file=sys.stderr)
"""


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    (root / "content").mkdir(parents=True)
    (root / "newsgen.yaml").write_text(
        "title: Abuse Times\nbase_url: https://abuse.example/\ntimezone: UTC\nsearch: false\n",
        encoding="utf-8",
    )
    (root / "content/a.md").write_text(
        "---\ntitle: First headline\ndate: 2024-01-01T09:00:00Z\n---\nBody.\n", encoding="utf-8"
    )
    return root


def _serve(site: Path, *args: str) -> subprocess.Popen[str]:
    # Started in the background, a test run may ignore SIGINT; a terminal's Ctrl-C would not.
    restore = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    command = [sys.executable, "-c", restore + SERVE_AND_LIST_THREADS, "--site", str(site), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_cleanly_on_a_signal_with_clients_connected(
    small_site: Path, signum: signal.Signals
) -> None:
    child = _serve(small_site, "serve", "--port", "0")
    guard = threading.Timer(120, child.kill)  # a hung child fails the test, never the suite
    guard.start()
    try:
        assert child.stdout is not None
        while not (line := child.stdout.readline()).startswith("serving http://127.0.0.1:"):
            assert line, child.communicate()
        port = int(re.findall(r":(\d+)/", line)[0])
        host = ("127.0.0.1", port)
        with socket.create_connection(host, timeout=CLIENT_TIMEOUT) as page:
            page.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert status(read_all(page)) == 200
        events = socket.create_connection(host, timeout=CLIENT_TIMEOUT)
        events.sendall(b"GET /__newsgen__/events HTTP/1.0\r\n\r\n")
        stream = b""
        while b"event: hello" not in stream:
            chunk = events.recv(4096)
            assert chunk, stream
            stream += chunk
        slow = socket.create_connection(host, timeout=CLIENT_TIMEOUT)
        slow.sendall(b"GET / HTTP/1.0\r\nHost: 127.0")
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=60)
        read_all(events)  # the stream ends (else the read times out and fails the test)
        events.close()
        slow.close()
    finally:
        guard.cancel()
    assert child.returncode == 0, stderr
    assert stdout.endswith("stopped\n")
    assert "Traceback" not in stderr
    assert stderr.endswith("threads left: []\n")


def test_serve_answers_the_names_given_with_allow_host(small_site: Path) -> None:
    args = ("--allow-host", "mybox.lan", "--allow-host", ".tunnel.example")
    child = _serve(small_site, "serve", "--port", "0", *args)
    guard = threading.Timer(120, child.kill)  # a hung child fails the test, never the suite
    guard.start()
    try:
        assert child.stdout is not None
        while not (line := child.stdout.readline()).startswith("serving http://127.0.0.1:"):
            assert line, child.communicate()
        port = int(re.findall(r":(\d+)/", line)[0])
        answers = {}
        for host in ("mybox.lan", f"a.tunnel.example:{port}", "other.lan", "localhost"):
            with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT) as client:
                client.sendall(f"GET / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
                answers[host] = read_all(client)
        child.send_signal(signal.SIGTERM)
        child.communicate(timeout=60)
    finally:
        guard.cancel()
    assert {host: status(answer) for host, answer in answers.items()} == {
        "mybox.lan": 200,
        f"a.tunnel.example:{port}": 200,
        "other.lan": 403,
        "localhost": 200,
    }
    assert b"First headline" in answers["mybox.lan"]
    assert b"--allow-host other.lan" in answers["other.lan"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_build_watch_stops_cleanly_on_a_signal(small_site: Path, signum: signal.Signals) -> None:
    child = _serve(small_site, "build", "--watch")
    guard = threading.Timer(120, child.kill)
    guard.start()
    try:
        assert child.stdout is not None
        while not (line := child.stdout.readline()).startswith("watching for changes"):
            assert line, child.communicate()
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=60)
    finally:
        guard.cancel()
    assert child.returncode == 0, stderr
    assert stdout.endswith("stopped\n")
    assert "Traceback" not in stderr
    assert stderr.endswith("threads left: []\n")


def test_a_signal_that_reaches_another_thread_still_stops_the_wait() -> None:
    """The kernel may hand SIGTERM to any thread; the main one must not sleep through it."""
    rescued = threading.Event()

    def rescue() -> None:  # the old hour-long sleep would only end here
        rescued.set()
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)

    def signal_this_thread() -> None:
        time.sleep(0.5)  # so that the main thread is asleep by then
        signal.pthread_kill(threading.get_ident(), signal.SIGTERM)

    worker = threading.Thread(target=signal_this_thread)
    guard = threading.Timer(CLIENT_TIMEOUT, rescue)
    guard.start()
    try:
        with pytest.raises(Interrupted), stop_on_signals():
            worker.start()
            wait_until_stopped()
    finally:
        guard.cancel()
        worker.join()
    assert not rescued.is_set()
