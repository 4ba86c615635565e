"""`halldesk documents …`: headless document commands (no Qt, no database)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from app.settings import Settings


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    documents = sub.add_parser("documents", help="printed documents", parents=[common])
    actions = documents.add_subparsers(dest="documents_command", metavar="ACTION", required=True)
    sample = actions.add_parser(
        "sample",
        help="write every document kind with demo content (and this hall's letterhead) as PDF",
        parents=[common],
    )
    sample.add_argument("--out", metavar="DIR", required=True, help="folder for the PDF files")


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.documents_command == "sample":
        from printing.fonts import configure_fallback_fonts
        from printing.samples import DEMO_ISSUER, write_samples

        doc = settings.documents
        configure_fallback_fonts(doc.fallback_fonts)
        # The hall's own settings where given, so a hall checks its templates; demo text elsewhere.
        overrides = {
            "hall_name": doc.hall_name or settings.hall.name,
            "department_name": doc.department_name,
            "address": doc.address,
            "consultation_phone": doc.consultation_phone,
            "supervision_phone": doc.supervision_phone,
            "footer_text": doc.footer_text,
            "logo_path": doc.logo_path,
        }
        issuer = replace(
            DEMO_ISSUER,
            timezone=settings.hall.timezone,
            **{k: v for k, v in overrides.items() if v},
        )
        for path in write_samples(
            args.out,
            issuer,
            paper=settings.printers.notice_paper,
            ticket_paper_mm=settings.printers.ticket_paper_mm,
        ):
            print(path)
        return 0
    raise AssertionError(f"not a documents command: {args.documents_command}")
