"""Demo content for every document kind: `halldesk documents sample --out DIR` writes them so a
hall can check its letterhead, phones and footer, and tests can read them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from app.domain.codes import DocumentKind
from printing.documents import (
    AcceptanceNoticeData,
    CaseDesk,
    DailyReportData,
    Document,
    ExtensionNoticeData,
    Issuer,
    MaterialLine,
    MaterialsReceiptData,
    MissingMaterial,
    Party,
    QueueTicketData,
    RejectionNoticeData,
    ReportTable,
    SpecialProcedureNoticeData,
    SupplementNoticeData,
    document_kind,
)
from printing.render import render_document

DEMO_ISSUER = Issuer(
    hall_name="临江市政务服务中心",
    department_name="临江市行政审批局",
    address="临江市江滨大道188号市民中心一楼",
    consultation_phone="0571-86000000",
    supervision_phone="0571-12345",
    footer_text="临江市政务服务中心 · 一次告知、一窗受理、限时办结",
)

ITEM_CODE = "11330199002573013E4000105001000"
CASE_NO = f"{ITEM_CODE}202611270012"
WHEN = datetime(2026, 11, 27, 2, 5, tzinfo=UTC)  # 10:05 in Asia/Shanghai

APPLICANT = Party(
    name="王䶮",
    id_type="居民身份证",
    id_number="330102********0017",
    mobile="138****5678",
    address="临江市江滨区望江路12号3幢2单元501室",
)

DESK = CaseDesk(case_no=CASE_NO, query_pin="482913", counter_name="5号窗口", clerk_name="李明")

MATERIALS = (
    MaterialLine("个体工商户登记（备案）申请书", 1, "原件"),
    MaterialLine("经营者身份证明", 1, "复印件", "原件已核验退回"),
    MaterialLine("经营场所使用证明（租赁合同及出租方产权证明）", 1, "复印件"),
    MaterialLine("食品经营许可申请书", 1, "原件"),
    MaterialLine("食品安全管理制度文本", 1, "电子件", "网上办事大厅上传"),
)


def sample_documents(issuer: Issuer = DEMO_ISSUER) -> dict[DocumentKind, Document]:
    """One filled document of every kind."""
    ticket = QueueTicketData(
        issuer=issuer,
        ticket_no="A012",
        category_name="企业开办",
        people_ahead=5,
        estimated_wait_minutes=18,
        issued_at=WHEN,
        tips=("过号无效，请重新取号", "请留意叫号屏和语音提示，叫到号后请到对应窗口办理"),
        qr_text="https://zwfw.linjiang.example/queue?t=A012&d=20261127",
    )
    acceptance = AcceptanceNoticeData(
        issuer=issuer,
        doc_no="临审受字〔2026〕第0012号",
        desk=DESK,
        item_name="个体工商户设立登记",
        item_code=ITEM_CODE,
        case_type="承诺件",
        applicant=APPLICANT,
        applied_at=WHEN,
        accepted_at=WHEN.replace(minute=25),
        promised_date=date(2026, 12, 4),
        promised_days=5,
        materials=MATERIALS,
        with_gaps=("卫生许可证明（容缺，承诺10个工作日内补交）",),
    )
    supplement = SupplementNoticeData(
        issuer=issuer,
        doc_no="临审补字〔2026〕第0007号",
        desk=replace(DESK, case_no=f"{ITEM_CODE}202611270013", query_pin="730561"),
        item_name="食品经营许可（新办）",
        applicant=replace(
            APPLICANT,
            name="临江市望江餐饮管理有限公司",
            id_type="统一社会信用代码",
            id_number="91330199MA2B3C4D54",
            agent_name="陈晓燕",
        ),
        applied_at=WHEN,
        notified_at=WHEN.replace(minute=40),
        due_date=date(2026, 12, 11),
        missing=(
            MissingMaterial(
                "食品安全管理人员健康证明",
                "有效期内的健康证明，姓名与从业人员名单一致",
                "复印件1份",
                "原件现场核验",
            ),
            MissingMaterial(
                "经营场所平面布局图",
                "标明各功能区、设备布局及卫生设施，比例尺不小于1:100，加盖公章",
                "原件1份",
            ),
            MissingMaterial("法定代表人授权委托书", "载明委托事项和权限，委托人签字", "原件1份"),
        ),
        received=MATERIALS[:2],
    )
    rejection = RejectionNoticeData(
        issuer=issuer,
        doc_no="临审不受字〔2026〕第0002号",
        desk=replace(DESK, case_no=f"{ITEM_CODE}202611270014", query_pin="119204"),
        item_name="建筑工程施工许可证核发",
        applicant=replace(APPLICANT, name="赵磊"),
        applied_at=WHEN,
        decided_at=WHEN.replace(minute=50),
        reasons=(
            "申请事项依法不需要取得行政许可：工程投资额在30万元以下，依照规定可以不申请办理施工许可证。",
            "申请事项不属于本机关职权范围。",
        ),
        legal_basis="《中华人民共和国行政许可法》第三十二条第一款第一项、第二项",
        competent_body="临江市江滨区住房和城乡建设局",
        review_body="临江市人民政府",
        court="临江市江滨区人民法院",
    )
    receipt = MaterialsReceiptData(
        issuer=issuer,
        doc_no="临审收字〔2026〕第0031号",
        desk=DESK,
        item_name="个体工商户设立登记",
        applicant=APPLICANT,
        received_at=WHEN,
        materials=MATERIALS,
        notes=("材料原件已当场核验后退回，复印件留存。",),
    )
    report = DailyReportData(
        issuer=issuer,
        title="大厅日报",
        period="2026年11月27日",
        generated_at=WHEN.replace(hour=10),
        figures=(
            ("取号", "412"),
            ("办结", "388"),
            ("平均等待", "14分钟"),
            ("好评率", "99.2%"),
        ),
        sections=(
            ReportTable(
                "各业务类别",
                ("业务类别", "取号", "办结", "过号", "平均等待（分钟）", "最长等待（分钟）"),
                (
                    ("企业开办", "96", "90", "4", "12", "41"),
                    ("不动产登记", "131", "122", "6", "19", "58"),
                    ("社保医保", "118", "114", "2", "9", "27"),
                    ("公安户政与出入境", "67", "62", "3", "11", "33"),
                ),
                numeric_columns=(1, 2, 3, 4, 5),
            ),
            ReportTable(
                "各窗口",
                ("窗口", "办件", "平均办理（分钟）", "暂停（分钟）", "差评"),
                tuple(
                    (f"{n}号窗口", str(30 + n), str(8 + n % 5), str(n % 3 * 10), "0")
                    for n in range(1, 13)
                ),
                numeric_columns=(1, 2, 3, 4),
                note="暂停时长含午休以外的全部暂停。",
            ),
        ),
    )
    extension = ExtensionNoticeData(
        issuer=issuer,
        doc_no=f"{CASE_NO}-YQ",
        desk=DESK,
        item_name="食品经营许可（新办）",
        applicant=APPLICANT,
        applied_at=WHEN,
        accepted_at=WHEN.replace(minute=25),
        decided_at=datetime(2026, 12, 18, 7, 30, tzinfo=UTC),
        days=10,
        reasons=(
            "经营场所涉及跨区域冷链仓储，需会同江滨区市场监督管理局现场核查，现场核查排期至12月下旬。",
        ),
        approver="王建国",
        approver_title="副局长",
        legal_due_before=date(2026, 12, 25),
        legal_due_date=date(2027, 1, 11),
        promised_before=date(2026, 12, 18),
        promised_date=date(2027, 1, 4),
    )
    special = SpecialProcedureNoticeData(
        issuer=issuer,
        doc_no=f"{CASE_NO}-TB1",
        desk=DESK,
        item_name="食品经营许可（新办）",
        applicant=APPLICANT,
        applied_at=WHEN,
        accepted_at=WHEN.replace(minute=25),
        started_at=datetime(2026, 12, 1, 6, 0, tzinfo=UTC),
        procedure="专家评审",
        expected_working_days=15,
        expected_end=date(2026, 12, 22),
        reasons=("申请经营的特殊医学用途配方食品需组织专家对其生产工艺和贮存条件进行评审。",),
        legal_due_date=date(2026, 12, 25),
        promised_date=date(2026, 12, 18),
    )
    docs: list[Document] = [
        ticket,
        acceptance,
        supplement,
        rejection,
        receipt,
        extension,
        special,
        report,
    ]
    return {document_kind(d): d for d in docs}


def write_samples(
    out_dir: str | Path,
    issuer: Issuer = DEMO_ISSUER,
    *,
    paper: str = "A4",
    ticket_paper_mm: int = 80,
) -> list[Path]:
    """Write one PDF per document kind (and a reprint of the acceptance notice) into `out_dir`."""
    from printing.documents import ReprintMark

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind, data in sample_documents(issuer).items():
        path = out / f"{kind.value}.pdf"
        path.write_bytes(render_document(data, paper=paper, ticket_paper_mm=ticket_paper_mm))
        written.append(path)
    acceptance = sample_documents(issuer)[DocumentKind.ACCEPTANCE_NOTICE]
    path = out / "acceptance_notice_reprint.pdf"
    mark = ReprintMark(WHEN.replace(hour=6), "李明")
    path.write_bytes(render_document(acceptance, reprint=mark, paper=paper))
    written.append(path)
    return written
