"""The audit log's hash chain: what an entry's hash covers, and how a walk along the chain finds the
first place where it no longer holds.

Every entry has its place in one line (`chain_seq` 1, 2, 3 …), the hash of the entry before it
(`prev_hash`; the first entry's is `GENESIS`) and its own hash (`entry_hash`): SHA-256 over
`canonical()`, which covers the place, the previous hash and every recorded field. So an entry
changed after the fact no longer matches its own hash; an entry deleted leaves a gap in the places
and a link that points at nothing; an entry moved sits out of order. Only someone who rewrites
every entry from the changed one to the end (and so knows this format, which is public) gets past
the walk: against that, a hall notes the head now and then (`halldesk audit verify` prints it) and
later walks with `expect`, which also catches entries cut off the end.

`canonical()` is frozen: entries written with it are checked with it for as long as they are
kept. A change of format is a new version string, with the old function kept for the old entries.
No database and no I/O here: the writer (app/services/audit.py), the migration that chained the existing
entries (0015) and the walk (app/services/audit_log.py) all use these functions.
"""

from __future__ import annotations

import enum
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

FORMAT = "halldesk-audit-1"
GENESIS = "0" * 64  # the "previous hash" of the first entry


def _canonical_json(value: Any) -> Any:
    """A JSON value as both backends give it back. PostgreSQL's jsonb keeps numbers as decimals and
    returns a whole float as an integer (1e+100 comes back as 1 followed by 100 zeros, -0.0 as
    0.0); so a whole float is written as the integer its shortest decimal form names, and every
    other number as it is. Keys are sorted when the document is serialised."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"an audit entry cannot record {value!r}")
        return int(Decimal(repr(value))) if value.is_integer() else value
    if isinstance(value, Mapping):
        return {str(k): _canonical_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical_json(v) for v in value]
    raise TypeError(f"an audit entry records JSON values only, not {type(value).__name__}")


def utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite hands back the stored UTC time without its zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(
    *,
    chain_seq: int,
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    username: str,
    host: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    before: Any,
    after: Any,
) -> bytes:
    """The bytes an entry's hash is taken over: a JSON array in a fixed order, UTF-8, no spaces."""
    document = [
        FORMAT,
        chain_seq,
        prev_hash,
        utc_text(at),
        user_id,
        username,
        host,
        action,
        entity,
        entity_id,
        _canonical_json(before),
        _canonical_json(after),
    ]
    return json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    ).encode("utf-8")


def entry_hash(**fields: Any) -> str:
    """SHA-256 (hex) of `canonical(**fields)`."""
    return hashlib.sha256(canonical(**fields)).hexdigest()


HASHED_COLUMNS = (
    "chain_seq",
    "prev_hash",
    "at",
    "user_id",
    "username",
    "host",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
)


@dataclass(frozen=True)
class ChainRow:
    """One stored entry as the walk reads it."""

    id: int
    chain_seq: int
    prev_hash: str
    entry_hash: str
    at: datetime
    user_id: int | None
    username: str
    host: str | None
    action: str
    entity: str
    entity_id: str | None
    before: Any
    after: Any

    def computed_hash(self) -> str:
        return entry_hash(**{name: getattr(self, name) for name in HASHED_COLUMNS})


