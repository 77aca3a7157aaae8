"""Loopback servers for the channels: an SMTP sink and a robot webhook that fails a given
number of times before it answers as 企业微信 and 钉钉 do. The reporting chain's fixtures
(a submitted October of 临夏市) come from the reporting tests."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from xiezuo.core.testing import run_tasks
from xiezuo.reporting.tests.conftest import (  # noqa: F401 - fixtures
    data_set,
    draft,
    make_fund,
    make_purchase,
    reviewed,
    submitted,
)


@dataclass
class Sink:
    port: int
    messages: list[bytes] = field(default_factory=list)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        sink: Sink = self.server.sink
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (part := self.rfile.readline()) and part != b".\r\n":
                    data += part
                sink.messages.append(data)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp(settings: Any) -> Iterator[Sink]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    sink = Sink(server.server_address[1])
    server.sink = sink
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    server.shutdown()
    server.server_close()


@dataclass
class Robot:
    url: str
    failures: int
    bodies: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)


@pytest.fixture
def robot(settings: Any) -> Iterator[Any]:
    """robot(failures) → a webhook on loopback answering 500 ``failures`` times, then
    ``{"errcode": 0}``."""
    servers: list[ThreadingHTTPServer] = []
    settings.XIEZUO_WEBHOOK_HOSTS = [*settings.XIEZUO_WEBHOOK_HOSTS, "127.0.0.1"]

    def make(failures: int = 0) -> Robot:
        state = Robot("", failures)

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                state.bodies.append(json.loads(self.rfile.read(length)))
                code = 500 if len(state.bodies) <= state.failures else 200
                state.answers.append(code)
                body = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        state.url = f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=s3cr3t-key"
        return state

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


def run_worker() -> None:
    """One pass of the database backend's worker: every ready task, then it stops."""
    run_tasks()
