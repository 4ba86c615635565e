"""Entry point of the frozen program (PyInstaller runs this file; `halldesk` from pip runs
ui.main:main directly)."""

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main())
