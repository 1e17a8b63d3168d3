"""A review app over an output folder, served by uvicorn on 127.0.0.1 in a thread for a test."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publish.review_app import bind


@dataclass
class Served:
    url: str
    base: str
    token: str

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def post(self, path: str, data: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def write_headers(self) -> dict[str, str]:
        return {"X-Review-Token": self.token, "Origin": self.base, "Content-Type": "application/json"}

    def state(self) -> dict[str, Any]:
        status, body = self.get(f"/api/state?token={self.token}")
        assert status == 200, body
        return json.loads(body)


@contextmanager
def serving(out: Path) -> Iterator[Served]:
    server, sock, url = bind(out)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield Served(url, url.split("/?")[0], url.split("token=")[1])
    finally:
        server.should_exit = True
        thread.join(10)
