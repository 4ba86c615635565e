"""Who is acting, from where; passed to every service that changes state (for the audit log)."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from app.domain.codes import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role | None
    host: str

    @classmethod
    def system(cls, host: str | None = None) -> Actor:
        return cls(user_id=None, username="system", role=None, host=host or this_host())


def this_host() -> str:
    return socket.gethostname() or "unknown-host"
