"""Requests from the bank's servers to partners' (webhook deliveries), which cannot be
turned against the bank's own network (server-side request forgery).

In production (DEBUG off) a destination must be an `https` URL without credentials, and
every address its host name resolves to must be public: not loopback, private, link-local,
shared (CGNAT, 100.64.0.0/10), multicast, reserved or unspecified, nor an IPv6 address
that embeds such an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, 6to4, NAT64). It is
checked when staff save an endpoint (`check_destination`) and again at every request
(`post`): the name is resolved, every address checked, and the connection is made to the
checked address itself (the request keeps the host name in its `Host` header and in TLS's
SNI and certificate check: httpx's `sni_hostname` extension), so a name that resolves to
another address a moment later (DNS rebinding) changes nothing.

`WEBHOOKS_ALLOW_PRIVATE_NETWORKS` (off by default) lets private and loopback addresses
through, for tests and a laptop's own receiver. Redirects are never followed, the whole
exchange has one deadline (`WEBHOOKS_TIMEOUT_SECONDS`), and at most
`WEBHOOKS_MAX_RESPONSE_BYTES` of a response body are read, then dropped. Certificates are
checked against the usual public authorities (certifi's bundle), or those of
`WEBHOOKS_CA_FILE` when it is set (a bank's own authority, a test's).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

Address = IPv4Address | IPv6Address

# Name lookups of requests (a lookup stuck in the system's resolver holds one of these
# threads until it gives up; the request's deadline does not wait for it).
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-dns")

# Well-known NAT64 prefix (RFC 6052): the last 32 bits are an IPv4 address a NAT64 gateway
# connects to.
_NAT64 = IPv6Network("64:ff9b::/96")
# IANA's special-purpose ranges that are not globally reachable, listed here as well as
# checked through `ipaddress`'s properties: which of them those properties cover depends
# on the Python release (3.11 misses the shared space 100.64.0.0/10 and most of
# 192.0.0.0/24, for instance).
_NOT_PUBLIC_V4 = tuple(
    IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
_NOT_PUBLIC_V6 = tuple(
    IPv6Network(n)
    for n in (
        "::/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)


class UnsafeDestination(Exception):
    """A destination refused before any request: `reason` says why, in a few words fit for
    a form's error and a delivery's log (no address of ours, no personal data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_public_address(address: Address) -> bool:
    """Whether `address` is one the bank's servers may connect to for a partner: globally
    reachable unicast (`ipaddress`'s `is_global`), and none of loopback, private,
    link-local, site-local, shared (CGNAT), documentation, benchmarking, multicast,
    reserved or unspecified (`ipaddress`'s properties and IANA's special-purpose ranges);
    an IPv6 address embedding an IPv4 one (IPv4-mapped, 6to4, NAT64) is judged by that IPv4
    address, and Teredo (2001::/32) is refused: the server behind it is not known."""
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address.sixtofour is not None and not is_public_address(address.sixtofour):
            return False
        if address in _NAT64:
            return is_public_address(IPv4Address(int(address) & 0xFFFFFFFF))
        if any(address in network for network in _NOT_PUBLIC_V6):
            return False
    elif any(address in network for network in _NOT_PUBLIC_V4):
        return False
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def check_url(url: str) -> httpx.URL:
    """The parsed URL, if its form may be a destination: `https` (or `http` with DEBUG on),
    a host, no user name or password. Raises UnsafeDestination otherwise."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise UnsafeDestination("not a valid URL") from None
    schemes = ("https", "http") if settings.DEBUG else ("https",)
    if parsed.scheme not in schemes:
        raise UnsafeDestination("the URL must start with https://")
    if not parsed.host:
        raise UnsafeDestination("the URL has no host")
    if parsed.userinfo:
        raise UnsafeDestination("the URL must not hold a user name or password")
    return parsed


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def allowed_addresses(host: str, infos: list[tuple[object, ...]]) -> list[Address]:
    """The addresses of `getaddrinfo`'s answer, in its order, once each; all of them must
    be public (unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS). Raises UnsafeDestination when one is
    not, or when there is none."""
    addresses: list[Address] = []
    for info in infos:
        sockaddr = info[4]
        assert isinstance(sockaddr, tuple)
        address = ipaddress.ip_address(str(sockaddr[0]).partition("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeDestination(f"{host} has no address")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS and not all(
        is_public_address(a) for a in addresses
    ):
        raise UnsafeDestination(f"{host} resolves to an address that is not public")
    return addresses


def _lookup(url: httpx.URL) -> list[tuple[object, ...]]:
    try:
        return list(
            socket.getaddrinfo(url.raw_host.decode("ascii"), _port(url), 0, socket.SOCK_STREAM)
        )
    except (socket.gaierror, UnicodeError):
        raise UnsafeDestination(f"{url.host} does not resolve") from None


def check_destination(url: str) -> None:
    """Check `url` as a destination now: its form (`check_url`) and every address its host
    resolves to (`allowed_addresses`). Raises UnsafeDestination."""
    parsed = check_url(url)
    allowed_addresses(parsed.host, _lookup(parsed))


@dataclass(frozen=True, slots=True)
class Exchange:
    """How a request went: the response's status (None when none came), the time from the
    start to the end of the exchange in milliseconds, and what went wrong ("" when a
    response came, whatever its status)."""

    status_code: int | None
    latency_ms: int
    error: str = ""


async def _exchange(url: str, content: bytes, headers: Mapping[str, str]) -> int:
    parsed = check_url(url)
    loop = asyncio.get_running_loop()
    try:
        # In threads of our own, not the loop's default executor, which `asyncio.run` waits
        # for on its way out: a resolver that hangs must not outlast the deadline.
        infos = await loop.run_in_executor(
            _RESOLVER,
            functools.partial(
                socket.getaddrinfo,
                parsed.raw_host.decode("ascii"),
                _port(parsed),
                type=socket.SOCK_STREAM,
            ),
        )
    except (socket.gaierror, UnicodeError):
        raise UnsafeDestination(f"{parsed.host} does not resolve") from None
    addresses = allowed_addresses(parsed.host, list(infos))
    # To an address just checked, under the name the partner gave: the Host header, and
    # TLS's SNI and certificate check (httpx's documented `sni_hostname` extension).
    request_headers = {**headers, "Host": parsed.netloc.decode("ascii")}
    extensions = (
        {"sni_hostname": parsed.raw_host.decode("ascii")} if parsed.scheme == "https" else {}
    )
    ca_file: str = settings.WEBHOOKS_CA_FILE
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca_file) if ca_file else True
    limit: int = settings.WEBHOOKS_MAX_RESPONSE_BYTES
    # No connection is kept or shared: one pinned to an address must not serve another name.
    async with httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        verify=verify,
        timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
        limits=httpx.Limits(max_keepalive_connections=0),
    ) as client:
        for number, address in enumerate(addresses, start=1):
            pinned = parsed.copy_with(host=str(address))
            try:
                async with client.stream(
                    "POST", pinned, content=content, headers=request_headers, extensions=extensions
                ) as response:
                    received = 0
                    async for chunk in response.aiter_raw():
                        received += len(chunk)
                        if received >= limit:
                            break
                    return response.status_code
            except httpx.ConnectError:
                # The name's next address (IPv6 and IPv4 of one server, say), within the
                # same deadline; the last one's failure is the attempt's.
                if number == len(addresses):
                    raise
    raise AssertionError("allowed_addresses returns at least one address")


def post(url: str, *, content: bytes, headers: Mapping[str, str]) -> Exchange:
    """POST `content` to `url` with `headers`, under the rules of this module, and say how
    it went; never raises for what the network or the other end does (refused destination,
    no such name, refused connection, TLS failure, timeout, broken response)."""
    started = time.monotonic()
    error = ""
    status: int | None = None
    try:
        status = asyncio.run(_timed(url, content, headers))
    except UnsafeDestination as refused:
        error = refused.reason
    except (TimeoutError, httpx.TimeoutException):
        error = "timeout"
    except httpx.ConnectError:
        error = "connection failed"
    except httpx.HTTPError as failed:
        error = f"HTTP error ({type(failed).__name__})"
    except Exception as failed:
        # Whatever else happens, the attempt is a failure to retry, never a crashed task.
        logger.exception("outbound request failed unexpectedly")
        error = f"unexpected error ({type(failed).__name__})"
    latency = round((time.monotonic() - started) * 1000)
    return Exchange(status_code=status, latency_ms=latency, error=error)


async def _timed(url: str, content: bytes, headers: Mapping[str, str]) -> int:
    # One deadline for everything: resolving, connecting, TLS, sending, the response.
    async with asyncio.timeout(settings.WEBHOOKS_TIMEOUT_SECONDS):
        return await _exchange(url, content, headers)
