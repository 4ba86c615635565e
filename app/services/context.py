"""Who is acting, from where; passed to every service that changes state (for the audit log)."""

from __future__ import annotations

import enum
import socket
from dataclasses import dataclass

from app.domain.codes import Role


class Unattended(enum.Enum):
    """Who acts when no one is logged in. A service declares them beside the roles
    (`app.services.access.allowed`) when such a caller may use it."""

    STATION = ("station", "无人登录的终端（取号机、评价器、大屏）")
    PROGRAM = ("program", "程序自身（启动、命令行、演示数据）")

    def __init__(self, code: str, label: str):
        self.code = code
        self.label = label


Caller = Role | Unattended


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role | None
    host: str
    # Without a role: the program itself (start-up, the command line, demo data) when set, else a
    # station that nobody logs in to (kiosk, rating pad, board).
    program: bool = False

    @classmethod
    def system(cls, host: str | None = None, username: str = "system") -> Actor:
        return cls(
            user_id=None, username=username, role=None, host=host or this_host(), program=True
        )

    @classmethod
    def station(cls, username: str, host: str) -> Actor:
        return cls(user_id=None, username=username, role=None, host=host)

    @property
    def caller(self) -> Caller:
        """What the service declarations check: the role, or which kind of unattended caller."""
        if self.role is not None:
            return self.role
        return Unattended.PROGRAM if self.program else Unattended.STATION


def this_host() -> str:
    return socket.gethostname() or "unknown-host"
