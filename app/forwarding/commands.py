"""`halldesk forward` and `halldesk online-hall-sim` (no Qt; app/cli.py hands them here)."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.outbox import LineState
from app.errors import SettingsError
from app.settings import Settings

log = logging.getLogger("halldesk.forward")

SIM_SECRET_ENV = "HALLDESK_SIM_SECRET"
SIM_DEMO_SECRET = "halldesk-demo-secret"
SIM_TOKEN_ENV = "HALLDESK_SIM_TOKEN"  # for its /sim/ paths (faults, reset, cases, stats …)

# `halldesk forward --until-idle` exit codes (2, 3 and 5 are the settings' and the database's)
EXIT_ALL_SENT = 0
EXIT_REFUSED = 4  # 401/403: the secret or this PC's clock; a person fixes it, then 恢复发送
EXIT_LEFT_FOR_A_PERSON = 6  # dead letters (and what waits behind them) for a manager
EXIT_NO_PROGRESS = 7  # the online hall did not take anything for --give-up-after seconds
SUMMARY_DEAD_LETTERS = 20  # dead letters listed one by one in the summary
UNTIL_IDLE_LOOK_SECONDS = 0.3  # how often --until-idle looks at the sender and the outbox


@dataclass(frozen=True)
class IdleEnd:
    """How `halldesk forward --until-idle` ends: its exit code and the summary's reason."""

    code: int
    reason: str


ALL_SENT = IdleEnd(EXIT_ALL_SENT, "全部发出")
REFUSED = IdleEnd(EXIT_REFUSED, "网上大厅拒绝了本机的密钥或时钟，已停止发送")
LEFT_FOR_A_PERSON = IdleEnd(EXIT_LEFT_FOR_A_PERSON, "余下的消息需要大厅管理员处理")
SENDER_DIED = IdleEnd(1, "发送程序意外停止")


def no_progress(give_up_after: float) -> IdleEnd:
    return IdleEnd(
        EXIT_NO_PROGRESS,
        f"{give_up_after:g} 秒内没有发出任何消息（线路不通或网上大厅出错），停止等待",
    )


@dataclass(frozen=True)
class IdleLook:
    """What `--until-idle` sees at one look: the sender's line and sent count, the backlog."""

    line: LineState
    sent_total: int
    pending: int
    dead: int
    sendable: int  # pending and not held behind a dead letter


class IdleWatch:
    """Decides, look by look, whether `--until-idle` is done, on the monotonic time it is given
    (so its give-up rule is tested on a fake clock)."""

    def __init__(self, give_up_after: float, *, tick: float):
        self.give_up_after = give_up_after
        self._progress: tuple[int, int, int] | None = None
        self._progress_at = tick

    def look(self, seen: IdleLook, *, tick: float) -> IdleEnd | None:
        if seen.line is LineState.STOPPED:
            return REFUSED
        if seen.sendable == 0:
            return LEFT_FOR_A_PERSON if seen.dead else ALL_SENT
        key = (seen.pending, seen.dead, seen.sent_total)
        if key != self._progress:
            self._progress, self._progress_at = key, tick
        elif self.give_up_after > 0 and tick - self._progress_at >= self.give_up_after:
            return no_progress(self.give_up_after)
        return None


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    forward = sub.add_parser(
        "forward",
        help="send the outbox to the online hall and fetch changes made online (headless gateway)",
        parents=[common],
    )
    forward.add_argument("--endpoint", metavar="URL", help="overrides online_hall.endpoint")
    forward.add_argument("--app-id", metavar="ID", help="overrides online_hall.app_id")
    forward.add_argument("--name", metavar="NAME", help="this sender's name (default: PC/forward)")
    forward.add_argument(
        "--until-idle",
        action="store_true",
        help="exit when nothing more can be sent, with a summary: exit code 0 when everything "
        "was sent, 6 when messages wait for a manager (dead letters), 4 when the online hall "
        "refused our credentials or clock, 7 when it took nothing for --give-up-after seconds",
    )
    forward.add_argument(
        "--give-up-after",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="with --until-idle: stop waiting when nothing was sent for this long while messages "
        "are still pending (line down, online hall failing); 0 waits for ever (default 300)",
    )
    forward.add_argument(
        "--save-secret",
        action="store_true",
        help="read the app secret (prompt, or standard input) and save it to the secret file",
    )

    sim = sub.add_parser(
        "online-hall-sim",
        help="run a reference online hall (for demos and tests) with fault injection",
        parents=[common],
    )
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8780)
    sim.add_argument("--app-id", default="halldesk-demo")
    sim.add_argument(
        "--secret-file",
        metavar="FILE",
        help=f"app secret file; else ${SIM_SECRET_ENV}; else the demo secret",
    )
    sim.add_argument(
        "--token-file",
        metavar="FILE",
        help=f"token for the /sim/ paths (Authorization: Bearer …); else ${SIM_TOKEN_ENV}; "
        "else one is made up and printed",
    )
    sim.add_argument("--signer", choices=["hmac-sha256", "sm3-hmac"], default="hmac-sha256")
    sim.add_argument("--seed", type=int, help="random seed for the faults")
    faults = sim.add_argument_group("faults (changeable later with PUT /sim/faults)")
    faults.add_argument("--latency-ms", type=float, default=0.0)
    faults.add_argument("--latency-after-store-ms", type=float, default=0.0)
    faults.add_argument("--error-rate", type=float, default=0.0, help="share answered 503")
    faults.add_argument("--burst-errors", type=int, default=0, help="the first N answered 503")
    faults.add_argument("--rate-limit-rate", type=float, default=0.0, help="share answered 429")
    faults.add_argument("--retry-after", type=int, default=1, help="Retry-After of a 429, seconds")
    faults.add_argument("--drop-rate", type=float, default=0.0, help="share of dropped connections")
    faults.add_argument("--drop-after-store-rate", type=float, default=0.0)
    faults.add_argument("--down-for", type=float, default=0.0, help="down for N seconds from start")
    faults.add_argument("--clock-offset", type=float, default=0.0, help="server clock offset, s")


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "forward":
        return run_forward(args, settings)
    if args.command == "online-hall-sim":
        return run_simulator(args)
    raise AssertionError(args.command)


