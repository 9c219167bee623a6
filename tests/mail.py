"""What the e-mail tests share: a real SMTP server (aiosmtpd) on a free local port, whose
inbox holds every message it accepted, parsed; and the task worker run until nothing is
left to do (`manage.py db_worker --batch`), as a deployment runs it.

Fixtures built on these (`smtp`) are in `tests/conftest.py`."""

from __future__ import annotations

import email
import signal
import socket
import threading
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from django.core.management import call_command


class Inbox:
    """The SMTP server's handler (aiosmtpd): accepts every message but to the addresses in
    `refused` (550, for good) and, while `busy` is above zero, answers each message 451 (a
    passing failure) and counts it down."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # as received, for what parsing would hide
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()
        self.busy = 0
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            if self.busy > 0:
                self.busy -= 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.original_content, policy=default)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
            self.raw.append(envelope.original_content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to `address`."""
        return [
            m
            for m, (_f, rcpt) in zip(self.messages, self.envelopes, strict=True)
            if address in rcpt
        ]


def free_port() -> int:
    """A TCP port nobody listens on now (the system's pick), on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_smtp(inbox: Inbox) -> Controller:
    """A real SMTP server on 127.0.0.1 and a free port, in its own thread (stop it with
    `.stop()`). aiosmtpd checks the server answers by connecting to its port, so the port
    is picked first; another process taking it meanwhile is tried again."""
    for _attempt in range(5):
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        try:
            controller.start()
        except (OSError, RuntimeError):
            continue
        return controller
    raise RuntimeError("no free port for the SMTP server")


def header(message: EmailMessage, name: str) -> str:
    """The message's header `name` as a mail reader reads it. Python's generator folds a
    long header before its first word (`Subject:` CRLF SP `=?utf-8?...`), which the parser
    keeps as a leading space and readers trim."""
    return str(message[name]).strip()


def part(message: EmailMessage, content_type: str) -> str:
    """The text of the message's part of `content_type` (text/plain, text/html)."""
    found = message.get_body(preferencelist=(content_type.split("/")[1],))
    assert found is not None and found.get_content_type() == content_type, content_type
    text: str = found.get_content()
    # Lines end with CRLF on the wire (SMTP).
    return text.replace("\r\n", "\n")


def run_worker() -> None:
    """Run the task worker until no task is ready (`db_worker --batch`), as its processes
    run in a deployment; the test process's signal handlers are restored afterwards (the
    worker installs its own, for a graceful stop)."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
