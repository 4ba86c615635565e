"""The command line: options shared by every command and the commands that need no screen.

The GUI entry point (ui/main.py) uses the same parser and hands the non-GUI commands here, so
`halldesk db upgrade` works on a gateway PC without loading Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from app import __version__
from app.domain.stations import STATION_KINDS
from app.errors import HallDeskError
from app.settings import CASE_NUMBER_RULE_MOVED, Settings, load_settings

log = logging.getLogger("halldesk")


def _common_options(*, suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command name. On sub-commands their defaults are
    suppressed, so `halldesk --db X db upgrade` keeps X instead of a sub-parser's None."""
    parser = argparse.ArgumentParser(add_help=False)
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help="settings file (TOML); default: the platform's config folder",
    )
    parser.add_argument(
        "--db", metavar="URL", default=default, help="database URL, overrides database.url"
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", default=default, help="folder for the SQLite file and backups"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="load the demo hall into an empty database",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="log more",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(suppress=True)
    parser = argparse.ArgumentParser(
        prog="halldesk",
        description="HallDesk — 政务服务大厅前台（取号叫号、受理、打印、网上大厅对接）",
        parents=[_common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"HallDesk {__version__}")
    parser.add_argument(
        "--role",
        choices=list(STATION_KINDS),
        help="what this PC is; overrides station.role",
    )
    parser.add_argument(
        "--counter",
        type=int,
        metavar="N",
        help="window number of this PC; overrides station.counter_number",
    )
    parser.add_argument("--fullscreen", action="store_true", default=None, help="start full screen")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start as usual until the first window (login, kiosk or board) is on screen, print "
        "what was loaded and quit; exit code 0 when it came up (for support staff and the "
        "installer's test)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    db = sub.add_parser("db", help="database commands", parents=[common])
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_upgrade = db_sub.add_parser(
        "upgrade", help="migrate the database to this version's schema", parents=[common]
    )
    db_upgrade.add_argument(
        "--program-role",
        metavar="ROLE",
        help="PostgreSQL, run with the owner's URL: the role the PCs connect as, granted what "
        "HallDesk needs and no more (overrides database.program_role; remembered afterwards)",
    )
    db_sub.add_parser("current", help="print the database's schema revision", parents=[common])
    sub.add_parser(
        "settings", help="print the effective settings and where they come from", parents=[common]
    )
    audit = sub.add_parser("audit", help="the audit log", parents=[common])
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser(
        "verify",
        help="walk the audit log's hash chain: OK with the count and the head, or the first "
        "broken link (exit code 1)",
        parents=[common],
    )
    verify.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="a head printed by an earlier verify: the entry at that place must still have that "
        "hash (catches a log rewritten from some entry on, or cut off at the end); repeatable",
    )
    cal = sub.add_parser("calendar", help="the working-day calendar", parents=[common])
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="ACTION", required=True)
    deadline = cal_sub.add_parser(
        "deadline",
        help="the N-th working day after a date, and what it was computed from",
        parents=[common],
    )
    deadline.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    deadline.add_argument("--days", type=int, required=True, metavar="N")
    status = cal_sub.add_parser(
        "status", help="each year and where its holidays come from", parents=[common]
    )
    status.add_argument("--years", type=int, default=2, metavar="N", help="years after this one")
    imp = cal_sub.add_parser(
        "import",
        help="a year's holiday arrangement from a text file (年份 2027 / 2027-02-05 休息 春节 …); "
        "shows what changes; --apply writes it, --confirm also confirms the year",
        parents=[common],
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--apply", action="store_true", help="write the days (default: preview only)")
    imp.add_argument("--confirm", action="store_true", help="and confirm the year as complete")
    from app.forwarding.commands import add_commands as add_forwarding_commands

    add_forwarding_commands(sub, common)
    from app.document_commands import add_commands as add_document_commands

    add_document_commands(sub, common)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        "database.url": args.db,
        "data_dir": args.data_dir,
        "station.role": getattr(args, "role", None),
        "station.counter_number": getattr(args, "counter", None),
        "station.fullscreen": getattr(args, "fullscreen", None),
        "database.program_role": getattr(args, "program_role", None),
    }
    settings = load_settings(args.config, overrides=overrides)
    _check_clock()
    return settings