# --------------------------------------------------------------------------- forward


def _read_secret() -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("网上大厅密钥（输入时不显示）：")
    return sys.stdin.readline() if sys.stdin is not None else ""


def run_forward(args: argparse.Namespace, settings: Settings) -> int:
    from app.bootstrap import prepare_database
    from app.domain.outbox import LINE_STATE_LABELS
    from app.forwarding.credentials import save_app_secret
    from app.forwarding.sender import SenderStatus, build_sender

    if args.save_secret:
        path = save_app_secret(settings, _read_secret())
        print(f"密钥已保存到 {path}（仅本账户可读）")
        return 0
    hall = settings.online_hall
    if args.endpoint:
        hall.endpoint = args.endpoint
    if args.app_id:
        hall.app_id = args.app_id
    if args.name:
        hall.sender_name = args.name

    if not args.verbose:  # one line per request is too much for a gateway's log
        logging.getLogger("httpx").setLevel(logging.WARNING)
    db, _ = prepare_database(settings, demo=False)
    last: list[Any] = [None]

    def report(status: SenderStatus) -> None:
        key = (status.state, status.detail)
        if key != last[0]:
            last[0] = key
            label = LINE_STATE_LABELS.get(status.state, status.state.value)
            log.info(
                "%s: %s%s — 待发送 %d，待处理 %d",
                status.name,
                label,
                f"（{status.detail}）" if status.detail else "",
                status.pending,
                status.dead,
            )

    sender = build_sender(db, settings, role="forward", on_status=report)
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        log.info("signal %s: finishing what is on the wire, then stopping", signum)
        stop.set()
        sender.stop()

    for name in ("SIGTERM", "SIGINT", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_signal)
    log.info("forwarding to %s as %s", hall.endpoint, sender.config.name)
    try:
        if not args.until_idle:
            sender.run(stop)
            return 0
        return _run_until_idle(db, sender, stop, give_up_after=args.give_up_after)
    finally:
        sender.client.close()
        db.dispose()


