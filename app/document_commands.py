"""`halldesk documents …`: headless document commands (no Qt; `sample` uses a throwaway database)."""

from __future__ import annotations

import argparse
from typing import Any

from app.settings import Settings


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    documents = sub.add_parser("documents", help="printed documents", parents=[common])
    actions = documents.add_subparsers(dest="documents_command", metavar="ACTION", required=True)
    sample = actions.add_parser(
        "sample",
        help="write every kind of document, from demo cases taken through the services, as PDF",
        parents=[common],
    )
    sample.add_argument("--out", metavar="DIR", required=True, help="folder for the PDF files")


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.documents_command == "sample":
        # made the way real documents are: cases taken through the services in a throwaway demo
        # hall, documents built by the code that prints a real case's, on this PC's settings
        from app.services.sample_cases import write_samples

        for path in write_samples(settings, args.out):
            print(path)
        return 0
    raise AssertionError(f"not a documents command: {args.documents_command}")
