"""Case intake at the window and everything that happens to a case afterwards.

Each function is one clerk action and one transaction: the case change, its `CaseEvent`s, an audit
entry and the online-hall outbox messages (`app.services.outbox.enqueue_case_event`) commit or roll
back together. Functions take plain arguments and return `CaseDetail` (plain, frozen), never ORM
objects.

Intake decisions (行政许可法 §32), each creating the case (event "application") and deciding it:
- `accept` — 受理; with gaps (容缺受理) when required materials are marked as committed, which
  needs the signed commitment text and a date;
- `request_supplements` — 一次性告知: the case waits (needs_supplement), listing every missing
  required material and every material received but defective (不符合要求, with what is wrong),
  and the applicant's deadline; `supplements_received` later accepts the case from that day, but
  not after the deadline: then the clerk accepts the supplements as a new application
  (`accept_anew`: a new case received and accepted today, the old one ended) or ends the
  application (`terminate`, 终止, with a notice). `reject_received` refuses a waiting case;
- `reject` — 不予受理 with the reason and, where there is one, the competent body;
- `complete_on_spot` — instant items (即办件) accepted and completed at the window;
- `receive` — 收件: the materials are taken in and the case waits (received) for the office's
  decision, due within 5 working days of receipt (app.domain.intake_deadlines): `accept_received`,
  `request_supplements_received` or `reject_received`. Past that day the application counts as
  accepted from receipt (视为受理): `apply_deemed_acceptance` records it for every such case (each
  desk program runs it at start and every few minutes, the manager's supervision before it reads;
  it is the law's effect, not a decision anyone makes), and `accept_received` records it so too.

Case numbers come from a pluggable `CaseNumberRule` (app.domain.case_numbers; default: hall code +
YYYYMMDD + 4-digit daily sequence from `daily_sequence`, incremented inside the transaction: never
shared, even by two PCs at the same instant). The query PIN is 6 random digits from `secrets`.

The package is split along the seams of a case's life: `records` (inputs and results), `numbers`
(case numbers, PINs), `reads`, `common` (what every change shares), `decisions` (at the window,
before acceptance), `steps` (after acceptance), `drafts`. Callers use `app.services.intake.<name>`.
"""

from __future__ import annotations

from app.services.intake.common import (
    DEFECT_MAX,
)
from app.services.intake.decisions import (
    accept,
    accept_anew,
    accept_received,
    apply_deemed_acceptance,
    complete_on_spot,
    gap_materials_received,
    receive,
    reject,
    reject_received,
    request_supplements,
    request_supplements_received,
    supplements_received,
    terminate,
)
from app.services.intake.drafts import (
    discard_draft,
    drafts_for,
    items_taken_for_ticket,
    save_draft,
)
from app.services.intake.numbers import (
    PIN_DIGITS,
    new_query_pin,
)
from app.services.intake.reads import (
    checklist,
    find_case,
    get_case,
    preview_due_dates,
    search_cases,
)
from app.services.intake.records import (
    CaseBrief,
    CaseDetail,
    CaseEventInfo,
    CaseMaterialInfo,
    CaseStepInfo,
    DraftInfo,
    DueDatePreview,
    IntakeInput,
    MaterialInput,
    ReceivedMaterial,
    RecomputedDeadline,
)
from app.services.intake.steps import (
    APPROVER_MAX,
    STEP_ACTIONS,
    begin_special_procedure,
    complete,
    deliver,
    end_special_procedure,
    extend,
    recompute_deadlines,
    record_step,
    resume,
    start_processing,
    suspend,
    void,
    withdraw,
)

__all__ = [
    "APPROVER_MAX",
    "CaseBrief",
    "CaseDetail",
    "CaseEventInfo",
    "CaseMaterialInfo",
    "CaseStepInfo",
    "DEFECT_MAX",
    "DraftInfo",
    "DueDatePreview",
    "IntakeInput",
    "MaterialInput",
    "PIN_DIGITS",
    "ReceivedMaterial",
    "RecomputedDeadline",
    "STEP_ACTIONS",
    "accept",
    "accept_anew",
    "accept_received",
    "apply_deemed_acceptance",
    "begin_special_procedure",
    "checklist",
    "complete",
    "complete_on_spot",
    "deliver",
    "discard_draft",
    "drafts_for",
    "end_special_procedure",
    "extend",
    "find_case",
    "gap_materials_received",
    "get_case",
    "items_taken_for_ticket",
    "new_query_pin",
    "preview_due_dates",
    "receive",
    "recompute_deadlines",
    "record_step",
    "reject",
    "reject_received",
    "request_supplements",
    "request_supplements_received",
    "resume",
    "save_draft",
    "search_cases",
    "start_processing",
    "supplements_received",
    "suspend",
    "terminate",
    "void",
    "withdraw",
]
