"""A clerk's draft kept on this PC while the database does not answer.

The intake form saves its draft to the database as the clerk types. When the database is away
(a server down, a line cut, the SQLite file locked) that save fails; the draft is then written
here, one file per clerk in the data folder, so closing the form, logging out, or the PC losing
power loses nothing the clerk typed. The next time the form opens the newer of the two is used, and
the first save that reaches the database removes the file.

The file holds what the form holds (the applicant's ID number, phone, address): it is written
readable by this PC's user only, replaced atomically, and removed as soon as it is not needed.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from app.clock import utcnow


@dataclass(frozen=True)
class SpooledDraft:
    user_id: int
    draft_id: int | None  # the database's draft it updates, if it had been saved there
    counter_id: int | None
    ticket_id: int | None
    data: dict[str, Any]
    saved_at: datetime


class DraftSpool:
    def __init__(self, data_path: Path):
        self.folder = Path(data_path) / "drafts"

    def _file(self, user_id: int) -> Path:
        return self.folder / f"user-{int(user_id)}.json"

    def keep(
        self,
        user_id: int,
        data: dict[str, Any],
        *,
        draft_id: int | None,
        counter_id: int | None,
        ticket_id: int | None,
    ) -> SpooledDraft:
        spooled = SpooledDraft(user_id, draft_id, counter_id, ticket_id, data, utcnow())
        self.folder.mkdir(parents=True, exist_ok=True)
        record = {
            "user_id": user_id,
            "draft_id": draft_id,
            "counter_id": counter_id,
            "ticket_id": ticket_id,
            "data": data,
            "saved_at": spooled.saved_at.isoformat(),
        }
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".draft-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, self._file(user_id))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return spooled

    def take(self, user_id: int) -> SpooledDraft | None:
        """The draft kept for this clerk, or None (also for a file that cannot be read)."""
        try:
            record = json.loads(self._file(user_id).read_text(encoding="utf-8"))
            return SpooledDraft(
                user_id=int(record["user_id"]),
                draft_id=record.get("draft_id"),
                counter_id=record.get("counter_id"),
                ticket_id=record.get("ticket_id"),
                data=dict(record["data"]),
                saved_at=datetime.fromisoformat(record["saved_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def clear(self, user_id: int) -> None:
        self._file(user_id).unlink(missing_ok=True)
