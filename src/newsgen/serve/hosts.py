"""Which Host headers the server answers, and which pages may listen for live reloads."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

HOST_NAME = re.compile(r"\.?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")
"""A DNS name as `--allow-host` takes it (lower case, no port); a leading dot adds subdomains."""
SHOWN_HOST = re.compile(r"[A-Za-z0-9.:\[\]-]{1,255}")
"""A Host value safe to name in a refusal; anything else is not repeated."""


def normal_host_name(name: str) -> str:
    """A host name compared as DNS compares it: lower case, without the root's trailing dot."""
    name = name.lower()
    return name[:-1] if name.endswith(".") and not name.endswith("..") else name


@dataclass(frozen=True)
class HostPolicy:
    """Which Host headers the server answers: the defence against DNS rebinding.

    A hostile page can point its own name at 127.0.0.1, but the browser still sends that name
    as the Host: IP literals, `localhost` and `*.localhost` (which never leave the machine) and
    the names the user allowed are answered, anything else is refused.
    """

    allowed: frozenset[str] = frozenset()
    """Normalized names; '.example.com' allows example.com and every name under it."""

    @classmethod
    def of(cls, names: tuple[str, ...] | frozenset[str]) -> HostPolicy:
        """The policy allowing these names (as given to --allow-host)."""
        return cls(frozenset(normal_host_name(name) for name in names))

    def allows(self, host: str) -> bool:
        """Whether a Host value (a name or IP literal, with or without a port) is answered."""
        name = host_name(host)
        if name is None:
            return False
        if _is_ip_literal(name) or name == "localhost" or name.endswith(".localhost"):
            return True
        return name in self.allowed or any(
            allowed.startswith(".") and (name == allowed[1:] or name.endswith(allowed))
            for allowed in self.allowed
        )

    def refused(self, host_headers: list[str], target: str) -> str | None:
        """The first host a request names, in a Host header or its absolute target, that is
        not answered; None when none is. An empty Host names nothing (nor does HTTP/1.0)."""
        named = [host.strip() for host in host_headers if host.strip()]
        authority = target_authority(target)
        if authority is not None:
            named.append(authority)
        return next((host for host in named if not self.allows(host)), None)


def host_name(host: str) -> str | None:
    """The normalized name or IP of a Host value ('Example.com.:80' -> 'example.com'); None
    when it is not a valid host[:port] (an unbracketed IPv6 address, a bad port, spaces)."""
    if host.startswith("["):
        address, bracket, port = host[1:].partition("]")
        if not bracket or not _is_ipv6(address):
            return None
        name = f"[{address.lower()}]"
    elif host.count(":") > 1:
        return None
    else:
        name, _, port = host.partition(":")
        port = ":" + port if ":" in host else ""
        name = normal_host_name(name)
        if not HOST_NAME.fullmatch(name) or name.startswith("."):
            return None
    if port and not re.fullmatch(r":[0-9]{0,5}", port):
        return None
    return name


def _is_ipv6(address: str) -> bool:
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def _is_ip_literal(name: str) -> bool:
    if name.startswith("["):
        return True  # host_name checked it
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return False
    return True


def refused_host_body(host: str) -> bytes:
    """The 403 text for a refused Host: which one, and how to allow it."""
    shown = host if SHOWN_HOST.fullmatch(host) else None
    name = host_name(host) if shown else None
    if shown is None or name is None:
        return b"403: this Host header is not allowed (expected localhost or an IP address)\n"
    return (
        f"403: host {shown!r} is not allowed (a defence against DNS rebinding); "
        f"if it is yours, restart with newsgen serve --allow-host {name}\n"
    ).encode()


def target_authority(target: str) -> str | None:
    """The host[:port] of an absolute-form target ('http://host:port/path'); None otherwise."""
    scheme, separator, rest = target.partition("://")
    if target.startswith("/") or not separator or scheme.lower() not in ("http", "https"):
        return None
    end = min((rest.find(c) for c in "/?#" if c in rest), default=len(rest))
    return rest[:end].rpartition("@")[2]


def same_origin(origin: str | None, host: str | None, policy: HostPolicy) -> bool:
    """Whether a page asking for live reload comes from this server (or names no origin).

    The stream carries build errors, with file paths and messages from drafts: a page of
    another origin (even one on localhost) neither reads it nor takes up its connections.
    """
    if origin is None:
        return True
    scheme, separator, authority = origin.strip().lower().partition("://")
    if scheme != "http" or not separator or "/" in authority:
        return False
    host = (host or "").strip().lower()
    return authority == host if host else policy.allows(authority)