class BreakKind(enum.StrEnum):
    CHANGED = "changed"  # an entry's content no longer matches its hash
    DELETED = "deleted"  # places missing: entries deleted
    RELINKED = "relinked"  # an entry's link does not name the entry before it
    REORDERED = "reordered"  # entries out of order, or one place taken twice
    EXPECTED = "expected"  # an entry noted earlier is different now, or gone from the end

    @property
    def label(self) -> str:
        return {
            BreakKind.CHANGED: "内容被改动",
            BreakKind.DELETED: "条目被删除",
            BreakKind.RELINKED: "链接断开",
            BreakKind.REORDERED: "顺序被改动",
            BreakKind.EXPECTED: "与记下的链头不符",
        }[self]


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not hold: which entry (its id, place and time; None when the
    entry is gone) and, in plain words, what differs."""

    kind: BreakKind
    entry_id: int | None
    chain_seq: int | None
    at: datetime | None
    previous_id: int | None
    detail: str


@dataclass(frozen=True)
class ChainReport:
    count: int  # entries walked (up to and including the broken one)
    head_seq: int  # the last intact entry's place (0: none)
    head_hash: str  # its hash (GENESIS: none)
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def parse_expected(text: str) -> tuple[int, str]:
    """`SEQ:HASH` as `halldesk audit verify` prints the head; ValueError with the fix otherwise."""
    seq, sep, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if not sep or not seq.strip().isdigit() or len(digest) != 64:
        raise ValueError(f"{text!r}：应写成 第几条:校验值，例如 1024:{'0' * 8}…（64 位十六进制）")
    try:
        int(digest, 16)
    except ValueError:
        raise ValueError(f"{text!r}：校验值应是 64 位十六进制数字") from None
    return int(seq), digest


class ChainWalk:
    """Walks entries in `chain_seq` order, one at a time (so a log of any size is checked in
    bounded memory); stops at the first break. `expected`: places and hashes noted earlier."""

    def __init__(self, expected: Iterable[tuple[int, str]] = ()):
        self.expected = dict(expected)
        self.count = 0
        self.head_seq = 0
        self.head_hash = GENESIS
        self.head_id: int | None = None
        self.broken: ChainBreak | None = None

    def _break(self, kind: BreakKind, row: ChainRow | None, detail: str) -> ChainBreak:
        self.broken = ChainBreak(
            kind=kind,
            entry_id=row.id if row else None,
            chain_seq=row.chain_seq if row else None,
            at=row.at if row else None,
            previous_id=self.head_id,
            detail=detail,
        )
        return self.broken

    def feed(self, row: ChainRow) -> ChainBreak | None:
        """Check one entry against the ones before it; the break, or None."""
        assert self.broken is None, "the walk stops at the first break"
        self.count += 1
        after = f"id {self.head_id}" if self.head_id is not None else "链的开头"
        if row.chain_seq <= self.head_seq:
            return self._break(
                BreakKind.REORDERED,
                row,
                f"链上第 {row.chain_seq} 条出现了两次（id {self.head_id} 与 id {row.id}）",
            )
        if self.head_id is not None and row.id < self.head_id:
            return self._break(
                BreakKind.REORDERED,
                row,
                f"第 {row.chain_seq} 条（id {row.id}）在链上排在第 {self.head_seq} 条"
                f"（id {self.head_id}）之后，编号却更小：条目的顺序被改动",
            )
        if row.chain_seq > self.head_seq + 1:
            first, last = self.head_seq + 1, row.chain_seq - 1
            places = f"第 {first} 条" if first == last else f"第 {first}–{last} 条"
            return self._break(
                BreakKind.DELETED,
                row,
                f"{places}不见了：在{after}与 id {row.id} 之间被删除",
            )
        if row.computed_hash() != row.entry_hash:
            return self._break(
                BreakKind.CHANGED,
                row,
                f"第 {row.chain_seq} 条（id {row.id}）的内容与它的校验值不符：记录后被改动",
            )
        if row.prev_hash != self.head_hash:
            return self._break(
                BreakKind.RELINKED,
                row,
                f"第 {row.chain_seq} 条（id {row.id}）记下的前一条校验值与{after}不符："
                "前一条被改写并重算了校验值，或被换成了别的条目",
            )
        noted = self.expected.get(row.chain_seq)
        if noted is not None and noted != row.entry_hash:
            return self._break(
                BreakKind.EXPECTED,
                row,
                f"第 {row.chain_seq} 条（id {row.id}）的校验值与记下的 {noted[:12]}… 不符："
                "从这条或更早起，日志被整体改写过",
            )
        self.head_seq, self.head_hash, self.head_id = row.chain_seq, row.entry_hash, row.id
        return None

    def finish(self) -> ChainReport:
        """After the last entry: an entry noted earlier beyond the end means the end was cut off."""
        if self.broken is None:
            beyond = sorted(seq for seq in self.expected if seq > self.head_seq)
            if beyond:
                self.broken = ChainBreak(
                    kind=BreakKind.EXPECTED,
                    entry_id=None,
                    chain_seq=beyond[0],
                    at=None,
                    previous_id=self.head_id,
                    detail=f"记下的第 {beyond[0]} 条已不在日志中，链只到第 {self.head_seq} 条："
                    "末尾的条目被删除",
                )
        return ChainReport(
            count=self.count,
            head_seq=self.head_seq,
            head_hash=self.head_hash,
            broken=self.broken,
        )


def walk(rows: Iterable[ChainRow], expected: Iterable[tuple[int, str]] = ()) -> ChainReport:
    chain = ChainWalk(expected)
    for row in rows:
        if chain.feed(row) is not None:
            break
    return chain.finish()
