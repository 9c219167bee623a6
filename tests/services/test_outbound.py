"""Requests to partners cannot be turned against the bank's own network: which addresses
are public, which URLs may be destinations (when saved, and again at every request, so a
name that resolves elsewhere later changes nothing), no redirects, one deadline, a bounded
read. The servers are real, on this machine."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolvers.outbound import (
    Exchange,
    UnsafeDestination,
    check_destination,
    is_public_address,
    post,
)
from tests.receiver import Receiver

NOT_PUBLIC = [
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.0.1",
    "192.168.255.255",
    "169.254.169.254",  # cloud instance metadata
    "169.254.0.1",
    "100.64.0.1",  # shared address space (CGNAT)
    "100.127.255.254",
    "192.0.0.8",
    "192.0.2.1",  # documentation
    "198.18.0.1",  # benchmarking
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:100.64.0.1",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "fc00::1",  # unique local
    "fd12:3456:789a::1",
    "fe80::1",  # link-local
    "febf::1",
    "fec0::1",  # site-local (deprecated)
    "ff02::1",  # multicast
    "ff0e::1",
    "2001:db8::1",  # documentation
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "2001::1",  # Teredo
    "100::1",  # discard-only
]

PUBLIC = [
    "1.1.1.1",
    "8.8.8.8",
    "93.184.215.14",
    "100.63.255.255",  # just below the shared space
    "100.128.0.1",  # just above it
    "172.15.255.255",
    "172.32.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4007:80f::200e",
    "::ffff:8.8.8.8",
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8
]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_addresses_of_the_banks_own_networks_are_not_public(address: str) -> None:
    assert not is_public_address(ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_internet_addresses_are_public(address: str) -> None:
    assert is_public_address(ip_address(address))


PRIVATE_V4 = [
    IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
]
PRIVATE_V6 = [IPv6Network(n) for n in ("fc00::/7", "fe80::/10", "ff00::/8", "::1/128")]


def _in(network: IPv4Network | IPv6Network) -> st.SearchStrategy[IPv4Address | IPv6Address]:
    first, size = int(network.network_address), network.num_addresses
    kind = IPv4Address if network.version == 4 else IPv6Address
    return st.integers(0, size - 1).map(lambda offset: kind(first + offset))


@given(st.one_of(*[_in(n) for n in PRIVATE_V4 + PRIVATE_V6]))
def test_no_address_of_a_private_range_is_public(address: IPv4Address | IPv6Address) -> None:
    assert not is_public_address(address)


@given(st.one_of(*[_in(n) for n in PRIVATE_V4]))
def test_no_ipv6_form_of_a_private_ipv4_address_is_public(address: IPv4Address) -> None:
    mapped = IPv6Address(f"::ffff:{address}")
    sixtofour = IPv6Address((0x2002 << 112) | (int(address) << 80) | 1)
    nat64 = IPv6Address(int(IPv6Address("64:ff9b::")) | int(address))
    assert not any(is_public_address(a) for a in (mapped, sixtofour, nat64))


@given(st.integers(0, 2**32 - 1).map(IPv4Address))
def test_a_public_ipv4_address_is_globally_reachable_unicast(address: IPv4Address) -> None:
    if is_public_address(address):
        assert address.is_global and not address.is_multicast
        assert not any(address in n for n in PRIVATE_V4)


# --- Destinations, when saved --------------------------------------------------------------------


def _refused(url: str) -> str:
    with pytest.raises(UnsafeDestination) as refused:
        check_destination(url)
    return refused.value.reason


@pytest.fixture
def production(settings: Any) -> None:
    settings.DEBUG = False
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "[::1]",
        "10.1.2.3",
        "169.254.169.254",
        "[::ffff:127.0.0.1]",
        "0.0.0.0",
        "100.64.0.1",
        "[fd00::1]",
        "[fe80::1]",
        "localhost",
        "2130706433",
        "0x7f.1",
    ],
)
def test_in_production_no_url_may_point_inside(host: str) -> None:
    # `localhost` resolves to loopback; 2130706433 and 0x7f.1 are 127.0.0.1 to the resolver.
    reason = _refused(f"https://{host}/hooks")
    assert reason.endswith("resolves to an address that is not public"), reason


@pytest.mark.usefixtures("production")
def test_in_production_a_url_is_https_without_credentials() -> None:
    assert _refused("http://93.184.215.14/hooks") == "the URL must start with https://"
    assert _refused("ftp://93.184.215.14/") == "the URL must start with https://"
    assert _refused("https://user:pw@93.184.215.14/") == (
        "the URL must not hold a user name or password"
    )
    assert _refused("https:///nohost") == "the URL has no host"
    assert _refused("https://no-such-host.invalid/") == "no-such-host.invalid does not resolve"
    check_destination("https://93.184.215.14/hooks")
    check_destination("https://[2606:4700:4700::1111]:8443/hooks")


def test_private_networks_are_allowed_only_when_the_setting_says_so(settings: Any) -> None:
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    check_destination("http://localhost:8080/hooks")
    check_destination("http://10.1.2.3/hooks")
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    assert (
        _refused("http://localhost:8080/hooks")
        == "localhost resolves to an address that is not public"
    )


# --- At every request --------------------------------------------------------------------------


def _post(url: str) -> Exchange:
    return post(url, content=b'{"type":"test"}', headers={"content-type": "application/json"})


def test_a_request_is_checked_again_when_it_is_sent(receiver: Receiver, settings: Any) -> None:
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    url = receiver.url(host="localhost")
    check_destination(url)  # saved while allowed
    assert _post(url).status_code == 204
    # Name and address are checked again at the request: no request leaves now.
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    refused = _post(url)
    assert (refused.status_code, refused.error) == (
        None,
        "localhost resolves to an address that is not public",
    )
    assert len(receiver.requests) == 1
    # The connection went to the address checked, under the name given.
    assert receiver.requests[0].headers["host"] == f"localhost:{receiver.port}"


@pytest.fixture
def raw_server() -> Iterator[tuple[int, list[Any]]]:
    """A TCP server on a free port whose behaviour a test sets: `server[1].append(handler)`
    (handler(connection) runs for the next connection)."""
    listener = socket.create_server(("127.0.0.1", 0))
    handlers: list[Any] = []
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            if handlers:
                threading.Thread(target=handlers.pop(0), args=(connection,), daemon=True).start()
            else:
                connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], handlers
    stop.set()
    thread.join()
    listener.close()


@pytest.fixture
def local(settings: Any) -> None:
    settings.DEBUG = True
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.5


def _read_request(connection: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)


@pytest.mark.usefixtures("local")
def test_redirects_are_not_followed(receiver: Receiver, raw_server: tuple[int, list[Any]]) -> None:
    port, handlers = raw_server

    def redirect(connection: socket.socket) -> None:
        _read_request(connection)
        connection.sendall(
            f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {receiver.url()}\r\n"
            "Content-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        connection.close()

    handlers.append(redirect)
    exchange = _post(f"http://127.0.0.1:{port}/hooks")
    assert (exchange.status_code, exchange.error) == (307, "")
    assert receiver.requests == []


@pytest.mark.usefixtures("local")
def test_a_server_that_does_not_answer_meets_one_deadline(
    raw_server: tuple[int, list[Any]],
) -> None:
    port, handlers = raw_server
    release = threading.Event()

    def silent(connection: socket.socket) -> None:
        # Reads the request, then sends one header byte at a time, never finishing: no
        # single read waits long, only the whole exchange's deadline ends it.
        _read_request(connection)
        try:
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
                connection.sendall(bytes([byte]))
                if release.wait(0.05):
                    break
        except OSError:
            pass
        connection.close()

    handlers.append(silent)
    started = time.monotonic()
    exchange = _post(f"http://127.0.0.1:{port}/hooks")
    release.set()
    assert (exchange.status_code, exchange.error) == (None, "timeout")
    assert 0.5 <= time.monotonic() - started < 2
    assert 500 <= exchange.latency_ms < 2000


@pytest.mark.usefixtures("local")
def test_only_a_bounded_part_of_a_response_body_is_read(raw_server: tuple[int, list[Any]]) -> None:
    port, handlers = raw_server
    sent = [0]
    size = 200 * 1024 * 1024

    def huge(connection: socket.socket) -> None:
        _read_request(connection)
        connection.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode())
        chunk = b"x" * 65536
        try:
            while sent[0] < size:
                connection.sendall(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass  # the client hung up, as it should
        connection.close()

    handlers.append(huge)
    exchange = _post(f"http://127.0.0.1:{port}/hooks")
    assert (exchange.status_code, exchange.error) == (200, "")
    time.sleep(0.2)
    # What the server managed to push before the client closed: socket buffers' worth.
    assert sent[0] < 32 * 1024 * 1024


@pytest.mark.usefixtures("local")
def test_a_refused_connection_is_a_failure_not_an_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    exchange = _post(f"http://127.0.0.1:{port}/hooks")
    assert (exchange.status_code, exchange.error) == (None, "connection failed")


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A certificate authority of the test's own, and a server certificate it signed for the
    name `localhost` only (no address in it), made with the openssl command."""
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Test CA",
        "-keyout", "ca.key", "-out", "ca.pem",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "server.key", "-out", "server.csr",
    )  # fmt: skip
    (folder / "server.ext").write_text(
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "1", "-extfile", "server.ext", "-out", "server.pem",
    )  # fmt: skip
    return {name: str(folder / name) for name in ("ca.pem", "server.pem", "server.key")}


def test_tls_checks_the_name_while_the_connection_goes_to_the_checked_address(
    certificates: dict[str, str], settings: Any
) -> None:
    settings.DEBUG = False
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOKS_CA_FILE = certificates["ca.pem"]
    receiver = Receiver(tls=(certificates["server.pem"], certificates["server.key"]))
    try:
        # Connected to the address `localhost` resolved to, the certificate is checked for
        # the name `localhost` (SNI), which it names: delivered.
        exchange = _post(receiver.url(host="localhost"))
        assert (exchange.status_code, exchange.error) == (204, "")
        assert receiver.requests[0].headers["host"] == f"localhost:{receiver.port}"
        # The same server by its address: the certificate does not name 127.0.0.1.
        assert _post(receiver.url(host="127.0.0.1")).error == "connection failed"
        # An authority the bank does not trust: refused too.
        settings.WEBHOOKS_CA_FILE = ""
        assert _post(receiver.url(host="localhost")).error == "connection failed"
        assert len(receiver.requests) == 1
    finally:
        receiver.close()
