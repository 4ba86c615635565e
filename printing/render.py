"""One entry point for every document: data in, PDF bytes out."""

from __future__ import annotations

from printing.documents import (
    AcceptanceNoticeData,
    DailyReportData,
    DecisionData,
    Document,
    ExtensionNoticeData,
    GapCommitmentData,
    MaterialsReceiptData,
    QueueTicketData,
    RejectionNoticeData,
    ReprintMark,
    SpecialProcedureNoticeData,
    SupplementNoticeData,
    TerminationNoticeData,
)
from printing.notices import (
    render_acceptance_notice,
    render_decision,
    render_gap_commitment,
    render_materials_receipt,
    render_rejection_notice,
    render_report,
    render_supplement_notice,
    render_termination_notice,
)
from printing.procedure_notices import render_extension_notice, render_special_procedure_notice
from printing.ticket import render_ticket


def render_document(
    data: Document,
    *,
    reprint: ReprintMark | None = None,
    paper: str = "A4",
    ticket_paper_mm: int = 80,
) -> bytes:
    """The document as PDF bytes: tickets on `ticket_paper_mm` thermal paper, the rest on
    `paper` (A4 or A5). `reprint` adds the 补打 mark with its time."""
    if isinstance(data, QueueTicketData):
        return render_ticket(data, reprint=reprint, paper_mm=ticket_paper_mm)
    if isinstance(data, AcceptanceNoticeData):
        return render_acceptance_notice(data, reprint=reprint, paper=paper)
    if isinstance(data, SupplementNoticeData):
        return render_supplement_notice(data, reprint=reprint, paper=paper)
    if isinstance(data, RejectionNoticeData):
        return render_rejection_notice(data, reprint=reprint, paper=paper)
    if isinstance(data, DecisionData):
        return render_decision(data, reprint=reprint, paper=paper)
    if isinstance(data, GapCommitmentData):
        return render_gap_commitment(data, reprint=reprint, paper=paper)
    if isinstance(data, MaterialsReceiptData):
        return render_materials_receipt(data, reprint=reprint, paper=paper)
    if isinstance(data, TerminationNoticeData):
        return render_termination_notice(data, reprint=reprint, paper=paper)
    if isinstance(data, ExtensionNoticeData):
        return render_extension_notice(data, reprint=reprint, paper=paper)
    if isinstance(data, SpecialProcedureNoticeData):
        return render_special_procedure_notice(data, reprint=reprint, paper=paper)
    if isinstance(data, DailyReportData):
        return render_report(data, reprint=reprint, paper=paper)
    raise TypeError(f"not a document: {type(data).__name__}")