def _run_until_idle(
    db: Any,
    sender: Any,
    stop: threading.Event,
    *,
    give_up_after: float,
    monotonic: Callable[[], float] = time.monotonic,
) -> int:
    """Send until nothing more can be sent without a person, then stop the sender, print what is
    left and say so in the exit code. Every message ends sent or in front of a person (a dead
    letter, or everything while the sender is refused), so this ends; a line that stays down ends
    it after `give_up_after` seconds without progress."""
    from app.services.forwarding import forwarding_backlog

    failure: list[BaseException] = []

    def run() -> None:
        try:
            sender.run(stop)
        except BaseException as exc:  # reported below; the process must not hang on it
            failure.append(exc)

    worker = threading.Thread(target=run, name="sender")
    worker.start()
    end = SENDER_DIED
    watch = IdleWatch(give_up_after, tick=monotonic())
    try:
        while worker.is_alive():
            worker.join(UNTIL_IDLE_LOOK_SECONDS)
            backlog = forwarding_backlog(db)
            seen = IdleLook(
                line=sender.state,
                sent_total=sender.sent_total,
                pending=backlog.pending,
                dead=backlog.dead,
                sendable=backlog.sendable,
            )
            verdict = watch.look(seen, tick=monotonic())
            if verdict is not None:
                end = verdict
                break
    finally:
        stop.set()
        sender.stop()
        worker.join()
    if failure:
        log.error("the sender failed", exc_info=failure[0])
        end = IdleEnd(1, f"发送程序出错：{failure[0]}")
    print(_summary(db, sender, end), flush=True)
    return end.code


def _summary(db: Any, sender: Any, end: IdleEnd) -> str:
    from app.services.forwarding import forwarding_backlog, list_dead_letters

    backlog = forwarding_backlog(db)
    lines = [
        f"网上大厅转发结束（退出码 {end.code}）：{end.reason}。",
        f"本次发出 {sender.sent_total} 条；待发送 {backlog.pending} 条"
        + (f"（其中 {backlog.blocked} 条排在待处理的消息之后）" if backlog.blocked else "")
        + f"；待处理 {backlog.dead} 条。",
    ]
    if backlog.dead:
        letters = list_dead_letters(db)
        lines.append("待处理的消息（请大厅管理员在“网上大厅”面板中重发或放弃）：")
        for letter in letters[:SUMMARY_DEAD_LETTERS]:
            lines.append(f"  {letter.case_no} {letter.event_label}：{letter.cause}")
        if len(letters) > SUMMARY_DEAD_LETTERS:
            lines.append(f"  ……另有 {len(letters) - SUMMARY_DEAD_LETTERS} 条，见面板")
    return "\n".join(lines)


# --------------------------------------------------------------------------- simulator


def _sim_secret(args: argparse.Namespace) -> bytes:
    if args.secret_file:
        try:
            return Path(args.secret_file).read_text(encoding="utf-8").strip().encode("utf-8")
        except OSError as exc:
            raise SettingsError(
                "forwarding.secret_file_unreadable", path=args.secret_file, problem=exc
            ) from exc
    if os.environ.get(SIM_SECRET_ENV):
        return os.environ[SIM_SECRET_ENV].encode("utf-8")
    log.warning("using the demo secret %r (set %s for another)", SIM_DEMO_SECRET, SIM_SECRET_ENV)
    return SIM_DEMO_SECRET.encode("utf-8")


def _sim_token(args: argparse.Namespace) -> str | None:
    """The /sim/ paths' token from --token-file or the environment; None: make one up."""
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(
                "forwarding.token_file_unreadable", path=args.token_file, problem=exc
            ) from exc
        if not token:
            raise SettingsError("forwarding.token_file_empty", path=args.token_file)
        return token
    return os.environ.get(SIM_TOKEN_ENV) or None


def run_simulator(args: argparse.Namespace) -> int:
    from app.forwarding.simulator import OnlineHallSimulator

    token = _sim_token(args)
    sim = OnlineHallSimulator(
        {args.app_id: (_sim_secret(args), args.signer)},
        host=args.host,
        port=args.port,
        seed=args.seed,
        verbose=args.verbose,
        token=token,
    )
    sim.set_faults(
        latency_ms=args.latency_ms,
        latency_after_store_ms=args.latency_after_store_ms,
        error_rate=args.error_rate,
        burst_errors=args.burst_errors,
        rate_limit_rate=args.rate_limit_rate,
        retry_after_seconds=args.retry_after,
        drop_rate=args.drop_rate,
        drop_after_store_rate=args.drop_after_store_rate,
        down_for_seconds=args.down_for,
        clock_offset_seconds=args.clock_offset,
    )
    print(
        f"online-hall-sim: {sim.url}/ (app id {args.app_id}, {args.signer}); Ctrl+C stops",
        flush=True,
    )
    if token is None:  # made up: the one who started it needs to see it
        print(f"/sim/ paths: Authorization: Bearer {sim.token}", flush=True)
    else:
        print(
            f"/sim/ paths: Authorization: Bearer <the token from {SIM_TOKEN_ENV} or --token-file>"
        )

    def on_signal(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, on_signal)
    try:
        sim.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sim._server.server_close()
    return 0