def _check_clock() -> None:
    """A shifted clock (tests, training) is never silent: a bad value stops start-up like any
    other wrong setting, a good one is logged."""
    from app import clock

    problem = clock.environment_problem()
    if problem:
        raise problem
    if clock.offset():
        shift = clock.offset()
        logging.getLogger("halldesk").warning(
            "本程序的时钟按环境变量 %s 比本机%s %s（现在是 %s UTC）；正式办理业务时请删除这个环境变量",
            clock.OFFSET_ENV,
            "快" if shift > timedelta(0) else "慢",
            abs(shift),
            clock.utcnow().strftime("%Y-%m-%d %H:%M:%S"),
        )


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not verbose:  # alembic announces every plugin it loads; that is noise for a hall's staff
        logging.getLogger("alembic").setLevel(logging.WARNING)


def run_headless(args: argparse.Namespace, settings: Settings) -> int:
    from app.bootstrap import prepare_database
    from app.db.engine import open_database
    from app.db.migrate import current_revision, head_revision

    if args.command == "db" and args.db_command == "upgrade":
        db, result = prepare_database(settings, demo=args.demo)
        db.dispose()
        if result.changed:
            print(f"数据库已从 {result.from_revision or '空库'} 升级到 {result.to_revision}")
            if result.backup_path:
                print(f"升级前的副本：{result.backup_path}")
        else:
            print(f"数据库已是最新结构（{result.to_revision}）")
        if result.granted_to:
            print(
                f"程序账号 {result.granted_to} 已获得 HallDesk 所需的权限（审计日志只能读和追加，"
                "不拥有任何表）；各电脑请用这个账号连接数据库"
            )
        return 0
    if args.command == "db" and args.db_command == "current":
        db = open_database(
            settings.database_url, busy_timeout_seconds=settings.database.busy_timeout_seconds
        )
        from app.db.engine import check_reachable

        check_reachable(db.engine)
        print(f"database: {current_revision(db.engine) or 'empty'}; program: {head_revision()}")
        db.dispose()
        return 0
    if args.command == "settings":
        source = settings.source_file
        if source is not None and Path(str(source)).exists():
            print(f"# from {source}")
        else:
            print(f"# no settings file ({source} does not exist): defaults, environment, options")
        print(settings.model_dump_json(indent=2))
        print(f"# database URL in use: {settings.database_url}")
        for note in settings.moved:
            print(f"# {note}")
        if settings.hall.case_number_rule is not None:
            print(f"# {CASE_NUMBER_RULE_MOVED}; it was read once, when the hall had no rule yet")
        return 0
    if args.command == "calendar":
        return _calendar_command(args, settings)
    if args.command == "audit":
        return _audit_verify(args, settings)
    if args.command in ("forward", "online-hall-sim"):
        from app.forwarding.commands import run_command

        return run_command(args, settings)
    if args.command == "documents":
        from app.document_commands import run_command as run_document_command

        return run_document_command(args, settings)
    raise AssertionError(f"not a headless command: {args.command}")


