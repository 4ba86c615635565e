"""The hall's daily and monthly reports: the statistics of app.services.stats laid out as a
DailyReportData (printing.documents), rendered as PDF by printing/ (archived and audited through
app.services.documents, like every document the hall hands out) and as XLSX by
printing.report_xlsx. Both come from the same data, so the PDF and the workbook say the same."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime

from app.clock import utcnow
from app.db.engine import Database
from app.domain.codes import Role
from app.services import stats
from app.services.access import allowed
from app.services.context import Actor
from app.services.documents import RenderedDocument, archive_document, issuer_for
from app.settings import Settings
from printing.documents import DailyReportData, Issuer, ReportTable
from printing.report_xlsx import render_report_xlsx

NONE = "—"


def minutes(value: float | None) -> str:
    return NONE if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.1f}%"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class PeriodReport:
    first_day: date
    last_day: date
    monthly: bool
    tickets: stats.TicketStats
    cases: stats.CaseStats
    ratings: stats.RatingStats
    days: tuple[stats.DayVolume, ...] = ()  # monthly: each day's volumes

    @property
    def period(self) -> str:
        if self.monthly:
            return f"{self.first_day.year}年{self.first_day.month}月"
        d = self.first_day
        return f"{d.year}年{d.month}月{d.day}日"

    @property
    def title(self) -> str:
        return "大厅月报" if self.monthly else "大厅日报"

    @property
    def doc_no(self) -> str:
        if self.monthly:
            return f"YB{self.first_day:%Y%m}"
        return f"RB{self.first_day:%Y%m%d}"


def build_report(
    db: Database, day: date, *, monthly: bool = False, now: datetime | None = None
) -> PeriodReport:
    """The statistics of `day`, or of its whole month: past days from the daily aggregates
    (app.services.report_days), today from its own rows."""
    first, last = month_bounds(day.year, day.month) if monthly else (day, day)
    figures = stats.period_stats(db, first, last, now=now)
    return PeriodReport(
        first_day=first,
        last_day=last,
        monthly=monthly,
        tickets=figures.tickets,
        cases=figures.cases,
        ratings=figures.ratings,
        days=figures.days if monthly else (),
    )


def build_report_direct(db: Database, day: date, *, monthly: bool = False) -> PeriodReport:
    """The same report from the tickets, cases and ratings themselves (the queries the reports
    used before the daily aggregates; kept as the reference the tests and the benchmark compare
    with)."""
    first, last = month_bounds(day.year, day.month) if monthly else (day, day)
    days: tuple[stats.DayVolume, ...] = ()
    if monthly:
        days = tuple(stats.daily_volumes_direct(db, last, days=(last - first).days + 1))
    return PeriodReport(
        first_day=first,
        last_day=last,
        monthly=monthly,
        tickets=stats.ticket_stats_direct(db, first, last),
        cases=stats.case_stats_direct(db, first, last),
        ratings=stats.rating_stats_direct(db, first, last),
        days=days,
    )


def _dist_cells(d: stats.Dist) -> tuple[str, str, str]:
    return minutes(d.mean), minutes(d.median), minutes(d.p90)


def report_document(
    report: PeriodReport, issuer: Issuer, *, now: datetime | None = None
) -> DailyReportData:
    t = report.tickets
    total = t.total
    cases = report.cases
    ratings = report.ratings
    figures = (
        ("取号总数", str(total.issued)),
        ("办结", str(total.served)),
        ("过号", str(total.no_show)),
        ("平均等候（分钟）", minutes(total.wait.mean)),
        ("等候中位数（分钟）", minutes(total.wait.median)),
        ("90%的人等候不超过（分钟）", minutes(total.wait.p90)),
        ("平均办理（分钟）", minutes(total.service.mean)),
        ("办理中位数（分钟）", minutes(total.service.median)),
        ("办件收件", str(cases.received)),
        ("期内办结办件", str(cases.completed_in_period)),
        ("按时办结率", percent(cases.on_time_rate)),
        ("满意率", percent(ratings.satisfaction_rate)),
    )
    counts = ReportTable(
        "取号与办结（按业务类别）",
        ("业务类别", "取号", "办结", "过号", "作废", "过期"),
        tuple(
            (g.label, str(g.issued), str(g.served), str(g.no_show), str(g.void), str(g.expired))
            for g in (*t.by_category, total)
        ),
        note="按取号的业务类别统计；转到其他队列的号仍计入原类别。",
        numeric_columns=(1, 2, 3, 4, 5),
    )
    durations = ReportTable(
        "等候与办理时长（分钟，按业务类别）",
        ("业务类别", "平均等候", "等候中位", "等候90%", "平均办理", "办理中位", "办理90%"),
        tuple(
            (g.label, *_dist_cells(g.wait), *_dist_cells(g.service))
            for g in (*t.by_category, total)
        ),
        note="等候：取号到首次叫号；办理：开始办理到办结。中位：中位数；90%：九成的人不超过该时长。",
        numeric_columns=(1, 2, 3, 4, 5, 6),
    )

    def people(title: str, groups: tuple[stats.TicketGroupStats, ...], first: str) -> ReportTable:
        return ReportTable(
            title,
            (first, "办结", "过号", "平均等候", "平均办理", "办理中位", "办理90%"),
            tuple(
                (
                    g.label,
                    str(g.served),
                    str(g.no_show),
                    minutes(g.wait.mean),
                    *_dist_cells(g.service),
                )
                for g in groups
            ),
            numeric_columns=(1, 2, 3, 4, 5, 6),
        )

    by_window = people("按窗口", t.by_window, "窗口")
    by_clerk = people("按工作人员", t.by_clerk, "工作人员")
    applied = [i for i in cases.items if i.received]
    case_table = ReportTable(
        "办件受理（按事项）",
        ("事项", "收件", "受理", "不予受理", "待补正"),
        tuple(
            (
                i.item_name,
                str(i.received),
                str(i.accepted),
                str(i.rejected),
                str(i.needs_supplement),
            )
            for i in applied
        ),
        note="按期内收件的办件统计，结果为统计时的状态。",
        numeric_columns=(1, 2, 3, 4),
    )
    outcome_table = ReportTable(
        "办件结果（按事项）",
        ("事项", "准予许可", "不予许可", "撤回作废"),
        tuple(
            (i.item_name, str(i.granted), str(i.denied), str(i.withdrawn_or_void)) for i in applied
        ),
        note="期内收件的办件中已办结（准予或不予）和撤回、作废的件数。",
        numeric_columns=(1, 2, 3),
    )
    on_time = ReportTable(
        "按时办结（期内办结的办件）",
        ("事项", "承诺部门", "办结", "按时办结", "按时率"),
        tuple(
            (
                i.item_name,
                i.department,
                str(i.completed_in_period),
                str(i.on_time),
                percent(i.on_time / i.completed_in_period),
            )
            for i in cases.items
            if i.completed_in_period
        )
        + (
            (
                "合计",
                "",
                str(cases.completed_in_period),
                str(cases.on_time),
                percent(cases.on_time_rate),
            ),
        ),
        note="办结日期不晚于承诺办结日期即为按时。",
        numeric_columns=(2, 3, 4),
    )
    rated = ratings.rated
    rating_table = ReportTable(
        "好差评",
        ("评价", "数量", "占已评价"),
        tuple(
            (label, str(n), percent(n / rated) if rated else NONE)
            for _code, label, n in ratings.by_score
        )
        + (("未评价", str(ratings.not_rated), NONE),),
        note=f"差评 {ratings.negative} 条，已登记整改回访 {ratings.followed_up} 条。",
        numeric_columns=(1, 2),
    )
    sections = [
        counts,
        durations,
        by_window,
        by_clerk,
        case_table,
        outcome_table,
        on_time,
        rating_table,
    ]
    if report.monthly and report.days:
        sections.append(
            ReportTable(
                "每日取号与办结",
                ("日期", "取号", "办结", "过号"),
                tuple(
                    (f"{d.day:%m-%d}", str(d.issued), str(d.served), str(d.no_show))
                    for d in report.days
                ),
                numeric_columns=(1, 2, 3),
            )
        )
    return DailyReportData(
        issuer=issuer,
        title=report.title,
        period=report.period,
        generated_at=now or utcnow(),
        figures=figures,
        sections=tuple(sections),
        doc_no=report.doc_no,
        monthly=report.monthly,
    )


@allowed(Role.MANAGER, Role.ADMIN)
def export_pdf(
    db: Database,
    actor: Actor,
    settings: Settings,
    report: PeriodReport,
    *,
    now: datetime | None = None,
) -> RenderedDocument:
    """Render the report as PDF and archive it (audited as a printed document)."""
    data = report_document(report, issuer_for(db, settings), now=now)
    return archive_document(db, actor, data, settings=settings, accept_missing_glyphs=True, now=now)


def export_xlsx(
    db: Database, settings: Settings, report: PeriodReport, *, now: datetime | None = None
) -> bytes:
    return render_report_xlsx(report_document(report, issuer_for(db, settings), now=now))
