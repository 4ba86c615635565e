"""The case (办件) state machine: an explicit transition table, no database, no Qt.

States follow shared/domain.md §3. Every change of a case is one `CaseAction`; `next_status` says
where it leads or refuses it with a message a clerk can read.

The intake (行政许可法 §32) either decides at once (the case passes through `received` inside the
decision's transaction) or takes the materials in (收件): the case then waits in `received` until
the office accepts, asks for supplements or rejects, within 5 working days of receipt; past them
it counts as accepted from receipt (app/domain/intake_deadlines.py). A case waiting for
supplements can be rejected, withdrawn by the applicant, or, once the applicant's supplement
deadline has passed, ended by the office (终止, `terminated`, with a notice). `EVENT_TYPE` maps each action to the
event type the online hall receives (application, acceptance, supplement_request, rejection,
process_step, completion, delivery).
"""

from __future__ import annotations

import enum

from app.domain.codes import CaseStatus
from app.errors import Conflict

S = CaseStatus


class CaseAction(enum.StrEnum):
    RECEIVE = "receive"  # the application is taken in (the case exists from here on)
    ACCEPT = "accept"  # 受理 (also 容缺受理: the commitment is recorded on the case)
    REQUEST_SUPPLEMENT = "request_supplement"  # 补正 / 一次性告知
    SUPPLEMENTS_IN = "supplements_in"  # the applicant brought what was missing
    REJECT = "reject"  # 不予受理
    START = "start"  # the back office starts work
    STEP = "step"  # a process step is recorded; the state stays
    GAP_IN = "gap_in"  # 容缺材料补交: committed materials handed in after acceptance; state stays
    BEGIN_SPECIAL = "begin_special"  # 听证、检验、鉴定、专家评审: the clock stops
    END_SPECIAL = "end_special"
    SUSPEND = "suspend"  # 中止: the clock stops
    RESUME = "resume"
    EXTEND = "extend"  # 延长审批 once by 10 working days; the state stays
    COMPLETE = "complete"  # 办结 (granted or denied)
    DELIVER = "deliver"  # 送达: picked up at the window or mailed
    WITHDRAW = "withdraw"  # 撤回 by the applicant
    TERMINATE = "terminate"  # 终止 by the office: the supplement deadline passed
    VOID = "void"  # 作废: entered by mistake


_WORKING = (S.ACCEPTED, S.IN_PROGRESS)
_OPEN = (S.RECEIVED, S.NEEDS_SUPPLEMENT, *_WORKING, S.SPECIAL_PROCEDURE, S.SUSPENDED)

TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (S.DRAFT, CaseAction.RECEIVE): S.RECEIVED,
    (S.RECEIVED, CaseAction.ACCEPT): S.ACCEPTED,
    (S.RECEIVED, CaseAction.REQUEST_SUPPLEMENT): S.NEEDS_SUPPLEMENT,
    (S.RECEIVED, CaseAction.REJECT): S.REJECTED,
    (S.NEEDS_SUPPLEMENT, CaseAction.SUPPLEMENTS_IN): S.RECEIVED,
    # Supplements in and accepted in one go: accepted from that day (行政许可法 §32).
    (S.NEEDS_SUPPLEMENT, CaseAction.ACCEPT): S.ACCEPTED,
    (S.NEEDS_SUPPLEMENT, CaseAction.REJECT): S.REJECTED,
    (S.ACCEPTED, CaseAction.START): S.IN_PROGRESS,
    **{(s, CaseAction.STEP): s for s in (*_WORKING, S.SPECIAL_PROCEDURE, S.SUSPENDED)},
    **{(s, CaseAction.GAP_IN): s for s in (*_WORKING, S.SPECIAL_PROCEDURE, S.SUSPENDED)},
    **{(s, CaseAction.EXTEND): s for s in (*_WORKING, S.SPECIAL_PROCEDURE, S.SUSPENDED)},
    **{(s, CaseAction.BEGIN_SPECIAL): S.SPECIAL_PROCEDURE for s in _WORKING},
    (S.SPECIAL_PROCEDURE, CaseAction.END_SPECIAL): S.IN_PROGRESS,
    **{(s, CaseAction.SUSPEND): S.SUSPENDED for s in _WORKING},
    (S.SUSPENDED, CaseAction.RESUME): S.IN_PROGRESS,
    # An instant item is completed straight after acceptance, at the window.
    **{(s, CaseAction.COMPLETE): S.COMPLETED for s in _WORKING},
    (S.COMPLETED, CaseAction.DELIVER): S.DELIVERED,
    **{(s, CaseAction.WITHDRAW): S.WITHDRAWN for s in _OPEN},
    # Only while waiting for supplements (and the services: only once their deadline has passed).
    (S.NEEDS_SUPPLEMENT, CaseAction.TERMINATE): S.TERMINATED,
    **{(s, CaseAction.VOID): S.VOID for s in (*_OPEN, S.REJECTED)},
}

