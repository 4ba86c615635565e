"""Chinese line breaking rules, and `halldesk documents sample`."""

from __future__ import annotations

import pytest

from app.cli import main as cli_main
from printing.linebreak import CANNOT_END, CANNOT_START, break_points

from .conftest import decode, pdf_text


def _lines(text: str, width: int, hang: bool = True) -> list[str]:
    ends = break_points(text, [1.0] * len(text), width, hang=hang)
    out, start = [], 0
    for end in ends:
        out.append(text[start:end])
        start = end
    return out


@pytest.mark.parametrize("width", range(4, 30))
def test_no_closing_mark_starts_and_no_opening_mark_ends_a_line(width):
    text = "请留意叫号屏和语音提示，听到叫号后请到指定窗口办理。咨询电话（工作日）：0571-86000000；“一次告知”。"
    lines = _lines(text, width)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in CANNOT_START, (width, lines)
    for line in lines[:-1]:
        assert line[-1] not in CANNOT_END, (width, lines)


def test_a_closing_mark_hangs_rather_than_starting_a_line():
    assert _lines("一二三四。五六", 4) == ["一二三四。", "五六"]
    assert _lines("一二三四。五六", 4, hang=False) == ["一二三", "四。五六"]


def test_numbers_are_not_split_when_they_fit():
    lines = _lines("电话0571-86000000请拨打", 14)
    assert any("0571-86000000" in line for line in lines), lines


def test_sample_command_output(tmp_path):
    config = tmp_path / "halldesk.toml"
    config.write_text(
        '[documents]\nfooter_text = "江滨政务 竭诚服务"\nconsultation_phone = "0571-88888888"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert cli_main(["--config", str(config), "documents", "sample", "--out", str(out)]) == 0
    names = {p.stem for p in out.glob("*.pdf")}
    # made from demo cases taken through the services: one file per document of each decision
    assert {
        "queue_ticket",
        "accepted-acceptance_notice",
        "accepted-acceptance_notice-reprint",
        "accepted-materials_receipt",
        "gaps-gap_commitment",
        "supplement-supplement_notice",
        "rejected-rejection_notice",
        "on-the-spot-decision",
        "denied-decision",
        "special-special_procedure_notice",
        "extended-extension_notice",
        "received-materials_receipt",
        "terminated-termination_notice",
        "daily_report",
    } <= names
    notice = (out / "accepted-acceptance_notice.pdf").read_bytes()
    text = pdf_text(notice)
    assert "江滨政务竭诚服务" in text  # this PC's settings
    assert any(fmt == "Code128" for fmt, _ in decode(notice))
    assert "补打" in pdf_text((out / "accepted-acceptance_notice-reprint.pdf").read_bytes())
