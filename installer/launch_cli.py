"""Frozen entry point of the command line (gongkai.exe, /opt/gongkai-desktop/gongkai)."""

import multiprocessing
import sys

# The program folder is read-only for users and belongs to the package manager: Alembic's migration
# scripts (loaded from files) must not leave __pycache__ folders in it, even when run as root.
sys.dont_write_bytecode = True

from gongkai_desktop.cli import main  # noqa: E402

if __name__ == "__main__":
    # a publication writes its Excel download in a worker process (documents/site/xlsx_job.py);
    # in a frozen build that process starts from this executable, which must hand it over at once
    multiprocessing.freeze_support()
    sys.exit(main())
