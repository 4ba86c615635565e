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
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == sorted(
        [
            "queue_ticket.pdf",
            "acceptance_notice.pdf",
            "acceptance_notice_reprint.pdf",
            "supplement_notice.pdf",
            "rejection_notice.pdf",
            "materials_receipt.pdf",
            "extension_notice.pdf",
            "special_procedure_notice.pdf",
            "daily_report.pdf",
        ]
    )
    notice = (out / "acceptance_notice.pdf").read_bytes()
    text = pdf_text(notice)
    assert "江滨政务竭诚服务" in text and "0571-88888888" in text
    assert any(fmt == "Code128" for fmt, _ in decode(notice))
    assert "补打" in pdf_text((out / "acceptance_notice_reprint.pdf").read_bytes())
