"""Frozen entry point of the window (gongkai-desktop.exe)."""

import multiprocessing
import sys

from gongkai_desktop.ui.app import main

if __name__ == "__main__":
    # a publication writes its Excel download in a worker process (documents/site/xlsx_job.py);
    # in a frozen build that process starts from this executable, which must hand it over at once
    multiprocessing.freeze_support()
    sys.exit(main())
