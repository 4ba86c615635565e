"""Sample documents made the way real ones are (`halldesk documents sample`).

A throwaway demo hall (an SQLite file in a temporary folder, the demo catalog) takes a few
applications through the same services a clerk's window calls — a ticket, an acceptance, a 容缺
acceptance, a 补正, a 不予受理, a 即办件 completed on the spot, a licence denied after review — and
the documents are built by the code that prints a real case's (`case_documents.notices_for`,
`documents.ticket_document`, `reports.report_document`), with this PC's settings (letterhead,
QR-code templates, paper). What a hall checks here is what its applicants will be handed; nothing
is written to the hall's own database.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.clock import local_date, utcnow
from app.db.engine import Database, open_database
from app.db.migrate import upgrade
from app.db.models import QueueCategory, User
from app.domain.case import CaseAction
from app.domain.codes import ApplicantKind, IdType
from app.domain.decisions import RejectionGround
from app.services import case_documents, catalog, documents, intake, queue, reports
from app.services.access import without_actor
from app.services.applicants import ApplicantInput
from app.services.context import Actor
from app.services.demo import seed_demo
from app.settings import Settings
from printing.documents import Document, document_kind

PERSON = ApplicantInput(
    name="王亮",
    id_number="11010519491231002X",
    mobile="13812345678",
    address="临江市江滨区望江路12号3幢2单元501室",
    postcode="330199",
)
COMPANY = ApplicantInput(
    kind=ApplicantKind.ENTERPRISE.value,
    name="临江市示范科技有限公司",
    id_type=IdType.USCC.value,
    id_number="91330199MA2B3C4D54",
    mobile="13900001111",
    address="临江市江滨区创业路8号",
    legal_representative="陈红",
)

SAMPLES_ONLY = (
    "writes only a throwaway demo database of its own in a temporary folder, never a hall's"
)


@without_actor(SAMPLES_ONLY)
@contextmanager
def demo_hall() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="halldesk-samples-") as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'samples.sqlite3'}")
        try:
            upgrade(db.engine, backup=False)
            seed_demo(db)
            yield db
        finally:
            db.dispose()


def _clerk(db: Database) -> Actor:
    with db.reader() as session:
        user = session.scalars(select(User).where(User.username == "clerk01")).one()
    return Actor(user.id, user.username, user.role, "samples")


def _materials(db: Database, item_id: int, *, skip=(), gaps=()) -> tuple[intake.MaterialInput, ...]:
    return tuple(
        replace(
            m,
            received=m.name not in skip and m.name not in gaps,
            mode="original",
            count=1,
            gap_committed=m.name in gaps,
        )
        for m in intake.checklist(db, item_id)
        if m.required or m.name not in skip
    )


def _form(db: Database, item_name: str, applicant=PERSON, **which) -> intake.IntakeInput:
    item = next(i for i in catalog.list_items(db) if i.name == item_name)
    return intake.IntakeInput(item.id, applicant, materials=_materials(db, item.id, **which))


@without_actor(SAMPLES_ONLY)
def sample_documents(
    settings: Settings, *, now: datetime | None = None
) -> list[tuple[str, Document]]:
    """(file stem, document) for every kind of document, from cases made through the services."""
    now = now or utcnow()
    out: list[tuple[str, Document]] = []

    def add(stem: str, docs: list[Document]) -> None:
        for doc in docs:
            kind = document_kind(doc).value
            out.append((f"{stem}-{kind}" if stem else kind, doc))

    with demo_hall() as db:
        clerk = _clerk(db)
        with db.reader() as session:
            category = session.scalars(select(QueueCategory).order_by(QueueCategory.id)).first()
        issued = queue.issue_ticket(db, category.id, now=now)
        add("", [documents.ticket_document(db, settings, issued)])

        def notices(case: intake.CaseDetail) -> list[Document]:
            return case_documents.notices_for(case, settings, db)

        accepted = intake.accept(db, clerk, _form(db, "有限责任公司设立登记", COMPANY), now=now)
        add("accepted", notices(accepted))
        food = _form(db, "食品经营许可", COMPANY, gaps=("主要设备设施清单",))
        gap_case = intake.accept(
            db,
            clerk,
            food,
            commitment="三个工作日内补交主要设备设施清单",
            gap_due_date=intake.preview_due_dates(db, food.service_item_id, now=now).promised_date,
            now=now,
        )
        add("gaps", notices(gap_case))
        supplement = intake.request_supplements(
            db,
            clerk,
            _form(db, "不动产变更登记", skip=("变更事项证明材料", "不动产权证书")),
            due_date=intake.preview_due_dates(
                db, _form(db, "不动产变更登记").service_item_id, now=now
            ).promised_date,
            now=now,
        )
        add("supplement", notices(supplement))
        rejected = intake.reject(
            db,
            clerk,
            _form(db, "食品经营许可", COMPANY),
            reason="",
            ground=RejectionGround.NOT_COMPETENT,
            competent_body="临江市江滨区市场监督管理局",
            now=now,
        )
        add("rejected", notices(rejected))
        on_spot = intake.complete_on_spot(
            db,
            clerk,
            _form(db, "个体工商户设立登记"),
            certificate_name="营业执照",
            certificate_no="92330199MA2B3C4D5X",
            fee_amount="0",
            now=now,
        )
        add("on-the-spot", notices(on_spot))
        review = intake.accept(db, clerk, _form(db, "食品经营许可", COMPANY), now=now)
        denied = intake.complete(
            db,
            clerk,
            review.id,
            expected_version=review.data_version,
            result="denied",
            denial_reason="经营场所现场核查不符合食品安全要求\n未设置与经营品种相适应的冷藏设备",
            basis="《中华人民共和国行政许可法》第三十八条第二款",
            now=now + timedelta(days=2),  # decided after review, not at the window
        )
        add("denied", notices(denied))
        # after acceptance: a special procedure (§45), then an extension (§42), each with its notice
        later = now + timedelta(days=1)
        reviewing = intake.accept(db, clerk, _form(db, "食品经营许可", COMPANY), now=now)
        special = intake.begin_special_procedure(
            db,
            clerk,
            reviewing.id,
            expected_version=reviewing.data_version,
            kind="expert_review",
            expected_working_days=5,
            reason="经营场所布局需组织专家论证",
            now=later,
        )
        add(
            "special",
            case_documents.action_notices(special, CaseAction.BEGIN_SPECIAL, settings, db),
        )
        extended = intake.extend(
            db,
            clerk,
            accepted.id,
            expected_version=accepted.data_version,
            reason="申请人股权结构复杂，需进一步核实",
            approver="李建华",
            approver_title="副局长",
            now=now,
        )
        add("extended", case_documents.action_notices(extended, CaseAction.EXTEND, settings, db))
        # 收件 (the decision within 5 working days); a 补正 case ended after its deadline
        received = intake.receive(db, clerk, _form(db, "不动产变更登记"), now=now)
        add("received", notices(received))
        lapsed = intake.request_supplements(
            db,
            clerk,
            _form(db, "不动产变更登记", skip=("变更事项证明材料",)),
            due_date=local_date(now, "Asia/Shanghai"),
            now=now,
        )
        ended = intake.terminate(
            db,
            clerk,
            lapsed.id,
            expected_version=lapsed.data_version,
            now=now + timedelta(days=3),
        )
        add("terminated", notices(ended))
        issuer = documents.issuer_for(db, settings)
        day = local_date(now, issuer.timezone)
        add("", [reports.report_document(reports.build_report(db, day), issuer, now=now)])
    return out


@without_actor(SAMPLES_ONLY)
def write_samples(settings: Settings, out_dir: str | Path) -> list[Path]:
    """One PDF per sample document into `out_dir`, on this PC's paper sizes."""
    from printing.render import render_document

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, doc in sample_documents(settings):
        path = folder / f"{stem}.pdf"
        path.write_bytes(
            render_document(
                doc,
                paper=settings.printers.notice_paper,
                ticket_paper_mm=settings.printers.ticket_paper_mm,
            )
        )
        written.append(path)
        if stem == "accepted-acceptance_notice":  # and how a reprint (补打) is marked
            from printing.documents import ReprintMark

            again = folder / f"{stem}-reprint.pdf"
            mark = ReprintMark(utcnow(), "李明")
            again.write_bytes(
                render_document(doc, reprint=mark, paper=settings.printers.notice_paper)
            )
            written.append(again)
    return written
