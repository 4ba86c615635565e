"""A thermal printer on 127.0.0.1 for the tests: records what it is sent, parses the ESC/POS
stream (so raster data is never mistaken for commands) and answers DLE EOT status queries the way
a real printer does."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

OK = 0x12  # every status byte has bits 1 and 4 set


@dataclass
class FakePrinterState:
    offline: bool = False
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    silent: bool = False  # does not answer status queries (many cheap printers)
    paper_runs_out_after_job: bool = False
    drop_after_bytes: int | None = None  # close the connection mid-job
    received: bytearray = field(default_factory=bytearray)
    rasters: list[tuple[int, int]] = field(default_factory=list)  # (width bytes, rows) per band
    cuts: int = 0
    queries: list[int] = field(default_factory=list)

    def status(self, n: int) -> int:
        if n == 1:
            return OK | (0x08 if self.offline or self.cover_open or self.paper_out else 0)
        if n == 2:
            return OK | (0x04 if self.cover_open else 0) | (0x20 if self.paper_out else 0)
        if n == 3:
            return OK
        if n == 4:
            return OK | (0x60 if self.paper_out else 0) | (0x0C if self.paper_near_end else 0)
        return OK


class FakeEscposPrinter:
    def __init__(self, state: FakePrinterState | None = None):
        self.state = state or FakePrinterState()
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(0.2)
                self._session(conn)

    def _session(self, conn: socket.socket) -> None:
        buffer = bytearray()
        pos = 0
        total = 0
        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            total += len(chunk)
            self.state.received += chunk
            buffer += chunk
            if self.state.drop_after_bytes is not None and total >= self.state.drop_after_bytes:
                conn.shutdown(socket.SHUT_RDWR)
                return
            pos = self._parse(conn, buffer, pos)

    def _parse(self, conn: socket.socket, data: bytearray, pos: int) -> int:
        """Consume complete commands from data[pos:]; returns where parsing stopped."""
        while pos < len(data):
            b = data[pos]
            rest = len(data) - pos
            if b == 0x10 and rest >= 3 and data[pos + 1] == 0x04:  # DLE EOT n
                n = data[pos + 2]
                self.state.queries.append(n)
                if not self.state.silent:
                    conn.sendall(bytes([self.state.status(n)]))
                pos += 3
            elif b == 0x1D and rest >= 2 and data[pos + 1] == ord("v"):  # GS v 0 m xL xH yL yH
                if rest < 8:
                    return pos
                width = data[pos + 4] | data[pos + 5] << 8
                rows = data[pos + 6] | data[pos + 7] << 8
                size = 8 + width * rows
                if rest < size:
                    return pos
                self.state.rasters.append((width, rows))
                pos += size
            elif b == 0x1D and rest >= 2 and data[pos + 1] == ord("V"):  # GS V m [n]
                if rest < 3:
                    return pos
                pos += 4 if data[pos + 2] in (65, 66) else 3
                self.state.cuts += 1
                if self.state.paper_runs_out_after_job:
                    self.state.paper_out = True
            elif b == 0x1B and rest >= 2 and data[pos + 1] == ord("@"):
                pos += 2
            elif b == 0x1B and rest >= 3 and data[pos + 1] == ord("d"):
                pos += 3
            elif b in (0x10, 0x1B, 0x1D) and rest < 3:
                return pos
            else:
                pos += 1
        return pos