def _calendar_command(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import date

    from app import clock
    from app.db.engine import check_reachable, open_database
    from app.errors import ValidationError
    from app.services import calendar

    db = open_database(
        settings.database_url, busy_timeout_seconds=settings.database.busy_timeout_seconds
    )
    try:
        check_reachable(db.engine)
        if args.calendar_command == "deadline":
            try:
                start = date.fromisoformat(args.start)
            except ValueError:
                raise ValidationError(
                    "cli.bad_start_date", start=args.start, field="from"
                ) from None
            if args.days < 0:
                raise ValidationError("cli.negative_days", field="days")
            due = calendar.add_working_days(db, start, args.days)
            years = range(start.year, due.day.year + 1)
            statuses = {
                s.year: s for s in calendar.calendar_status(db, date(start.year, 1, 1), len(years))
            }
            print(f"{start.isoformat()} 之后第 {args.days} 个工作日：{due.day.isoformat()}")
            for year in years:
                print(f"  {year} 年：{statuses[year].source_label}")
            for warning in due.warnings:
                print(f"  ⚠ {warning}")
            return 0
        if args.calendar_command == "import":
            return _calendar_import(db, args)
        for status in calendar.calendar_status(db, clock.today(settings.hall.timezone), args.years):
            extra = f"（管理员录入 {status.override_days} 天" + (
                f"，{status.note}）" if status.note else "）"
            )
            print(
                f"{status.year} 年：{status.source_label}" + (extra if status.override_days else "")
            )
        return 0
    finally:
        db.dispose()


def _calendar_import(db, args: argparse.Namespace) -> int:
    from app.errors import ValidationError
    from app.services import calendar
    from app.services.context import Actor, this_host

    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            "cli.unreadable_file", file=args.file, problem=exc, field="file"
        ) from None
    arrangement = calendar.read_arrangement(text)
    print(
        f"{arrangement.year} 年放假安排（{arrangement.note or '未写文号'}），共 {len(arrangement.days)} 天："
    )
    for line in calendar.preview_arrangement(db, arrangement):
        print(f"  {line.day.isoformat()} {line.kind.label} {line.name or ''}  [{line.change}]")
    if not args.apply:
        print("（只是预览：加 --apply 写入，再加 --confirm 确认该年放假安排已完整）")
        return 0
    actor = Actor.system(this_host(), username="halldesk-cli")
    confirmed = calendar.import_arrangement(db, actor, arrangement, confirm=args.confirm)
    print("已写入。")
    if confirmed is not None:
        print(
            f"已确认 {arrangement.year} 年放假安排；重新计算了 {len(confirmed.recomputed)} 件在办办件的期限。"
        )
        for moved in confirmed.recomputed:
            print(f"  {moved.case_no}：法定期限 {moved.legal_before} → {moved.legal_after}")
    return 0


def _audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo

    from app.db.engine import check_reachable, open_database
    from app.domain.audit_chain import parse_expected
    from app.errors import ValidationError
    from app.services.audit_log import verify_audit_log

    expected = []
    for text in args.expect:
        try:
            expected.append(parse_expected(text))
        except ValueError as exc:
            raise ValidationError("cli.bad_expect", problem=exc, field="expect") from None
    db = open_database(
        settings.database_url, busy_timeout_seconds=settings.database.busy_timeout_seconds
    )
    try:
        check_reachable(db.engine)
        report = verify_audit_log(db, expected=expected)
    finally:
        db.dispose()
    if report.ok:
        print(f"审计日志完整：共 {report.count} 条，哈希链没有断开。")
        print(f"链头：{report.head_seq}:{report.head_hash}")
        print(
            "（把链头记在数据库之外；以后用 --expect 加上它校验，"
            "可以确认此前的日志没有被整体改写或从末尾删除。）"
        )
        return 0
    broken = report.broken
    assert broken is not None
    zone = ZoneInfo(settings.hall.timezone)
    print(f"审计日志的哈希链在这里断开：{broken.kind.label}")
    if broken.entry_id is not None:
        moment = broken.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") if broken.at else ""
        print(f"  条目：id {broken.entry_id}，链上第 {broken.chain_seq} 条，时间 {moment}")
    if broken.previous_id is not None:
        print(f"  前一条完好的条目：id {broken.previous_id}（链上第 {report.head_seq} 条）")
    print(f"  {broken.detail}")
    print(f"此前的 {report.head_seq} 条完好。请保留数据库现状，交给监察或技术支持核查。")
    return 1


def report_error(error: HallDeskError) -> int:
    print(f"HallDesk: {error.message}", file=sys.stderr)
    return error.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Headless-only entry (used by tests and gateway scripts); the GUI entry is ui.main.main."""
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = settings_from_args(args)
        return run_headless(args, settings)
    except HallDeskError as error:
        return report_error(error)
