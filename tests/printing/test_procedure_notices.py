"""延期告知书 and 特别程序告知书 from the samples: one A4 page with the seal under the letter, the
case number in the barcode and the QR code, a reprint marked 补打, and the seal block carried over
with the notes (never alone) when the letter is long."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain.codes import DocumentKind
from printing.documents import ReprintMark
from printing.render import render_document
from printing.samples import sample_documents
from tests.printing.conftest import decode, page_texts, pdf_text

SAMPLES = sample_documents()
KINDS = [DocumentKind.EXTENSION_NOTICE, DocumentKind.SPECIAL_PROCEDURE_NOTICE]


@pytest.mark.parametrize("kind", KINDS)
def test_one_page_with_the_seal_and_the_codes(kind):
    data = SAMPLES[kind]
    pdf = render_document(data)
    [page] = page_texts(pdf)
    assert "临江市行政审批局（盖章）" in page and "申请人（代理人）签字" in page
    found = decode(pdf)
    assert ("Code128", data.desk.case_no) in found and ("QRCode", data.desk.case_no) in found


@pytest.mark.parametrize("kind", KINDS)
def test_a_long_letter_carries_the_notes_and_the_seal_over_together(kind):
    data = SAMPLES[kind]
    data = replace(data, reasons=tuple(f"第{i}条理由：" + "需要进一步核查" * 6 for i in range(10)))
    pages = page_texts(render_document(data))
    assert len(pages) == 2
    assert "盖章" not in pages[0] and "盖章" in pages[1]
    assert "期限以工作日计算" in pages[1]  # not alone: the notes come with it


@pytest.mark.parametrize("kind", KINDS)
def test_a_reprint_is_marked(kind):
    mark = ReprintMark(datetime(2026, 12, 20, 2, 0, tzinfo=UTC), "李明")
    assert "补打" in pdf_text(render_document(SAMPLES[kind], reprint=mark))


def test_an_extension_by_another_laws_days_names_them():
    data = replace(SAMPLES[DocumentKind.EXTENSION_NOTICE], days=30, statutory=False)
    text = pdf_text(render_document(data))
    assert "第四十二条第一款和有关法律、法规的规定" in text and "延长三十日（工作日）" in text
    assert "延长时限30个工作日" in text
