"""The draft kept on this PC while the database is away: written whole, readable by this PC's
user only, read back, and gone once the database has it."""

from __future__ import annotations

import stat

from app.services.draft_spool import DraftSpool


def test_a_kept_draft_comes_back_and_is_removed(tmp_path):
    spool = DraftSpool(tmp_path)
    assert spool.take(7) is None
    data = {"fields": {"applicant_name": "张三", "applicant_id_number": "11010519491231002X"}}
    kept = spool.keep(7, data, draft_id=3, counter_id=1, ticket_id=None)
    path = tmp_path / "drafts" / "user-7.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    back = spool.take(7)
    assert back == kept and back.data == data and back.draft_id == 3
    assert spool.take(8) is None  # another clerk's is not this one's
    spool.keep(7, {"fields": {"applicant_name": "李四"}}, draft_id=3, counter_id=1, ticket_id=None)
    assert spool.take(7).data["fields"]["applicant_name"] == "李四"  # replaced, not appended
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["user-7.json"]
    spool.clear(7)
    assert spool.take(7) is None
    spool.clear(7)  # twice is fine


def test_a_damaged_file_is_no_draft(tmp_path):
    spool = DraftSpool(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "user-7.json").write_text("{not json", encoding="utf-8")
    assert spool.take(7) is None