# States in which the deadline clock does not run.
CLOCK_STOPPED = frozenset({S.SPECIAL_PROCEDURE, S.SUSPENDED})
# States from which nothing more happens.
FINAL = frozenset({S.REJECTED, S.DELIVERED, S.WITHDRAWN, S.TERMINATED, S.VOID})

EVENT_TYPE: dict[CaseAction, str] = {
    CaseAction.RECEIVE: "application",
    CaseAction.ACCEPT: "acceptance",
    CaseAction.REQUEST_SUPPLEMENT: "supplement_request",
    CaseAction.SUPPLEMENTS_IN: "process_step",
    CaseAction.REJECT: "rejection",
    CaseAction.START: "process_step",
    CaseAction.STEP: "process_step",
    CaseAction.GAP_IN: "process_step",
    CaseAction.BEGIN_SPECIAL: "process_step",
    CaseAction.END_SPECIAL: "process_step",
    CaseAction.SUSPEND: "process_step",
    CaseAction.RESUME: "process_step",
    CaseAction.EXTEND: "process_step",
    CaseAction.COMPLETE: "completion",
    CaseAction.DELIVER: "delivery",
    CaseAction.WITHDRAW: "process_step",
    CaseAction.TERMINATE: "process_step",
    CaseAction.VOID: "process_step",
}

ACTION_LABELS: dict[CaseAction, str] = {
    CaseAction.RECEIVE: "收件",
    CaseAction.ACCEPT: "受理",
    CaseAction.REQUEST_SUPPLEMENT: "一次性告知补正",
    CaseAction.SUPPLEMENTS_IN: "补正材料已收",
    CaseAction.REJECT: "不予受理",
    CaseAction.START: "开始办理",
    CaseAction.STEP: "办理环节",
    CaseAction.GAP_IN: "容缺材料补交",
    CaseAction.BEGIN_SPECIAL: "进入特别程序",
    CaseAction.END_SPECIAL: "特别程序结束",
    CaseAction.SUSPEND: "中止",
    CaseAction.RESUME: "恢复办理",
    CaseAction.EXTEND: "延长办理期限",
    CaseAction.COMPLETE: "办结",
    CaseAction.DELIVER: "送达",
    CaseAction.WITHDRAW: "撤回",
    CaseAction.TERMINATE: "终止办理",
    CaseAction.VOID: "作废",
}


def allowed_actions(status: CaseStatus) -> list[CaseAction]:
    return [action for (state, action) in TRANSITIONS if state == status]


def can(status: CaseStatus, action: CaseAction) -> bool:
    return (status, action) in TRANSITIONS


def next_status(status: CaseStatus, action: CaseAction) -> CaseStatus:
    """Where `action` leads from `status`; a refused move raises Conflict with the reason."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise Conflict(
            "case.action_not_allowed", status=status.label, action=ACTION_LABELS[action]
        ) from None


def clock_runs(status: CaseStatus) -> bool:
    return status not in CLOCK_STOPPED
