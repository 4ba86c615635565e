"""The `halldesk` command: parse options, run a headless command, or start the GUI.

GUI start-up: QApplication and the bundled font first (so even an error box shows Chinese), then
the database (migrated, demo loaded if asked), then the login dialog and the window of the role.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from app.cli import build_parser, configure_logging, report_error, run_headless, settings_from_args
from app.errors import HallDeskError

log = logging.getLogger("halldesk")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = settings_from_args(args)
        if args.command is not None:
            return run_headless(args, settings)
    except HallDeskError as error:
        return report_error(error)
    from ui.application import run_gui

    return run_gui(settings, demo=args.demo)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
